// SPDX-License-Identifier: GPL-2.0
/*
 * The dump path shared by the libFuzzer targets: the input becomes a dump
 * file, loaded through libpci as pci-reset-audit -F loads it.
 */
#include <stdlib.h>
#include <unistd.h>
#include "fuzz-dump-input.h"

void fuzz_dump_input(const uint8_t *data, size_t size, int want_image,
		     fuzz_dump_use_t use)
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
	if (!audit_load(&a, path, "/dev/null", want_image ? &img : NULL, err,
			sizeof(err))) {
		use(&a, want_image ? &img : NULL, size, null_out);
		if (want_image)
			audit_image_free(&img);
		audit_free(&a);
	}
	unlink(path);
}
