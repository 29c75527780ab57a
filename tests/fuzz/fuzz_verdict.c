// SPDX-License-Identifier: GPL-2.0
/*
 * Coverage-guided fuzzing of pci-kdump's shared core on the simulated
 * fabric (drivers/pci/kdump-sim.c).  The invariant is the honesty of what
 * pci-kdump tells the IOMMU and the report:
 *
 *   termination  the run ends; config accesses are counted;
 *   reset        no function is reported reset that was not; no VF is
 *                reported reset or disabled that still exists;
 *   verdict      a clean segment 0 means every function that was a DMA
 *                master at entry was found, and was reset, or is a bridge,
 *                or was a master only through VFs now gone; that no
 *                function was missed at all ("seen whole"); and that no
 *                PF still has VF Enable set, no VF still exists;
 *   early        no config access to a function, or to a VF of it, before
 *                the mandatory delay after a reset it went through;
 *   bounded      the simulated time slept is bounded by timeout_ms.
 *
 * A failed invariant calls abort() after printing the fabric, so libFuzzer
 * reports a crash and keeps the input.  The input format and the rules that
 * keep a simulated fabric physically possible are described in README.
 *
 * The simulation is used as it is.  What it does not model, this file adds
 * around its ops: routing of config requests the way bridges decode bus
 * numbers (kdump-sim.c routes by the bus number each function was given,
 * which would let a function answer behind a bridge that cannot reach it),
 * and the delay each reset really requires (kdump-sim.c holds one quiet
 * time per function, 100 ms, whatever the reset).  SR-IOV VFs are
 * kdump-sim.c's own (sim_add_sriov()), placed where their PF says once
 * the PF is placed, and mapped to what pci-kdump lists by PF and routing
 * ID rather than by routing, since a VF may be out of config's reach.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/pci.h>
#include "kdump.h"
#include "kdump-params.h"
#include "kdump-report.h"
#include "kdump-sim.h"
#include "fuzz_verdict.h"

/* PMC bit 4: Immediate_Readiness_on_Return_to_D0 (PCIe r4.0 and later) */
#define PMC_IMM_READY_D0	0x0010
/* Far more than any run needs: 256 buses x 256 functions a few times over */
#define MAX_CONFIG_OPS	10000000UL

struct world {
	struct sim_fabric sim;
	/* Each simulated function as pci_kdump_probe_fn() sees its config
	 * space at entry, read directly, not through routing */
	struct pci_kdump_fn truth[SIM_MAX_FNS];
	bool bridge[SIM_MAX_FNS];
	/* Normalised away: two functions at one address cannot exist */
	bool gone[SIM_MAX_FNS];
	/* Invisible at entry and not a master: in a reset (held by a bridge's
	 * SBR, or busy without RRS); no scan can see it */
	bool in_reset_at_entry[SIM_MAX_FNS];
	bool rrs_at_entry[SIM_MAX_FNS];	/* answers RRS when the scan comes */
	/* Its function 0 reads as absent at entry: by the spec, so does it */
	bool invisible[SIM_MAX_FNS];
	/* Behind a bridge whose bus range leaves its parent bridge's */
	bool escapes[SIM_MAX_FNS];
	bool root_bus[256];
	bool bus_has[256];
	bool seen[SIM_MAX_FNS];
	/*
	 * SR-IOV: a PF built with FK_SRIOV, the read-only numbers its
	 * capability was built with (its VFs sit where they say), and each
	 * VF's state at entry.  A VF's routing ID is only final once
	 * normalise() has placed its PF.
	 */
	bool pf[SIM_MAX_FNS];
	u16 vf_total[SIM_MAX_FNS], vf_offset[SIM_MAX_FNS];
	u16 vf_stride[SIM_MAX_FNS], vf_device[SIM_MAX_FNS];
	bool vf_at_entry[SIM_MAX_FNS];	/* a VF, enabled at entry */
	bool vf_host_ok[SIM_MAX_FNS];	/* root bus PF's VF: in its host's range */
	unsigned int vf_early[SIM_MAX_FNS];	/* inside its PF's reset window */
	int map[PCI_KDUMP_MAX_FNS];	/* code function -> simulated one */
	unsigned long ops;
	u8 bus_start, bus_end;
	unsigned int allow;		/* FUZZ_ALLOW: findings accepted */
};

static struct world W;
static struct sim_fn sim_fns[SIM_MAX_FNS];
static struct pci_kdump_state st;
static struct pci_kdump_fn table[PCI_KDUMP_MAX_FNS];
static struct pci_kdump_fn *order[PCI_KDUMP_MAX_FNS + 1];
static struct pci_kdump_fn *sbr_room[PCI_KDUMP_MAX_FNS + 1];
static bool ran_reset;

const struct pci_kdump_state *pci_kdump_get_state(void)
{
	return &st;
}

static u32 cfg_get(const u8 *cfg, int where, int size)
{
	u32 val = 0;

	while (size--)
		val = (val << 8) | cfg[where + size];
	return val;
}

static struct sim_fn *F(int i)
{
	return &W.sim.fns[i];
}

static bool is_vf(int i)
{
	return F(i)->is_vf;
}

/*
 * Does this VF exist now?  As kdump-sim.c has it: its PF's VF Enable is
 * set and its index is below NumVFs, in the PF's own config space.
 */
static bool vf_live(int i)
{
	const u8 *c = F(F(i)->pf)->cfg;

	return !W.gone[i] &&
	       (cfg_get(c, SIM_CAP_SRIOV + PCI_SRIOV_CTRL, 2) & PCI_SRIOV_CTRL_VFE) &&
	       F(i)->vf_index < cfg_get(c, SIM_CAP_SRIOV + PCI_SRIOV_NUM_VF, 2);
}

static u16 vf_ctrl(int pf)
{
	return cfg_get(F(pf)->cfg, SIM_CAP_SRIOV + PCI_SRIOV_CTRL, 2);
}

/* ---- failure report --------------------------------------------------- */

static void dump(void)
{
	char line[256];
	unsigned int i;

	fprintf(stderr, "sim: now=%llu slept=%llu ops=%lu window=%02x-%02x\n",
		(unsigned long long)W.sim.now, (unsigned long long)W.sim.slept,
		W.ops, W.bus_start, W.bus_end);
	for (i = 0; i < W.sim.nr; i++) {
		const struct sim_fn *f = F(i);
		const struct pci_kdump_fn *t = &W.truth[i];

		fprintf(stderr,
			"  sim[%u] %02x:%02x.%d parent=%d%s%s%s hdr=%02x type=%x cmd=%04x entry=%02x resets=%u early=%u quiet=%u busy_until=%llu%s%s%s%s\n",
			i, f->bus & 0xff, f->devfn >> 3, f->devfn & 7, f->parent,
			W.bridge[i] ? " bridge" : "", W.gone[i] ? " GONE" : "",
			W.seen[i] ? " seen" : " UNSEEN", f->cfg[PCI_HEADER_TYPE],
			t->exp_cap ? pci_kdump_exp_type(t) : 0xf,
			cfg_get(f->cfg, PCI_COMMAND, 2), t->entry, f->resets,
			f->early_reads, f->quiet_ms,
			(unsigned long long)f->busy_until, f->rrs ? " rrs" : "",
			f->dead ? " dead" : "", f->ghost ? " ghost" : "",
			W.in_reset_at_entry[i] ? " held-at-entry" :
			W.invisible[i] ? " invisible" : "");
		if (is_vf(i))
			fprintf(stderr, "      VF %u of sim[%d]%s%s now%s, vf_early=%u\n",
				f->vf_index, f->pf,
				W.vf_at_entry[i] ? ", enabled at entry" : "",
				vf_live(i) ? ", enabled" : ", gone",
				f->parent < 0 && !W.vf_host_ok[i] ?
				" (unreachable)" : "",
				W.vf_early[i]);
		if (W.pf[i])
			fprintf(stderr, "      PF: SR-IOV ctrl=%04x NumVFs=%u TotalVFs=%u offset=%u stride=%u%s%s\n",
				vf_ctrl(i),
				cfg_get(f->cfg, SIM_CAP_SRIOV + PCI_SRIOV_NUM_VF, 2),
				W.vf_total[i], W.vf_offset[i], W.vf_stride[i],
				f->vfe_stuck ? " vfe_stuck" : "",
				f->reset_keeps_vfe ? " reset_keeps_vfe" : "");
		if (W.bridge[i])
			fprintf(stderr, "      bus numbers now %02x/%02x/%02x ctl=%04x devctl2=%04x\n",
				cfg_get(f->cfg, PCI_PRIMARY_BUS, 1),
				cfg_get(f->cfg, PCI_SECONDARY_BUS, 1),
				cfg_get(f->cfg, PCI_SUBORDINATE_BUS, 1),
				cfg_get(f->cfg, PCI_BRIDGE_CONTROL, 2), t->devctl2);
	}
	for (i = 0; i < st.fab.nr; i++) {
		pci_kdump_format_fn(line, sizeof(line), &st, &st.fab.fns[i]);
		fprintf(stderr, "  code[%u] -> sim[%d] %s\n", i, W.map[i], line);
	}
	pci_kdump_format_summary(line, sizeof(line), &st);
	fprintf(stderr, "  %s\n", line);
}

static __attribute__((noreturn, format(printf, 1, 2)))
void fail(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "\n==== pci-kdump fuzz invariant violated: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	dump();
	abort();
}

/* ---- physical routing ------------------------------------------------- */

static u8 sec(int i)
{
	return F(i)->cfg[PCI_SECONDARY_BUS];
}

