// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the dump path: the input becomes a dump file, which
 * goes through libpci's parser, the shared probe/link/decide code and the
 * JSON report, exactly as pci-reset-audit -F --json runs it.
 */
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>
#include "audit.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *null_out;
	char path[] = "/tmp/pci-reset-audit-fuzz-XXXXXX";
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
	if (!audit_load(&a, path, "/dev/null", NULL, err, sizeof(err))) {
		report_json(null_out, &a, false);
		report_text(null_out, &a, false);
		audit_free(&a);
	}
	unlink(path);
	return 0;
}
