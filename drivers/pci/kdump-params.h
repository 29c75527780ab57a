/* SPDX-License-Identifier: GPL-2.0 */
#ifndef DRIVERS_PCI_KDUMP_PARAMS_H
#define DRIVERS_PCI_KDUMP_PARAMS_H

#include "kdump.h"

enum pci_kdump_mode {
	PCI_KDUMP_MODE_OFF,
	PCI_KDUMP_MODE_QUIESCE,	/* phase 1 only */
	PCI_KDUMP_MODE_RESET,	/* reset the functions that were bus masters */
	PCI_KDUMP_MODE_ALL,	/* reset every function */
};

typedef void (*pci_kdump_warn_t)(const char *tok, size_t len, const char *why);

int pci_kdump_parse_mode(const char *val, enum pci_kdump_mode *mode);
const char *pci_kdump_mode_name(enum pci_kdump_mode mode);
unsigned int pci_kdump_parse_list(const char *val, struct pci_kdump_policy *pol,
				  bool methods, pci_kdump_warn_t warn);

#endif /* DRIVERS_PCI_KDUMP_PARAMS_H */