/*
 * The bus range a bridge forwards.  A range that is not above the bridge's
 * own bus is taken to forward nothing; pci-kdump counts such a bridge as
 * bogus, so the verdict cannot be clean whatever it would route.
 */
static bool claims(int i, unsigned int bus)
{
	const struct sim_fn *f = F(i);
	u8 s = f->cfg[PCI_SECONDARY_BUS], sub = f->cfg[PCI_SUBORDINATE_BUS];

	return W.bridge[i] && s > (f->bus & 0xff) && s <= bus && bus <= sub;
}

static bool answers_at(int i, u8 devfn)
{
	const struct sim_fn *f = F(i);

	return f->devfn == devfn || (f->ghost && (f->devfn & 7) == (devfn & 7));
}

/*
 * Below bridge @b, which forwards @bus.  A bridge in reset (below an SBR
 * being asserted) forwards nothing.  A function sits on its bridge's
 * secondary bus; kdump-sim.c gave it that number at entry and routes it
 * only while the bridge still holds it, so a function is reached only
 * then, here too.
 */
static int route_below(int b, unsigned int bus, u8 devfn)
{
	unsigned int i;

	if (F(b)->in_reset)
		return -1;
	for (i = 0; i < W.sim.nr; i++) {
		if (F(i)->parent != b || F(i)->bus != sec(b))
			continue;
		/* A VF answers while it exists, on its bridge's secondary bus
		 * only: kdump-sim.c routes no other bus below a bridge */
		if (sec(b) == bus && answers_at(i, devfn) &&
		    (!is_vf(i) || vf_live(i)))
			return i;
		if (sec(b) != bus && claims(i, bus))
			return route_below(i, bus, devfn);
	}
	return -1;
}

/*
 * Which simulated function a config request reaches.  A root bus number
 * belongs to its host bridge, which answers it itself; any other number
 * goes to the first root-level bridge forwarding it.  Two bridges
 * forwarding one bus is undefined on hardware: the first one wins here,
 * and pci-kdump must count the overlap.
 */
static int route(unsigned int bus, u8 devfn)
{
	unsigned int i;

	/* Whatever answers at a bus number was given that number */
	if (!W.bus_has[bus])
		return -1;
	for (i = 0; i < W.sim.nr; i++) {
		if (W.gone[i] || F(i)->parent >= 0)
			continue;
		/*
		 * The VF of a PF on a root bus, on a bus of its host bridge's
		 * range that no bridge forwards (VFs follow every record, so
		 * every root bridge was looked at)
		 */
		if (is_vf(i)) {
			if (F(i)->bus == bus && answers_at(i, devfn) &&
			    W.vf_host_ok[i] && vf_live(i))
				return i;
			continue;
		}
		if (W.root_bus[bus] && F(i)->bus == bus && answers_at(i, devfn))
			return i;
		if (!W.root_bus[bus] && claims(i, bus))
			return route_below(i, bus, devfn);
	}
	return -1;
}

/* kdump-sim.c's own routed(), to check the sim reaches what we route to */
static bool sim_routed(const struct sim_fn *f, unsigned int bus)
{
	const struct sim_fn *p;

	if (f->bus != bus)
		return false;
	if (f->parent < 0)
		return true;
	p = F(f->parent);
	return !p->in_reset && p->cfg[PCI_SECONDARY_BUS] == bus &&
	       sim_routed(p, p->bus);
}

/*
 * kdump-sim.c answers with the first function routed at an address, in
 * index order.  Move every other function on that bus out of its way for
 * one call (sim_fn.bus is 16 bits, the address 8), so the one we routed
 * to answers.  Its bridges are on lower buses and stay put.
 */
static u16 hidden_bus[SIM_MAX_FNS];

static void hide_others(int p, unsigned int bus)
{
	unsigned int i;

	for (i = 0; i < W.sim.nr; i++) {
		hidden_bus[i] = F(i)->bus;
		if ((int)i != p && F(i)->bus == bus)
			F(i)->bus |= 0x100;
	}
	if (!sim_routed(F(p), bus))
		fail("harness: routed to sim[%d] at bus %02x, kdump-sim.c disagrees",
		     p, bus);
}

static void unhide(void)
{
	unsigned int i;

	for (i = 0; i < W.sim.nr; i++)
		F(i)->bus = hidden_bus[i];
}

/* ---- the delay each reset really requires ---------------------------- */

/* Readiness Time Reporting field in ms, rounded down: a lower bound */
static u32 rtr_floor_ms(u32 field)
{
	u64 ns = field & 0x1ff;
	unsigned int scale = (field >> 9) & 7;

	while (scale--)
		ns *= 32;
	return ns / 1000000;
}

static bool rtr_valid(const struct pci_kdump_fn *t)
{
	return t->rtr_cap && (t->rtr[0] & PCI_KDUMP_RTR1_VALID);
}

static u32 min_u32(u32 a, u32 b)
{
	return a < b ? a : b;
}

/*
 * After FLR: 100 ms (PCIe r6.0 sec 6.6.2), none with Immediate Readiness,
 * less when the function reports a shorter FLR Time.  A reported time
 * longer than the default is not a requirement the sim holds pci-kdump to:
 * every function must be ready, or answer RRS, by then.
 */
static u32 need_flr(int i)
{
	const struct pci_kdump_fn *t = &W.truth[i];

	if (t->imm_ready)
		return 0;
	if (rtr_valid(t))
		return min_u32(rtr_floor_ms(t->rtr[1]), PCI_KDUMP_FLR_DELAY_MS);
	return PCI_KDUMP_FLR_DELAY_MS;
}

/*
 * After D3hot->D0: 10 ms (PCI PM 1.2 sec 5.6.1).  Status.Immediate
 * Readiness exempts from delays after a reset; the D0 transition has its
 * own exemption, PMC Immediate_Readiness_on_Return_to_D0, and Linux's
 * pci_pm_reset() waits d3hot_delay whatever Status says.  FUZZ_ALLOW=
 * pm-imm-ready takes the Status bit as exempting it too.
 */
static u32 need_pm(int i)
{
	const struct pci_kdump_fn *t = &W.truth[i];
	u32 pmc = t->pm_cap ? cfg_get(F(i)->cfg, t->pm_cap + PCI_PM_PMC, 2) : 0;

	if ((pmc & PMC_IMM_READY_D0) ||
	    (t->imm_ready && (W.allow & FUZZ_ALLOW_PM_IMM_READY)))
		return 0;
	if (rtr_valid(t))
		return min_u32(rtr_floor_ms(t->rtr[1] >> 12),
			       PCI_KDUMP_D3HOT_DELAY_MS);
	return PCI_KDUMP_D3HOT_DELAY_MS;
}

/*
 * After a secondary bus reset, counted from its deassertion: 1 s below a
 * bridge to conventional PCI (Trhfa), 100 ms below anything PCIe (links
 * train at once in the sim; a switch's internal bus has no link of its
 * own, so 100 ms is a lower bound there too); its Reset Time when it
 * reports one, none with Immediate Readiness.  Deeper functions need at
 * least what their own bridge's level needs: a lower bound again.
 */
static u32 need_sbr(int i)
{
	const struct pci_kdump_fn *t = &W.truth[i];
	int p = F(i)->parent;
	u32 port = PCI_KDUMP_LINK_DELAY_MS;

	if (p >= 0 && (!W.truth[p].exp_cap ||
		       pci_kdump_exp_type(&W.truth[p]) == PCI_EXP_TYPE_PCI_BRIDGE))
		port = PCI_KDUMP_SBR_DELAY_MS;
	if (t->imm_ready)
		return 0;
	if (rtr_valid(t))
		return min_u32(rtr_floor_ms(t->rtr[0]), port);
	return port;
}

/* ---- the ops pci-kdump runs on --------------------------------------- */

static void count_op(void)
{
	if (++W.ops > MAX_CONFIG_OPS)
		fail("termination: more than %lu config accesses", MAX_CONFIG_OPS);
}

/*
 * A VF's config space is the PF's device's: a request to a VF inside its
 * PF's mandatory delay after a reset is as early as one to the PF
 * (kdump-sim.c counts only the function's own window).
 */
static void vf_access(int p)
{
	const struct sim_fn *pf;

	if (!is_vf(p))
		return;
	pf = F(F(p)->pf);
	if (pf->resets && W.sim.now < pf->released + pf->quiet_ms)
		W.vf_early[p]++;
}

static int fz_read(void *ctx, u16 seg, u8 bus, u8 devfn, int where, int size,
		   u32 *val)
{
	int p, ret;

	count_op();
	p = seg ? -1 : route(bus, devfn);
	/* Nothing reached, or the function's bus is held in reset */
	if (p < 0 || F(p)->in_reset) {
		*val = ~0U;
		return where < 0 || where + size > PCI_CFG_SPACE_EXP_SIZE ?
		       -EINVAL : 0;
	}
	vf_access(p);
	hide_others(p, bus);
	ret = sim_ops.read(ctx, seg, bus, devfn, where, size, val);
	unhide();
	return ret;
}

/*
 * A write may reset functions: the one written (FLR, AF FLR, D0) or all
 * below a bridge (SBR).  Each then gets the quiet time its reset requires,
 * which kdump-sim.c counts early reads against.
 */
