// SPDX-License-Identifier: GPL-2.0
/*
 * pci-kdump decision table: which reset each function gets, and whether that
 * is safe.
 *
 * This file is compiled twice: into the capture kernel and into the
 * pci-reset-audit tool, so what the audit promises is what the kernel does.
 * It only looks at the fields pci_kdump_probe_fn() read from config space.
 */
#include <linux/array_size.h>
#include <linux/pci.h>
#include <linux/pci_ids.h>
#include <linux/sprintf.h>
#include <linux/string.h>
#include "kdump.h"

/*
 * The facts Linux 6.12 records in drivers/pci/quirks.c as
 * PCI_DEV_FLAGS_NO_{FLR,BUS,PM}_RESET and pci_dev_reset_methods[], plus the
 * NVMe quiesce every controller gets in a capture kernel: its queues were
 * live when the first kernel died.
 */
#define ROW(v, d, flag, text) \
	{ .vendor = (v), .device = (d), .flags = (flag), .why = (text) }
#define NO_FLR(v, d)	ROW(v, d, PCI_KDUMP_Q_NO_FLR, "FLR hangs it")
#define NO_BUS(v, d)	ROW(v, d, PCI_KDUMP_Q_NO_BUS, "bus reset breaks it")
#define NO_PM(v, d)	ROW(v, d, PCI_KDUMP_Q_NO_PM, "PM reset ineffective")
#define ALIAS_SLOT(v, d) \
	ROW(v, d, PCI_KDUMP_Q_ALIAS_SLOT, "DMA uses another function's ID")
#define ALIAS_BUS(v, d) \
	ROW(v, d, PCI_KDUMP_Q_ALIAS_BUS, "DMA uses another device's ID")
#define NVME_FLR(v, d, ms) \
	{ .vendor = (v), .device = (d), .class = 0x0108, \
	  .prepare = PCI_KDUMP_PREP_NVME_DISABLE, .post_reset_ms = (ms), \
	  .why = "NVMe: disable, then FLR" }

