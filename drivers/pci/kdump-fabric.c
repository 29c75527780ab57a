// SPDX-License-Identifier: GPL-2.0
/*
 * pci-kdump fabric discovery: find every function through pci_kdump_ops and
 * link each one to the bridge above it, using the bus numbers the hardware
 * holds now.  Shared with the pci-reset-audit tool, which runs it on libpci.
 */
#include <linux/errno.h>
#include <linux/pci.h>
#include <linux/slab.h>
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

/*
 * Bounded walks: a broken list must not hang the capture kernel, must not
 * read outside config space, and all-ones (a function that went away) ends
 * it without a match.
 */
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

/*
 * The first extended capability @id after @after (0: from the start).
 * @len: bytes of the capability the caller will read; a capability whose
 * registers would run past the end of config space is not found.
 */
static u16 find_ext_cap_after(struct pci_kdump_fabric *fab,
			      const struct pci_kdump_fn *fn, u16 after, u16 id,
			      u16 len)
{
	u16 pos = PCI_CFG_SPACE_SIZE;
	int ttl = (PCI_CFG_SPACE_EXP_SIZE - PCI_CFG_SPACE_SIZE) / 8;

	while (ttl--) {
		u32 hdr = pci_kdump_rd(fab, fn, pos, 4);

		if (hdr == 0 || hdr == ~0U)
			break;
		if (PCI_EXT_CAP_ID(hdr) == id && pos > after &&
		    pos + len <= PCI_CFG_SPACE_EXP_SIZE)
			return pos;
		pos = PCI_EXT_CAP_NEXT(hdr) & ~3;
		if (pos < PCI_CFG_SPACE_SIZE)
			break;
	}
	return 0;
}

static u16 find_ext_cap(struct pci_kdump_fabric *fab,
			const struct pci_kdump_fn *fn, u16 id, u16 len)
{
	return find_ext_cap_after(fab, fn, 0, id, len);
}

/* A Designated Vendor-Specific capability of @vendor with DVSEC ID @id */
static u16 find_dvsec(struct pci_kdump_fabric *fab,
		      const struct pci_kdump_fn *fn, u16 vendor, u16 id)
{
	u16 pos = 0;

	while ((pos = find_ext_cap_after(fab, fn, pos, PCI_EXT_CAP_ID_DVSEC,
					 PCI_KDUMP_DVSEC_SIZEOF))) {
		u32 h1 = pci_kdump_rd(fab, fn, pos + PCI_DVSEC_HEADER1, 4);
		u32 h2 = pci_kdump_rd(fab, fn, pos + PCI_DVSEC_HEADER2, 2);

		if (PCI_DVSEC_HEADER1_VID(h1) == vendor &&
		    PCI_DVSEC_HEADER2_ID(h2) == id)
			return pos;
	}
	return 0;
}

/*
 * CXL: memory a device serves may be System RAM of the crashed kernel, so
 * part of the dump; and a CXL port may mask Secondary Bus Reset, which
 * then resets nothing (the same test as 6.12's cxl_sbr_masked()).
 */