static int fz_write(void *ctx, u16 seg, u8 bus, u8 devfn, int where, int size,
		    u32 val)
{
	unsigned int resets[SIM_MAX_FNS], i;
	bool in_reset[SIM_MAX_FNS];
	u64 released[SIM_MAX_FNS];
	int p, ret;

	count_op();
	p = seg ? -1 : route(bus, devfn);
	if (p < 0 || F(p)->in_reset)
		return 0;
	for (i = 0; i < W.sim.nr; i++) {
		resets[i] = F(i)->resets;
		in_reset[i] = F(i)->in_reset;
		released[i] = F(i)->released;
	}
	vf_access(p);
	hide_others(p, bus);
	ret = sim_ops.write(ctx, seg, bus, devfn, where, size, val);
	unhide();
	for (i = 0; i < W.sim.nr; i++) {
		struct sim_fn *f = F(i);

		if (in_reset[i] && !f->in_reset)
			f->quiet_ms = need_sbr(i);
		else if (f->resets != resets[i] && !f->in_reset)
			f->quiet_ms = where == SIM_CAP_PM + PCI_PM_CTRL ?
				      need_pm(i) : need_flr(i);
		else if (f->released != released[i] && !f->in_reset)
			f->quiet_ms = 0;	/* a PM state write, no reset */
	}
	return ret;
}

static void fz_sleep(void *ctx, unsigned int ms)
{
	count_op();
	sim_ops.sleep_ms(ctx, ms);
}

static u64 fz_now(void *ctx)
{
	return sim_ops.now_ms(ctx);
}

/* Device-specific prepares look the function up by address too */
static int fz_prepare(struct pci_kdump_fabric *fab, struct pci_kdump_fn *fn)
{
	int p = route(fn->bus, fn->devfn), ret;

	count_op();
	if (p < 0)
		return -ENODEV;
	hide_others(p, fn->bus);
	ret = sim_ops.prepare(fab, fn);
	unhide();
	return ret;
}

static int fz_prepare_done(struct pci_kdump_fabric *fab,
			   struct pci_kdump_fn *fn, bool give_up)
{
	int p = route(fn->bus, fn->devfn), ret;

	count_op();
	if (p < 0)
		return -ENODEV;
	hide_others(p, fn->bus);
	ret = sim_ops.prepare_done(fab, fn, give_up);
	unhide();
	return ret;
}

static const struct pci_kdump_ops fz_ops = {
	.read = fz_read,
	.write = fz_write,
	.sleep_ms = fz_sleep,
	.now_ms = fz_now,
	.prepare = fz_prepare,
	.prepare_done = fz_prepare_done,
};

/* One function's config space, read without routing, for the truth */
static int direct_read(void *ctx, u16 seg, u8 bus, u8 devfn, int where,
		       int size, u32 *val)
{
	const struct sim_fn *f = ctx;

	if (where < 0 || where + size > PCI_CFG_SPACE_EXP_SIZE) {
		*val = ~0U;
		return -EINVAL;
	}
	*val = cfg_get(f->cfg, where, size);
	return 0;
}

static const struct pci_kdump_ops direct_ops = { .read = direct_read };

static void probe_truth(void)
{
	unsigned int i;

	for (i = 0; i < W.sim.nr; i++) {
		struct pci_kdump_fabric tf = { .ops = &direct_ops, .ctx = F(i) };

		memset(&W.truth[i], 0, sizeof(W.truth[i]));
		pci_kdump_probe_fn(&tf, &W.truth[i]);
	}
}

/* ---- decoding the input into a physically possible fabric ------------ */

struct input {
	const u8 *p;
	size_t left;
};

static u8 byte(struct input *in)
{
	if (!in->left)
		return 0;
	in->left--;
	return *in->p++;
}

static u16 word(struct input *in)
{
	u16 lo = byte(in);

	return lo | byte(in) << 8;
}

static u32 dword(struct input *in)
{
	u32 lo = word(in);

	return lo | (u32)word(in) << 16;
}

static void put_both(int i, int where, int size, u32 val)
{
	sim_put(&W.sim, i, where, size, val);
	memcpy(F(i)->power_on + where, F(i)->cfg + where, size);
}

/*
 * SR-IOV is a PCIe capability of functions with a type 0 header: a PF.
 * FK_SRIOV elsewhere does nothing.
 */
static bool sriov_pf(const struct fuzz_fn *r)
{
	return (r->knobs & FK_SRIOV) && !(r->caps & FC_BRIDGE) && r->type < 0x10;
}

/* Readiness Time Reporting goes after an SR-IOV capability */
#define RTR_AFTER_SRIOV	0x140

/* Extended capabilities the knobs add, for the fuzzer to start from */
static void add_ext_caps(int i, const struct fuzz_fn *r)
{
	int rtr = sriov_pf(r) ? RTR_AFTER_SRIOV : 0x100;

	if (r->knobs & FK_RTR) {
		put_both(i, rtr, 4, PCI_KDUMP_EXT_CAP_ID_RTR | 1 << 16);
		put_both(i, rtr + PCI_KDUMP_RTR1, 4,
			 (r->rtr_reset & 0xfff) |
			 (r->rtr_reset & 0x8000 ? PCI_KDUMP_RTR1_VALID : 0));
		put_both(i, rtr + PCI_KDUMP_RTR2, 4,
			 (r->rtr_flr & 0xfff) | (r->rtr_d3 & 0xfff) << 12);
	}
}

static void decode_fn(struct input *in, struct fuzz_fn *r)
{
	r->parent = byte(in);
	r->bus = byte(in);
	r->devfn = byte(in);
	r->vendor = word(in);
	r->device = word(in);
	r->class = word(in);
	r->class |= (u32)byte(in) << 16;
	r->type = byte(in);
	r->caps = byte(in);
	r->secondary = byte(in);
	r->subordinate = byte(in);
	r->cmd = word(in);
	r->reset_ms = byte(in);
	r->knobs = byte(in);
	r->busy = byte(in);
	r->prepare = byte(in);
	r->rtr_reset = word(in);
	r->rtr_flr = word(in);
	r->rtr_d3 = word(in);
	r->knobs2 = byte(in);
	r->sriov = byte(in);
	r->vf_offset = byte(in);
	r->vf_stride = byte(in);
	r->vf_device = word(in);
	r->vf_cmd = word(in);
}

/* PCIe and PM register state the knobs set, for the fuzzer to start from */
static void add_state(int i, const struct fuzz_fn *r)
{
	const u8 *c = F(i)->cfg;
	bool exp = r->type < 0x10;

	if (r->knobs2 & FK2_MSIX) {
		put_both(i, SIM_CAP_MSIX, 2, PCI_CAP_ID_MSIX | c[PCI_CAPABILITY_LIST] << 8);
		put_both(i, PCI_CAPABILITY_LIST, 1, SIM_CAP_MSIX);
		put_both(i, PCI_STATUS, 2, cfg_get(c, PCI_STATUS, 2) | PCI_STATUS_CAP_LIST);
		sim_put(&W.sim, i, SIM_CAP_MSIX + PCI_MSIX_FLAGS, 2, PCI_MSIX_FLAGS_ENABLE);
	}
	if (exp && (r->knobs2 & FK2_FAST_LINK))
		put_both(i, SIM_CAP_EXP + PCI_EXP_LNKCAP, 4,
			 PCI_EXP_LNKCAP_DLLLARC | PCI_EXP_LNKCAP_SLS_8_0GB);
	if (exp && (r->knobs2 & FK2_LINK_UP))
		put_both(i, SIM_CAP_EXP + PCI_EXP_LNKSTA, 2, PCI_EXP_LNKSTA_DLLLA);
	if (exp && (r->knobs2 & FK2_ARI))
		sim_put(&W.sim, i, SIM_CAP_EXP + PCI_EXP_DEVCTL2, 2, PCI_EXP_DEVCTL2_ARI);
	if (exp && (r->knobs2 & FK2_SLOT))
		put_both(i, SIM_CAP_EXP + PCI_EXP_FLAGS, 2,
			 cfg_get(c, SIM_CAP_EXP + PCI_EXP_FLAGS, 2) | PCI_EXP_FLAGS_SLOT);
	if ((r->caps & (SIM_PM | SIM_PM_NOSOFT)) && (r->knobs2 & FK2_PM_IMM_D0))
		put_both(i, SIM_CAP_PM + PCI_PM_PMC, 2, PMC_IMM_READY_D0);
	if ((r->caps & FC_BRIDGE) && (r->knobs2 & FK2_VGA))
		sim_put(&W.sim, i, PCI_BRIDGE_CONTROL, 2,
			cfg_get(c, PCI_BRIDGE_CONTROL, 2) | PCI_BRIDGE_CTL_VGA);
}

static void add_fn(int i, const struct fuzz_fn *r)
{
	bool bridge = r->caps & FC_BRIDGE;
	int parent = r->parent < i && W.bridge[r->parent] ? r->parent : -1;
	u16 type = r->type >= 0x10 ? 0xffff : r->type;
	struct sim_fn *f;

	sim_add(&W.sim, parent, r->bus, r->devfn, r->vendor, r->device,
		r->class, type, r->caps & 0x7f);
	f = F(i);
	W.bridge[i] = bridge;
	if (bridge) {
		put_both(i, PCI_HEADER_TYPE, 1, PCI_HEADER_TYPE_BRIDGE |
			 (r->caps & SIM_MFD ? PCI_HEADER_TYPE_MFD : 0));
		sim_put(&W.sim, i, PCI_SECONDARY_BUS, 1, r->secondary);
		sim_put(&W.sim, i, PCI_SUBORDINATE_BUS, 1, r->subordinate);
		if (r->knobs & FK_SBR_HELD)
			sim_put(&W.sim, i, PCI_BRIDGE_CONTROL, 2,
				PCI_BRIDGE_CTL_BUS_RESET);
	}
	sim_set_cmd(&W.sim, i, r->cmd);
	if ((r->caps & SIM_MSI) && (r->knobs & FK_MSI_ON))
		sim_put(&W.sim, i, SIM_CAP_MSI + PCI_MSI_FLAGS, 2, PCI_MSI_FLAGS_ENABLE);
	add_ext_caps(i, r);
	add_state(i, r);
	f->reset_ms = r->reset_ms == 0xff ? 1000000 : r->reset_ms * 4U;
	f->rrs = r->knobs & FK_RRS;
	f->dead = r->knobs & FK_DEAD;
	f->ghost = r->knobs & FK_GHOST;
	f->busy_until = r->knobs & FK_BUSY ? r->busy * 8U + 1 : 0;
	f->prepare_ms = r->prepare * 4U;
}