static const struct pci_kdump_quirk pci_kdump_quirks[] = {
	NO_FLR(PCI_VENDOR_ID_AMD, 0x1487),
	NO_FLR(PCI_VENDOR_ID_AMD, 0x148c),
	NO_FLR(PCI_VENDOR_ID_AMD, 0x149c),
	NO_FLR(PCI_VENDOR_ID_AMD, 0x7901),
	NO_FLR(PCI_VENDOR_ID_INTEL, 0x1502),
	NO_FLR(PCI_VENDOR_ID_INTEL, 0x1503),
	NO_FLR(PCI_VENDOR_ID_MEDIATEK, 0x0616),
	NO_FLR(PCI_VENDOR_ID_MEDIATEK, 0x7925),
	/* Linux spares revisions other than 1; without a driver, be careful */
	NO_FLR(PCI_VENDOR_ID_SOLIDRUN, 0x1000),

	NO_BUS(PCI_VENDOR_ID_NVIDIA, 0x22ce),
	NO_BUS(PCI_VENDOR_ID_NVIDIA, 0x22d0),
	{ .vendor = PCI_VENDOR_ID_NVIDIA, .device = 0x2340, .device_mask = 0xffc0,
	  .flags = PCI_KDUMP_Q_NO_BUS, .why = "bus reset breaks it" },
	NO_BUS(PCI_VENDOR_ID_ATHEROS, 0x0030),
	NO_BUS(PCI_VENDOR_ID_ATHEROS, 0x0032),
	NO_BUS(PCI_VENDOR_ID_ATHEROS, 0x003c),
	NO_BUS(PCI_VENDOR_ID_ATHEROS, 0x0033),
	NO_BUS(PCI_VENDOR_ID_ATHEROS, 0x0034),
	NO_BUS(PCI_VENDOR_ID_ATHEROS, 0x003e),
	NO_BUS(PCI_VENDOR_ID_QCOM, 0x1103),
	NO_BUS(PCI_VENDOR_ID_QCOM, 0x1107),
	NO_BUS(PCI_VENDOR_ID_QCOM, 0x0308),
	NO_BUS(PCI_VENDOR_ID_CAVIUM, 0xa100),
	NO_BUS(PCI_VENDOR_ID_TI, 0xb005),
	NO_BUS(PCI_VENDOR_ID_ASMEDIA, 0x1164),

	{ .vendor = PCI_VENDOR_ID_ATI, .device = PCI_KDUMP_ANY_ID,
	  .class = 0x0300, .flags = PCI_KDUMP_Q_NO_PM,
	  .why = "PM reset ineffective" },
	NO_PM(PCI_VENDOR_ID_MELLANOX, 0xcb84),
	NO_PM(PCI_VENDOR_ID_MELLANOX, 0xcf6c),
	NO_PM(PCI_VENDOR_ID_MELLANOX, 0xcf70),
	NO_PM(PCI_VENDOR_ID_MELLANOX, 0xcf80),
	/*
	 * QEMU's e1000e model (subsystem 8086:0000) advertises NoSoftRst- but
	 * keeps its RX ring across D3hot->D0 and DMAs into it again once a
	 * driver sets Bus Master Enable.  Linux still lists pm for it, so
	 * this only steers pci-kdump to the next method.
	 */
	{ .vendor = PCI_VENDOR_ID_INTEL, .device = 0x10d3,
	  .subvendor = PCI_VENDOR_ID_INTEL, .subdevice = 0x0000,
	  .flags = PCI_KDUMP_Q_KDUMP_NO_PM, .why = "PM reset keeps DMA state" },

	/*
	 * DMA that carries another function's requester ID, which the IOMMU
	 * must keep for it: the devices of Linux's quirk_dma_func0_alias()
	 * and quirk_dma_func1_alias() (another function of the slot), and
	 * of quirk_fixed_dma_alias(), quirk_mic_x200_dma_alias() and
	 * quirk_pex_vca_alias() (other devices on the bus)
	 */
	ALIAS_SLOT(PCI_VENDOR_ID_RICOH, 0xe832),
	ALIAS_SLOT(PCI_VENDOR_ID_RICOH, 0xe476),
	ALIAS_SLOT(PCI_VENDOR_ID_GLENFLY, 0x3d40),
	ALIAS_SLOT(PCI_VENDOR_ID_GLENFLY, 0x3d41),
	ALIAS_SLOT(PCI_VENDOR_ID_MARVELL_EXT, 0x9120),
	ALIAS_SLOT(PCI_VENDOR_ID_MARVELL_EXT, 0x9123),
	ALIAS_SLOT(PCI_VENDOR_ID_MARVELL_EXT, 0x9125),
	ALIAS_SLOT(PCI_VENDOR_ID_MARVELL_EXT, 0x9128),
	ALIAS_SLOT(PCI_VENDOR_ID_MARVELL_EXT, 0x9130),
	ALIAS_SLOT(PCI_VENDOR_ID_MARVELL_EXT, 0x9170),
	ALIAS_SLOT(PCI_VENDOR_ID_MARVELL_EXT, 0x9172),
	ALIAS_SLOT(PCI_VENDOR_ID_MARVELL_EXT, 0x917a),
	ALIAS_SLOT(PCI_VENDOR_ID_MARVELL_EXT, 0x9182),
	ALIAS_SLOT(PCI_VENDOR_ID_MARVELL_EXT, 0x9183),
	ALIAS_SLOT(PCI_VENDOR_ID_MARVELL_EXT, 0x91a0),
	ALIAS_SLOT(PCI_VENDOR_ID_MARVELL_EXT, 0x9215),
	ALIAS_SLOT(PCI_VENDOR_ID_MARVELL_EXT, 0x9220),
	ALIAS_SLOT(PCI_VENDOR_ID_MARVELL_EXT, 0x9230),
	ALIAS_SLOT(PCI_VENDOR_ID_MARVELL_EXT, 0x9235),
	ALIAS_SLOT(PCI_VENDOR_ID_TTI, 0x0642),
	ALIAS_SLOT(PCI_VENDOR_ID_TTI, 0x0645),
	ALIAS_SLOT(PCI_VENDOR_ID_JMICRON, PCI_DEVICE_ID_JMICRON_JMB388_ESD),
	ALIAS_SLOT(0x1c28, 0x0122),	/* Lite-On Plextor M6E */
	ALIAS_BUS(PCI_VENDOR_ID_ADAPTEC2, 0x0285),
	ALIAS_BUS(PCI_VENDOR_ID_INTEL, 0x2260),
	ALIAS_BUS(PCI_VENDOR_ID_INTEL, 0x2264),
	ALIAS_BUS(PCI_VENDOR_ID_INTEL, 0x2954),
	ALIAS_BUS(PCI_VENDOR_ID_INTEL, 0x2955),
	ALIAS_BUS(PCI_VENDOR_ID_INTEL, 0x2956),
	ALIAS_BUS(PCI_VENDOR_ID_INTEL, 0x2958),
	ALIAS_BUS(PCI_VENDOR_ID_INTEL, 0x2959),
	ALIAS_BUS(PCI_VENDOR_ID_INTEL, 0x295a),

	/* Controllers that time out if used too soon after FLR */
	NVME_FLR(PCI_VENDOR_ID_INTEL, 0x0953, 250),
	NVME_FLR(PCI_VENDOR_ID_INTEL, 0x0a54, 250),
	NVME_FLR(PCI_VENDOR_ID_SOLIDIGM, 0xf1ac, 250),
	/* Every other NVMe controller: its queues were live at the crash */
	NVME_FLR(PCI_KDUMP_ANY_ID, PCI_KDUMP_ANY_ID, 0),
};

