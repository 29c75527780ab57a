// SPDX-License-Identifier: GPL-2.0
/*
 * pci-kdump requester IDs: which IDs the DMA and MSIs of a function may
 * carry, so that an IOMMU keeps the crashed kernel's entries exactly for
 * the functions that may still use them, and for nothing else.
 *
 * The sets are supersets of what Linux's pci_for_each_dma_alias() walks:
 * keeping one entry too many costs nothing, missing one lets a device that
 * may still do DMA fault or, on AMD-Vi, pass untranslated.
 */
#include <linux/pci.h>
#include "kdump-report.h"

/* Conventional PCI, or PCI-X, below this bridge: requester IDs get lost */
static bool bridges_to_conventional(const struct pci_kdump_fn *bridge)
{
	if (!bridge->exp_cap)
		return true;
	switch (pci_kdump_exp_type(bridge)) {
	case PCI_EXP_TYPE_ROOT_PORT:
	case PCI_EXP_TYPE_UPSTREAM:
	case PCI_EXP_TYPE_DOWNSTREAM:
		return false;
	default:
		return true;
	}
}

/**
 * pci_kdump_fn_rids - the requester IDs a function's DMA may carry
 * @fn: the function
 * @cb: called with each range, @first to @last inclusive; ranges may
 *	overlap
 * @data: for @cb
 *
 * Its own ID; the whole slot when it may use phantom functions (PCIe r6.0
 * sec 2.2.6.2) or a quirk row says its DMA carries another function's ID;
 * its whole bus for quirks with aliases elsewhere on the bus; and, for
 * every bridge above it that leads to conventional PCI or PCI-X, both IDs
 * such a bridge may put on its requests: its own and secondary bus,
 * device 0, function 0 (PCIe-to-PCI/PCI-X Bridge r1.0 sec 2.3).
 */
void pci_kdump_fn_rids(const struct pci_kdump_fn *fn,
		       pci_kdump_rid_fn_t cb, void *data)
{
	u8 quirk = fn->quirk ? fn->quirk->flags : 0;
	u16 own = PCI_DEVID(fn->bus, fn->devfn);
	u16 slot = PCI_DEVID(fn->bus, PCI_DEVFN(PCI_SLOT(fn->devfn), 0));
	u16 bus = PCI_DEVID(fn->bus, 0);
	const struct pci_kdump_fn *up;

	if (quirk & PCI_KDUMP_Q_ALIAS_BUS)
		cb(bus, bus | 0xff, data);
	else if ((quirk & PCI_KDUMP_Q_ALIAS_SLOT) ||
		 (fn->devcap & PCI_EXP_DEVCAP_PHANTOM))
		cb(slot, slot | 7, data);
	else
		cb(own, own, data);

	for (up = fn->parent; up; up = up->parent) {
		u16 bridge = PCI_DEVID(up->bus, up->devfn);
		u16 below = PCI_DEVID(up->secondary, 0);

		if (!bridges_to_conventional(up))
			continue;
		cb(bridge, bridge, data);
		cb(below, below, data);
	}
}

/**
 * pci_kdump_dirty_rids_of - requester IDs an IOMMU must keep
 * @st: the run
 * @seg: PCI segment
 * @cb: called with each range of IDs a function of @seg that may still do
 *	DMA may use (see pci_kdump_fn_rids())
 * @data: for @cb
 *
 * Return: false, without calling @cb, when pci-kdump did not run or did
 * not see @seg whole: then every requester ID of @seg may still be in use.
 */
bool pci_kdump_dirty_rids_of(const struct pci_kdump_state *st, u16 seg,
			     pci_kdump_rid_fn_t cb, void *data)
{
	char why[128];
	unsigned int i;

	if (!pci_kdump_seg_seen(st, seg, why, sizeof(why)))
		return false;
	for (i = 0; i < st->fab.nr; i++) {
		const struct pci_kdump_fn *fn = &st->fab.fns[i];

		if (fn->seg == seg &&
		    pci_kdump_outcome_of(st, fn) == PCI_KDUMP_DIRTY)
			pci_kdump_fn_rids(fn, cb, data);
	}
	return true;
}

struct kept_range {
	u16 first;
	u16 last;
	bool hit;
};

static void overlaps(u16 first, u16 last, void *data)
{
	struct kept_range *k = data;

	if (first <= k->last && k->first <= last)
		k->hit = true;
}

/**
 * pci_kdump_rids_dirty - may a function that may still do DMA use an ID?
 * @st: the run
 * @seg: PCI segment
 * @first: first requester ID of the range
 * @last: last one
 *
 * Return: true when a function of @seg that may still do DMA may use an ID
 * from @first to @last, or when pci-kdump did not see @seg whole.
 */
bool pci_kdump_rids_dirty(const struct pci_kdump_state *st, u16 seg,
			  u16 first, u16 last)
{
	struct kept_range k = { .first = first, .last = last };

	return !pci_kdump_dirty_rids_of(st, seg, overlaps, &k) || k.hit;
}

/**
 * pci_kdump_mark_kept - note that an IOMMU kept old entries
 * @st: the run
 * @seg: PCI segment
 * @first: first requester ID of the entry kept
 * @last: last requester ID it covers (an interrupt-remapping entry may
 *	check only part of the ID)
 *
 * Marks every function that may still do DMA with an ID in the range, so
 * that its report line says so.
 */
void pci_kdump_mark_kept(struct pci_kdump_state *st, u16 seg, u16 first,
			 u16 last)
{
	unsigned int i;

	for (i = 0; i < st->fab.nr; i++) {
		struct pci_kdump_fn *fn = &st->fab.fns[i];
		struct kept_range k = { .first = first, .last = last };

		if (fn->seg != seg ||
		    pci_kdump_outcome_of(st, fn) != PCI_KDUMP_DIRTY)
			continue;
		pci_kdump_fn_rids(fn, overlaps, &k);
		if (k.hit)
			fn->old_kept = true;
	}
}
