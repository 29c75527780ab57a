// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for --predict: the input becomes a dump file, read
 * through libpci into a copy of config space, on which the capture
 * kernel's own scan, quiesce, plan, reset and verdict run, under one of a
 * few command lines the input's length picks; both outputs are printed.
 * fuzz.c covers the dump parser and the plain reports.
 */
#include "fuzz-dump-input.h"
#include "predict.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const cmdlines[] = {
	"reset_devices",
	"reset_devices pci_kdump.mode=all pci_kdump.timeout_ms=50",
	"reset_devices pci_kdump.dry_run=1 pci_kdump.skip=8086:*",
	"pci_kdump.force pci_kdump.mode=quiesce pci_kdump.method=00:1c.0:bus",
};

static void predict(struct audit *a, struct audit_image *img, size_t size,
		    FILE *out)
{
	struct audit_prediction p = { 0 };

	(void)a;
	if (!audit_predict(&p, img, cmdlines[size % 4], NULL)) {
		predict_text(out, &p);
		predict_json(out, &p);
	}
	audit_prediction_free(&p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_dump_input(data, size, 1, predict);
	return 0;
}
