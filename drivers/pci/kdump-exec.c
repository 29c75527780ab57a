// SPDX-License-Identifier: GPL-2.0
/*
 * pci-kdump execution: quiesce every function bottom-up, then reset the
 * bus masters with all resets overlapped, one wait, one readiness loop and a
 * top-down restore.  Everything goes through pci_kdump_ops, so KUnit runs
 * the same code on a simulated fabric.  The run that strings the steps
 * together, pci_kdump_run_phases(), is here too: the capture kernel and
 * pci-reset-audit's prediction both call it.
 */
#define pr_fmt(fmt) "pci_kdump: " fmt

#include <linux/errno.h>
#include <linux/init.h>
#include <linux/minmax.h>
#include <linux/math.h>
#include <linux/overflow.h>
#include <linux/printk.h>
#include <linux/slab.h>
#include <linux/sprintf.h>
#include <linux/string.h>
#include "kdump.h"
#include "kdump-inject.h"
#include "kdump-report.h"

/*
 * Phase 1.  Clearing Bus Master Enable stops new DMA; MSI and MSI-X are
 * memory writes too, and INTx would fire into an interrupt controller the
 * capture kernel has not set up.
 */
static void quiesce_fn(struct pci_kdump_fabric *fab, struct pci_kdump_fn *fn)
{
	u16 cmd = fn->entry_cmd;

	pci_kdump_wr(fab, fn, PCI_COMMAND, 2,
		     (cmd & ~PCI_COMMAND_MASTER) | PCI_COMMAND_INTX_DISABLE);
	if (fn->entry & PCI_KDUMP_ENTRY_MSI)
		pci_kdump_wr(fab, fn, fn->msi_cap + PCI_MSI_FLAGS, 2,
			     pci_kdump_rd(fab, fn, fn->msi_cap + PCI_MSI_FLAGS, 2) &
			     ~PCI_MSI_FLAGS_ENABLE);
	if (fn->entry & PCI_KDUMP_ENTRY_MSIX)
		pci_kdump_wr(fab, fn, fn->msix_cap + PCI_MSIX_FLAGS, 2,
			     pci_kdump_rd(fab, fn, fn->msix_cap + PCI_MSIX_FLAGS, 2) &
			     ~PCI_MSIX_FLAGS_ENABLE);
	fn->bme_off = !(pci_kdump_rd(fab, fn, PCI_COMMAND, 2) & PCI_COMMAND_MASTER);
	fn->result = PCI_KDUMP_R_QUIESCED;
}

/**
 * pci_kdump_quiesce_fabric - phase 1: stop DMA and interrupts everywhere
 * @fab: a decided fabric
 * @order: @fab's functions bottom-up, from pci_kdump_bottom_up()
 * @n: entries in @order
 */
void pci_kdump_quiesce_fabric(struct pci_kdump_fabric *fab,
			      struct pci_kdump_fn **order, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		struct pci_kdump_fn *fn = order[i];

		if (fn->method == PCI_KDUMP_M_SKIP)
			fn->result = PCI_KDUMP_R_SKIPPED;
		else
			quiesce_fn(fab, fn);
	}
}

/* Does a reset of this function belong to phase 2? */
static bool wants_reset(const struct pci_kdump_fn *fn, bool reset_all)
{
	if (fn->method == PCI_KDUMP_M_SKIP || fn->method == PCI_KDUMP_M_QUIESCE)
		return false;
	return reset_all || pci_kdump_was_master(fn);
}

/* Decode a Readiness Time Reporting field: value x 32^scale ns */
static u32 rtr_ms(u32 field)
{
	u64 ns = field & 0x1ff;
	unsigned int scale = (field >> 9) & 7;

	while (scale--)
		ns *= 32;
	return DIV_ROUND_UP_ULL(ns, 1000000);
}

/* A reported time counts only with its Valid bit (probe checks bounds) */
static bool rtr_valid(const struct pci_kdump_fn *fn)
{
	return fn->rtr_cap && (fn->rtr[0] & PCI_KDUMP_RTR1_VALID);
}

/* Mandatory delay after releasing a function-level reset */
static u32 fn_reset_delay(const struct pci_kdump_fn *fn)
{
	u32 extra = fn->quirk ? fn->quirk->post_reset_ms : 0;

	/*
	 * Immediate Readiness (Status) covers resets, not the return to D0,
	 * which has its own bit; Linux's pci_pm_reset() waits the 10 ms too.
	 */
	if (fn->method == PCI_KDUMP_M_PM) {
		if (rtr_valid(fn))
			return rtr_ms(fn->rtr[1] >> 12);
		return PCI_KDUMP_D3HOT_DELAY_MS;
	}
	if (fn->imm_ready)
		return extra;
	if (rtr_valid(fn))
		return rtr_ms(fn->rtr[1]) + extra;
	return PCI_KDUMP_FLR_DELAY_MS + extra;
}

/*
 * Links faster than 5 GT/s may take longer to train; Linux waits for Data
 * Link Layer Link Active before its 100 ms on those ports
 * (pci_bridge_wait_for_secondary_bus()).  The bit is trusted only where it
 * was seen set at entry: a port that advertises Link Active Reporting but
 * showed the link down while the device below it answered (QEMU 7.2's
 * root and downstream ports do this for devices present at boot) gets the
 * wait of a port that cannot report it.
 */
