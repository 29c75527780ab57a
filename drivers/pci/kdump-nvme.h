/* SPDX-License-Identifier: GPL-2.0 */
#ifndef DRIVERS_PCI_KDUMP_NVME_H
#define DRIVERS_PCI_KDUMP_NVME_H

#include "kdump.h"

int pci_kdump_nvme_disable(struct pci_kdump_fabric *fab,
			   struct pci_kdump_fn *fn);
int pci_kdump_nvme_disabled(struct pci_kdump_fabric *fab,
			    struct pci_kdump_fn *fn, bool give_up);

#endif /* DRIVERS_PCI_KDUMP_NVME_H */
