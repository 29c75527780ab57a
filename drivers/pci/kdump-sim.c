// SPDX-License-Identifier: GPL-2.0
/*
 * Simulated PCI fabric for pci-kdump's KUnit tests; see kdump-sim.h.
 */
#include <linux/errno.h>
#include <linux/string.h>
#include "kdump-sim.h"

static void put(u8 *cfg, int where, int size, u32 val)
{
	while (size--) {
		cfg[where++] = val & 0xff;
		val >>= 8;
	}
}

static u32 get(const u8 *cfg, int where, int size)
{
	u32 val = 0;

	while (size--)
		val = (val << 8) | cfg[where + size];
	return val;
}

u32 sim_cfg(const struct sim_fabric *sim, int i, int where, int size)
{
	return get(sim->fns[i].cfg, where, size);
}

/* Set config space as firmware or the crashed kernel left it */
void sim_put(struct sim_fabric *sim, int i, int where, int size, u32 val)
{
	put(sim->fns[i].cfg, where, size, val);
}

/* An empty fabric with room for @cap functions in @fns */
void sim_init(struct sim_fabric *sim, struct sim_fn *fns, unsigned int cap)
{
	memset(sim, 0, sizeof(*sim));
	sim->fns = fns;
	sim->cap = cap;
}

/*
 * Build a function's power-on config space; firmware state is set later.
 * Return: its index, or -ENOSPC when the fabric is full.
 */
int sim_add(struct sim_fabric *sim, int parent, u8 bus, u8 devfn, u16 vendor,
	    u16 device, u32 class, u16 pcie_type, unsigned int caps)
{
	struct sim_fn *f;
	u8 *c, next = 0;

	if (sim->nr >= sim->cap)
		return -ENOSPC;
	f = &sim->fns[sim->nr];
	c = f->power_on;
	memset(f, 0, sizeof(*f));
	f->seg = parent < 0 ? 0 : sim->fns[parent].seg;
	f->bus = bus;
	f->devfn = devfn;
	f->parent = parent;
	f->reset_ms = 20;
	f->quiet_ms = PCI_KDUMP_FLR_DELAY_MS;
	put(c, PCI_VENDOR_ID, 2, vendor);
	put(c, PCI_DEVICE_ID, 2, device);
	put(c, PCI_CLASS_REVISION, 4, class << 8);
	put(c, PCI_HEADER_TYPE, 1, caps & SIM_MFD ? PCI_HEADER_TYPE_MFD : 0);
	if (caps & SIM_IMM_READY)
		put(c, PCI_STATUS, 2, PCI_STATUS_IMM_READY);

	/* Capabilities are chained from the highest offset down */
	if (pcie_type != 0xffff) {
		put(c, SIM_CAP_EXP, 1, PCI_CAP_ID_EXP);
		put(c, SIM_CAP_EXP + 1, 1, next);
		put(c, SIM_CAP_EXP + PCI_EXP_FLAGS, 2, 2 | pcie_type << 4);
		put(c, SIM_CAP_EXP + PCI_EXP_DEVCAP, 4,
		    caps & SIM_FLR ? PCI_EXP_DEVCAP_FLR : 0);
		put(c, SIM_CAP_EXP + PCI_EXP_LNKCAP, 4, PCI_EXP_LNKCAP_DLLLARC);
		next = SIM_CAP_EXP;
	}
	if (caps & SIM_AF_FLR) {
		put(c, SIM_CAP_AF, 1, PCI_CAP_ID_AF);
		put(c, SIM_CAP_AF + 1, 1, next);
		put(c, SIM_CAP_AF + PCI_AF_CAP, 1, PCI_AF_CAP_TP | PCI_AF_CAP_FLR);
		next = SIM_CAP_AF;
	}
	if (caps & SIM_MSI) {
		put(c, SIM_CAP_MSI, 1, PCI_CAP_ID_MSI);
		put(c, SIM_CAP_MSI + 1, 1, next);
		next = SIM_CAP_MSI;
	}
	if (caps & (SIM_PM | SIM_PM_NOSOFT)) {
		put(c, SIM_CAP_PM, 1, PCI_CAP_ID_PM);
		put(c, SIM_CAP_PM + 1, 1, next);
		put(c, SIM_CAP_PM + PCI_PM_CTRL, 2,
		    caps & SIM_PM_NOSOFT ? PCI_PM_CTRL_NO_SOFT_RESET : 0);
		next = SIM_CAP_PM;
	}
	if (next) {
		put(c, PCI_CAPABILITY_LIST, 1, next);
		put(c, PCI_STATUS, 2, get(c, PCI_STATUS, 2) | PCI_STATUS_CAP_LIST);
	}
	memcpy(f->cfg, c, sizeof(f->cfg));
	return sim->nr++;
}