static bool waits_for_link(const struct pci_kdump_fn *bridge)
{
	return (bridge->lnkcap & PCI_EXP_LNKCAP_SLS) > PCI_EXP_LNKCAP_SLS_5_0GB &&
	       (bridge->lnkcap & PCI_EXP_LNKCAP_DLLLARC) &&
	       (bridge->lnksta & PCI_EXP_LNKSTA_DLLLA);
}

/*
 * Mandatory delay below a bridge once its secondary side is out of reset:
 * 100 ms on a PCIe downstream port (counted from Link Active where the link
 * is faster than 5 GT/s; 1 s more where it cannot report Link Active);
 * 100 ms below a switch's upstream port, whose secondary bus is inside the
 * switch, with no link to train, but whose ports still need the 100 ms
 * after a Conventional Reset (PCIe r6.0 sec 6.6.1; Linux waits for
 * neither and relies on polling); 1 s below anything else, which
 * conventional PCI requires.  Children that all report their own reset
 * time shorten that.
 */
static u32 sbr_delay(const struct pci_kdump_fabric *fab,
		     const struct pci_kdump_fn *bridge)
{
	u32 delay = PCI_KDUMP_SBR_DELAY_MS;
	u32 child_max = 0;
	bool all_rtr = true;
	unsigned int i;

	if (bridge->exp_cap && pci_kdump_exp_type(bridge) == PCI_EXP_TYPE_UPSTREAM)
		delay = PCI_KDUMP_LINK_DELAY_MS;
	if (pci_kdump_is_downstream_port(bridge)) {
		delay = PCI_KDUMP_LINK_DELAY_MS;
		if ((bridge->lnkcap & PCI_EXP_LNKCAP_SLS) > PCI_EXP_LNKCAP_SLS_5_0GB &&
		    !waits_for_link(bridge))
			delay += PCI_KDUMP_SBR_DELAY_MS;
	}
	for (i = 0; i < fab->nr; i++) {
		const struct pci_kdump_fn *c = &fab->fns[i];

		/* VFs are gone after the reset; nothing to wait for */
		if (c->parent != bridge || c->pf)
			continue;
		if (!rtr_valid(c))
			all_rtr = false;
		else
			child_max = max(child_max, rtr_ms(c->rtr[0]));
	}
	return all_rtr && child_max < delay ? child_max : delay;
}

static void save_fn(struct pci_kdump_fabric *fab, struct pci_kdump_fn *fn)
{
	static const int exp_regs[PCI_KDUMP_SAVED_EXP] = {
		PCI_EXP_DEVCTL, PCI_EXP_LNKCTL, PCI_EXP_SLTCTL,
		PCI_EXP_RTCTL, PCI_EXP_DEVCTL2, PCI_EXP_LNKCTL2,
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(fn->saved_hdr); i++)
		fn->saved_hdr[i] = pci_kdump_rd(fab, fn, i * 4, 4);
	if (fn->exp_cap)
		for (i = 0; i < PCI_KDUMP_SAVED_EXP; i++)
			fn->saved_exp[i] = pci_kdump_rd(fab, fn, fn->exp_cap + exp_regs[i],
							2);
}

static bool has_link(const struct pci_kdump_fn *fn)
{
	u16 type = pci_kdump_exp_type(fn);

	return type != PCI_EXP_TYPE_RC_END && type != PCI_EXP_TYPE_RC_EC;
}

/*
 * Restore what the PCI core will want to find: bus numbers and windows on
 * bridges, BARs on endpoints, PCIe control registers.  Memory and I/O
 * decode and Bus Master Enable stay off until a driver asks for them.
 */
static void restore_fn(struct pci_kdump_fabric *fab, struct pci_kdump_fn *fn)
{
	u16 type = pci_kdump_exp_type(fn);
	u32 *hdr = fn->saved_hdr;
	int i;

	for (i = 15; i >= 3; i--) {
		u32 val = hdr[i];

		if (i == PCI_BRIDGE_CONTROL / 4 && pci_kdump_is_bridge(fn))
			val &= ~(PCI_BRIDGE_CTL_BUS_RESET << 16);
		pci_kdump_wr(fab, fn, i * 4, 4, val);
	}
	if (fn->exp_cap) {
		pci_kdump_wr(fab, fn, fn->exp_cap + PCI_EXP_DEVCTL, 2,
			     fn->saved_exp[0] & ~PCI_EXP_DEVCTL_BCR_FLR);
		pci_kdump_wr(fab, fn, fn->exp_cap + PCI_EXP_DEVCTL2, 2, fn->saved_exp[4]);
		if (has_link(fn)) {
			pci_kdump_wr(fab, fn, fn->exp_cap + PCI_EXP_LNKCTL, 2,
				     fn->saved_exp[1]);
			pci_kdump_wr(fab, fn, fn->exp_cap + PCI_EXP_LNKCTL2, 2,
				     fn->saved_exp[5]);
		}
		if (fn->exp_flags & PCI_EXP_FLAGS_SLOT)
			pci_kdump_wr(fab, fn, fn->exp_cap + PCI_EXP_SLTCTL, 2,
				     fn->saved_exp[2]);
		if (type == PCI_EXP_TYPE_ROOT_PORT)
			pci_kdump_wr(fab, fn, fn->exp_cap + PCI_EXP_RTCTL, 2,
				     fn->saved_exp[3]);
	}
	pci_kdump_wr(fab, fn, PCI_COMMAND, 2,
		     (fn->saved_hdr[1] & 0xffff & ~(PCI_COMMAND_MASTER |
		     PCI_COMMAND_MEMORY |
		     PCI_COMMAND_IO)) |
		     PCI_COMMAND_INTX_DISABLE);
}