/*
 * FK_SRIOV: the SR-IOV capability at SIM_CAP_SRIOV and the PF's VFs, each
 * a simulated function (kdump-sim.c's sim_add_sriov()), once every record
 * is in the table: 1-4 of them, as many as there is room for, TotalVFs
 * saying how many.  NumVFs, First VF Offset and VF Stride are the input's,
 * bogus ones included.  VF Enable, VF MSE and NumVFs are what the crashed
 * kernel's sriov_numvfs left; each VF's Command register, its own DMA.
 * The VFs' routing IDs are final once normalise() has placed the PF.
 */
static void add_vfs(int i, const struct fuzz_fn *r)
{
	unsigned int room = SIM_MAX_FNS - W.sim.nr, k;
	u16 total = 1 + (r->sriov & FS_TOTAL);
	u16 num = (r->sriov & FS_NUM) >> FS_NUM_SHIFT;
	int first;

	if (!sriov_pf(r))
		return;
	if (total > room)
		total = room;
	first = sim_add_sriov(&W.sim, i, total, r->vf_offset, r->vf_stride,
			      r->vf_device);
	put_both(i, SIM_CAP_SRIOV, 4, PCI_EXT_CAP_ID_SRIOV | 1 << 16 |
		 (r->knobs & FK_RTR ? RTR_AFTER_SRIOV : 0) << 20);
	W.pf[i] = true;
	W.vf_total[i] = total;
	W.vf_offset[i] = r->vf_offset;
	W.vf_stride[i] = r->vf_stride;
	W.vf_device[i] = r->vf_device;
	if (r->sriov & FS_VFE_OFF)
		sim_put(&W.sim, i, SIM_CAP_SRIOV + PCI_SRIOV_NUM_VF, 2, num);
	else
		sim_enable_vfs(&W.sim, i, num);
	F(i)->vfe_stuck = r->sriov & FS_VFE_STUCK;
	F(i)->reset_keeps_vfe = r->sriov & FS_KEEPS_VFE;
	for (k = 0; k < total; k++)
		sim_set_cmd(&W.sim, first + k, r->vf_cmd);
}

/* Raw bytes anywhere in config space: capability lists become arbitrary */
static void poke(struct input *in, unsigned int n)
{
	static const int sizes[] = { 1, 2, 4, 4 };
	u8 idx = byte(in), sz = byte(in);
	u16 off = word(in);
	u32 val = dword(in);
	int size = sizes[sz & 3];
	int where = off % (PCI_CFG_SPACE_EXP_SIZE - size + 1);

	if (!n)
		return;
	/* Bit 7: state the crashed kernel wrote; else the device's own */
	if (sz & 0x80)
		sim_put(&W.sim, idx % n, where, size, val);
	else
		put_both(idx % n, where, size, val);
}

static bool downstream_port(const struct pci_kdump_fn *t)
{
	u16 type = pci_kdump_exp_type(t);

	return t->exp_cap && (type == PCI_EXP_TYPE_ROOT_PORT ||
			      type == PCI_EXP_TYPE_DOWNSTREAM ||
			      type == PCI_EXP_TYPE_PCIE_BRIDGE);
}

/* ARI Forwarding exists on root ports and switch downstream ports only */
static bool is_ari_port(int p)
{
	u16 type;

	if (p < 0 || !W.truth[p].exp_cap ||
	    !(W.truth[p].devctl2 & PCI_EXP_DEVCTL2_ARI))
		return false;
	type = pci_kdump_exp_type(&W.truth[p]);
	return type == PCI_EXP_TYPE_ROOT_PORT || type == PCI_EXP_TYPE_DOWNSTREAM;
}

/* Below a PCIe port there is a link, and one device on it */
static bool only_device_0(int p)
{
	return p >= 0 && downstream_port(&W.truth[p]) && !is_ari_port(p);
}

static bool below(int i, int b)
{
	for (i = F(i)->parent; i >= 0; i = F(i)->parent)
		if (i == b)
			return true;
	return false;
}

static void drop(int i)
{
	W.gone[i] = true;
	F(i)->bus = 0x1ff;	/* never matches an 8-bit bus number */
}

/*
 * Host bridges own disjoint bus ranges, each from its root bus up to the
 * next root bus; firmware and Linux number bridges inside them.
 * pci-kdump cannot know those ranges (it runs before ACPI), so a bridge
 * numbered into another host bridge's range would make that root bus look
 * like its secondary bus; pci-kdump has no way to tell, by design (see
 * README).  Such numbers are folded back into the bridge's own range.
 */
static void fold_into_host(int i)
{
	unsigned int root, hi, k;
	u8 *cfg = F(i)->cfg;
	int r = i;

	while (F(r)->parent >= 0)
		r = F(r)->parent;
	root = F(r)->bus;
	for (hi = root + 1; hi < 256 && !W.root_bus[hi]; hi++)
		;
	hi--;
	for (k = PCI_SECONDARY_BUS; k <= PCI_SUBORDINATE_BUS; k++)
		if (cfg[k] > hi)
			cfg[k] = hi > root ? root + 1 + (cfg[k] - root - 1) % (hi - root) : root;
}

/*
 * SR-IOV as hardware has it, after pokes: a VF has no SR-IOV capability
 * of its own; VF Enable and NumVFs reset to 0 wherever the capability is,
 * and SR-IOV Control's reserved bits read 0 (all-ones is absence); a PF
 * decodes its device number (its VFs have others), so it is no ghost; and
 * a PF has VFs only while its SR-IOV capability is the one kdump-sim.c
 * implements, at SIM_CAP_SRIOV, where pci_kdump_probe_fn() finds it.  A
 * capability list poked to put SR-IOV elsewhere, or nowhere, leaves VFs
 * no PF could have (kdump-sim.c would keep them answering whatever the
 * list says): they are dropped.
 */
/* SR-IOV Control: VF Enable, Migration, Migration Interrupt, VF MSE, ARI */
#define SRIOV_CTRL_BITS	0x001f

static void normalise_sriov(void)
{
	unsigned int i;

	for (i = 0; i < W.sim.nr; i++) {
		u16 cap = W.truth[i].sriov_cap;
		int ctrl = cap + PCI_SRIOV_CTRL;

		if (is_vf(i) && cap) {
			put_both(i, cap, 4, 0);
			memset(&W.truth[i], 0, sizeof(W.truth[i]));
		}
		if (!is_vf(i) && cap) {
			sim_put(&W.sim, i, ctrl, 2,
				cfg_get(F(i)->cfg, ctrl, 2) & SRIOV_CTRL_BITS);
			memset(F(i)->power_on + cap + PCI_SRIOV_CTRL, 0, 2);
			memset(F(i)->power_on + cap + PCI_SRIOV_NUM_VF, 0, 2);
			F(i)->ghost = false;
		}
		if (W.pf[i]) {
			ctrl = SIM_CAP_SRIOV + PCI_SRIOV_CTRL;
			sim_put(&W.sim, i, ctrl, 2,
				cfg_get(F(i)->cfg, ctrl, 2) & SRIOV_CTRL_BITS);
			F(i)->ghost = false;
			memset(F(i)->power_on + SIM_CAP_SRIOV + PCI_SRIOV_CTRL, 0, 2);
			memset(F(i)->power_on + SIM_CAP_SRIOV + PCI_SRIOV_NUM_VF, 0, 2);
		}
	}
	for (i = 0; i < W.sim.nr; i++)
		if (is_vf(i) && W.truth[F(i)->pf].sriov_cap != SIM_CAP_SRIOV)
			drop(i);
	probe_truth();
}

/*
 * ARI Forwarding Enable is hardwired to 0 but on root ports and switch
 * downstream ports (PCIe r6.0 sec 7.5.3.16): pci-kdump, like Linux, takes
 * the bit as it reads it, on any port, so a bit set elsewhere would make a
 * bus of 256 functions out of one where the harness routes device 0 only.
 */
static void ari_only_on_ports(void)
{
	unsigned int i;

	for (i = 0; i < W.sim.nr; i++) {
		const struct pci_kdump_fn *t = &W.truth[i];
		u16 type = pci_kdump_exp_type(t);
		int where = t->exp_cap + PCI_EXP_DEVCTL2;

		if (!t->exp_cap || type == PCI_EXP_TYPE_ROOT_PORT ||
		    type == PCI_EXP_TYPE_DOWNSTREAM)
			continue;
		F(i)->cfg[where] &= ~PCI_EXP_DEVCTL2_ARI;
		F(i)->power_on[where] &= ~PCI_EXP_DEVCTL2_ARI;
	}
	probe_truth();
}

/* The range of buses a root bus's host bridge owns: to the next root bus */
static unsigned int host_end(unsigned int root)
{
	unsigned int hi;

	for (hi = root + 1; hi < 256 && !W.root_bus[hi]; hi++)
		;
	return hi - 1;
}

