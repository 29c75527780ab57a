// SPDX-License-Identifier: GPL-2.0
/*
 * pci-kdump fabric discovery: find every function through pci_kdump_ops and
 * link each one to the bridge above it, using the bus numbers the hardware
 * holds now.  Shared with the pci-reset-audit tool, which runs it on libpci.
 */
#include <linux/pci.h>
#include <linux/string.h>
#include "kdump.h"

/**
 * pci_kdump_rd - read a function's config space
 * @fab: the fabric
 * @fn: the function
 * @where: offset
 * @size: 1, 2 or 4
 *
 * Return: the value, or all-ones when the access fails, the same as a
 * function that is not there.
 */
u32 pci_kdump_rd(struct pci_kdump_fabric *fab, const struct pci_kdump_fn *fn,
		 int where, int size)
{
	u32 val;

	if (fab->ops->read(fab->ctx, fn->seg, fn->bus, fn->devfn, where, size,
			   &val))
		return ~0U;
	return val;
}

/**
 * pci_kdump_wr - write a function's config space
 * @fab: the fabric
 * @fn: the function
 * @where: offset
 * @size: 1, 2 or 4
 * @val: the value
 *
 * A failed write is not reported: the readiness poll and the read-back of
 * Bus Master Enable are what tell whether a function did what it was told.
 */
void pci_kdump_wr(struct pci_kdump_fabric *fab, const struct pci_kdump_fn *fn,
		  int where, int size, u32 val)
{
	fab->ops->write(fab->ctx, fn->seg, fn->bus, fn->devfn, where, size, val);
}

/* Bounded walk: a broken list must not hang the capture kernel */
static u8 find_cap(struct pci_kdump_fabric *fab, const struct pci_kdump_fn *fn,
		   u8 id)
{
	u8 pos = pci_kdump_rd(fab, fn, PCI_CAPABILITY_LIST, 1);
	int ttl = 48;

	while (pos >= 0x40 && ttl--) {
		u32 hdr = pci_kdump_rd(fab, fn, pos & ~3, 2);

		if ((hdr & 0xff) == 0xff)
			break;
		if ((hdr & 0xff) == id)
			return pos & ~3;
		pos = hdr >> 8;
	}
	return 0;
}

static u16 find_ext_cap(struct pci_kdump_fabric *fab,
			const struct pci_kdump_fn *fn, u16 id)
{
	u16 pos = PCI_CFG_SPACE_SIZE;
	int ttl = (PCI_CFG_SPACE_EXP_SIZE - PCI_CFG_SPACE_SIZE) / 8;

	while (ttl--) {
		u32 hdr = pci_kdump_rd(fab, fn, pos, 4);

		if (hdr == 0 || hdr == ~0U)
			break;
		if (PCI_EXT_CAP_ID(hdr) == id)
			return pos;
		pos = PCI_EXT_CAP_NEXT(hdr);
		if (pos < PCI_CFG_SPACE_SIZE)
			break;
	}
	return 0;
}

/**
 * pci_kdump_probe_fn - read what the decision needs from config space
 * @fab: the fabric
 * @fn: a function with seg, bus and devfn set
 *
 * Fills IDs, header type, capabilities and the state at entry.  Does not
 * write anything.
 */