/* Only the topmost bridge whose SBR some bus master asked for is reset */
static bool is_sbr_bridge(const struct pci_kdump_fabric *fab,
			  const struct pci_kdump_fn *bridge, bool reset_all)
{
	unsigned int i;

	for (i = 0; i < fab->nr; i++) {
		const struct pci_kdump_fn *fn = &fab->fns[i];

		if (fn->sbr_bridge == bridge && fn->method == PCI_KDUMP_M_BUS &&
		    wants_reset(fn, reset_all))
			return true;
	}
	return false;
}

static bool plan_has_sbr(const struct pci_kdump_plan *plan,
			 const struct pci_kdump_fn *bridge)
{
	unsigned int i;

	for (i = 0; i < plan->nr_sbr; i++)
		if (plan->sbr[i] == bridge)
			return true;
	return false;
}

static bool has_pm_reset(const struct pci_kdump_fabric *fab)
{
	unsigned int i;

	for (i = 0; i < fab->nr; i++)
		if (fab->fns[i].reset_pending && !fab->fns[i].in_sbr &&
		    fab->fns[i].method == PCI_KDUMP_M_PM)
			return true;
	return false;
}

/*
 * Which functions lose their config space, and through which action.  A
 * bridge whose SBR has no room in the plan is not reset; the functions it
 * would have covered are not reset either, and say so.
 */
static void select_resets(struct pci_kdump_fabric *fab, bool reset_all,
			  struct pci_kdump_plan *plan)
{
	unsigned int i;

	for (i = 0; i < fab->nr; i++) {
		struct pci_kdump_fn *fn = &fab->fns[i];

		/* A VF goes with its PF, see stop_vfs() */
		if (fn->pf) {
			fn->in_sbr = false;
			fn->reset_pending = false;
			continue;
		}
		fn->in_sbr = fn->sbr_bridge &&
			     is_sbr_bridge(fab, fn->sbr_bridge, reset_all);
		if (fn->in_sbr && !plan_has_sbr(plan, fn->sbr_bridge)) {
			if (plan->nr_sbr < plan->max_sbr)
				plan->sbr[plan->nr_sbr++] = fn->sbr_bridge;
			else
				fn->in_sbr = false;
		}
		fn->reset_pending = fn->in_sbr;
		if (fn->in_sbr || !wants_reset(fn, reset_all))
			continue;
		if (fn->method == PCI_KDUMP_M_NONE) {
			fn->result = PCI_KDUMP_R_UNSAFE;
		} else if (fn->method == PCI_KDUMP_M_BUS) {
			fn->result = PCI_KDUMP_R_UNSAFE;
			snprintf(fn->reason, sizeof(fn->reason),
				 "no room in the plan for its bus reset");
		} else {
			fn->reset_pending = true;
		}
	}
}

/* Mandatory delay of a function reset by SBR: one per reset level above */
static u32 in_sbr_delay(const struct pci_kdump_fabric *fab,
			const struct pci_kdump_fn *fn)
{
	const struct pci_kdump_fn *p;
	u32 delay = 0;

	for (p = fn->parent; p; p = p->parent) {
		delay += sbr_delay(fab, p);
		if (p == fn->sbr_bridge)
			break;
	}
	return delay;
}

/**
 * pci_kdump_plan - decide what phase 2 resets and how long it must wait
 * @fab: a decided fabric
 * @reset_all: reset every function, not only bus masters
 * @timeout_ms: no wait may be longer
 * @plan: filled with the actions; @plan->sbr and @plan->max_sbr are the
 *	caller's
 *
 * A function is reset on its own, or by the secondary bus reset of the
 * bridge that covers it; that bridge itself is never reset.  Every function
 * that will lose its config space gets reset_pending, and delay_ms, the
 * mandatory wait counted from its release: the FLR write, the D3hot->D0
 * write, or, below a bridge, from the moment that bridge's secondary side
 * is out of reset (a level at a time through a switch).  A function that
 * asks for longer than @timeout_ms is marked too_slow: it will be reported
 * not ready rather than waited for.
 */
void pci_kdump_plan(struct pci_kdump_fabric *fab, bool reset_all,
		    unsigned int timeout_ms, struct pci_kdump_plan *plan)
{
	struct pci_kdump_fn **sbr = plan->sbr;
	unsigned int i, max_sbr = plan->max_sbr;

	memset(plan, 0, sizeof(*plan));
	plan->sbr = sbr;
	plan->max_sbr = max_sbr;
	select_resets(fab, reset_all, plan);
	if (has_pm_reset(fab))
		plan->release_ms = PCI_KDUMP_D3HOT_DELAY_MS;
	else if (plan->nr_sbr)
		plan->release_ms = PCI_KDUMP_SBR_ASSERT_MS;

	for (i = 0; i < fab->nr; i++) {
		struct pci_kdump_fn *fn = &fab->fns[i];
		u32 delay;

		if (!fn->reset_pending)
			continue;
		delay = fn->in_sbr ? in_sbr_delay(fab, fn) : fn_reset_delay(fn);
		fn->too_slow = delay > timeout_ms;
		fn->delay_ms = min(delay, timeout_ms);
		if (fn->in_sbr || fn->method == PCI_KDUMP_M_PM)
			fn->delay_ms += plan->release_ms;
		plan->nr_fns++;
		plan->wait_ms = max(plan->wait_ms, fn->delay_ms);
	}
}