/**
 * pci_kdump_find_quirk - find the first quirk row matching a function
 * @fn: the function, as probed
 *
 * Return: the row, or NULL when the generic rules apply unchanged.
 */
static const struct pci_kdump_quirk *
pci_kdump_find_quirk(const struct pci_kdump_fn *fn)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(pci_kdump_quirks); i++) {
		const struct pci_kdump_quirk *q = &pci_kdump_quirks[i];
		u16 mask = q->device_mask ? q->device_mask : 0xffff;

		if (q->vendor != PCI_KDUMP_ANY_ID && q->vendor != fn->vendor)
			continue;
		if (q->device != PCI_KDUMP_ANY_ID &&
		    q->device != (fn->device & mask))
			continue;
		if (q->class && q->class != fn->class >> 8)
			continue;
		if (q->subvendor && (q->subvendor != fn->subvendor ||
				     q->subdevice != fn->subdevice))
			continue;
		return q;
	}
	return NULL;
}

static u8 quirk_flags(const struct pci_kdump_fn *fn)
{
	const struct pci_kdump_quirk *q = pci_kdump_find_quirk(fn);
	u8 flags = q ? q->flags : 0;

	/*
	 * Linux applies NO_PM only off the root bus: there a bus reset is
	 * impossible and an ineffective PM reset beats nothing.
	 */
	if (!fn->parent)
		flags &= ~PCI_KDUMP_Q_NO_PM;
	return flags;
}

static bool can_flr(const struct pci_kdump_fn *fn)
{
	return fn->exp_cap && (fn->devcap & PCI_EXP_DEVCAP_FLR) &&
	       !(quirk_flags(fn) & PCI_KDUMP_Q_NO_FLR);
}

/*
 * For a CXL device with CXL.mem enabled only FLR is known to leave its
 * memory alone (CXL r3.1 sec 9.5); PM and bus resets may not.
 */
static bool can_af_flr(const struct pci_kdump_fn *fn)
{
	return !fn->cxl_mem && fn->af_cap && (fn->af_flags & PCI_AF_CAP_TP) &&
	       (fn->af_flags & PCI_AF_CAP_FLR) &&
	       !(quirk_flags(fn) & PCI_KDUMP_Q_NO_FLR);
}

static bool can_pm(const struct pci_kdump_fn *fn)
{
	return !fn->cxl_mem && fn->pm_cap &&
	       !(fn->pmcsr & PCI_PM_CTRL_NO_SOFT_RESET) &&
	       !(quirk_flags(fn) & PCI_KDUMP_Q_NO_PM);
}

static bool shares_bus(const struct pci_kdump_fabric *fab,
		       const struct pci_kdump_fn *fn)
{
	unsigned int i;

	for (i = 0; i < fab->nr; i++) {
		const struct pci_kdump_fn *o = &fab->fns[i];

		if (o != fn && o->seg == fn->seg && o->bus == fn->bus)
			return true;
	}
	return false;
}

/**
 * pci_kdump_linux_methods - reset methods Linux 6.12 would offer
 * @fab: the fabric @fn belongs to
 * @fn: the function
 *
 * Mirrors the probe half of pcie_reset_flr(), pci_af_flr(), pci_pm_reset()
 * and pci_parent_bus_reset() as they answer when a reset is attempted (not
 * the reset_method list cached at enumeration).  Device-specific, ACPI and
 * hotplug-slot resets are not visible in config space and are left out.
 *
 * Return: a mask of PCI_KDUMP_LINUX_* bits.
 */
