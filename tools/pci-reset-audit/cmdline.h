/* SPDX-License-Identifier: GPL-2.0 */
/* The capture kernel's command line, parsed as Linux 6.12 parses it */
#ifndef PCI_RESET_AUDIT_CMDLINE_H
#define PCI_RESET_AUDIT_CMDLINE_H

#include <stdio.h>
#include "kdump-params.h"

/**
 * struct audit_cmdline - what the command line turns on in pci-kdump
 * @buf: the parsed copy, which @params' strings point into
 * @reset_devices: the kernel's reset_devices flag
 * @force: pci_kdump.force
 * @params: the other pci_kdump.* values, as kdump-reset.c's module
 *	parameters would hold them
 */
struct audit_cmdline {
	char *buf;
	bool reset_devices;
	bool force;
	struct pci_kdump_params params;
};

int audit_cmdline_parse(struct audit_cmdline *c, const char *line,
			FILE *notes);
void audit_cmdline_free(struct audit_cmdline *c);

#endif