/**
 * pci_kdump_serial_ms - what the same resets would cost one after another
 * @fab: a planned fabric
 * @plan: its plan
 *
 * Each reset done on its own costs at least its mandatory delay, the way
 * pcie_flr() or pci_bridge_secondary_bus_reset() sleep before polling; a
 * PM reset costs its D3hot entry as well, an SBR its assertion time.  This
 * lower bound is the figure to hold the overlapped wall time against.
 */
u32 pci_kdump_serial_ms(const struct pci_kdump_fabric *fab,
			const struct pci_kdump_plan *plan)
{
	u32 total = 0;
	unsigned int i;

	for (i = 0; i < fab->nr; i++) {
		const struct pci_kdump_fn *fn = &fab->fns[i];

		if (fn->delay_ms && !fn->in_sbr)
			total += fn->method == PCI_KDUMP_M_PM ?
				 PCI_KDUMP_D3HOT_DELAY_MS + fn_reset_delay(fn) :
				 fn->delay_ms;
	}
	for (i = 0; i < plan->nr_sbr; i++)
		total += PCI_KDUMP_SBR_ASSERT_MS + sbr_delay(fab, plan->sbr[i]);
	return total;
}

static bool wants_prepare(const struct pci_kdump_fabric *fab,
			  const struct pci_kdump_fn *fn)
{
	return fn->reset_pending && !fn->in_sbr && fn->quirk &&
	       fn->quirk->prepare && fab->ops->prepare && fab->ops->prepare_done;
}

/*
 * Device-specific quiesces (an NVMe controller disabled before its FLR)
 * are started together and waited for together, with one deadline: N
 * controllers cost the slowest one's time, never more than @timeout_ms.
 * One that does not finish is reset anyway, and says so.  The loop is
 * bounded by iterations too, in case the clock does not run.
 */
static void prepare_all(struct pci_kdump_fabric *fab, unsigned int timeout_ms)
{
	unsigned int i, left = 0, polls = timeout_ms + 2;
	u64 t0 = fab->ops->now_ms(fab->ctx);

	for (i = 0; i < fab->nr; i++) {
		struct pci_kdump_fn *fn = &fab->fns[i];

		fn->prepare_ret = 0;
		if (!wants_prepare(fab, fn))
			continue;
		fn->prepare_ret = fab->ops->prepare(fab, fn);
		if (!fn->prepare_ret) {
			fn->prepare_ret = -EAGAIN;
			left++;
		}
	}
	while (left && polls--) {
		for (i = 0; i < fab->nr; i++) {
			struct pci_kdump_fn *fn = &fab->fns[i];

			if (fn->prepare_ret != -EAGAIN)
				continue;
			fn->prepare_ret = fab->ops->prepare_done(fab, fn, false);
			left -= fn->prepare_ret != -EAGAIN;
		}
		if (!left || fab->ops->now_ms(fab->ctx) - t0 >= timeout_ms)
			break;
		fab->ops->sleep_ms(fab->ctx, 1);
	}
	for (i = 0; i < fab->nr; i++) {
		struct pci_kdump_fn *fn = &fab->fns[i];

		if (fn->prepare_ret == -EAGAIN)
			fn->prepare_ret = fab->ops->prepare_done(fab, fn, true);
		if (fn->prepare_ret)
			snprintf(fn->reason, sizeof(fn->reason),
				 "%s: prepare failed (%d), reset anyway",
				 fn->quirk->why, fn->prepare_ret);
	}
}

static bool wants_flr(const struct pci_kdump_fn *fn)
{
	return fn->reset_pending && !fn->in_sbr &&
	       (fn->method == PCI_KDUMP_M_FLR || fn->method == PCI_KDUMP_M_AF_FLR);
}

static bool transactions_pending(struct pci_kdump_fabric *fab,
				 struct pci_kdump_fn *fn)
{
	if (fn->method == PCI_KDUMP_M_FLR)
		return pci_kdump_rd(fab, fn, fn->exp_cap + PCI_EXP_DEVSTA, 2) &
		       PCI_EXP_DEVSTA_TRPND;
	return pci_kdump_rd(fab, fn, fn->af_cap + PCI_AF_STATUS, 1) &
	       PCI_AF_STATUS_TP;
}

/*
 * Before an FLR, a function should finish what it has in flight (PCIe r6.0
 * sec 6.6.2): with Bus Master Enable off since phase 1, poll Transactions
 * Pending, as Linux's pcie_flr() does, but for every function together,
 * with one bound.  A function still pending then is reset anyway, as
 * Linux does, and the report says so.  Bounded by iterations too.
 */
static void wait_pending(struct pci_kdump_fabric *fab, unsigned int timeout_ms)
{
	unsigned int i, left = 0, bound = min(timeout_ms, PCI_KDUMP_PENDING_MS);
	unsigned int polls = bound / PCI_KDUMP_POLL_MS + 1;
	u64 t0 = fab->ops->now_ms(fab->ctx);

	for (i = 0; i < fab->nr; i++) {
		struct pci_kdump_fn *fn = &fab->fns[i];

		fn->tx_pending = wants_flr(fn) && transactions_pending(fab, fn);
		left += fn->tx_pending;
	}
	while (left && polls-- &&
	       fab->ops->now_ms(fab->ctx) - t0 < bound) {
		fab->ops->sleep_ms(fab->ctx, PCI_KDUMP_POLL_MS);
		for (i = 0; i < fab->nr; i++) {
			struct pci_kdump_fn *fn = &fab->fns[i];

			if (fn->tx_pending && !transactions_pending(fab, fn)) {
				fn->tx_pending = false;
				left--;
			}
		}
	}
	for (i = 0; i < fab->nr; i++)
		if (fab->fns[i].tx_pending)
			snprintf(fab->fns[i].reason, sizeof(fab->fns[i].reason),
				 "transactions still pending after %u ms, reset anyway",
				 bound);
}

