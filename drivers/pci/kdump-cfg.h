/* SPDX-License-Identifier: GPL-2.0 */
#ifndef DRIVERS_PCI_KDUMP_CFG_H
#define DRIVERS_PCI_KDUMP_CFG_H

#include <linux/types.h>
#include "kdump.h"

#define PCI_KDUMP_MAX_WINDOWS	16
#define PCI_KDUMP_MAX_MEM_RANGES	4

/**
 * struct pci_kdump_window - where one segment's buses are reached
 * @seg: PCI segment
 * @bus_start: first bus
 * @bus_end: last bus
 * @base: ECAM physical base for bus 0, or 0 for x86 type-1 cycles
 * @va: mapping of the buses in range
 * @unusable: why this window is not used, or NULL
 * @translates: @mem says how bus addresses map to CPU addresses
 * @mem: the host bridge's memory windows: bus address, CPU address, size
 * @nr_mem: entries in @mem
 */
struct pci_kdump_window {
	u16 seg;
	u8 bus_start;
	u8 bus_end;
	phys_addr_t base;
	void __iomem *va;
	const char *unusable;
	bool translates;
	struct {
		u64 bus;
		u64 cpu;
		u64 size;
	} mem[PCI_KDUMP_MAX_MEM_RANGES];
	unsigned int nr_mem;
};

unsigned int pci_kdump_cfg_init(void);
unsigned int pci_kdump_cfg_windows(const struct pci_kdump_window **w);
unsigned int pci_kdump_cfg_lost(void);
int pci_kdump_cfg_bus_to_cpu(u16 seg, u8 bus, u64 bus_addr, phys_addr_t *cpu);
extern const struct pci_kdump_ops pci_kdump_hw_ops;

#endif /* DRIVERS_PCI_KDUMP_CFG_H */
