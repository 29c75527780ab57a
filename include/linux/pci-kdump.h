/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pci-kdump: quiesce and reset PCI DMA masters early in a capture kernel,
 * so IOMMU drivers can start from clean tables.
 */
#ifndef _LINUX_PCI_KDUMP_H
#define _LINUX_PCI_KDUMP_H

#include <linux/errno.h>
#include <linux/types.h>

/**
 * enum pci_kdump_outcome - what happened to one function
 * @PCI_KDUMP_UNKNOWN: not found, or pci-kdump did not run
 * @PCI_KDUMP_IDLE: not a bus master at entry; quiesced
 * @PCI_KDUMP_CLEAN: was a bus master, has been reset and restored
 * @PCI_KDUMP_STOPPED: was a bus master, has no reset method at all, and its
 *	Bus Master Enable reads back clear: as stopped as it can be made
 * @PCI_KDUMP_DIRTY: was a bus master and may still do DMA: skipped, never
 *	ready after reset, or not reset because of pci_kdump.mode or dry_run
 */
enum pci_kdump_outcome {
	PCI_KDUMP_UNKNOWN,
	PCI_KDUMP_IDLE,
	PCI_KDUMP_CLEAN,
	PCI_KDUMP_STOPPED,
	PCI_KDUMP_DIRTY,
};

#define PCI_KDUMP_ALL_SEGMENTS	(-1)

#ifdef CONFIG_PCI_KDUMP
void pci_kdump_early_quiesce(void);
int pci_kdump_quiesce(void);
enum pci_kdump_outcome pci_kdump_dev_outcome(u16 seg, u8 bus, u8 devfn);
bool pci_kdump_scope_clean(int seg);
void pci_kdump_log_outcome(int seg, enum pci_kdump_outcome which);
#else
static inline void pci_kdump_early_quiesce(void) { }
static inline int pci_kdump_quiesce(void) { return -ENODEV; }

static inline enum pci_kdump_outcome pci_kdump_dev_outcome(u16 seg, u8 bus,
							   u8 devfn)
{
	return PCI_KDUMP_UNKNOWN;
}

static inline bool pci_kdump_scope_clean(int seg) { return false; }
#endif

#ifdef CONFIG_IOMMU_KDUMP_HANDOFF
bool iommu_kdump_handoff(int seg, const char *iommu, const char *state);
#else
static inline bool iommu_kdump_handoff(int seg, const char *iommu,
				       const char *state)
{
	return false;
}
#endif

#endif /* _LINUX_PCI_KDUMP_H */