/*
 * A secondary bus reset takes the link below a slot down and up: Data Link
 * Layer State Changed and Presence Detect Changed would meet the capture
 * kernel's pciehp as a removal and an insertion.  As Linux's
 * pciehp_reset_slot() does, their notifications are masked across the
 * reset, and the events it caused are cleared before the mask is lifted.
 * No hot-plug interrupt can fire meanwhile: phase 1 turned the port's MSI,
 * MSI-X and INTx off.
 */
#define SLOT_EVENT_ENABLES	(PCI_EXP_SLTCTL_DLLSCE | PCI_EXP_SLTCTL_PDCE)
#define SLOT_EVENTS		(PCI_EXP_SLTSTA_DLLSC | PCI_EXP_SLTSTA_PDC)

static bool has_slot(const struct pci_kdump_fn *bridge)
{
	return bridge->exp_cap && (bridge->exp_flags & PCI_EXP_FLAGS_SLOT);
}

static void mask_slot_events(struct pci_kdump_fabric *fab,
			     struct pci_kdump_fn *bridge)
{
	if (!has_slot(bridge))
		return;
	bridge->slot_ctl = pci_kdump_rd(fab, bridge,
					bridge->exp_cap + PCI_EXP_SLTCTL, 2);
	pci_kdump_wr(fab, bridge, bridge->exp_cap + PCI_EXP_SLTCTL, 2,
		     bridge->slot_ctl & ~SLOT_EVENT_ENABLES);
}

static void unmask_slot_events(struct pci_kdump_fabric *fab,
			       struct pci_kdump_fn *bridge)
{
	if (!has_slot(bridge))
		return;
	pci_kdump_wr(fab, bridge, bridge->exp_cap + PCI_EXP_SLTSTA, 2,
		     SLOT_EVENTS);
	pci_kdump_wr(fab, bridge, bridge->exp_cap + PCI_EXP_SLTCTL, 2,
		     bridge->slot_ctl);
}

/*
 * Start every function-level reset and assert every secondary bus reset.
 * Each FLR's wait starts at its own write.
 */
static void trigger(struct pci_kdump_fabric *fab, struct pci_kdump_plan *plan,
		    unsigned int timeout_ms)
{
	unsigned int i, j;

	for (i = 0; i < fab->nr; i++)
		if (fab->fns[i].reset_pending)
			save_fn(fab, &fab->fns[i]);
	prepare_all(fab, timeout_ms);
	wait_pending(fab, timeout_ms);
	for (i = 0; i < fab->nr; i++) {
		struct pci_kdump_fn *fn = &fab->fns[i];

		if (!fn->reset_pending || fn->in_sbr)
			continue;
		switch (fn->method) {
		case PCI_KDUMP_M_FLR:
			pci_kdump_wr(fab, fn, fn->exp_cap + PCI_EXP_DEVCTL, 2,
				     fn->saved_exp[0] | PCI_EXP_DEVCTL_BCR_FLR);
			break;
		case PCI_KDUMP_M_AF_FLR:
			pci_kdump_wr(fab, fn, fn->af_cap + PCI_AF_CTRL, 1, PCI_AF_CTRL_FLR);
			break;
		case PCI_KDUMP_M_PM:
			pci_kdump_wr(fab, fn, fn->pm_cap + PCI_PM_CTRL, 2,
				     (fn->pmcsr & ~PCI_PM_CTRL_STATE_MASK) | 3);
			break;
		default:
			continue;
		}
		fn->triggered = true;
		fn->wait_from = fab->ops->now_ms(fab->ctx);
	}
	for (i = 0; i < plan->nr_sbr; i++) {
		struct pci_kdump_fn *b = plan->sbr[i];

		mask_slot_events(fab, b);
		pci_kdump_wr(fab, b, PCI_BRIDGE_CONTROL, 2,
			     pci_kdump_rd(fab, b, PCI_BRIDGE_CONTROL, 2) |
			     PCI_BRIDGE_CTL_BUS_RESET);
		for (j = 0; j < fab->nr; j++)
			if (fab->fns[j].in_sbr && fab->fns[j].sbr_bridge == b)
				fab->fns[j].triggered = true;
	}
}

/*
 * Second half of the two-step resets: D3hot->D0, and SBR deassert, once
 * the last of them has been in its state long enough.
 */
static void release(struct pci_kdump_fabric *fab, struct pci_kdump_plan *plan)
{
	unsigned int i;

	if (!plan->release_ms)
		return;
	fab->ops->sleep_ms(fab->ctx, plan->release_ms);
	for (i = 0; i < fab->nr; i++) {
		struct pci_kdump_fn *fn = &fab->fns[i];

		if (fn->reset_pending && fn->triggered && !fn->in_sbr &&
		    fn->method == PCI_KDUMP_M_PM) {
			pci_kdump_wr(fab, fn, fn->pm_cap + PCI_PM_CTRL, 2,
				     fn->pmcsr & ~PCI_PM_CTRL_STATE_MASK);
			fn->wait_from = fab->ops->now_ms(fab->ctx);
		}
	}
	for (i = 0; i < plan->nr_sbr; i++) {
		struct pci_kdump_fn *b = plan->sbr[i];

		pci_kdump_wr(fab, b, PCI_BRIDGE_CONTROL, 2,
			     pci_kdump_rd(fab, b, PCI_BRIDGE_CONTROL, 2) &
			     ~PCI_BRIDGE_CTL_BUS_RESET);
		b->below_open = !waits_for_link(b);
		b->below_from = fab->ops->now_ms(fab->ctx);
	}
}

