/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pci-kdump fault injection, for tests only: make the scan miss buses, make
 * the verdict lie about one function, or make one vanish with its reset, to
 * show that what follows fails closed; or run pci-kdump late, to measure
 * what running early gains.
 * Compiled out unless CONFIG_PCI_KDUMP_FAULT_INJECT=y.
 */
#ifndef DRIVERS_PCI_KDUMP_INJECT_H
#define DRIVERS_PCI_KDUMP_INJECT_H

#include "kdump.h"

#ifdef CONFIG_PCI_KDUMP_FAULT_INJECT
void pci_kdump_inject_scan(struct pci_kdump_fabric *fab, u16 seg,
			   u8 bus_start, u8 bus_end);
void pci_kdump_inject_before(struct pci_kdump_fabric *fab);
void pci_kdump_inject_between(struct pci_kdump_fabric *fab);
void pci_kdump_inject_after(struct pci_kdump_fabric *fab);
bool pci_kdump_inject_late(void);
#else
static inline void pci_kdump_inject_scan(struct pci_kdump_fabric *fab, u16 seg,
					 u8 bus_start, u8 bus_end)
{
	pci_kdump_scan_segment(fab, seg, bus_start, bus_end);
}

static inline void pci_kdump_inject_before(struct pci_kdump_fabric *fab) { }
static inline void pci_kdump_inject_between(struct pci_kdump_fabric *fab) { }
static inline void pci_kdump_inject_after(struct pci_kdump_fabric *fab) { }
static inline bool pci_kdump_inject_late(void) { return false; }
#endif

#endif /* DRIVERS_PCI_KDUMP_INJECT_H */