/* Put a function on a root bus of another segment, before its children */
void sim_set_seg(struct sim_fabric *sim, int i, u16 seg)
{
	sim->fns[i].seg = seg;
	sim_moved(sim);
}

/* Functions were given other bus numbers directly: index them afresh */
void sim_moved(struct sim_fabric *sim)
{
	sim->indexed = 0;
}

/* A bridge, with the bus numbers firmware assigned and BARs of its own */
int sim_add_bridge(struct sim_fabric *sim, int parent, u8 bus, u8 devfn,
		   u16 pcie_type, u8 secondary, u8 subordinate)
{
	int i = sim_add(sim, parent, bus, devfn, 0x8086, 0x1000 + devfn,
			0x060400, pcie_type, SIM_PM);
	struct sim_fn *f;

	if (i < 0)
		return i;
	f = &sim->fns[i];
	put(f->power_on, PCI_HEADER_TYPE, 1, PCI_HEADER_TYPE_BRIDGE);
	put(f->cfg, PCI_HEADER_TYPE, 1, PCI_HEADER_TYPE_BRIDGE);
	put(f->cfg, PCI_PRIMARY_BUS, 1, bus);
	put(f->cfg, PCI_SECONDARY_BUS, 1, secondary);
	put(f->cfg, PCI_SUBORDINATE_BUS, 1, subordinate);
	put(f->cfg, PCI_MEMORY_BASE, 4, 0xfe10fe00);
	return i;
}

/*
 * An SR-IOV capability on @pf and its @total VFs, placed at the routing IDs
 * its First VF Offset and VF Stride give.  A VF reads 0xffff as Vendor and
 * Device ID, as hardware does, and answers only while its PF's VF Enable
 * is set and its index is below NumVFs.
 */
int sim_add_sriov(struct sim_fabric *sim, int pf, u16 total, u16 offset,
		  u16 stride, u16 vf_device)
{
	struct sim_fn *p = &sim->fns[pf];
	u32 rid = (p->bus << 8 | p->devfn) + offset;
	u32 class = get(p->power_on, PCI_CLASS_REVISION, 4) >> 8;
	u16 i;

	for (i = 0; i < 2; i++) {
		u8 *c = i ? p->cfg : p->power_on;

		put(c, SIM_CAP_SRIOV, 4, PCI_EXT_CAP_ID_SRIOV | 1 << 16);
		put(c, SIM_CAP_SRIOV + PCI_SRIOV_TOTAL_VF, 2, total);
		put(c, SIM_CAP_SRIOV + PCI_SRIOV_VF_OFFSET, 2, offset);
		put(c, SIM_CAP_SRIOV + PCI_SRIOV_VF_STRIDE, 2, stride);
		put(c, SIM_CAP_SRIOV + PCI_SRIOV_VF_DID, 2, vf_device);
	}
	for (i = 0; i < total; i++, rid += stride) {
		int v = sim_add(sim, p->parent, rid >> 8, rid & 0xff, 0xffff,
				0xffff, class, PCI_EXP_TYPE_ENDPOINT, SIM_FLR);

		if (v < 0)
			return v;
		sim->fns[v].seg = p->seg;
		sim->fns[v].is_vf = true;
		sim->fns[v].pf = pf;
		sim->fns[v].vf_index = i;
	}
	return sim->nr - total;
}