#define PCI_KDUMP_NEVER		((u64)-1)

/*
 * A function is ready when it answers config reads with its own Vendor ID:
 * all-ones means not there yet, 0x0001 is Request Retry Status.
 */
static bool is_ready(struct pci_kdump_fabric *fab, struct pci_kdump_fn *fn)
{
	return (pci_kdump_rd(fab, fn, PCI_VENDOR_ID, 2) & 0xffff) == fn->vendor;
}

/*
 * Phase 1 set INTx Disable; every reset clears the Command register.  A
 * function that answers with the bit still set was not reset: it ignored
 * its FLR, or the request reached it through a path the reset did not
 * take (two bridges claiming its bus).
 */
static bool kept_config(struct pci_kdump_fabric *fab, struct pci_kdump_fn *fn)
{
	return fn->bme_off &&
	       (pci_kdump_rd(fab, fn, PCI_COMMAND, 2) & PCI_COMMAND_INTX_DISABLE);
}

/* Still waiting on a bridge above whose bus numbers are not back? */
static bool parent_pending(const struct pci_kdump_fn *fn)
{
	const struct pci_kdump_fn *p;

	for (p = fn->parent; p; p = p->parent)
		if (p->reset_pending)
			return true;
	return false;
}

/*
 * When did the mandatory wait of @fn start?  False while it must not be
 * touched yet: its bridge's link is not up, or a bridge above it is not
 * restored.
 */
static bool wait_start(const struct pci_kdump_fn *fn, u64 *start)
{
	if (!fn->in_sbr) {
		*start = fn->wait_from;
		return true;
	}
	if (parent_pending(fn) || !fn->parent->below_open)
		return false;
	*start = fn->parent->below_from;
	return true;
}

/*
 * The plan counted each delay from the trigger; here it counts from the
 * release, and below a switch from the level above.
 */
static u32 own_delay(const struct pci_kdump_fabric *fab,
		     const struct pci_kdump_fn *fn, u32 release_ms)
{
	if (fn->in_sbr)
		return min(sbr_delay(fab, fn->parent), fn->delay_ms - release_ms);
	if (fn->method == PCI_KDUMP_M_PM)
		return fn->delay_ms - release_ms;
	return fn->delay_ms;
}

/* SBR bridges on fast links: the wait below starts at Link Active */
static void check_links(struct pci_kdump_fabric *fab,
			struct pci_kdump_plan *plan, u64 now)
{
	unsigned int i;

	for (i = 0; i < plan->nr_sbr; i++) {
		struct pci_kdump_fn *b = plan->sbr[i];

		if (!b->below_open &&
		    (pci_kdump_rd(fab, b, b->exp_cap + PCI_EXP_LNKSTA, 2) &
		     PCI_EXP_LNKSTA_DLLLA)) {
			b->below_open = true;
			b->below_from = now;
		}
	}
}

/*
 * One pass over the pending functions: each is polled only once its own
 * mandatory delay has passed, and given up once its own timeout has.  A
 * bridge that comes back is restored at once, and the wait below it
 * starts, so the restore is top-down.  Returns the time the next function
 * may be polled, or PCI_KDUMP_NEVER when nothing is left to poll.
 */
static u64 poll_pass(struct pci_kdump_fabric *fab, struct pci_kdump_plan *plan,
		     u64 t0, unsigned int timeout_ms, u64 now)
{
	u64 next = PCI_KDUMP_NEVER;
	unsigned int i;

	for (i = 0; i < fab->nr; i++) {
		struct pci_kdump_fn *fn = &fab->fns[i];
		u64 start, due;

		if (!fn->reset_pending || !fn->triggered || fn->too_slow)
			continue;
		if (!wait_start(fn, &start)) {
			/* A link that never comes up is out of time too */
			if (now - t0 <= plan->wait_ms + timeout_ms)
				next = min(next, now + PCI_KDUMP_POLL_MS);
			continue;
		}
		due = start + own_delay(fab, fn, plan->release_ms);
		if (now < due) {
			next = min(next, due);
			continue;
		}
		if (now - start > max_t(u64, timeout_ms, due - start))
			continue;
		if (!is_ready(fab, fn)) {
			next = min(next, now + PCI_KDUMP_POLL_MS);
			continue;
		}
		if (kept_config(fab, fn)) {
			fn->reset_pending = false;
			fn->result = PCI_KDUMP_R_NOT_READY;
			fn->ready_ms = now - t0;
			snprintf(fn->reason, sizeof(fn->reason),
				 "answers, but its Command register was not reset");
			continue;
		}
		restore_fn(fab, fn);
		fn->reset_pending = false;
		fn->result = PCI_KDUMP_R_RESET;
		fn->ready_ms = now - t0;
		fn->below_open = true;
		fn->below_from = now;
		/* Its children become reachable: look again at once */
		next = now;
	}
	return next;
}

/*
 * Poll until every function is back or out of time.  Bounded by
 * iterations as well as by the clock: this can run before the clock is
 * calibrated, and a clock that does not advance must not hang the boot.
 */