unsigned int pci_kdump_linux_methods(const struct pci_kdump_fabric *fab,
				     const struct pci_kdump_fn *fn)
{
	unsigned int methods = 0;

	if (can_flr(fn))
		methods |= PCI_KDUMP_LINUX_FLR;
	if (can_af_flr(fn))
		methods |= PCI_KDUMP_LINUX_AF_FLR;
	if (can_pm(fn))
		methods |= PCI_KDUMP_LINUX_PM;
	if (fn->parent && !pci_kdump_is_bridge(fn) &&
	    !(quirk_flags(fn) & PCI_KDUMP_Q_NO_BUS) &&
	    !shares_bus(fab, fn))
		methods |= PCI_KDUMP_LINUX_BUS;
	return methods;
}

/**
 * pci_kdump_match - does a skip or override rule name this function?
 * @m: the rule
 * @fn: the function
 */
bool pci_kdump_match(const struct pci_kdump_match *m,
		     const struct pci_kdump_fn *fn)
{
	if (m->by_id)
		return m->vendor == fn->vendor &&
		       (m->device == PCI_KDUMP_ANY_ID || m->device == fn->device);
	return m->seg == fn->seg && m->bus == fn->bus && m->devfn == fn->devfn;
}

/**
 * pci_kdump_is_console_vga - is this the firmware console's VGA device?
 * @fn: the function, linked into its fabric
 *
 * The legacy VGA device decodes the VGA ranges, which needs its own memory
 * or I/O decode and VGA forwarding on every bridge above it, the same test
 * the VGA arbiter uses to pick the boot device.  Resetting it loses the
 * only console many servers have while the dump is taken.
 */
static bool pci_kdump_is_console_vga(const struct pci_kdump_fn *fn)
{
	const struct pci_kdump_fn *b;

	if (fn->class >> 8 != 0x0300)
		return false;
	if (!(fn->entry_cmd & (PCI_COMMAND_IO | PCI_COMMAND_MEMORY)))
		return false;
	for (b = fn->parent; b; b = b->parent)
		if (!(b->bridge_ctl & PCI_BRIDGE_CTL_VGA))
			return false;
	return true;
}

static bool is_skipped(const struct pci_kdump_policy *pol,
		       const struct pci_kdump_fn *fn)
{
	unsigned int i;

	for (i = 0; i < pol->nr_skip; i++)
		if (pci_kdump_match(&pol->skip[i], fn))
			return true;
	return false;
}

/*
 * A PF and its VFs are one device: the PF's reset, or VF Enable cleared,
 * takes every VF down.  So a skipped VF keeps its PF, and with it every
 * other VF, untouched.
 */
static const struct pci_kdump_fn *
skipped_vf(const struct pci_kdump_fabric *fab,
	   const struct pci_kdump_policy *pol, const struct pci_kdump_fn *pf)
{
	unsigned int i;

	if (!(pf->entry & PCI_KDUMP_ENTRY_VFS))
		return NULL;
	for (i = 0; i < fab->nr; i++)
		if (fab->fns[i].pf == pf && is_skipped(pol, &fab->fns[i]))
			return &fab->fns[i];
	return NULL;
}

static const struct pci_kdump_override *
find_override(const struct pci_kdump_policy *pol, const struct pci_kdump_fn *fn)
{
	unsigned int i;

	for (i = 0; i < pol->nr_overrides; i++)
		if (pci_kdump_match(&pol->overrides[i].match, fn))
			return &pol->overrides[i];
	return NULL;
}

/*
 * Why may nothing below @bridge go down with a secondary bus reset?  Returns
 * NULL when everything may, or the first function that forbids it, with
 * @why saying how.
 */
static const struct pci_kdump_fn *
sbr_blocker(const struct pci_kdump_fabric *fab,
	    const struct pci_kdump_policy *pol,
	    const struct pci_kdump_fn *bridge, const char **why)
{
	unsigned int i;

	if (quirk_flags(bridge) & PCI_KDUMP_Q_NO_BUS) {
		*why = "forbids bus reset";
		return bridge;
	}
	/* A skipped bridge is not touched, and an SBR is written to it */
	if (is_skipped(pol, bridge)) {
		*why = "is skipped";
		return bridge;
	}
	if (bridge->cxl_sbr_masked) {
		*why = "masks bus reset (CXL)";
		return bridge;
	}
	for (i = 0; i < fab->nr; i++) {
		const struct pci_kdump_fn *o = &fab->fns[i];
		const struct pci_kdump_override *ovr;

		if (!pci_kdump_is_below(o, bridge))
			continue;
		ovr = find_override(pol, o);
		if (quirk_flags(o) & PCI_KDUMP_Q_NO_BUS)
			*why = "forbids bus reset";
		else if (o->cxl_mem)
			*why = "serves CXL memory the dump needs";
		else if (is_skipped(pol, o))
			*why = "is skipped";
		else if (ovr && ovr->method == PCI_KDUMP_M_NONE)
			*why = "must not be reset";
		else if (pci_kdump_is_console_vga(o) && !ovr)
			*why = "is the console VGA";
		else
			continue;
		return o;
	}
	return NULL;
}