/*
 * VF i sits at its PF's routing ID + First VF Offset + i * VF Stride
 * (PCIe r6.0 sec 9.3.3.9-10), below its PF's bridge.  Past bus 255 it
 * answers nowhere (its PF's numbers are bogus).  Below a bridge it answers
 * on the bridge's secondary bus only (kdump-sim.c routes no other); below
 * the root, on a bus of its PF's host bridge that no bridge forwards.  A
 * VF that cannot be reached still does DMA until VF Enable goes clear.
 */
static void place_vfs(void)
{
	unsigned int i;

	for (i = 0; i < W.sim.nr; i++) {
		struct sim_fn *f = F(i);
		const struct sim_fn *pf;
		u32 rid;

		if (!is_vf(i) || W.gone[i])
			continue;
		pf = F(f->pf);
		if (W.gone[f->pf]) {
			drop(i);
			continue;
		}
		rid = ((u32)pf->bus << 8 | pf->devfn) + W.vf_offset[f->pf] +
		      (u32)f->vf_index * W.vf_stride[f->pf];
		f->bus = rid >> 8;
		f->devfn = rid & 0xff;
		f->parent = pf->parent;
		W.vf_host_ok[i] = pf->parent < 0 && f->bus >= pf->bus &&
				  f->bus <= host_end(pf->bus) &&
				  f->bus <= W.bus_end;
	}
}

static u8 vf_rids[65536 / 8];	/* routing IDs VFs hold, for vfs_apart() */

static bool rid_taken(int pf, u32 rid)
{
	unsigned int j;

	if (vf_rids[rid / 8] & (1 << (rid % 8)))
		return true;
	for (j = 0; j < W.sim.nr; j++)
		if (!W.gone[j] && !is_vf(j) && (int)j != pf &&
		    F(j)->bus == rid >> 8 && answers_at(j, rid & 0xff))
			return true;
	return false;
}

/*
 * A VF has a routing ID no other function has: no kernel enables VFs over
 * another function, or another PF's VFs (Linux's sriov_enable() claims
 * the bus numbers).  Where the numbers of a PF with VF Enable set, valid
 * ones, put a VF on another function, that PF's VF Enable is cleared: the
 * crashed kernel could not have set it.  Bogus numbers (more VFs than
 * TotalVFs, offset 0, stride 0 with two VFs or more, past bus 255) are
 * left for pci-kdump to refuse.  Any PF, not only FK_SRIOV ones: pokes
 * make SR-IOV capabilities too, whose VFs the sim does not have (they
 * never answer; pci-kdump still lists them).
 */
static void vfs_apart(void)
{
	unsigned int i, k;

	memset(vf_rids, 0, sizeof(vf_rids));
	for (i = 0; i < W.sim.nr; i++) {
		const struct pci_kdump_fn *t = &W.truth[i];
		const u8 *c = F(i)->cfg;
		u16 cap = t->sriov_cap, num, total, offset, stride;
		u32 rid;
		bool clash = false;

		if (W.gone[i] || is_vf(i) || !(t->entry & PCI_KDUMP_ENTRY_VFS))
			continue;
		num = cfg_get(c, cap + PCI_SRIOV_NUM_VF, 2);
		total = cfg_get(c, cap + PCI_SRIOV_TOTAL_VF, 2);
		offset = cfg_get(c, cap + PCI_SRIOV_VF_OFFSET, 2);
		stride = cfg_get(c, cap + PCI_SRIOV_VF_STRIDE, 2);
		rid = ((u32)F(i)->bus << 8 | F(i)->devfn) + offset;
		if (!num || num > total || !offset || (num > 1 && !stride) ||
		    num > PCI_KDUMP_MAX_FNS ||
		    rid + (u32)(num - 1) * stride > 0xffff)
			continue;
		for (k = 0; k < num && !clash; k++)
			clash = rid_taken(i, rid + k * stride);
		if (clash) {
			sim_put(&W.sim, i, cap + PCI_SRIOV_CTRL, 2,
				cfg_get(c, cap + PCI_SRIOV_CTRL, 2) &
				~(PCI_SRIOV_CTRL_VFE | PCI_SRIOV_CTRL_MSE));
			continue;
		}
		for (k = 0; k < num; k++, rid += stride)
			vf_rids[rid / 8] |= 1 << (rid % 8);
	}
	probe_truth();
}

/*
 * What pokes and knobs may not do, because no hardware does it.  Each
 * rule says why; every one of them keeps the fabric something a real
 * machine, crashed kernel and all, could present.
 */
static void normalise(void)
{
	unsigned int i, j;

	for (i = 0; i < W.sim.nr; i++) {
		struct sim_fn *f = F(i);
		u8 mfd = f->cfg[PCI_HEADER_TYPE] & PCI_HEADER_TYPE_MFD;
		u16 vendor = cfg_get(f->cfg, PCI_VENDOR_ID, 2);

		/*
		 * A VF reads all-ones as Vendor and Device ID (its PF's
		 * capability says what it is), has a type 0 header, and its
		 * Command register resets to 0 like any other
		 */
		if (is_vf(i)) {
			put_both(i, PCI_VENDOR_ID, 4, ~0U);
			put_both(i, PCI_HEADER_TYPE, 1, 0);
			memset(f->power_on + PCI_COMMAND, 0, 2);
			continue;
		}
		/* The header type is read-only: it is what the device is */
		f->cfg[PCI_HEADER_TYPE] = mfd | (W.bridge[i] ? 1 : 0);
		f->power_on[PCI_HEADER_TYPE] = f->cfg[PCI_HEADER_TYPE];
		/* No device has these IDs: 0x0001 is RRS, 0 and ~0 absence */
		if (vendor == 0 || vendor == 1 || vendor == 0xffff)
			put_both(i, PCI_VENDOR_ID, 2, 0x1af4);
		vendor = cfg_get(f->power_on, PCI_VENDOR_ID, 2);
		if (vendor == 0 || vendor == 1 || vendor == 0xffff)
			put_both(i, PCI_VENDOR_ID, 2, 0x1af4);
		/* Reset values: decode and bus numbers off, no SBR held */
		memset(f->power_on + PCI_COMMAND, 0, 2);
		if (W.bridge[i]) {
			memset(f->power_on + PCI_PRIMARY_BUS, 0, 3);
			memset(f->power_on + PCI_BRIDGE_CONTROL, 0, 2);
		}
		/* A PF's SR-IOV numbers are read-only: its VFs sit there */
		if (W.pf[i]) {
			put_both(i, SIM_CAP_SRIOV + PCI_SRIOV_TOTAL_VF, 2, W.vf_total[i]);
			put_both(i, SIM_CAP_SRIOV + PCI_SRIOV_VF_OFFSET, 2, W.vf_offset[i]);
			put_both(i, SIM_CAP_SRIOV + PCI_SRIOV_VF_STRIDE, 2, W.vf_stride[i]);
			put_both(i, SIM_CAP_SRIOV + PCI_SRIOV_VF_DID, 2, W.vf_device[i]);
		}
	}
	probe_truth();
	ari_only_on_ports();
	normalise_sriov();

	/*
	 * A root bus outside every config window is no part of this
	 * segment: no software can reach it.
	 */
	for (i = 0; i < W.sim.nr; i++) {
		struct sim_fn *f = F(i);

		if (f->parent >= 0 || is_vf(i))
			continue;
		if (f->bus < W.bus_start || f->bus > W.bus_end)
			f->bus = W.bus_start + f->bus % (W.bus_end - W.bus_start + 1);
		W.root_bus[f->bus] = true;
	}
	for (i = 0; i < W.sim.nr; i++) {
		struct sim_fn *f = F(i);
		int p = f->parent;

		if (p >= 0 && W.gone[p]) {
			drop(i);
			continue;
		}
		/* VFs are placed by their PF, below */
		if (is_vf(i))
			continue;
		/* A function's bus is its bridge's secondary bus */
		if (p >= 0)
			f->bus = sec(p);
		if (W.bridge[i])
			fold_into_host(i);
		/*
		 * A PCIe link has one device, 0; a device ignoring its
		 * device number appears there as that one device.  Only
		 * there: elsewhere IDSEL or the root complex decodes it.
		 */
		if (only_device_0(p))
			f->devfn &= 7;
		else
			f->ghost = false;
		/* Two functions at one address on one bus: keep the first */
		for (j = 0; j < i; j++)
			if (!W.gone[j] && F(j)->parent == p && F(j)->bus == f->bus &&
			    F(j)->devfn == f->devfn)
				break;
		if (j < i) {
			drop(i);
			continue;
		}
	}
	/*
	 * Functions 1-7 exist only next to a function 0 that says it is
	 * multi-function (PCI r3.0 sec 6.2.5.1); ARI functions need
	 * function 0 only.  A function without its function 0 becomes it.
	 */
	for (i = 0; i < W.sim.nr; i++) {
		struct sim_fn *f = F(i);
		int p = f->parent, f0 = -1;
		bool ari = is_ari_port(p);
		u8 want = ari ? 0 : f->devfn & ~7;

		/* A VF's routing ID is its PF's business */
		if (W.gone[i] || is_vf(i) || f->devfn == want)
			continue;
		for (j = 0; j < W.sim.nr; j++)
			if (!W.gone[j] && !is_vf(j) && F(j)->parent == p &&
			    F(j)->bus == f->bus && F(j)->devfn == want)
				f0 = j;
		if (f0 < 0)
			f->devfn = want;
		else if (!ari)
			put_both(f0, PCI_HEADER_TYPE, 1,
				 F(f0)->cfg[PCI_HEADER_TYPE] | PCI_HEADER_TYPE_MFD);
	}
	/* Making a function 0 may have made a duplicate: drop it */
	for (i = 0; i < W.sim.nr; i++)
		for (j = 0; j < i && !W.gone[i] && !is_vf(i); j++)
			if (!W.gone[j] && F(j)->parent == F(i)->parent &&
			    F(j)->bus == F(i)->bus && F(j)->devfn == F(i)->devfn)
				drop(i);
	for (i = 0; i < W.sim.nr; i++)
		if (F(i)->parent >= 0 && W.gone[F(i)->parent] && !W.gone[i])
			drop(i);
	place_vfs();

	/*
	 * A bridge found with Secondary Bus Reset set (the crashed kernel
	 * died inside a bus reset) holds everything below it in reset:
	 * config space lost, not answering, not mastering.
	 */
	for (i = 0; i < W.sim.nr; i++) {
		if (!W.bridge[i] || W.gone[i] ||
		    !(cfg_get(F(i)->cfg, PCI_BRIDGE_CONTROL, 2) &
		      PCI_BRIDGE_CTL_BUS_RESET))
			continue;
		for (j = 0; j < W.sim.nr; j++) {
			struct sim_fn *f = F(j);

			if (W.gone[j] || !below(j, i))
				continue;
			memcpy(f->cfg, f->power_on, sizeof(f->cfg));
			f->in_reset = true;
			f->resets = 1;
			f->quiet_ms = 0;
			f->busy_until = 0;
			W.in_reset_at_entry[j] = true;
		}
	}
	/*
	 * A function busy at entry is completing a reset: its config space
	 * is at power-on values, and a bridge's reset takes its secondary
	 * side down too: nothing below it answers (a bridge answering RRS
	 * keeps its bus numbers, so that is said here, not left to them).
	 * One answering RRS keeps its own state, the harder case (devices
	 * that answer RRS while running exist): pci-kdump must find it again
	 * after the scan.
	 */
	for (i = 0; i < W.sim.nr; i++) {
		struct sim_fn *f = F(i);

		W.rrs_at_entry[i] = !W.gone[i] && f->busy_until && f->rrs;
		if (W.gone[i] || !f->busy_until)
			continue;
		for (j = 0; j < W.sim.nr; j++) {
			if (W.gone[j] || (j == i && f->rrs) ||
			    (j != i && !below(j, i)))
				continue;
			memcpy(F(j)->cfg, F(j)->power_on, sizeof(F(j)->cfg));
			W.in_reset_at_entry[j] = true;
			if (j != i)
				F(j)->in_reset = true;
		}
	}

	/*
	 * Software may take a device whose function 0 does not answer as
	 * absent (PCI r3.0 sec 6.2.5.1; Linux's pci_scan_slot() does): its
	 * other functions are out of any scan's reach.  One answering RRS
	 * is present, only not ready.
	 */
	for (i = 0; i < W.sim.nr; i++) {
		bool ari = is_ari_port(F(i)->parent);
		u8 f0 = ari ? 0 : F(i)->devfn & ~7;

		for (j = 0; j < W.sim.nr && F(i)->devfn != f0 && !is_vf(i); j++) {
			struct sim_fn *o = F(j);

			if (W.gone[j] || is_vf(j) || o->parent != F(i)->parent ||
			    !W.in_reset_at_entry[j] || o->rrs)
				continue;
			/*
			 * ARI functions are found by following each one's
			 * Next Function Number from function 0 (Linux's
			 * next_ari_fn()), in ascending order on real devices:
			 * one that reads as absent ends the chain.
			 */
			if (o->devfn == f0 || (ari && o->devfn < F(i)->devfn))
				W.invisible[i] = true;
		}
	}
	for (i = 0; i < W.sim.nr; i++) {
		int b, p;

		if (W.gone[i])
			continue;
		for (b = F(i)->parent; b >= 0 && (p = F(b)->parent) >= 0; b = p)
			if (sec(b) < sec(p) || F(b)->cfg[PCI_SUBORDINATE_BUS] >
			    F(p)->cfg[PCI_SUBORDINATE_BUS])
				W.escapes[i] = true;
		/* A VF answers at a bus of its own only below the root */
		if (!is_vf(i) || W.vf_host_ok[i])
			W.bus_has[F(i)->bus & 0xff] = true;
	}
	probe_truth();
	vfs_apart();
	for (i = 0; i < W.sim.nr; i++)
		W.vf_at_entry[i] = is_vf(i) && !W.in_reset_at_entry[i] &&
				   vf_live(i);
	/* Bus numbers were rewritten above, after the functions were added */
	sim_moved(&W.sim);
}