/* The crashed kernel's sriov_numvfs: VF Enable, VF MSE and NumVFs */
void sim_enable_vfs(struct sim_fabric *sim, int pf, u16 num)
{
	put(sim->fns[pf].cfg, SIM_CAP_SRIOV + PCI_SRIOV_NUM_VF, 2, num);
	put(sim->fns[pf].cfg, SIM_CAP_SRIOV + PCI_SRIOV_CTRL, 2,
	    PCI_SRIOV_CTRL_VFE | PCI_SRIOV_CTRL_MSE);
}

/* The index of @pf's VF number @vf_index */
int sim_vf(const struct sim_fabric *sim, int pf, u16 vf_index)
{
	unsigned int i;

	for (i = 0; i < sim->nr; i++)
		if (sim->fns[i].is_vf && sim->fns[i].pf == pf &&
		    sim->fns[i].vf_index == vf_index)
			return i;
	return -1;
}

void sim_set_cmd(struct sim_fabric *sim, int i, u16 cmd)
{
	put(sim->fns[i].cfg, PCI_COMMAND, 2, cmd);
}

/* Is the function reachable at this address through its bridges now? */
static bool routed(const struct sim_fabric *sim, const struct sim_fn *f,
		   u8 bus)
{
	const struct sim_fn *p;

	if (f->bus != bus)
		return false;
	if (f->parent < 0)
		return true;
	p = &sim->fns[f->parent];
	return !p->in_reset && get(p->cfg, PCI_SECONDARY_BUS, 1) == bus &&
	       routed(sim, p, p->bus);
}

/* VFs exist while their PF enables them */
static bool vf_enabled(const struct sim_fabric *sim, const struct sim_fn *f)
{
	const u8 *pf = sim->fns[f->pf].cfg;

	return (get(pf, SIM_CAP_SRIOV + PCI_SRIOV_CTRL, 2) & PCI_SRIOV_CTRL_VFE) &&
	       f->vf_index < get(pf, SIM_CAP_SRIOV + PCI_SRIOV_NUM_VF, 2);
}

/*
 * Chain the functions by segment and the low byte of their bus, in order of
 * creation, as the first one routed at an address answers.  routed() still
 * compares the whole bus number, so a function moved off its bus (the
 * fuzzer sets bit 8 to hide one) is passed over without a new index.
 */
static void index_buses(struct sim_fabric *sim)
{
	unsigned int s, b;
	int i;

	for (s = 0; s < SIM_MAX_SEGS; s++)
		for (b = 0; b < 256; b++)
			sim->bus_head[s][b] = -1;
	for (i = sim->nr - 1; i >= 0; i--) {
		struct sim_fn *f = &sim->fns[i];

		f->next_on_bus = -1;
		if (f->seg >= SIM_MAX_SEGS)
			continue;
		f->next_on_bus = sim->bus_head[f->seg][f->bus & 0xff];
		sim->bus_head[f->seg][f->bus & 0xff] = i;
	}
	sim->indexed = sim->nr;
}

static struct sim_fn *lookup(struct sim_fabric *sim, u16 seg, u8 bus, u8 devfn)
{
	int i;

	if (seg >= SIM_MAX_SEGS)
		return NULL;
	if (sim->indexed != sim->nr)
		index_buses(sim);
	for (i = sim->bus_head[seg][bus]; i >= 0; i = sim->fns[i].next_on_bus) {
		struct sim_fn *f = &sim->fns[i];

		if (f->is_vf && !vf_enabled(sim, f))
			continue;
		if ((f->devfn == devfn ||
		     (f->ghost && (f->devfn & 7) == (devfn & 7))) &&
		    routed(sim, f, bus))
			return f;
	}
	return NULL;
}

/* VF Enable went clear: the VFs are gone, and come back as new */
static void drop_vfs(struct sim_fabric *sim, const struct sim_fn *pf)
{
	unsigned int i;

	for (i = 0; i < sim->nr; i++)
		if (sim->fns[i].is_vf && &sim->fns[sim->fns[i].pf] == pf)
			memcpy(sim->fns[i].cfg, sim->fns[i].power_on,
			       sizeof(sim->fns[i].cfg));
}