/*
 * @chosen: the administrator named the method; pci-kdump's own PM quirks
 * only steer its automatic choice.
 */
static bool method_possible(const struct pci_kdump_fabric *fab,
			    const struct pci_kdump_policy *pol,
			    const struct pci_kdump_fn *fn,
			    enum pci_kdump_method m, bool chosen)
{
	const char *why;

	switch (m) {
	case PCI_KDUMP_M_FLR:
		return can_flr(fn);
	case PCI_KDUMP_M_AF_FLR:
		return can_af_flr(fn);
	case PCI_KDUMP_M_PM:
		return can_pm(fn) &&
		       (chosen || !(quirk_flags(fn) & PCI_KDUMP_Q_KDUMP_NO_PM));
	case PCI_KDUMP_M_BUS:
		return fn->parent && !sbr_blocker(fab, pol, fn->parent, &why);
	case PCI_KDUMP_M_NONE:
		return true;
	default:
		return false;
	}
}

static void explain_none(const struct pci_kdump_fabric *fab,
			 const struct pci_kdump_policy *pol,
			 struct pci_kdump_fn *fn)
{
	const struct pci_kdump_fn *blocker;
	const char *flr, *pm, *why;

	if (fn->exp_cap && (fn->devcap & PCI_EXP_DEVCAP_FLR))
		flr = "FLR quirked off";
	else
		flr = "no FLR";
	if (fn->cxl_mem)
		pm = "CXL.mem on, so FLR only";
	else if (!fn->pm_cap)
		pm = "no PM";
	else if (fn->pmcsr & PCI_PM_CTRL_NO_SOFT_RESET)
		pm = "NoSoftRst+";
	else
		pm = "PM reset quirked off";

	if (!fn->parent) {
		snprintf(fn->reason, sizeof(fn->reason),
			 "%s; %s; on a root bus, so no bus reset", flr, pm);
		return;
	}
	blocker = sbr_blocker(fab, pol, fn->parent, &why);
	if (blocker == fn)
		snprintf(fn->reason, sizeof(fn->reason), "%s; %s; %s", flr, pm,
			 why);
	else
		snprintf(fn->reason, sizeof(fn->reason),
			 "%s; %s; below %02x:%02x.%d, %02x:%02x.%d %s, so no bus reset",
			 flr, pm, fn->parent->bus, PCI_SLOT(fn->parent->devfn),
			 PCI_FUNC(fn->parent->devfn), blocker->bus,
			 PCI_SLOT(blocker->devfn), PCI_FUNC(blocker->devfn), why);
}

/* A PF left without a reset still loses its VFs (kdump-exec.c stop_vfs()) */
static void note_vfs_cleared(struct pci_kdump_fn *fn)
{
	size_t n = strlen(fn->reason);

	if (fn->entry & PCI_KDUMP_ENTRY_VFS)
		snprintf(fn->reason + n, sizeof(fn->reason) - n,
			 "; VF Enable cleared instead");
}

static void decide_fn(struct pci_kdump_fabric *fab,
		      const struct pci_kdump_policy *pol,
		      struct pci_kdump_fn *fn)
{
	static const enum pci_kdump_method order[] = {
		PCI_KDUMP_M_FLR, PCI_KDUMP_M_AF_FLR, PCI_KDUMP_M_PM,
		PCI_KDUMP_M_BUS,
	};
	const struct pci_kdump_override *ovr = find_override(pol, fn);
	const struct pci_kdump_fn *vf;
	unsigned int i;

	fn->quirk = pci_kdump_find_quirk(fn);
	fn->reason[0] = '\0';
	fn->sbr_bridge = NULL;