void pci_kdump_probe_fn(struct pci_kdump_fabric *fab, struct pci_kdump_fn *fn)
{
	u32 id = pci_kdump_rd(fab, fn, PCI_VENDOR_ID, 4);
	u32 classrev = pci_kdump_rd(fab, fn, PCI_CLASS_REVISION, 4);
	u8 hdr = pci_kdump_rd(fab, fn, PCI_HEADER_TYPE, 1);
	u16 status = pci_kdump_rd(fab, fn, PCI_STATUS, 2);

	fn->vendor = id & 0xffff;
	fn->device = id >> 16;
	fn->class = classrev >> 8;
	fn->hdr_type = hdr & PCI_HEADER_TYPE_MASK;
	fn->multifunction = hdr & PCI_HEADER_TYPE_MFD;
	fn->imm_ready = status & PCI_STATUS_IMM_READY;
	fn->entry_cmd = pci_kdump_rd(fab, fn, PCI_COMMAND, 2);

	if (status & PCI_STATUS_CAP_LIST) {
		fn->pm_cap = find_cap(fab, fn, PCI_CAP_ID_PM);
		fn->msi_cap = find_cap(fab, fn, PCI_CAP_ID_MSI);
		fn->msix_cap = find_cap(fab, fn, PCI_CAP_ID_MSIX);
		fn->af_cap = find_cap(fab, fn, PCI_CAP_ID_AF);
		fn->exp_cap = find_cap(fab, fn, PCI_CAP_ID_EXP);
	}
	if (fn->pm_cap)
		fn->pmcsr = pci_kdump_rd(fab, fn, fn->pm_cap + PCI_PM_CTRL, 2);
	if (fn->af_cap)
		fn->af_flags = pci_kdump_rd(fab, fn, fn->af_cap + PCI_AF_CAP, 1);
	if (fn->exp_cap) {
		fn->exp_flags = pci_kdump_rd(fab, fn, fn->exp_cap + PCI_EXP_FLAGS, 2);
		fn->devcap = pci_kdump_rd(fab, fn, fn->exp_cap + PCI_EXP_DEVCAP, 4);
		fn->lnkcap = pci_kdump_rd(fab, fn, fn->exp_cap + PCI_EXP_LNKCAP, 4);
		fn->rtr_cap = find_ext_cap(fab, fn, PCI_KDUMP_EXT_CAP_ID_RTR);
	}
	if (fn->rtr_cap) {
		fn->rtr[0] = pci_kdump_rd(fab, fn, fn->rtr_cap + PCI_KDUMP_RTR1, 4);
		fn->rtr[1] = pci_kdump_rd(fab, fn, fn->rtr_cap + PCI_KDUMP_RTR2, 4);
	}
	if (fn->hdr_type == PCI_HEADER_TYPE_NORMAL) {
		u32 subsys = pci_kdump_rd(fab, fn, PCI_SUBSYSTEM_VENDOR_ID, 4);

		fn->subvendor = subsys & 0xffff;
		fn->subdevice = subsys >> 16;
	}
	if (pci_kdump_is_bridge(fn)) {
		fn->secondary = pci_kdump_rd(fab, fn, PCI_SECONDARY_BUS, 1);
		fn->subordinate = pci_kdump_rd(fab, fn, PCI_SUBORDINATE_BUS, 1);
		fn->bridge_ctl = pci_kdump_rd(fab, fn, PCI_BRIDGE_CONTROL, 2);
	}

	if (fn->entry_cmd & PCI_COMMAND_MASTER)
		fn->entry |= PCI_KDUMP_ENTRY_BME;
	if (fn->entry_cmd & PCI_COMMAND_MEMORY)
		fn->entry |= PCI_KDUMP_ENTRY_MEM;
	if (fn->entry_cmd & PCI_COMMAND_IO)
		fn->entry |= PCI_KDUMP_ENTRY_IO;
	if (!(fn->entry_cmd & PCI_COMMAND_INTX_DISABLE))
		fn->entry |= PCI_KDUMP_ENTRY_INTX;
	if (fn->msi_cap &&
	    (pci_kdump_rd(fab, fn, fn->msi_cap + PCI_MSI_FLAGS, 2) & PCI_MSI_FLAGS_ENABLE))
		fn->entry |= PCI_KDUMP_ENTRY_MSI;
	if (fn->msix_cap &&
	    (pci_kdump_rd(fab, fn, fn->msix_cap + PCI_MSIX_FLAGS, 2) &
	     PCI_MSIX_FLAGS_ENABLE))
		fn->entry |= PCI_KDUMP_ENTRY_MSIX;
}

static struct pci_kdump_fn *add_fn(struct pci_kdump_fabric *fab, u16 seg,
				   u8 bus, u8 devfn)
{
	struct pci_kdump_fn *fn;

	if (fab->nr >= fab->max) {
		fab->dropped++;
		return NULL;
	}
	fn = &fab->fns[fab->nr++];
	memset(fn, 0, sizeof(*fn));
	fn->seg = seg;
	fn->bus = bus;
	fn->devfn = devfn;
	pci_kdump_probe_fn(fab, fn);
	return fn;
}

static bool present(struct pci_kdump_fabric *fab, u16 seg, u8 bus, u8 devfn)
{
	u32 id;

	if (fab->ops->read(fab->ctx, seg, bus, devfn, PCI_VENDOR_ID, 4, &id))
		return false;
	/* 0x0001 is a function answering Request Retry Status */
	return (id & 0xffff) != 0xffff && (id & 0xffff) != 0 &&
	       (id & 0xffff) != 0x0001;
}