static void reset(struct sim_fabric *sim, struct sim_fn *f)
{
	u16 sriov_ctrl = get(f->cfg, SIM_CAP_SRIOV + PCI_SRIOV_CTRL, 2);

	memcpy(f->cfg, f->power_on, sizeof(f->cfg));
	if (f->vfe_stuck || f->reset_keeps_vfe)
		put(f->cfg, SIM_CAP_SRIOV + PCI_SRIOV_CTRL, 2, sriov_ctrl);
	if (!f->vfe_stuck)
		drop_vfs(sim, f);
	f->busy_until = sim->now + f->reset_ms;
	f->last_reset = sim->now;
	f->released = sim->now;
	f->first_ready_read = 0;
	f->resets++;
}

static bool below(const struct sim_fabric *sim, const struct sim_fn *f,
		  const struct sim_fn *bridge)
{
	while (f->parent >= 0) {
		f = &sim->fns[f->parent];
		if (f == bridge)
			return true;
	}
	return false;
}

/*
 * The link below a slot goes down and comes back: Data Link Layer State
 * Changed and Presence Detect Changed are set, and raise a hot-plug
 * interrupt where their enables and Hot-Plug Interrupt Enable are on.
 */
static void slot_link_change(struct sim_fn *bridge)
{
	u16 ctl = get(bridge->cfg, SIM_CAP_EXP + PCI_EXP_SLTCTL, 2);
	u16 sta = get(bridge->cfg, SIM_CAP_EXP + PCI_EXP_SLTSTA, 2);

	if (!(get(bridge->cfg, SIM_CAP_EXP + PCI_EXP_FLAGS, 2) & PCI_EXP_FLAGS_SLOT))
		return;
	if ((ctl & PCI_EXP_SLTCTL_HPIE) &&
	    (ctl & (PCI_EXP_SLTCTL_DLLSCE | PCI_EXP_SLTCTL_PDCE)))
		bridge->slot_irqs++;
	put(bridge->cfg, SIM_CAP_EXP + PCI_EXP_SLTSTA, 2,
	    sta | PCI_EXP_SLTSTA_DLLSC | PCI_EXP_SLTSTA_PDC);
}

static void secondary_reset(struct sim_fabric *sim, struct sim_fn *bridge,
			    bool assert)
{
	unsigned int i;

	slot_link_change(bridge);
	for (i = 0; i < sim->nr; i++) {
		struct sim_fn *f = &sim->fns[i];

		if (!below(sim, f, bridge))
			continue;
		if (assert)
			reset(sim, f);
		f->in_reset = assert;
		f->busy_until = sim->now + f->reset_ms;
		f->released = sim->now;
	}
}

static int sim_read(void *ctx, u16 seg, u8 bus, u8 devfn, int where, int size,
		    u32 *val)
{
	struct sim_fabric *sim = ctx;
	struct sim_fn *f = lookup(sim, seg, bus, devfn);

	/* Config space ends at 4 KiB: past it is nothing, as on hardware */
	if (where < 0 || where + size > PCI_CFG_SPACE_EXP_SIZE) {
		*val = ~0U;
		return -EINVAL;
	}
	if (f && f->resets && sim->now < f->released + f->quiet_ms)
		f->early_reads++;
	if (!f || f->in_reset || (f->resets && f->dead)) {
		*val = ~0U;
		return 0;
	}
	if (sim->now < f->busy_until) {
		*val = f->rrs && where == PCI_VENDOR_ID ? 0x0001 : ~0U;
		return 0;
	}
	if (f->resets && !f->first_ready_read)
		f->first_ready_read = sim->now ? sim->now : 1;
	if (f->pending_until) {
		u16 sta = get(f->cfg, SIM_CAP_EXP + PCI_EXP_DEVSTA, 2) &
			  ~PCI_EXP_DEVSTA_TRPND;

		if (sim->now < f->pending_until)
			sta |= PCI_EXP_DEVSTA_TRPND;
		put(f->cfg, SIM_CAP_EXP + PCI_EXP_DEVSTA, 2, sta);
	}
	*val = get(f->cfg, where, size);
	return 0;
}