/* Every token written below is well-formed: the parser must take it */
static void rejected(const char *tok, size_t len, const char *why)
{
	fail("harness: rule '%.*s' rejected: %s", (int)len, tok, why);
}

/* Skip and method rules, as text, through the capture kernel's parser */
static void decode_policy(const u8 *rules, unsigned int nskip,
			  unsigned int nover)
{
	static const char * const methods[] = { "none", "flr", "af_flr", "pm", "bus" };
	char skip[256] = "", meth[256] = "";
	unsigned int k, n = W.sim.nr;

	for (k = 0; k < nskip + nover; k++) {
		u8 kind = rules[3 * k], idx = rules[3 * k + 1], m = rules[3 * k + 2];
		char *buf = k < nskip ? skip : meth;
		size_t len = strlen(buf);
		const struct sim_fn *f;
		u16 vendor, device;
		char tok[40];

		if (!n)
			break;
		f = F(idx % n);
		/* A VF is known by its PF's Vendor ID and the VF Device ID */
		vendor = cfg_get(f->is_vf ? F(f->pf)->cfg : f->cfg, PCI_VENDOR_ID, 2);
		device = f->is_vf ? W.vf_device[f->pf] :
			 cfg_get(f->cfg, PCI_DEVICE_ID, 2);
		if (kind & 1)
			snprintf(tok, sizeof(tok), "%04x:%s", vendor,
				 kind & 2 ? "*" : "");
		else
			snprintf(tok, sizeof(tok), "%02x:%02x.%d", f->bus & 0xff,
				 f->devfn >> 3, f->devfn & 7);
		if ((kind & 3) == 1)
			snprintf(tok + strlen(tok), sizeof(tok) - strlen(tok),
				 "%04x", device);
		snprintf(buf + len, 256 - len, "%s%s%s%s", len ? "," : "", tok,
			 k < nskip ? "" : ":", k < nskip ? "" : methods[m % 5]);
	}
	pci_kdump_parse_list(skip, &st.pol, false, rejected);
	pci_kdump_parse_list(meth, &st.pol, true, rejected);
}

/* ---- the run, as kdump-reset.c does it -------------------------------- */

/*
 * pci-kdump lists a VF where its PF's capability places it.  Behind it is
 * the PF's simulated VF there (the first, if bogus numbers stack them), or
 * nothing: a VF the sim does not have (a poked capability's), or one past
 * the sim's routing; W.map is then -1.  A function that is not a VF of
 * that PF must not be there: vfs_apart() keeps VFs off other functions.
 */
static void map_vf(unsigned int k)
{
	const struct pci_kdump_fn *fn = &st.fab.fns[k];
	int pf = W.map[fn->pf - st.fab.fns], j;
	unsigned int i;

	W.map[k] = -1;
	for (i = 0; i < W.sim.nr && W.map[k] < 0; i++)
		if (is_vf(i) && !W.gone[i] && F(i)->pf == pf &&
		    F(i)->bus == fn->bus && F(i)->devfn == fn->devfn)
			W.map[k] = i;
	if (W.map[k] >= 0) {
		W.seen[W.map[k]] = true;
		return;
	}
	j = route(fn->bus, fn->devfn);
	if (j >= 0)
		fail("vf: code[%u] %02x:%02x.%d is listed as a VF of code[%u], but sim[%d] there is %s",
		     k, fn->bus, fn->devfn >> 3, fn->devfn & 7,
		     (unsigned int)(fn->pf - st.fab.fns), j,
		     is_vf(j) ? "another PF's VF" : "no VF");
}

static void run(const struct fuzz_hdr *h)
{
	struct pci_kdump_fabric *fab = &st.fab;
	unsigned int pass, n, i;
	u64 t0;

	fab->ops = &fz_ops;
	fab->ctx = &W.sim;
	t0 = fab->ops->now_ms(fab->ctx);
	/* scan(): a second pass sized from the first if it dropped any */
	fab->max = h->max ? h->max : PCI_KDUMP_MAX_FNS;
	for (pass = 0;; pass++) {
		fab->fns = table;
		pci_kdump_scan_begin(fab);
		/* scan_windows(): one window, maybe a second one unusable */
		if (h->flags & FH_UNREACHED)
			pci_kdump_seg_unreached(fab, 0, "cannot map it");
		pci_kdump_scan_segment(fab, 0, W.bus_start, W.bus_end);
		if (h->flags & FH_LEGACY)
			pci_kdump_seg_legacy_cfg(fab, 0);
		if (!fab->dropped || pass || !(h->flags & FH_RESCAN))
			break;
		fab->max = min_u32(fab->nr + fab->dropped, PCI_KDUMP_MAX_FNS);
	}
	pci_kdump_scan_retry(fab, st.pol.timeout_ms);
	pci_kdump_link(fab);

	/* Which simulated function each one found is: routing is unchanged
	 * since the scan, nothing has been written yet */
	for (i = 0; i < fab->nr; i++) {
		if (fab->fns[i].pf)
			continue;
		W.map[i] = route(fab->fns[i].bus, fab->fns[i].devfn);
		if (W.map[i] < 0)
			fail("harness: code function %u answers nowhere", i);
		if (is_vf(W.map[i]))
			fail("harness: code function %u, scanned, is sim[%d], a VF",
			     i, W.map[i]);
		W.seen[W.map[i]] = true;
	}
	/* A VF is its PF's, found where the PF says, answering or not */
	for (i = 0; i < fab->nr; i++)
		if (fab->fns[i].pf)
			map_vf(i);

	st.plan.sbr = sbr_room;
	st.plan.max_sbr = h->flags & FH_SMALL_SBR ? h->max_sbr : fab->nr;
	pci_kdump_decide(fab, &st.pol);
	if (!st.dry_run) {
		n = pci_kdump_bottom_up(fab, order);
		pci_kdump_quiesce_fabric(fab, order, n);
	}
	if (st.mode != PCI_KDUMP_MODE_QUIESCE)
		pci_kdump_plan(fab, st.pol.reset_all, st.pol.timeout_ms, &st.plan);
	ran_reset = st.mode != PCI_KDUMP_MODE_QUIESCE && !st.dry_run;
	if (ran_reset)
		st.reset_ms = pci_kdump_reset_fabric(fab, &st.plan,
						     st.pol.timeout_ms);
	st.wall_ms = fab->ops->now_ms(fab->ctx) - t0;
}

