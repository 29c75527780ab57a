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

/* pci_kdump.timeout_ms when not given, or given as 0 */
#define PCI_KDUMP_TIMEOUT_MS	10000

/**
 * struct pci_kdump_params - the pci_kdump.* values of the command line
 * @mode: pci_kdump.mode, NULL when not given
 * @skip: pci_kdump.skip, NULL when not given
 * @method: pci_kdump.method, NULL when not given
 * @timeout_ms: pci_kdump.timeout_ms
 * @dry_run: pci_kdump.dry_run
 */
struct pci_kdump_params {
	const char *mode;
	const char *skip;
	const char *method;
	unsigned int timeout_ms;
	bool dry_run;
};

typedef void (*pci_kdump_warn_t)(const char *tok, size_t len, const char *why);

int pci_kdump_parse_mode(const char *val, enum pci_kdump_mode *mode);
const char *pci_kdump_mode_name(enum pci_kdump_mode mode);
unsigned int pci_kdump_parse_list(const char *val, struct pci_kdump_policy *pol,
				  bool methods, pci_kdump_warn_t warn);
void pci_kdump_read_params(const struct pci_kdump_params *p,
			   enum pci_kdump_mode *mode,
			   struct pci_kdump_policy *pol, bool *dry_run);

#endif /* DRIVERS_PCI_KDUMP_PARAMS_H */