/**
 * pci_kdump_scan_segment - find every function on a range of buses
 * @fab: the fabric to add to
 * @seg: PCI segment
 * @bus_start: first bus the segment decodes
 * @bus_end: last bus the segment decodes
 *
 * Scans every bus in range rather than following bridges from bus 0: a
 * capture kernel cannot ask ACPI where the root buses are yet, and a
 * bridge's bus numbers may be stale.  pci_kdump_link() then builds the
 * hierarchy from the numbers the bridges hold.
 */
void pci_kdump_scan_segment(struct pci_kdump_fabric *fab, u16 seg,
			    u8 bus_start, u8 bus_end)
{
	unsigned int bus, dev, fnum;

	for (bus = bus_start; bus <= bus_end; bus++) {
		for (dev = 0; dev < 32; dev++) {
			struct pci_kdump_fn *f0;

			if (!present(fab, seg, bus, PCI_DEVFN(dev, 0)))
				continue;
			f0 = add_fn(fab, seg, bus, PCI_DEVFN(dev, 0));
			if (!f0 || !f0->multifunction)
				continue;
			for (fnum = 1; fnum < 8; fnum++)
				if (present(fab, seg, bus, PCI_DEVFN(dev, fnum)))
					add_fn(fab, seg, bus,
					       PCI_DEVFN(dev, fnum));
		}
	}
}

/*
 * A bridge's range is believable when its secondary bus lies above its own
 * bus and within its subordinate; anything else (a loop, all-ones, a range
 * left over from a half-done hotplug) is ignored and counted.
 */
static bool bridge_range_ok(const struct pci_kdump_fn *b)
{
	return b->secondary > b->bus && b->subordinate >= b->secondary;
}

/**
 * pci_kdump_link - set every function's parent bridge
 * @fab: a scanned fabric
 *
 * The parent of a function on bus N is the bridge in the same segment whose
 * secondary bus is N.  If two bridges claim the same bus, the one whose
 * range is narrowest wins, the way a decoder would route it.
 */
void pci_kdump_link(struct pci_kdump_fabric *fab)
{
	unsigned int i, j;

	fab->bad_bridges = 0;
	for (i = 0; i < fab->nr; i++) {
		struct pci_kdump_fn *b = &fab->fns[i];

		if (pci_kdump_is_bridge(b) && !bridge_range_ok(b))
			fab->bad_bridges++;
	}
	for (i = 0; i < fab->nr; i++) {
		struct pci_kdump_fn *fn = &fab->fns[i];

		fn->parent = NULL;
		for (j = 0; j < fab->nr; j++) {
			struct pci_kdump_fn *b = &fab->fns[j];

			if (!pci_kdump_is_bridge(b) || !bridge_range_ok(b) ||
			    b->seg != fn->seg || b->secondary != fn->bus)
				continue;
			if (!fn->parent ||
			    b->subordinate - b->secondary <
			    fn->parent->subordinate - fn->parent->secondary)
				fn->parent = b;
		}
	}
}

/**
 * pci_kdump_is_below - is @fn in the hierarchy below @bridge?
 * @fn: any function
 * @bridge: a bridge
 *
 * Follows parent links, which only ever go to a lower bus number, so the
 * walk ends within 256 steps.
 */
bool pci_kdump_is_below(const struct pci_kdump_fn *fn,
			const struct pci_kdump_fn *bridge)
{
	const struct pci_kdump_fn *p;

	for (p = fn->parent; p; p = p->parent)
		if (p == bridge)
			return true;
	return false;
}

static unsigned int depth(const struct pci_kdump_fn *fn)
{
	unsigned int d = 0;

	while ((fn = fn->parent))
		d++;
	return d;
}

/**
 * pci_kdump_bottom_up - order functions so children come before bridges
 * @fab: a linked fabric
 * @order: array of @fab->nr pointers to fill
 *
 * Deepest first; within a depth, scan order.  Quiescing in this order never
 * clears a bridge's Bus Master Enable while something below it still
 * masters, which would turn its DMA into Unsupported Requests.
 *
 * Return: the number of entries written.
 */
unsigned int pci_kdump_bottom_up(const struct pci_kdump_fabric *fab,
				 struct pci_kdump_fn **order)
{
	unsigned int d, i, n = 0, max_depth = 0;

	for (i = 0; i < fab->nr; i++)
		if (depth(&fab->fns[i]) > max_depth)
			max_depth = depth(&fab->fns[i]);
	for (d = max_depth + 1; d-- > 0;)
		for (i = 0; i < fab->nr; i++)
			if (depth(&fab->fns[i]) == d)
				order[n++] = &fab->fns[i];
	return n;
}