static void probe_cxl(struct pci_kdump_fabric *fab, struct pci_kdump_fn *fn)
{
	u16 dvsec = find_dvsec(fab, fn, PCI_KDUMP_VENDOR_ID_CXL,
			       PCI_KDUMP_CXL_DVSEC_DEVICE);
	u16 ctrl;

	if (dvsec) {
		ctrl = pci_kdump_rd(fab, fn, dvsec + PCI_KDUMP_CXL_CTRL, 2);
		fn->cxl_mem = ctrl != 0xffff && (ctrl & PCI_KDUMP_CXL_CTRL_MEM_ENABLE);
	}
	if (!pci_kdump_is_bridge(fn))
		return;
	dvsec = find_dvsec(fab, fn, PCI_KDUMP_VENDOR_ID_CXL,
			   PCI_KDUMP_CXL_DVSEC_PORT);
	if (dvsec) {
		ctrl = pci_kdump_rd(fab, fn, dvsec + PCI_KDUMP_CXL_CTRL, 2);
		fn->cxl_sbr_masked = ctrl != 0xffff &&
				     !(ctrl & PCI_KDUMP_CXL_PORT_UNMASK_SBR);
	}
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
		fn->lnksta = pci_kdump_rd(fab, fn, fn->exp_cap + PCI_EXP_LNKSTA, 2);
		fn->devctl2 = pci_kdump_rd(fab, fn, fn->exp_cap + PCI_EXP_DEVCTL2, 2);
		fn->rtr_cap = find_ext_cap(fab, fn, PCI_KDUMP_EXT_CAP_ID_RTR,
					   PCI_KDUMP_RTR_SIZEOF);
		fn->sriov_cap = find_ext_cap(fab, fn, PCI_EXT_CAP_ID_SRIOV,
					     PCI_EXT_CAP_SRIOV_SIZEOF);
	}
	if (fn->rtr_cap) {
		fn->rtr[0] = pci_kdump_rd(fab, fn, fn->rtr_cap + PCI_KDUMP_RTR1, 4);
		fn->rtr[1] = pci_kdump_rd(fab, fn, fn->rtr_cap + PCI_KDUMP_RTR2, 4);
		/* All-ones is a function that stopped answering, not a time */
		if (fn->rtr[0] == ~0U || fn->rtr[1] == ~0U)
			fn->rtr[0] = 0;
	}
	if (fn->hdr_type == PCI_HEADER_TYPE_NORMAL) {
		u32 subsys = pci_kdump_rd(fab, fn, PCI_SUBSYSTEM_VENDOR_ID, 4);

		fn->subvendor = subsys & 0xffff;
		fn->subdevice = subsys >> 16;
	}
	if (fn->exp_cap)
		probe_cxl(fab, fn);
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
	/* Its VFs master on their own, whatever the PF's own BME says */
	if (fn->sriov_cap) {
		u16 ctrl = pci_kdump_rd(fab, fn, fn->sriov_cap + PCI_SRIOV_CTRL, 2);

		if (ctrl != 0xffff && (ctrl & PCI_SRIOV_CTRL_VFE))
			fn->entry |= PCI_KDUMP_ENTRY_VFS;
	}
}

/**
 * pci_kdump_scan_begin - forget any earlier scan of a fabric
 * @fab: the fabric, with its table and ops set
 */
void pci_kdump_scan_begin(struct pci_kdump_fabric *fab)
{
	fab->nr = 0;
	fab->dropped = 0;
	fab->bad_bridges = 0;
	fab->nr_segs = 0;
	fab->segs_lost = false;
	fab->nr_rrs = 0;
}

/**
 * pci_kdump_scan_sized - scan a fabric into a table sized from the scan
 * @fab: the fabric, with its ops set and no table yet
 * @scan_all: scans every segment of the fabric into @fab
 *
 * Scans into a table of PCI_KDUMP_MAX_FNS functions; if the fabric holds
 * more, scans again into one sized from the first count, so nothing is
 * dropped unless the fabric grows between the two scans or holds more
 * than PCI_KDUMP_MAX_TABLE functions.  What the second scan still drops
 * leaves its segment dirty.  kvcalloc(): a table of thousands of functions
 * is megabytes, too much to ask of the page allocator in one piece.
 *
 * Return: 0 with @fab->fns to be kvfree()d, or -ENOMEM with no table.
 */
int pci_kdump_scan_sized(struct pci_kdump_fabric *fab,
			 void (*scan_all)(struct pci_kdump_fabric *fab))
{
	unsigned int pass;

	fab->max = PCI_KDUMP_MAX_FNS;
	for (pass = 0;; pass++) {
		fab->fns = kvcalloc(fab->max, sizeof(*fab->fns), GFP_KERNEL);
		if (!fab->fns)
			return -ENOMEM;
		pci_kdump_scan_begin(fab);
		scan_all(fab);
		if (!fab->dropped || pass || fab->max >= PCI_KDUMP_MAX_TABLE)
			return 0;
		kvfree(fab->fns);
		fab->max = fab->nr + fab->dropped;
		if (fab->max > PCI_KDUMP_MAX_TABLE)
			fab->max = PCI_KDUMP_MAX_TABLE;
	}
}