/* ---- the invariants --------------------------------------------------- */

/*
 * Known findings (README), accepted with FUZZ_ALLOW so the fuzzer can look
 * past them: a function the scan cannot find
 */
static bool allowed_unseen(int i)
{
	const struct sim_fn *f = F(i);
	unsigned int j;

	if ((W.allow & FUZZ_ALLOW_HIDDEN_RANGE) && W.escapes[i])
		return true;
	/* Next to the function 0 of its device (or of its 8 ARI functions,
	 * as the scan probes them) that answered RRS at scan time */
	for (j = 0; j < W.sim.nr && (W.allow & FUZZ_ALLOW_RRS_SIBLINGS); j++)
		if (!W.gone[j] && F(j)->parent == f->parent &&
		    F(j)->bus == f->bus && W.rrs_at_entry[j] &&
		    F(j)->devfn == (f->devfn & ~7))
			return true;
	if (!(W.allow & FUZZ_ALLOW_ARI_SCAN) || !is_ari_port(f->parent) ||
	    !(f->devfn & 7))
		return false;
	/* An ARI function whose "device"'s function 0 does not exist */
	for (j = 0; j < W.sim.nr; j++)
		if (!W.gone[j] && F(j)->parent == f->parent &&
		    F(j)->devfn == (f->devfn & ~7))
			return false;
	return true;
}

/*
 * A function no scan can find: behind a function 0 that reads as absent,
 * or below a bridge that was itself not found for such a reason, or for a
 * known finding FUZZ_ALLOW accepts.
 */
static bool unseen_excused(int i)
{
	int p = F(i)->parent;

	/* A VF is found through its PF only */
	if (is_vf(i))
		return !W.seen[F(i)->pf] && unseen_excused(F(i)->pf);
	if (W.invisible[i] || allowed_unseen(i))
		return true;
	return p >= 0 && !W.seen[p] && unseen_excused(p);
}

/*
 * Reported reset through a bridge's SBR that did not reach it: the bridge
 * it is really behind was never found, for a reason excused above, or
 * (known finding) two bridges claim its bus and pci-kdump guessed.
 */
static bool reset_excused(const struct pci_kdump_fn *fn, int i)
{
	int p;

	if (!fn->in_sbr || below(i, W.map[fn->sbr_bridge - st.fab.fns]))
		return false;
	if ((W.allow & FUZZ_ALLOW_AMBIGUOUS_PARENT) &&
	    pci_kdump_find_seg(&st.fab, 0)->conflicts)
		return true;
	for (p = F(i)->parent; p >= 0; p = F(p)->parent)
		if (!W.seen[p] && unseen_excused(p))
			return true;
	return false;
}

/* Does the simulation do the reset the function advertises, there? */
static bool honours(const struct pci_kdump_fn *fn)
{
	switch (fn->method) {
	case PCI_KDUMP_M_FLR:
		return fn->exp_cap == SIM_CAP_EXP;
	case PCI_KDUMP_M_AF_FLR:
		return fn->af_cap == SIM_CAP_AF;
	case PCI_KDUMP_M_PM:
		return fn->pm_cap == SIM_CAP_PM;
	default:
		return true;
	}
}

/*
 * A VF is reported reset (its PF was) or disabled once its PF's VF Enable
 * read back clear: then it no longer exists.  Its own config space need
 * not have been through a reset: a PF's reset or VF Enable cleared ends
 * it.
 */
static void check_vf_result(unsigned int k)
{
	const struct pci_kdump_fn *fn = &st.fab.fns[k];
	int i = W.map[k];

	if (fn->result != PCI_KDUMP_R_RESET &&
	    fn->result != PCI_KDUMP_R_DISABLED)
		return;
	if (fn->result == PCI_KDUMP_R_RESET &&
	    fn->pf->result != PCI_KDUMP_R_RESET)
		fail("reset: code[%u] %02x:%02x.%d, a VF, reported reset, its PF %s",
		     k, fn->bus, fn->devfn >> 3, fn->devfn & 7,
		     pci_kdump_result_name(fn->pf->result));
	if (i >= 0 && vf_live(i))
		fail("reset: code[%u] %02x:%02x.%d, a VF, reported %s, but sim[%d] is still enabled (PF sim[%d] SR-IOV ctrl %04x, NumVFs %u)",
		     k, fn->bus, fn->devfn >> 3, fn->devfn & 7,
		     pci_kdump_result_name(fn->result), i, F(i)->pf,
		     vf_ctrl(F(i)->pf),
		     cfg_get(F(F(i)->pf)->cfg, SIM_CAP_SRIOV + PCI_SRIOV_NUM_VF, 2));
}

static void check_reset_results(void)
{
	unsigned int k;

	for (k = 0; k < st.fab.nr; k++) {
		const struct pci_kdump_fn *fn = &st.fab.fns[k];
		int i = W.map[k];

		if (fn->pf) {
			check_vf_result(k);
			continue;
		}
		if (fn->result != PCI_KDUMP_R_RESET || F(i)->resets)
			continue;
		/*
		 * kdump-sim.c resets at its own fixed offsets; a function
		 * whose list puts the capability elsewhere ignores a reset
		 * it advertises.  pci-kdump, like Linux, trusts what a
		 * function advertises (the quirk table lists those that
		 * lie), so that is no finding.
		 */
		if (!fn->in_sbr && !honours(fn))
			continue;
		if (reset_excused(fn, i))
			continue;
		fail("reset: code[%u] %02x:%02x.%d reported reset, sim[%d] never was",
		     k, fn->bus, fn->devfn >> 3, fn->devfn & 7, i);
	}
}

static void check_early(void)
{
	unsigned int i;

	for (i = 0; i < W.sim.nr; i++) {
		if (F(i)->early_reads)
			fail("early: sim[%u] accessed %u times within its %u ms after a reset",
			     i, F(i)->early_reads, F(i)->quiet_ms);
		if (W.vf_early[i])
			fail("early: sim[%u], VF of sim[%d], accessed %u times within its PF's %u ms after a reset",
			     i, F(i)->pf, W.vf_early[i], F(F(i)->pf)->quiet_ms);
	}
}

/*
 * Sleeps, from the code: scan_retry() sleeps at most timeout + 5 ms
 * (timeout / 5 + 1 polls of 5 ms); prepare_all() at most timeout + 2
 * (timeout + 2 polls of 1 ms); release() the PM/SBR release time, at most
 * 10 ms; poll_ready() at most 2 * (wait_ms + timeout) / 5 + 2 * nr + 2
 * passes of at most 5 ms.  With wait_ms <= timeout + 10 that is at most
 * 6 * timeout + 10 * nr + 57 ms, whatever the clock does.  The iteration
 * caps make that hold by construction; the admin guide promises more.
 */
static void check_bounded(void)
{
	u64 t = st.pol.timeout_ms, bound;

	bound = t + PCI_KDUMP_POLL_MS;
	if (ran_reset && st.plan.nr_fns)
		bound += t + 2 + PCI_KDUMP_D3HOT_DELAY_MS +
			 2 * (st.plan.wait_ms + t) +
			 PCI_KDUMP_POLL_MS * (2 * st.fab.nr + 2);
	if (W.sim.slept > bound)
		fail("bounded: slept %llu ms, bound %llu (timeout %llu, wait %u, %u functions)",
		     (unsigned long long)W.sim.slept, (unsigned long long)bound,
		     (unsigned long long)t, st.plan.wait_ms, st.fab.nr);
	/*
	 * The admin guide's promise: the prepares (one deadline, timeout),
	 * the release, then one loop for the longest mandatory delay and
	 * the readiness polls, "bounded by pci_kdump.timeout_ms in total".
	 */
	bound = (t + 2) + st.plan.release_ms + st.plan.wait_ms + t +
		2 * PCI_KDUMP_POLL_MS;
	if (ran_reset && !W.sim.frozen && st.reset_ms > bound)
		fail("bounded: phase 2 took %u ms, more than %llu (wait %u, timeout %llu)",
		     st.reset_ms, (unsigned long long)bound, st.plan.wait_ms,
		     (unsigned long long)t);
	if (!W.sim.frozen && W.sim.now != W.sim.slept)
		fail("harness: clock %llu != time slept",
		     (unsigned long long)W.sim.now);
}

