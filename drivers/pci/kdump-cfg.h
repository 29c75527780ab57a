/* SPDX-License-Identifier: GPL-2.0 */
#ifndef DRIVERS_PCI_KDUMP_CFG_H
#define DRIVERS_PCI_KDUMP_CFG_H

#include <linux/types.h>
#include "kdump.h"

#define PCI_KDUMP_MAX_WINDOWS	16

/**
 * struct pci_kdump_window - where one segment's buses are reached
 * @seg: PCI segment
 * @bus_start: first bus
 * @bus_end: last bus
 * @base: ECAM physical base for bus 0, or 0 for x86 type-1 cycles
 * @va: mapping of the buses in range
 * @unusable: why this window is not used, or NULL
 */
struct pci_kdump_window {
	u16 seg;
	u8 bus_start;
	u8 bus_end;
	phys_addr_t base;
	void __iomem *va;
	const char *unusable;
};

unsigned int pci_kdump_cfg_init(void);
unsigned int pci_kdump_cfg_windows(const struct pci_kdump_window **w);
unsigned int pci_kdump_cfg_lost(void);
extern const struct pci_kdump_ops pci_kdump_hw_ops;

#endif /* DRIVERS_PCI_KDUMP_CFG_H */