/**
 * pci_kdump_find_seg - what the scan knows of a segment
 * @fab: the fabric
 * @seg: PCI segment
 *
 * Return: the segment's record, or NULL when nothing of it was scanned.
 */
struct pci_kdump_seg *pci_kdump_find_seg(const struct pci_kdump_fabric *fab,
					 u16 seg)
{
	unsigned int i;

	for (i = 0; i < fab->nr_segs; i++)
		if (fab->segs[i].seg == seg)
			return (struct pci_kdump_seg *)&fab->segs[i];
	return NULL;
}

/* The segment's record, made on first use; NULL (and counted) when full */
static struct pci_kdump_seg *seg_of(struct pci_kdump_fabric *fab, u16 seg)
{
	struct pci_kdump_seg *s = pci_kdump_find_seg(fab, seg);

	if (s)
		return s;
	if (fab->nr_segs >= PCI_KDUMP_MAX_SEGS) {
		fab->segs_lost = true;
		return NULL;
	}
	s = &fab->segs[fab->nr_segs++];
	memset(s, 0, sizeof(*s));
	s->seg = seg;
	return s;
}

/**
 * pci_kdump_seg_unreached - record config space of a segment not scanned
 * @fab: the fabric
 * @seg: PCI segment
 * @why: what kept it from being scanned, for the log
 *
 * The segment's verdict stays dirty: what could not be looked at may DMA.
 */
void pci_kdump_seg_unreached(struct pci_kdump_fabric *fab, u16 seg,
			     const char *why)
{
	struct pci_kdump_seg *s = seg_of(fab, seg);

	if (!s)
		return;
	if (!s->unreached++)
		s->why = why;
}

/**
 * pci_kdump_seg_legacy_cfg - record a segment reached without extended
 *	config space
 * @fab: the fabric
 * @seg: PCI segment
 */
void pci_kdump_seg_legacy_cfg(struct pci_kdump_fabric *fab, u16 seg)
{
	struct pci_kdump_seg *s = seg_of(fab, seg);

	if (s)
		s->legacy_cfg = true;
}

static bool bus_scanned(const struct pci_kdump_seg *s, unsigned int bus)
{
	return s->scanned[bus / 32] & (1U << (bus % 32));
}

/**
 * pci_kdump_find_fn - a function of the table, by address
 * @fab: the fabric
 * @seg: PCI segment
 * @bus: bus number
 * @devfn: device and function
 *
 * Return: the function, or NULL when the table does not hold it.
 */
struct pci_kdump_fn *pci_kdump_find_fn(const struct pci_kdump_fabric *fab,
				       u16 seg, u8 bus, u8 devfn)
{
	unsigned int i;

	for (i = 0; i < fab->nr; i++) {
		struct pci_kdump_fn *fn = &fab->fns[i];

		if (fn->seg == seg && fn->bus == bus && fn->devfn == devfn)
			return fn;
	}
	return NULL;
}

