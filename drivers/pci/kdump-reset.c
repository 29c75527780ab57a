// SPDX-License-Identifier: GPL-2.0
/*
 * pci-kdump: stop DMA from devices the crashed kernel left running.
 *
 * In a kdump kernel booted with reset_devices, start_kernel() (or, without
 * a clock that runs that early, the first IOMMU driver or an early
 * initcall) finds every PCI function through raw config access, clears Bus
 * Master Enable, MSI, MSI-X and INTx bottom-up, then resets the functions
 * that were bus masters, all resets overlapped.  See
 * Documentation/admin-guide/kdump/pci-kdump-reset.rst.
 */
#define pr_fmt(fmt) "pci_kdump: " fmt

#include <linux/crash_dump.h>
#include <linux/init.h>
#include <linux/minmax.h>
#include <linux/moduleparam.h>
#include <linux/pci-kdump.h>
#include <linux/printk.h>
#include <linux/string.h>
#include "kdump.h"
#include "kdump-cfg.h"
#include "kdump-clock.h"
#include "kdump-inject.h"
#include "kdump-params.h"
#include "kdump-report.h"

#undef MODULE_PARAM_PREFIX
#define MODULE_PARAM_PREFIX "pci_kdump."

static char *mode_param;
module_param_named(mode, mode_param, charp, 0444);
MODULE_PARM_DESC(mode, "off, quiesce, reset (default) or all");

static char *skip_param;
module_param_named(skip, skip_param, charp, 0444);
MODULE_PARM_DESC(skip, "functions never touched: [seg:]bus:dev.fn or vendor:device, comma-separated");

static char *method_param;
module_param_named(method, method_param, charp, 0444);
MODULE_PARM_DESC(method, "forced methods: MATCH:flr|af_flr|pm|bus|none, comma-separated");

static unsigned int timeout_ms = PCI_KDUMP_TIMEOUT_MS;
module_param(timeout_ms, uint, 0444);
MODULE_PARM_DESC(timeout_ms, "bound on the readiness wait after reset (ms)");

static bool dry_run;
module_param(dry_run, bool, 0444);
MODULE_PARM_DESC(dry_run, "plan and log, touch nothing");

static bool force;
module_param(force, bool, 0444);
MODULE_PARM_DESC(force, "run on a normal boot too (for testing)");

static struct pci_kdump_state state;

static void __init read_params(struct pci_kdump_state *st)
{
	const struct pci_kdump_params p = {
		.mode = mode_param, .skip = skip_param, .method = method_param,
		.timeout_ms = timeout_ms, .dry_run = dry_run,
	};

	pci_kdump_read_params(&p, &st->mode, &st->pol, &st->dry_run);
}

static bool __init wanted(void)
{
	if (force)
		return true;
	return is_kdump_kernel() && reset_devices;
}

/*
 * Windows that could not be used still name their segment: it must not
 * come out clean for want of anything to look at.
 */
static void __init scan_windows(struct pci_kdump_fabric *fab)
{
	const struct pci_kdump_window *w;
	unsigned int i, n = pci_kdump_cfg_windows(&w);

	if (pci_kdump_cfg_lost())
		fab->segs_lost = true;
	for (i = 0; i < n; i++) {
		if (w[i].unusable)
			pci_kdump_seg_unreached(fab, w[i].seg, w[i].unusable);
		else
			pci_kdump_inject_scan(fab, w[i].seg, w[i].bus_start,
					      w[i].bus_end);
		if (!w[i].unusable && !w[i].base)
			pci_kdump_seg_legacy_cfg(fab, w[i].seg);
	}
}

static int __init run(struct pci_kdump_state *st)
{
	const struct pci_kdump_run hw = {
		.reach = pci_kdump_cfg_init,
		.ops = &pci_kdump_hw_ops,
		.scan_all = scan_windows,
	};

	read_params(st);
	return pci_kdump_run_phases(st, &hw);
}

static void __init first_run(struct pci_kdump_state *st)
{
	st->done = true;
	st->active = wanted();
	st->ret = st->active ? run(st) : -ENODEV;
	if (st->active)
		pci_kdump_log(st);
}

/**
 * pci_kdump_quiesce - quiesce and reset PCI DMA masters, once
 *
 * Called from start_kernel() (see pci_kdump_early_quiesce()), by IOMMU
 * drivers before they touch translation or interrupt-remapping state in a
 * kdump kernel (see iommu_kdump_handoff()), and by pci-kdump's early
 * initcall, whichever comes first.  Later calls return the first call's result.
 * May sleep once the scheduler runs; busy-waits before.
 *
 * __ref: the first call, the only one that reaches init code, always
 * happens during init, at the latest from pci-kdump's own early initcall.
 * Init calls run one at a time, so the flag needs no lock.
 *
 * Return: 0 when pci-kdump ran or was switched off, -ENODEV when it is not
 * active in this kernel, another negative errno when it could not run.
 */
int __ref pci_kdump_quiesce(void)
{
	if (!state.done)
		first_run(&state);
	return state.ret;
}