static int sim_write(void *ctx, u16 seg, u8 bus, u8 devfn, int where, int size,
		     u32 val)
{
	struct sim_fabric *sim = ctx;
	struct sim_fn *f = lookup(sim, seg, bus, devfn);
	u32 old;

	if (!f || f->in_reset || sim->now < f->busy_until ||
	    where < 0 || where + size > PCI_CFG_SPACE_EXP_SIZE)
		return 0;	/* dropped, as hardware would */
	sim->config_writes++;
	old = get(f->cfg, where, size);
	/* Slot Status event bits are write-1-to-clear */
	put(f->cfg, where, size, where == SIM_CAP_EXP + PCI_EXP_SLTSTA ?
	    old & ~val : val);

	if (where == SIM_CAP_EXP + PCI_EXP_DEVCTL &&
	    (val & PCI_EXP_DEVCTL_BCR_FLR) &&
	    (get(f->cfg, SIM_CAP_EXP + PCI_EXP_DEVCAP, 4) & PCI_EXP_DEVCAP_FLR) &&
	    !f->ignores_flr)
		reset(sim, f);
	else if (where == SIM_CAP_AF + PCI_AF_CTRL && (val & PCI_AF_CTRL_FLR))
		reset(sim, f);
	else if (where == SIM_CAP_PM + PCI_PM_CTRL &&
		 (old & PCI_PM_CTRL_STATE_MASK) == 3 &&
		 !(val & PCI_PM_CTRL_STATE_MASK) &&
		 !(old & PCI_PM_CTRL_NO_SOFT_RESET))
		reset(sim, f);
	else if (where == SIM_CAP_PM + PCI_PM_CTRL)
		f->released = sim->now;
	else if (where == PCI_BRIDGE_CONTROL &&
		 ((old ^ val) & PCI_BRIDGE_CTL_BUS_RESET))
		secondary_reset(sim, f, val & PCI_BRIDGE_CTL_BUS_RESET);
	else if (where == SIM_CAP_SRIOV + PCI_SRIOV_CTRL && f->vfe_stuck)
		put(f->cfg, where, size, old);
	else if (where == SIM_CAP_SRIOV + PCI_SRIOV_CTRL &&
		 !(val & PCI_SRIOV_CTRL_VFE))
		drop_vfs(sim, f);
	return 0;
}

static void sim_sleep_ms(void *ctx, unsigned int ms)
{
	struct sim_fabric *sim = ctx;

	if (!sim->frozen)
		sim->now += ms;
	sim->slept += ms;
}

static u64 sim_now_ms(void *ctx)
{
	struct sim_fabric *sim = ctx;

	return sim->now;
}

/* A device-specific prepare, such as an NVMe disable, takes its time */
static int sim_prepare(struct pci_kdump_fabric *fab, struct pci_kdump_fn *fn)
{
	struct sim_fabric *sim = fab->ctx;
	struct sim_fn *f = lookup(sim, fn->seg, fn->bus, fn->devfn);

	if (!f)
		return -ENODEV;
	f->prepare_started = sim->now;
	return 0;
}

static int sim_prepare_done(struct pci_kdump_fabric *fab,
			    struct pci_kdump_fn *fn, bool give_up)
{
	struct sim_fabric *sim = fab->ctx;
	struct sim_fn *f = lookup(sim, fn->seg, fn->bus, fn->devfn);

	if (!f)
		return -ENODEV;
	if (sim->now >= f->prepare_started + f->prepare_ms)
		return 0;
	return give_up ? -ETIMEDOUT : -EAGAIN;
}

const struct pci_kdump_ops sim_ops = {
	.read = sim_read,
	.write = sim_write,
	.sleep_ms = sim_sleep_ms,
	.now_ms = sim_now_ms,
	.prepare = sim_prepare,
	.prepare_done = sim_prepare_done,
};

void sim_fabric_init(struct sim_fabric *sim, struct pci_kdump_fabric *fab,
		     struct pci_kdump_fn *fns, unsigned int max)
{
	memset(fab, 0, sizeof(*fab));
	fab->ops = &sim_ops;
	fab->ctx = sim;
	fab->fns = fns;
	fab->max = max;
}