static void poll_ready(struct pci_kdump_fabric *fab, struct pci_kdump_plan *plan,
		       u64 t0, unsigned int timeout_ms)
{
	unsigned int i, passes = 2 * (plan->wait_ms + timeout_ms) / PCI_KDUMP_POLL_MS +
				 2 * fab->nr + 2;
	u64 now = fab->ops->now_ms(fab->ctx), next;

	while (passes--) {
		check_links(fab, plan, now);
		next = poll_pass(fab, plan, t0, timeout_ms, now);
		if (next == PCI_KDUMP_NEVER)
			break;
		if (next > now)
			fab->ops->sleep_ms(fab->ctx, min_t(u64, next - now,
							   PCI_KDUMP_POLL_MS));
		now = fab->ops->now_ms(fab->ctx);
	}
	for (i = 0; i < fab->nr; i++) {
		struct pci_kdump_fn *fn = &fab->fns[i];

		if (!fn->reset_pending)
			continue;
		fn->reset_pending = false;
		fn->ready_ms = now - t0;
		if (fn->triggered) {
			fn->result = PCI_KDUMP_R_NOT_READY;
			if (fn->too_slow)
				snprintf(fn->reason, sizeof(fn->reason),
					 "asks for %u ms or more, past pci_kdump.timeout_ms",
					 fn->delay_ms);
			else
				snprintf(fn->reason, sizeof(fn->reason),
					 "no answer within pci_kdump.timeout_ms=%u of its reset",
					 timeout_ms);
		} else {
			fn->result = PCI_KDUMP_R_UNSAFE;
			snprintf(fn->reason, sizeof(fn->reason),
				 "its reset could not be started");
		}
	}
}

/*
 * SR-IOV: resetting a PF clears VF Enable and its VFs are gone (PCIe r6.0
 * sec 9.3.3.3.1).  A PF that was not reset, or whose reset left VF Enable
 * set (QEMU 7.2 removes the VFs at a PF FLR but leaves the bit set), gets
 * VF Enable and VF MSE cleared, as Linux's sriov_disable() does (which
 * then waits 1 s before it frees what the VFs used; nothing is freed or
 * re-enabled here).  Only a VF Enable that reads back clear counts: until
 * then the VFs may still do DMA.
 */
static void stop_vfs(struct pci_kdump_fabric *fab)
{
	unsigned int i;
	u16 ctrl;

	for (i = 0; i < fab->nr; i++) {
		struct pci_kdump_fn *pf = &fab->fns[i];

		/* A reset that never ended: nothing may reach it yet */
		if (!(pf->entry & PCI_KDUMP_ENTRY_VFS) ||
		    pf->method == PCI_KDUMP_M_SKIP ||
		    (pf->triggered && pf->result != PCI_KDUMP_R_RESET))
			continue;
		ctrl = pci_kdump_rd(fab, pf, pf->sriov_cap + PCI_SRIOV_CTRL, 2);
		if (ctrl & PCI_SRIOV_CTRL_VFE) {
			pci_kdump_wr(fab, pf, pf->sriov_cap + PCI_SRIOV_CTRL, 2,
				     ctrl & ~(PCI_SRIOV_CTRL_VFE | PCI_SRIOV_CTRL_MSE));
			ctrl = pci_kdump_rd(fab, pf, pf->sriov_cap + PCI_SRIOV_CTRL, 2);
		}
		pf->vfs_off = ctrl != 0xffff && !(ctrl & PCI_SRIOV_CTRL_VFE);
	}
	for (i = 0; i < fab->nr; i++) {
		struct pci_kdump_fn *vf = &fab->fns[i];

		if (vf->method != PCI_KDUMP_M_PF || !vf->pf->vfs_off)
			continue;
		vf->result = vf->pf->result == PCI_KDUMP_R_RESET ?
			     PCI_KDUMP_R_RESET : PCI_KDUMP_R_DISABLED;
	}
}

/**
 * pci_kdump_reset_fabric - phase 2: overlapped reset of the planned functions
 * @fab: a quiesced fabric
 * @plan: from pci_kdump_plan()
 * @timeout_ms: bound on each function's readiness wait, from its release
 *
 * Runs the device-specific quiesces together, triggers every reset,
 * releases the two-step ones together, then polls
 * every function, each only once its own mandatory delay has passed, in
 * one loop, and restores them top-down.  The delays overlap: the wall time
 * is the longest, not the sum.  A function that never answers is marked
 * PCI_KDUMP_R_NOT_READY and left.  Slot events the bus resets caused are
 * cleared.  Last, SR-IOV VFs are stopped for good (see stop_vfs()).
 *
 * Return: the wall time in milliseconds.
 */
u32 pci_kdump_reset_fabric(struct pci_kdump_fabric *fab,
			   struct pci_kdump_plan *plan, unsigned int timeout_ms)
{
	u64 t0 = fab->ops->now_ms(fab->ctx);
	unsigned int i;

	if (plan->nr_fns) {
		trigger(fab, plan, timeout_ms);
		release(fab, plan);
		poll_ready(fab, plan, t0, timeout_ms);
		for (i = 0; i < plan->nr_sbr; i++)
			unmask_slot_events(fab, plan->sbr[i]);
	}
	stop_vfs(fab);
	return fab->ops->now_ms(fab->ctx) - t0;
}

/* Discovery: every function, linked to its bridge */
static int __init scan(struct pci_kdump_state *st,
		       void (*scan_all)(struct pci_kdump_fabric *fab))
{
	struct pci_kdump_fabric *fab = &st->fab;

	if (pci_kdump_scan_sized(fab, scan_all))
		return -ENOMEM;
	pci_kdump_scan_retry(fab, st->pol.timeout_ms);
	pci_kdump_link(fab);
	if (fab->dropped)
		pr_warn("more than %u functions: %u not handled\n",
			fab->max, fab->dropped);
	if (fab->bad_bridges)
		pr_warn("%u bridges hold bogus bus numbers; what is behind them is not handled\n",
			fab->bad_bridges);
	return 0;
}