/**
 * pci_kdump_early_quiesce - run pci-kdump at the earliest point it can
 *
 * start_kernel() calls this once the page and slab allocators and ioremap()
 * work, before interrupts, timers or any IOMMU driver: from here on, what
 * the crashed kernel's devices would write is stopped, tens of
 * milliseconds of boot earlier than IOMMU setup and hundreds earlier than
 * an initcall.  Config space, the allocators and the ACPI and devicetree
 * tables all work here; the clock may not (see kdump-clock.c), and without
 * one the run is left to pci_kdump_quiesce()'s later callers.
 */
void __init pci_kdump_early_quiesce(void)
{
	if (pci_kdump_inject_late() || !pci_kdump_clock_init())
		return;
	pci_kdump_quiesce();
}

static bool in_scope(const struct pci_kdump_fn *fn, int seg)
{
	return seg == PCI_KDUMP_ALL_SEGMENTS || fn->seg == seg;
}

/**
 * pci_kdump_scope_clean - is every DMA master of a segment reset?
 * @seg: PCI segment, or PCI_KDUMP_ALL_SEGMENTS
 *
 * True when pci-kdump ran, the config space of @seg was reached and its
 * whole hierarchy seen, and every function of @seg that was a bus master
 * at entry was reset and came back (see pci_kdump_scope_verdict()).  An
 * IOMMU covering only @seg can then drop the crashed kernel's translation
 * state.
 */
bool pci_kdump_scope_clean(int seg)
{
	char why[128];

	return pci_kdump_scope_verdict(&state, seg, why, sizeof(why));
}
EXPORT_SYMBOL_GPL(pci_kdump_scope_clean);

/**
 * pci_kdump_dirty_rids - requester IDs whose old IOMMU entries must stay
 * @seg: PCI segment
 * @cb: called with each range of requester IDs that a function of @seg
 *	which may still do DMA may use, aliases included
 * @data: for @cb
 *
 * Return: false when pci-kdump did not run or did not see @seg whole:
 * then every requester ID of @seg may still be in use.
 */
bool pci_kdump_dirty_rids(u16 seg, pci_kdump_rid_fn_t cb, void *data)
{
	return pci_kdump_dirty_rids_of(&state, seg, cb, data);
}
EXPORT_SYMBOL_GPL(pci_kdump_dirty_rids);

/**
 * pci_kdump_scope_seen - does pci-kdump know which DMA masters may still
 *	do DMA?
 * @seg: PCI segment, or PCI_KDUMP_ALL_SEGMENTS
 *
 * True when pci-kdump ran and saw @seg whole (see pci_kdump_seg_seen()).
 */
bool pci_kdump_scope_seen(int seg)
{
	char why[128];

	return pci_kdump_seg_seen(&state, seg, why, sizeof(why));
}
EXPORT_SYMBOL_GPL(pci_kdump_scope_seen);

/**
 * pci_kdump_rid_dirty - may DMA with this requester ID still come from the
 *	crashed kernel's programming?
 * @seg: PCI segment
 * @rid: requester ID
 *
 * True when a function that may still do DMA may use @rid, or when
 * pci-kdump did not see @seg whole.
 */
bool pci_kdump_rid_dirty(u16 seg, u16 rid)
{
	return pci_kdump_rids_dirty(&state, seg, rid, rid);
}
EXPORT_SYMBOL_GPL(pci_kdump_rid_dirty);

/**
 * pci_kdump_note_kept - an IOMMU kept old entries for these requester IDs
 * @seg: PCI segment
 * @first: first requester ID the entry covers
 * @last: last one
 *
 * The report lines of the functions concerned say so.
 */
void pci_kdump_note_kept(u16 seg, u16 first, u16 last)
{
	pci_kdump_mark_kept(&state, seg, first, last);
}
EXPORT_SYMBOL_GPL(pci_kdump_note_kept);

/**
 * pci_kdump_log_dirty - log why a scope cannot start clean
 * @seg: PCI segment, or PCI_KDUMP_ALL_SEGMENTS
 *
 * The reason, then each function that may still do DMA.
 */
void pci_kdump_log_dirty(int seg)
{
	char line[256];
	unsigned int i;

	if (!pci_kdump_scope_verdict(&state, seg, line, sizeof(line)))
		pr_warn("  %s\n", line);
	if (!state.done || state.ret)
		return;
	if (state.dry_run || state.mode == PCI_KDUMP_MODE_QUIESCE)
		pr_warn("  pci_kdump.%s: nothing was reset\n",
			state.dry_run ? "dry_run" : "mode=quiesce");
	for (i = 0; i < state.fab.nr; i++) {
		const struct pci_kdump_fn *fn = &state.fab.fns[i];

		if (!in_scope(fn, seg) ||
		    pci_kdump_outcome_of(&state, fn) != PCI_KDUMP_DIRTY)
			continue;
		pci_kdump_format_fn(line, sizeof(line), &state, fn);
		pr_warn("  may still do DMA: %s\n", line);
	}
}

const struct pci_kdump_state *pci_kdump_get_state(void)
{
	return state.done ? &state : NULL;
}

static int __init pci_kdump_early_init(void)
{
	pci_kdump_quiesce();
	return 0;
}
early_initcall(pci_kdump_early_init);