/* Does it still answer, now?  A reset function is at power-on values */
static bool answers(const struct sim_fn *f)
{
	return !f->in_reset && !(f->dead && f->resets) && W.sim.now >= f->busy_until;
}

static const struct pci_kdump_fn *code_fn(int i)
{
	unsigned int k;

	for (k = 0; k < st.fab.nr; k++)
		if (W.map[k] == i)
			return &st.fab.fns[k];
	return NULL;
}

/*
 * Known finding quiesce-pf (README): a PF taken for a bridge (class 06 00,
 * method quiesce) is idle whatever its VF Enable reads
 */
static bool allowed_quiesce_pf(int pf)
{
	const struct pci_kdump_fn *fn = code_fn(pf);

	return (W.allow & FUZZ_ALLOW_QUIESCE_PF) && fn &&
	       fn->method == PCI_KDUMP_M_QUIESCE;
}

/*
 * A clean verdict and a VF that was there at entry: it was found (through
 * its PF), and it no longer exists.  One still enabled may do DMA: at once
 * with Bus Master Enable set, or as soon as anything sets it.
 */
static void check_vf_clean(int i)
{
	const struct sim_fn *f = F(i);
	u16 cmd = cfg_get(f->cfg, PCI_COMMAND, 2);

	if (!W.vf_at_entry[i])
		return;
	if (!code_fn(i) && unseen_excused(i))
		return;
	if (!code_fn(i))
		fail("verdict: clean, but sim[%u] %02x:%02x.%d, VF %u of sim[%d], was never found",
		     i, f->bus, f->devfn >> 3, f->devfn & 7, f->vf_index, f->pf);
	if (allowed_quiesce_pf(f->pf))
		return;
	if (vf_live(i))
		fail("verdict: clean, but sim[%u] %02x:%02x.%d, VF %u of sim[%d], is still enabled%s (cmd %04x, PF SR-IOV ctrl %04x)",
		     i, f->bus, f->devfn >> 3, f->devfn & 7, f->vf_index,
		     f->pf, cmd & PCI_COMMAND_MASTER ?
		     " with Bus Master Enable set" : "", cmd, vf_ctrl(f->pf));
}

static void check_verdict(void)
{
	char why[128], why_all[128];
	bool clean = pci_kdump_scope_verdict(&st, 0, why, sizeof(why));
	unsigned int i;

	if (clean != pci_kdump_scope_verdict(&st, PCI_KDUMP_ALL_SEGMENTS,
					     why_all, sizeof(why_all)))
		fail("verdict: segment 0 says %d, all segments (only 0) %d",
		     clean, !clean);
	if (pci_kdump_scope_verdict(&st, 1, why, sizeof(why)))
		fail("verdict: segment 1 was never scanned, yet clean");
	if (!clean)
		return;
	for (i = 0; i < W.sim.nr; i++) {
		const struct pci_kdump_fn *t = &W.truth[i], *fn;
		const struct sim_fn *f = F(i);
		bool master = t->entry & (PCI_KDUMP_ENTRY_BME | PCI_KDUMP_ENTRY_VFS);
		u16 cmd = cfg_get(f->cfg, PCI_COMMAND, 2);
		bool vfs;

		if (W.gone[i] || W.in_reset_at_entry[i])
			continue;
		if (is_vf(i)) {
			check_vf_clean(i);
			continue;
		}
		fn = code_fn(i);
		if (!fn && unseen_excused(i))
			continue;
		if (!fn)
			fail("verdict: clean, but sim[%u] %02x:%02x.%d%s was never found",
			     i, f->bus, f->devfn >> 3, f->devfn & 7,
			     master ? ", a bus master," : "");
		if (!master)
			continue;
		/* VFs a PF still enables may do DMA, reset or not */
		vfs = t->sriov_cap &&
		      (cfg_get(f->cfg, t->sriov_cap + PCI_SRIOV_CTRL, 2) &
		       PCI_SRIOV_CTRL_VFE);
		if ((t->entry & PCI_KDUMP_ENTRY_VFS) && vfs &&
		    !allowed_quiesce_pf(i))
			fail("verdict: clean, but PF sim[%u] %02x:%02x.%d still has VF Enable set (SR-IOV ctrl %04x, resets %u)",
			     i, f->bus, f->devfn >> 3, f->devfn & 7,
			     cfg_get(f->cfg, t->sriov_cap + PCI_SRIOV_CTRL, 2),
			     f->resets);
		if (f->resets && answers(f))
			continue;
		if (fn->method == PCI_KDUMP_M_QUIESCE)
			continue;
		/* Reported reset, excused as in check_reset_results() */
		if (fn->result == PCI_KDUMP_R_RESET &&
		    ((!fn->in_sbr && !honours(fn)) || reset_excused(fn, i)))
			continue;
		/* A master only through its VFs, which are all gone */
		if (!(fn->entry & PCI_KDUMP_ENTRY_BME) && !vfs)
			continue;
		fail("verdict: clean, but sim[%u] %02x:%02x.%d may still do DMA (cmd %04x%s, resets %u)",
		     i, f->bus, f->devfn >> 3, f->devfn & 7, cmd,
		     vfs ? ", VFs enabled" : "", f->resets);
	}
}

/*
 * The report's formatting, and the audit tool's view of the decision, run
 * on whatever the run left: memory safety
 */
static void format_all(void)
{
	char line[256];
	unsigned int i;

	for (i = 0; i < st.fab.nr; i++) {
		pci_kdump_format_fn(line, sizeof(line), &st, &st.fab.fns[i]);
		pci_kdump_linux_methods(&st.fab, &st.fab.fns[i]);
	}
	pci_kdump_format_summary(line, sizeof(line), &st);
}

static unsigned int parse_allow(void)
{
	static const struct { const char *name; unsigned int bit; } ids[] = {
		{ "pm-imm-ready", FUZZ_ALLOW_PM_IMM_READY },
		{ "ari-scan", FUZZ_ALLOW_ARI_SCAN },
		{ "hidden-range", FUZZ_ALLOW_HIDDEN_RANGE },
		{ "rrs-siblings", FUZZ_ALLOW_RRS_SIBLINGS },
		{ "ambiguous-parent", FUZZ_ALLOW_AMBIGUOUS_PARENT },
		{ "quiesce-pf", FUZZ_ALLOW_QUIESCE_PF },
	};
	const char *s = getenv("FUZZ_ALLOW");
	unsigned int allow = 0, k;

	for (k = 0; s && k < sizeof(ids) / sizeof(ids[0]); k++)
		if (strstr(s, ids[k].name))
			allow |= ids[k].bit;
	if (getenv("FUZZ_TRACE"))
		allow |= FUZZ_TRACE;
	return allow;
}

/* FUZZ_TRACE=1: what happened, for reading a seed or a reproducer */
static void trace(void)
{
	char why[128];

	if (!(W.allow & FUZZ_TRACE))
		return;
	fprintf(stderr, "verdict: %s\n",
		pci_kdump_scope_verdict(&st, 0, why, sizeof(why)) ? "clean" : why);
	dump();
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	static const enum pci_kdump_mode modes[] = {
		PCI_KDUMP_MODE_RESET, PCI_KDUMP_MODE_ALL,
		PCI_KDUMP_MODE_QUIESCE, PCI_KDUMP_MODE_RESET,
	};
	static unsigned int allow = ~0U;
	struct input in = { data, size };
	static struct fuzz_fn recs[SIM_MAX_FNS];
	u8 rules[3 * FUZZ_MAX_RULES];
	struct fuzz_hdr h;
	unsigned int i, n;

	if (allow == ~0U)
		allow = parse_allow();
	memset(&W, 0, sizeof(W));
	sim_init(&W.sim, sim_fns, SIM_MAX_FNS);
	memset(&st, 0, sizeof(st));
	ran_reset = false;
	W.allow = allow;

	h.nfns = byte(&in);
	h.timeout = word(&in);
	h.flags = byte(&in);
	h.max = byte(&in);
	h.max_sbr = byte(&in);
	h.bus_start = byte(&in);
	h.bus_end = byte(&in);
	h.nskip = byte(&in);
	h.nover = byte(&in);

	W.bus_start = h.bus_start < h.bus_end ? h.bus_start : h.bus_end;
	W.bus_end = h.bus_start < h.bus_end ? h.bus_end : h.bus_start;
	n = h.nfns % (SIM_MAX_FNS + 1);
	for (i = 0; i < n && in.left >= FUZZ_FN_SIZE; i++) {
		decode_fn(&in, &recs[i]);
		add_fn(i, &recs[i]);
	}
	/* Simulated function i is record i; VFs come after them all */
	for (n = i, i = 0; i < n; i++)
		add_vfs(i, &recs[i]);
	/* read_params(): mode, rules, timeout */
	st.done = true;
	st.active = true;
	st.mode = modes[h.flags & FH_MODE];
	st.dry_run = h.flags & FH_DRY_RUN;
	st.pol.timeout_ms = 1 + h.timeout % 20000;
	st.pol.reset_all = st.mode == PCI_KDUMP_MODE_ALL;
	W.sim.frozen = h.flags & FH_FROZEN;
	/* Rules name functions by where they end up: applied after normalise() */
	for (i = 0; i < sizeof(rules); i++)
		rules[i] = byte(&in);
	while (in.left >= FUZZ_POKE_SIZE)
		poke(&in, W.sim.nr);
	normalise();
	decode_policy(rules, h.nskip % (FUZZ_MAX_RULES / 2 + 1),
		      h.nover % (FUZZ_MAX_RULES / 2 + 1));

	run(&h);
	trace();
	format_all();
	check_reset_results();
	check_early();
	check_bounded();
	check_verdict();
	return 0;
}
