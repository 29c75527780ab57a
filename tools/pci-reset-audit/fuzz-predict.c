// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for --predict: the input becomes a dump file, read
 * through libpci into a copy of config space, on which the capture
 * kernel's own scan, quiesce, plan, reset and verdict run, under one of a
 * few command lines the input's length picks; both outputs are printed.
 * fuzz.c covers the dump parser and the plain reports.
 */
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>
#include "audit.h"
#include "predict.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const cmdlines[] = {
	"reset_devices",
	"reset_devices pci_kdump.mode=all pci_kdump.timeout_ms=50",
	"reset_devices pci_kdump.dry_run=1 pci_kdump.skip=8086:*",
	"pci_kdump.force pci_kdump.mode=quiesce pci_kdump.method=00:1c.0:bus",
};

static void predict(struct audit_image *img, const char *line, FILE *out)
{
	struct audit_prediction p = { 0 };

	if (!audit_predict(&p, img, line, NULL)) {
		predict_text(out, &p);
		predict_json(out, &p);
	}
	audit_prediction_free(&p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *null_out;
	char path[] = "/tmp/pci-reset-audit-fuzz-XXXXXX";
	struct audit_image img;
	char err[512];
	struct audit a;
	int fd = mkstemp(path);

	if (fd < 0)
		abort();
	if (write(fd, data, size) != (ssize_t)size)
		abort();
	close(fd);
	if (!null_out)
		null_out = fopen("/dev/null", "w");
	/* An empty ID list: parsing pci.ids on every run would slow it tenfold */
	if (!audit_load(&a, path, "/dev/null", &img, err, sizeof(err))) {
		predict(&img, cmdlines[size % 4], null_out);
		audit_image_free(&img);
		audit_free(&a);
	}
	unlink(path);
	return 0;
}
