/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pci-kdump: quiesce and reset PCI DMA masters early in a capture kernel,
 * so IOMMU drivers can start from clean tables.
 */
#ifndef _LINUX_PCI_KDUMP_H
#define _LINUX_PCI_KDUMP_H

#include <linux/errno.h>
#include <linux/types.h>

#define PCI_KDUMP_ALL_SEGMENTS	(-1)

#ifdef CONFIG_PCI_KDUMP
void pci_kdump_early_quiesce(void);
int pci_kdump_quiesce(void);
bool pci_kdump_scope_clean(int seg);
void pci_kdump_log_dirty(int seg);
bool pci_kdump_dirty_rids(u16 seg, void (*cb)(u16 first, u16 last, void *data),
			  void *data);
void pci_kdump_note_kept(u16 seg, u16 first, u16 last);
bool pci_kdump_scope_seen(int seg);
bool pci_kdump_rid_dirty(u16 seg, u16 rid);
#else
static inline void pci_kdump_early_quiesce(void) { }
static inline int pci_kdump_quiesce(void) { return -ENODEV; }

static inline bool pci_kdump_scope_clean(int seg) { return false; }
static inline void pci_kdump_log_dirty(int seg) { }

static inline bool pci_kdump_dirty_rids(u16 seg,
					void (*cb)(u16 first, u16 last,
						   void *data),
					void *data)
{
	return false;
}

static inline void pci_kdump_note_kept(u16 seg, u16 first, u16 last) { }
static inline bool pci_kdump_scope_seen(int seg) { return false; }
static inline bool pci_kdump_rid_dirty(u16 seg, u16 rid) { return true; }
#endif

/**
 * struct iommu_kdump_keep - which of the crashed kernel's entries to keep
 * @seg: PCI segment of the requester IDs
 * @iommu: the IOMMU's name, for the log
 * @what: the table, for the log
 * @dirty: requester IDs that may still be in use; NULL keeps every entry
 * @kept: entries kept
 * @dropped: entries left to start clean
 * @shown: the first requester IDs with entries kept, for the log
 * @nr_shown: entries used in @shown
 * @more: more requester IDs had entries kept than @shown holds
 *
 * An IOMMU driver that copies old entries in a kdump kernel asks
 * iommu_kdump_keep() for each, between iommu_kdump_keep_begin() and
 * iommu_kdump_keep_end().
 */
struct iommu_kdump_keep {
	u16 seg;
	const char *iommu;
	const char *what;
	unsigned long *dirty;
	unsigned int kept;
	unsigned int dropped;
	u16 shown[4];
	unsigned int nr_shown;
	bool more;
};

#ifdef CONFIG_IOMMU_KDUMP_HANDOFF
bool iommu_kdump_handoff(int seg, const char *iommu, const char *state);
void iommu_kdump_keep_begin(struct iommu_kdump_keep *k, u16 seg,
			    const char *iommu, const char *what);
bool iommu_kdump_keep(struct iommu_kdump_keep *k, u16 first, u16 last);
void iommu_kdump_keep_alias(struct iommu_kdump_keep *k, u16 rid, u16 alias);
void iommu_kdump_keep_end(struct iommu_kdump_keep *k);
#else
static inline bool iommu_kdump_handoff(int seg, const char *iommu,
				       const char *state)
{
	return false;
}

static inline void iommu_kdump_keep_begin(struct iommu_kdump_keep *k,
					  u16 seg, const char *iommu,
					  const char *what)
{
	k->dirty = NULL;
}

static inline bool iommu_kdump_keep(struct iommu_kdump_keep *k, u16 first,
				    u16 last)
{
	return true;
}

static inline void iommu_kdump_keep_alias(struct iommu_kdump_keep *k,
					  u16 rid, u16 alias) { }
static inline void iommu_kdump_keep_end(struct iommu_kdump_keep *k) { }
#endif

#endif /* _LINUX_PCI_KDUMP_H */
