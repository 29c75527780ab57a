// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the dump path: the input becomes a dump file, which
 * goes through libpci's parser, the shared probe/link/decide code and the
 * JSON report, exactly as pci-reset-audit -F --json runs it.
 */
#include "fuzz-dump-input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void report(struct audit *a, struct audit_image *img, size_t size,
		   FILE *out)
{
	(void)img;
	(void)size;
	report_json(out, a, false);
	report_text(out, a, false);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_dump_input(data, size, 0, report);
	return 0;
}