	if (is_skipped(pol, fn)) {
		fn->method = PCI_KDUMP_M_SKIP;
		fn->safe = false;
		snprintf(fn->reason, sizeof(fn->reason),
			 "skipped by pci_kdump.skip");
		return;
	}
	vf = skipped_vf(fab, pol, fn);
	if (vf || (fn->pf && fn->pf->method == PCI_KDUMP_M_SKIP)) {
		fn->method = PCI_KDUMP_M_SKIP;
		fn->safe = false;
		if (vf)
			snprintf(fn->reason, sizeof(fn->reason),
				 "its VF %02x:%02x.%d is skipped", vf->bus,
				 PCI_SLOT(vf->devfn), PCI_FUNC(vf->devfn));
		else
			snprintf(fn->reason, sizeof(fn->reason),
				 "its PF is skipped");
		return;
	}
	if (fn->pf) {
		fn->method = PCI_KDUMP_M_PF;
		fn->safe = true;
		if (ovr)
			snprintf(fn->reason, sizeof(fn->reason),
				 "override not applied: a VF goes down with its PF");
		return;
	}
	if (pci_kdump_is_bridge(fn) || fn->class >> 8 == 0x0600) {
		/* Bridges forward DMA but do not originate it */
		fn->method = PCI_KDUMP_M_QUIESCE;
		fn->safe = true;
		return;
	}
	if (ovr) {
		if (method_possible(fab, pol, fn, ovr->method, true)) {
			fn->method = ovr->method;
			fn->safe = ovr->method != PCI_KDUMP_M_NONE;
			if (!fn->safe) {
				snprintf(fn->reason, sizeof(fn->reason),
					 "pci_kdump.method says none");
				note_vfs_cleared(fn);
			}
			return;
		}
		snprintf(fn->reason, sizeof(fn->reason),
			 "override %s not possible",
			 pci_kdump_method_name(ovr->method));
	} else if (pci_kdump_is_console_vga(fn)) {
		fn->method = PCI_KDUMP_M_NONE;
		fn->safe = false;
		snprintf(fn->reason, sizeof(fn->reason),
			 "console VGA, left alone (pci_kdump.method overrides)");
		return;
	}

	for (i = 0; i < ARRAY_SIZE(order); i++) {
		if (method_possible(fab, pol, fn, order[i], false)) {
			fn->method = order[i];
			fn->safe = true;
			return;
		}
	}
	fn->method = PCI_KDUMP_M_NONE;
	fn->safe = false;
	if (!fn->reason[0])
		explain_none(fab, pol, fn);
	note_vfs_cleared(fn);
}

/**
 * pci_kdump_decide - choose a reset method for every function
 * @fab: a scanned and linked fabric
 * @pol: skip lists and overrides
 *
 * The order is: skip (a PF and its VFs as one), a VF goes with its PF,
 * override, per-device quirk, FLR, AF FLR, PM reset,
 * secondary bus reset of the parent when everything below it may go down
 * together, and none.  A function below a bridge that some function resets
 * by SBR is reset by that SBR too, so it records the bridge in @sbr_bridge
 * and gets no reset of its own.
 */
void pci_kdump_decide(struct pci_kdump_fabric *fab,
		      const struct pci_kdump_policy *pol)
{
	unsigned int i, j;

	for (i = 0; i < fab->nr; i++)
		decide_fn(fab, pol, &fab->fns[i]);

	for (i = 0; i < fab->nr; i++) {
		struct pci_kdump_fn *fn = &fab->fns[i];

		if (fn->method != PCI_KDUMP_M_BUS)
			continue;
		for (j = 0; j < fab->nr; j++) {
			struct pci_kdump_fn *o = &fab->fns[j];

			/* The highest SBR bridge wins: it covers the rest */
			if (pci_kdump_is_below(o, fn->parent) &&
			    (!o->sbr_bridge ||
			     pci_kdump_is_below(o->sbr_bridge, fn->parent)))
				o->sbr_bridge = fn->parent;
		}
	}
}

/**
 * pci_kdump_method_name - name of a method, as parameters and reports spell it
 * @method: the method
 */
const char *pci_kdump_method_name(enum pci_kdump_method method)
{
	static const char * const names[PCI_KDUMP_M_COUNT] = {
		[PCI_KDUMP_M_NONE] = "none",
		[PCI_KDUMP_M_FLR] = "flr",
		[PCI_KDUMP_M_AF_FLR] = "af_flr",
		[PCI_KDUMP_M_PM] = "pm",
		[PCI_KDUMP_M_BUS] = "bus",
		[PCI_KDUMP_M_QUIESCE] = "quiesce",
		[PCI_KDUMP_M_SKIP] = "skip",
		[PCI_KDUMP_M_PF] = "pf",
	};

	if ((unsigned int)method >= PCI_KDUMP_M_COUNT)
		return "?";
	return names[method];
}