static struct pci_kdump_fn *rebase(struct pci_kdump_fn *p,
				   struct pci_kdump_fn *from,
				   struct pci_kdump_fn *to)
{
	return p ? to + (p - from) : NULL;
}

/*
 * The run needed room for as many functions as a fabric may hold; keep
 * only the ones found, for the report and the IOMMU handoff.
 */
static void __init shrink(struct pci_kdump_state *st)
{
	struct pci_kdump_fn *old = st->fab.fns, *fns;
	unsigned int i;

	if (!st->fab.nr)
		return;
	fns = kvmemdup(old, array_size(st->fab.nr, sizeof(*old)), GFP_KERNEL);
	if (!fns)
		return;
	for (i = 0; i < st->fab.nr; i++) {
		fns[i].parent = rebase(fns[i].parent, old, fns);
		fns[i].sbr_bridge = rebase(fns[i].sbr_bridge, old, fns);
		fns[i].pf = rebase(fns[i].pf, old, fns);
	}
	for (i = 0; i < st->plan.nr_sbr; i++)
		st->plan.sbr[i] = rebase(st->plan.sbr[i], old, fns);
	st->fab.fns = fns;
	st->fab.max = st->fab.nr;
	kvfree(old);
}

/* A time the run measured, or what stands for it (see pci_kdump_run) */
static u64 __init measured(const struct pci_kdump_run *run, u64 ms)
{
	return run->unmeasured ? run->unmeasured : ms;
}

static void __init mark_unmeasured(struct pci_kdump_state *st,
				   const struct pci_kdump_run *run)
{
	unsigned int i;

	for (i = 0; run->unmeasured && i < st->fab.nr; i++)
		st->fab.fns[i].ready_ms = run->unmeasured;
}

/**
 * pci_kdump_run_phases - the run of pci-kdump, in its one order
 * @st: parameters read (mode, policy, dry_run) and, when @run needs one,
 *	the fabric's ctx set; filled with what was found and done
 * @run: how this run reaches its fabric, and what it cannot measure
 *
 * Scan, decide, phase 1 (quiesce bottom-up) unless dry_run, plan the
 * resets unless pci_kdump.mode=quiesce, phase 2 (reset) unless either,
 * then keep only the table of the functions found.  The capture kernel
 * runs it on the hardware, pci-reset-audit --predict on a copy of config
 * space, so the prediction is this order and prints what it prints.
 * Frees nothing it leaves in @st: the fabric's functions and the plan's
 * bridges stay for the report.
 *
 * Return: 0 when it ran or pci_kdump.mode=off, -ENODEV when config space
 * cannot be reached, -ENOMEM.
 */
int __init pci_kdump_run_phases(struct pci_kdump_state *st,
				const struct pci_kdump_run *run)
{
	struct pci_kdump_fabric *fab = &st->fab;
	struct pci_kdump_fn **order;
	unsigned int n;
	u64 t0;

	if (st->mode == PCI_KDUMP_MODE_OFF) {
		pr_info("disabled by pci_kdump.mode=off\n");
		return 0;
	}
	if (run->reach && !run->reach()) {
		pr_warn("no way to reach PCI config space; devices left as they are\n");
		return -ENODEV;
	}
	fab->ops = run->ops;
	t0 = fab->ops->now_ms(fab->ctx);
	if (scan(st, run->scan_all))
		goto nomem;
	/* A fabric has no more bridges to reset than functions */
	order = kcalloc(fab->nr + 1, sizeof(*order), GFP_KERNEL);
	st->plan.sbr = kcalloc(fab->nr + 1, sizeof(*st->plan.sbr), GFP_KERNEL);
	st->plan.max_sbr = fab->nr;
	if (!order || !st->plan.sbr) {
		kfree(order);
		kfree(st->plan.sbr);
		st->plan.sbr = NULL;
		goto nomem;
	}

	pci_kdump_decide(fab, &st->pol);
	pci_kdump_inject_before(fab);
	if (!st->dry_run) {
		n = pci_kdump_bottom_up(fab, order);
		pci_kdump_quiesce_fabric(fab, order, n);
		/* Its time stamp is when the last Bus Master Enable went off */
		pr_info("phase 1: %u functions quiesced in %llu ms\n", n,
			(unsigned long long)measured(run, fab->ops->now_ms(fab->ctx) - t0));
	}
	pci_kdump_inject_between(fab);
	if (st->mode != PCI_KDUMP_MODE_QUIESCE)
		pci_kdump_plan(fab, st->pol.reset_all, st->pol.timeout_ms,
			       &st->plan);
	if (st->mode != PCI_KDUMP_MODE_QUIESCE && !st->dry_run) {
		if (run->assume_ready)
			run->assume_ready(fab);
		st->reset_ms = pci_kdump_reset_fabric(fab, &st->plan,
						      st->pol.timeout_ms);
		st->reset_ms = measured(run, st->reset_ms);
	}
	pci_kdump_inject_after(fab);
	st->wall_ms = measured(run, fab->ops->now_ms(fab->ctx) - t0);
	mark_unmeasured(st, run);
	kfree(order);
	shrink(st);
	return 0;

nomem:
	kvfree(fab->fns);
	fab->fns = NULL;
	fab->nr = 0;
	pr_err("out of memory; devices left as they are\n");
	return -ENOMEM;
}
