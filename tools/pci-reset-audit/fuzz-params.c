// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the capture command line: the input is the line,
 * split and applied as the kernel does it (cmdline.c), then turned into
 * pci-kdump's settings by the kernel's own kdump-params.c, exactly as
 * pci-reset-audit --predict runs them.  Beyond the sanitizers, it aborts
 * when the settings break what the capture kernel relies on.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "cmdline.h"
#include "log.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool method_ok(enum pci_kdump_method m)
{
	return m == PCI_KDUMP_M_FLR || m == PCI_KDUMP_M_AF_FLR ||
	       m == PCI_KDUMP_M_PM || m == PCI_KDUMP_M_BUS ||
	       m == PCI_KDUMP_M_NONE;
}

static void check(const struct pci_kdump_policy *pol, enum pci_kdump_mode mode)
{
	unsigned int i;

	if (mode > PCI_KDUMP_MODE_ALL || !pol->timeout_ms ||
	    pol->nr_skip > PCI_KDUMP_MAX_RULES ||
	    pol->nr_overrides > PCI_KDUMP_MAX_RULES ||
	    pol->reset_all != (mode == PCI_KDUMP_MODE_ALL))
		abort();
	for (i = 0; i < pol->nr_overrides; i++)
		if (!method_ok(pol->overrides[i].method))
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pci_kdump_policy pol = { 0 };
	enum pci_kdump_mode mode;
	struct audit_cmdline c;
	struct audit_log log;
	char *line = malloc(size + 1);
	size_t i;
	bool dry_run;

	if (!line)
		abort();
	memcpy(line, data, size);
	line[size] = '\0';
	audit_log_begin(&log);
	if (!audit_cmdline_parse(&c, line, NULL)) {
		pci_kdump_read_params(&c.params, &mode, &pol, &dry_run);
		check(&pol, mode);
		audit_cmdline_free(&c);
	}
	audit_log_end();
	/*
	 * A message holds a newline only when a quoted value brought one: an
	 * unquoted newline separates tokens
	 */
	for (i = 0; i < log.nr; i++)
		if (strchr(log.lines[i].text, '\n') && !strchr(line, '"'))
			abort();
	audit_log_free(&log);
	free(line);
	return 0;
}