/* @s is NULL for functions the caller lists instead of a scan */
static struct pci_kdump_fn *new_fn(struct pci_kdump_fabric *fab,
				   struct pci_kdump_seg *s, u16 seg, u8 bus,
				   u8 devfn)
{
	struct pci_kdump_fn *fn;

	if (fab->nr >= fab->max) {
		fab->dropped++;
		if (s)
			s->dropped++;
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

/**
 * pci_kdump_add_vfs - add the VFs a PF has enabled
 * @fab: the fabric
 * @pf: a function with PCI_KDUMP_ENTRY_VFS
 *
 * A VF does not answer a scan: its Vendor and Device IDs read 0xffff.  Its
 * PF's SR-IOV capability says where each one is: routing ID = the PF's
 * + First VF Offset + i * VF Stride, for i below NumVFs (PCIe r6.0 sec
 * 9.3.3.9, 9.3.3.10; the values are those of the current ARI Capable
 * Hierarchy setting).  Numbers no VF can have leave the segment dirty.  A
 * VF the table already holds (Linux lists them, so a config dump taken
 * through it does too) is only marked as one.
 */
void pci_kdump_add_vfs(struct pci_kdump_fabric *fab, struct pci_kdump_fn *pf)
{
	struct pci_kdump_seg *s = pci_kdump_find_seg(fab, pf->seg);
	u16 total = pci_kdump_rd(fab, pf, pf->sriov_cap + PCI_SRIOV_TOTAL_VF, 2);
	u16 num = pci_kdump_rd(fab, pf, pf->sriov_cap + PCI_SRIOV_NUM_VF, 2);
	u16 offset = pci_kdump_rd(fab, pf, pf->sriov_cap + PCI_SRIOV_VF_OFFSET, 2);
	u16 stride = pci_kdump_rd(fab, pf, pf->sriov_cap + PCI_SRIOV_VF_STRIDE, 2);
	u16 vf_device = pci_kdump_rd(fab, pf, pf->sriov_cap + PCI_SRIOV_VF_DID, 2);
	u32 rid = ((u32)pf->bus << 8 | pf->devfn) + offset;
	struct pci_kdump_fn *vf;
	unsigned int i;

	if (num > total || (num && !offset) || (num > 1 && !stride) ||
	    rid + (u32)(num ? num - 1 : 0) * stride > 0xffff) {
		if (s)
			s->bad_vfs++;
		return;
	}
	for (i = 0; i < num; i++, rid += stride) {
		vf = pci_kdump_find_fn(fab, pf->seg, rid >> 8, rid & 0xff);
		if (!vf)
			vf = new_fn(fab, s, pf->seg, rid >> 8, rid & 0xff);
		if (!vf)
			return;
		vf->pf = pf;
		vf->vendor = pf->vendor;
		vf->device = vf_device;
		vf->entry &= ~PCI_KDUMP_ENTRY_VFS;
	}
}

static struct pci_kdump_fn *add_fn(struct pci_kdump_fabric *fab,
				   struct pci_kdump_seg *s, u8 bus, u8 devfn)
{
	struct pci_kdump_fn *fn = pci_kdump_find_fn(fab, s->seg, bus, devfn);

	/* Already there: a VF of a PF found before it */
	if (fn)
		return fn;
	fn = new_fn(fab, s, s->seg, bus, devfn);
	if (fn && (fn->entry & PCI_KDUMP_ENTRY_VFS))
		pci_kdump_add_vfs(fab, fn);
	return fn;
}

enum presence { ABSENT, PRESENT, RETRY };

static enum presence present(struct pci_kdump_fabric *fab, u16 seg, u8 bus,
			     u8 devfn)
{
	u32 id;

	if (fab->ops->read(fab->ctx, seg, bus, devfn, PCI_VENDOR_ID, 4, &id))
		return ABSENT;
	id &= 0xffff;
	if (id == 0xffff || id == 0)
		return ABSENT;
	/* 0x0001 is a function answering Request Retry Status */
	return id == 0x0001 ? RETRY : PRESENT;
}

/* Keep a function that answered RRS, to look at again after the scan */
static void note_rrs(struct pci_kdump_fabric *fab, struct pci_kdump_seg *s,
		     u8 bus, u8 devfn)
{
	if (fab->nr_rrs >= PCI_KDUMP_MAX_RRS) {
		s->rrs_unseen++;
		return;
	}
	fab->rrs[fab->nr_rrs++] = (struct pci_kdump_rrs) {
			.seg = s->seg, .bus = bus, .devfn = devfn,
	};
}

static enum presence probe_slot(struct pci_kdump_fabric *fab,
				struct pci_kdump_seg *s, u8 bus, u8 devfn)
{
	enum presence p = present(fab, s->seg, bus, devfn);

	if (p == PRESENT)
		add_fn(fab, s, bus, devfn);
	else if (p == RETRY)
		note_rrs(fab, s, bus, devfn);
	return p;
}

static bool multifunction(struct pci_kdump_fabric *fab, u16 seg, u8 bus,
			  u8 devfn)
{
	u32 hdr;

	return !fab->ops->read(fab->ctx, seg, bus, devfn, PCI_HEADER_TYPE, 1,
			       &hdr) && (hdr & PCI_HEADER_TYPE_MFD);
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

/* The bridge that claims @bus, among the functions scanned so far */
static const struct pci_kdump_fn *
scanned_parent(const struct pci_kdump_fabric *fab, u16 seg, u8 bus)
{
	unsigned int i;

	for (i = 0; i < fab->nr; i++) {
		const struct pci_kdump_fn *b = &fab->fns[i];

		if (b->seg == seg && pci_kdump_is_bridge(b) &&
		    bridge_range_ok(b) && b->secondary == bus)
			return b;
	}
	return NULL;
}

/*
 * Below a PCIe downstream port only device 0 exists, as Linux's
 * only_one_child() assumes, so a device that ignores its device number is
 * not seen 32 times.  With ARI Forwarding on, device and function number
 * together are one 8-bit function number, and any of the 256 may exist
 * without its "function 0" (Linux follows the ARI Next Function chain;
 * looking at every one finds at least as much).
 */
enum bus_kind { ANY_DEVICES, DEVICE_0, ARI_FUNCTIONS };

static enum bus_kind bus_kind(const struct pci_kdump_fn *parent)
{
	if (!parent || !pci_kdump_is_downstream_port(parent))
		return ANY_DEVICES;
	return parent->devctl2 & PCI_EXP_DEVCTL2_ARI ? ARI_FUNCTIONS : DEVICE_0;
}

static void scan_bus(struct pci_kdump_fabric *fab, struct pci_kdump_seg *s,
		     unsigned int bus)
{
	enum bus_kind kind = bus_kind(scanned_parent(fab, s->seg, bus));
	unsigned int dev, fnum, ndev = kind == DEVICE_0 ? 1 : 32;
	enum presence p;

	for (dev = 0; dev < ndev; dev++) {
		p = probe_slot(fab, s, bus, PCI_DEVFN(dev, 0));
		if (p == ABSENT && kind != ARI_FUNCTIONS)
			continue;
		/*
		 * Functions 1-7 are there only on a multi-function device;
		 * while function 0 answers Request Retry Status that is not
		 * known yet, so they are looked at too.
		 */
		if (p == PRESENT && kind != ARI_FUNCTIONS &&
		    !multifunction(fab, s->seg, bus, PCI_DEVFN(dev, 0)))
			continue;
		for (fnum = 1; fnum < 8; fnum++)
			probe_slot(fab, s, bus, PCI_DEVFN(dev, fnum));
	}
	s->scanned[bus / 32] |= 1U << (bus % 32);
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
 * hierarchy from the numbers the bridges hold.  Buses are scanned in
 * ascending order; a believable bridge's secondary bus is above its own,
 * so the port above a bus is known when that bus is scanned.  Each bus
 * scanned is recorded for the segment's verdict.
 */
void pci_kdump_scan_segment(struct pci_kdump_fabric *fab, u16 seg,
			    u8 bus_start, u8 bus_end)
{
	struct pci_kdump_seg *s = seg_of(fab, seg);
	unsigned int bus;

	if (!s)
		return;
	for (bus = bus_start; bus <= bus_end; bus++)
		scan_bus(fab, s, bus);
}

/**
 * pci_kdump_scan_retry - look again at functions that answered RRS
 * @fab: a scanned fabric
 * @timeout_ms: how long to keep asking
 *
 * A function still completing a reset (the crashed kernel's, or a power-on
 * one) answers Request Retry Status.  It is added once it answers; one that
 * never does is counted against its segment's verdict, never taken as
 * absent.  The loop is bounded by iterations as well as by the clock, in
 * case the clock does not run yet.
 */
void pci_kdump_scan_retry(struct pci_kdump_fabric *fab, unsigned int timeout_ms)
{
	unsigned int i, left = fab->nr_rrs, polls = timeout_ms / PCI_KDUMP_POLL_MS + 1;
	u64 t0 = fab->ops->now_ms(fab->ctx);

	while (left && polls--) {
		for (i = 0; i < fab->nr_rrs; i++) {
			struct pci_kdump_rrs *r = &fab->rrs[i];
			enum presence p;

			if (r->settled)
				continue;
			p = present(fab, r->seg, r->bus, r->devfn);
			if (p == RETRY)
				continue;
			if (p == PRESENT)
				add_fn(fab, pci_kdump_find_seg(fab, r->seg),
				       r->bus, r->devfn);
			/* Gone for good is as fine as never there */
			r->settled = true;
			left--;
		}
		if (!left || fab->ops->now_ms(fab->ctx) - t0 >= timeout_ms)
			break;
		fab->ops->sleep_ms(fab->ctx, PCI_KDUMP_POLL_MS);
	}
	for (i = 0; i < fab->nr_rrs; i++)
		if (!fab->rrs[i].settled)
			pci_kdump_find_seg(fab, fab->rrs[i].seg)->rrs_unseen++;
}

/* Is @inner's whole range inside @outer's, @inner itself on a bus below? */
static bool nests(const struct pci_kdump_fn *inner,
		  const struct pci_kdump_fn *outer)
{
	return inner->bus >= outer->secondary &&
	       inner->subordinate <= outer->subordinate;
}

/* Was every bus below @b scanned?  If not, what is there was not seen. */
static bool range_scanned(const struct pci_kdump_seg *s,
			  const struct pci_kdump_fn *b)
{
	unsigned int bus;

	for (bus = b->secondary; bus <= b->subordinate; bus++)
		if (!bus_scanned(s, bus))
			return false;
	return true;
}

/* Count what keeps each segment's hierarchy from being seen whole */
static void check_bridges(struct pci_kdump_fabric *fab)
{
	unsigned int i, j;

	fab->bad_bridges = 0;
	for (i = 0; i < fab->nr_segs; i++) {
		fab->segs[i].bad_bridges = 0;
		fab->segs[i].conflicts = 0;
		fab->segs[i].unscanned_below = 0;
	}
	for (i = 0; i < fab->nr; i++) {
		struct pci_kdump_fn *b = &fab->fns[i];
		struct pci_kdump_seg *s = pci_kdump_find_seg(fab, b->seg);

		if (!pci_kdump_is_bridge(b))
			continue;
		if (!bridge_range_ok(b)) {
			fab->bad_bridges++;
			if (s)
				s->bad_bridges++;
			continue;
		}
		/*
		 * A bridge its parent does not forward to cannot be reached:
		 * what is behind it was not seen.  Linux's
		 * pci_scan_bridge_extend() refuses such ranges too.
		 */
		if (b->parent && b->subordinate > b->parent->subordinate) {
			fab->bad_bridges++;
			if (s)
				s->bad_bridges++;
			continue;
		}
		/* No record: functions listed by the caller, not scanned */
		if (!s)
			continue;
		if (!range_scanned(s, b))
			s->unscanned_below++;
		for (j = 0; j < i; j++) {
			const struct pci_kdump_fn *o = &fab->fns[j];

			if (pci_kdump_is_bridge(o) && bridge_range_ok(o) &&
			    o->seg == b->seg && o->secondary <= b->subordinate &&
			    b->secondary <= o->subordinate &&
			    !nests(o, b) && !nests(b, o))
				s->conflicts++;
		}
	}
}

/**
 * pci_kdump_link - set every function's parent bridge
 * @fab: a scanned fabric
 *
 * The parent of a function on bus N is the bridge in the same segment whose
 * secondary bus is N.  Two bridges whose bus ranges overlap without one
 * being below the other leave a device's real parent unknown: the
 * narrowest range is taken as a decoder would route it, and the overlap
 * is counted against the segment's verdict.  So are bogus ranges, ranges
 * outside the parent bridge's, and ranges reaching buses that were not
 * scanned.
 */
void pci_kdump_link(struct pci_kdump_fabric *fab)
{
	unsigned int i, j;

	for (i = 0; i < fab->nr; i++) {
		struct pci_kdump_fn *fn = &fab->fns[i];

		fn->parent = NULL;
		/* VFs sit below their PF's bridge, on whatever bus */
		if (fn->pf) {
			fn->parent = fn->pf->parent;
			continue;
		}
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
	check_bridges(fab);
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
