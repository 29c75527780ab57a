// SPDX-License-Identifier: GPL-2.0
/*
 * IOMMU handoff in a kdump kernel.
 *
 * Mainline keeps the crashed kernel's translation tables live (VT-d,
 * AMD-Vi) or aborts all DMA (SMMUv3), because devices may still be doing
 * DMA with addresses only those tables translate.  pci-kdump resets the DMA
 * masters first and says which requester IDs may still be in use: an IOMMU
 * keeps the old entries of exactly those, and every other entry starts
 * clean.  When nothing may still be in use, it starts from empty tables.
 */
#define pr_fmt(fmt) "iommu_kdump: " fmt

#include <linux/array_size.h>
#include <linux/bitmap.h>
#include <linux/crash_dump.h>
#include <linux/pci-kdump.h>
#include <linux/printk.h>
#include <linux/slab.h>
#include <linux/sprintf.h>

#define IOMMU_KDUMP_RIDS	(U16_MAX + 1)

/**
 * iommu_kdump_handoff - may this IOMMU drop all of the crashed kernel's state?
 * @seg: the PCI segment the IOMMU translates for, or PCI_KDUMP_ALL_SEGMENTS
 *	when its scope is not one segment
 * @iommu: the IOMMU's name, for the log
 * @state: what the driver would reuse, for the log (an IOMMU may ask once
 *	for its translation tables and once for its interrupt-remapping
 *	table)
 *
 * IOMMU drivers call this in a kdump kernel before they copy, disable or
 * abort translation or interrupt-remapping state.  It runs pci-kdump first
 * if start_kernel() could not, so the reset is ordered before IOMMU
 * bring-up on every architecture.
 *
 * Return: true when no DMA master of @seg may still do DMA, so the driver
 * should start from clean tables; false to copy, through
 * iommu_kdump_keep(), only what is still needed.  The log says which
 * devices need it.
 */
bool iommu_kdump_handoff(int seg, const char *iommu, const char *state)
{
	int ret;

	if (!is_kdump_kernel())
		return false;
	ret = pci_kdump_quiesce();
	if (ret) {
		pr_info("%s %s: pci-kdump did not run (%d); handled as mainline does in kdump\n",
			iommu, state, ret);
		return false;
	}
	if (!pci_kdump_scope_clean(seg)) {
		pr_warn("%s %s: some DMA masters in its scope may still do DMA; keeping old entries for them only\n",
			iommu, state);
		pci_kdump_log_dirty(seg);
		return false;
	}
	pr_info("%s %s: no DMA master in its scope may still do DMA; starting from clean tables\n",
		iommu, state);
	return true;
}

static void set_dirty(u16 first, u16 last, void *data)
{
	bitmap_set(data, first, last - first + 1);
}

/**
 * iommu_kdump_keep_begin - start deciding which old entries to copy
 * @k: the decision, filled in here
 * @seg: PCI segment of the requester IDs
 * @iommu: the IOMMU's name, for the log
 * @what: the table the entries come from, for the log
 *
 * Every entry is kept when pci-kdump cannot tell which requester IDs are
 * still in use, as mainline does.
 */
void iommu_kdump_keep_begin(struct iommu_kdump_keep *k, u16 seg,
			    const char *iommu, const char *what)
{
	*k = (struct iommu_kdump_keep){ .seg = seg, .iommu = iommu,
					.what = what };
	if (!is_kdump_kernel())
		return;
	k->dirty = bitmap_zalloc(IOMMU_KDUMP_RIDS, GFP_KERNEL);
	if (k->dirty && pci_kdump_dirty_rids(seg, set_dirty, k->dirty))
		return;
	bitmap_free(k->dirty);
	k->dirty = NULL;
}

/**
 * iommu_kdump_keep_alias - requests of @rid also arrive as @alias
 * @k: the decision
 * @rid: a requester ID
 * @alias: the ID the IOMMU sees its requests with, from firmware tables
 *	such as AMD-Vi's IVRS alias entries
 */
void iommu_kdump_keep_alias(struct iommu_kdump_keep *k, u16 rid, u16 alias)
{
	if (k->dirty && test_bit(rid, k->dirty))
		set_bit(alias, k->dirty);
}

/**
 * iommu_kdump_keep - copy this old entry?
 * @k: the decision
 * @first: first requester ID the entry applies to
 * @last: last one (an interrupt-remapping entry may check only some bits)
 *
 * Return: true when a function that may still do DMA may use an ID in the
 * range, so the entry must be copied; false to leave it as a new table has
 * it.
 */
bool iommu_kdump_keep(struct iommu_kdump_keep *k, u16 first, u16 last)
{
	unsigned int i;
	bool keep = !k->dirty || find_next_bit(k->dirty, (unsigned long)last + 1,
					       first) <= last;

	if (!keep) {
		k->dropped++;
		return false;
	}
	k->kept++;
	for (i = 0; i < k->nr_shown && k->shown[i] != first; i++)
		;
	if (i == k->nr_shown && i < ARRAY_SIZE(k->shown))
		k->shown[k->nr_shown++] = first;
	else if (i == k->nr_shown)
		k->more = true;
	pci_kdump_note_kept(k->seg, first, last);
	return true;
}

/**
 * iommu_kdump_keep_end - log what was kept, and release the decision
 * @k: the decision
 */
void iommu_kdump_keep_end(struct iommu_kdump_keep *k)
{
	char ids[64] = "";
	unsigned int i, n = 0;

	if (!is_kdump_kernel())
		return;
	for (i = 0; i < k->nr_shown; i++)
		n += scnprintf(ids + n, sizeof(ids) - n, "%s%04x:%02x:%02x.%d",
			       i ? " " : "", k->seg, k->shown[i] >> 8,
			       (k->shown[i] >> 3) & 0x1f, k->shown[i] & 7);
	if (!k->dirty)
		pr_warn("%s %s: kept all %u old entries\n", k->iommu, k->what,
			k->kept);
	else if (k->kept)
		pr_warn("%s %s: kept %u old entries, for requester IDs %s%s; %u start clean\n",
			k->iommu, k->what, k->kept, ids, k->more ? " ..." : "",
			k->dropped);
	else
		pr_info("%s %s: kept no old entry; %u start clean\n",
			k->iommu, k->what, k->dropped);
	bitmap_free(k->dirty);
	k->dirty = NULL;
}
