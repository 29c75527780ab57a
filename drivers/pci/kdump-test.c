// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for pci-kdump: the decision table, the planner and the reset
 * schedule, driven on a simulated fabric (kdump-sim.c).  Times are the
 * simulation's clock, not the machine's.
 */
#include <kunit/test.h>
#include <linux/bitops.h>
#include <linux/pci.h>
#include "kdump.h"
#include "kdump-params.h"
#include "kdump-report.h"
#include "kdump-sim.h"

#define RP	PCI_EXP_TYPE_ROOT_PORT
#define UP	PCI_EXP_TYPE_UPSTREAM
#define DOWN	PCI_EXP_TYPE_DOWNSTREAM
#define EP	PCI_EXP_TYPE_ENDPOINT
#define RCIEP	PCI_EXP_TYPE_RC_END
#define CONV	0xffff

#define BME	(PCI_COMMAND_MASTER | PCI_COMMAND_MEMORY)

struct kdump_test_ctx {
	struct sim_fabric *sim;
	struct pci_kdump_fabric fab;
	struct pci_kdump_fn fns[SIM_MAX_FNS];
	struct pci_kdump_policy pol;
	struct pci_kdump_plan plan;
	struct pci_kdump_fn *sbr[SIM_MAX_FNS];
};

static int kdump_test_init(struct kunit *test)
{
	struct kdump_test_ctx *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, t);
	t->sim = kunit_kzalloc(test, sizeof(*t->sim), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t->sim);
	sim_init(t->sim, kunit_kcalloc(test, SIM_MAX_FNS, sizeof(struct sim_fn),
				       GFP_KERNEL), SIM_MAX_FNS);
	KUNIT_ASSERT_NOT_NULL(test, t->sim->fns);
	sim_fabric_init(t->sim, &t->fab, t->fns, SIM_MAX_FNS);
	t->pol.timeout_ms = 2000;
	t->plan.sbr = t->sbr;
	t->plan.max_sbr = SIM_MAX_FNS;
	test->priv = t;
	return 0;
}

/* Scan, link and decide, as the capture kernel does */
static struct kdump_test_ctx *decide(struct kunit *test)
{
	struct kdump_test_ctx *t = test->priv;

	pci_kdump_scan_begin(&t->fab);
	pci_kdump_scan_segment(&t->fab, 0, 0, 255);
	pci_kdump_scan_retry(&t->fab, t->pol.timeout_ms);
	pci_kdump_link(&t->fab);
	pci_kdump_decide(&t->fab, &t->pol);
	return t;
}

static struct pci_kdump_fn *fn_at(struct kunit *test, u8 bus, u8 devfn)
{
	struct kdump_test_ctx *t = test->priv;
	unsigned int i;

	for (i = 0; i < t->fab.nr; i++)
		if (t->fns[i].bus == bus && t->fns[i].devfn == devfn)
			return &t->fns[i];
	KUNIT_FAIL(test, "no function at %02x:%02x.%d", bus, devfn >> 3,
		   devfn & 7);
	return &t->fns[0];
}

/* Phase 1 on a decided fabric, bottom-up */
static void phase1(struct kunit *test)
{
	struct kdump_test_ctx *t = test->priv;
	struct pci_kdump_fn *order[SIM_MAX_FNS];

	pci_kdump_quiesce_fabric(&t->fab, order,
				 pci_kdump_bottom_up(&t->fab, order));
}

/* Phase 2 on a quiesced fabric; returns its wall time */
static u32 phase2(struct kunit *test, bool reset_all)
{
	struct kdump_test_ctx *t = test->priv;

	pci_kdump_plan(&t->fab, reset_all, t->pol.timeout_ms, &t->plan);
	return pci_kdump_reset_fabric(&t->fab, &t->plan, t->pol.timeout_ms);
}

/* Both phases, as kdump-reset.c runs them */
static u32 run_all(struct kunit *test, bool reset_all)
{
	decide(test);
	phase1(test);
	return phase2(test, reset_all);
}

struct method_case {
	const char *name;
	u16 vendor;
	u16 device;
	u32 class;
	u16 type;
	unsigned int caps;
	bool behind_port;	/* alone below a root port, else on bus 0 */
	enum pci_kdump_method want;
};

static const struct method_case method_cases[] = {
	{ "FLR first",
	  0x1af4, 0x1041, 0x020000, EP,
	  SIM_FLR | SIM_AF_FLR | SIM_PM, true, PCI_KDUMP_M_FLR },
	{ "AF FLR without PCIe FLR",
	  0x1af4, 0x1000, 0x020000, CONV,
	  SIM_AF_FLR | SIM_PM, true, PCI_KDUMP_M_AF_FLR },
	{ "PM when NoSoftRst-",
	  0x8086, 0x10d3, 0x020000, EP,
	  SIM_PM, true, PCI_KDUMP_M_PM },
	{ "bus when NoSoftRst+",
	  0x8086, 0x10d3, 0x020000, EP,
	  SIM_PM_NOSOFT, true, PCI_KDUMP_M_BUS },
	{ "none on a root bus",
	  0x8086, 0x10d3, 0x020000, RCIEP,
	  SIM_PM_NOSOFT, false, PCI_KDUMP_M_NONE },
	{ "quirk: no FLR (8086:1502)",
	  0x8086, 0x1502, 0x020000, EP,
	  SIM_FLR | SIM_PM, true, PCI_KDUMP_M_PM },
	{ "quirk: no FLR, no PM, bus",
	  0x8086, 0x1503, 0x020000, EP,
	  SIM_FLR, true, PCI_KDUMP_M_BUS },
	{ "quirk: no bus reset (168c:0030)",
	  0x168c, 0x0030, 0x028000, EP,
	  SIM_PM_NOSOFT, true, PCI_KDUMP_M_NONE },
	{ "quirk: masked device ID (10de:2345)",
	  0x10de, 0x2345, 0x030200, EP,
	  0, true, PCI_KDUMP_M_NONE },
	{ "quirk: ATI VGA, no PM below a port",
	  0x1002, 0x6611, 0x030000, EP,
	  SIM_PM, true, PCI_KDUMP_M_BUS },
	{ "quirk: ATI VGA keeps PM on a root bus",
	  0x1002, 0x6611, 0x030000, RCIEP,
	  SIM_PM, false, PCI_KDUMP_M_PM },
	{ "NVMe FLR",
	  0x1b36, 0x0010, 0x010802, EP,
	  SIM_FLR, true, PCI_KDUMP_M_FLR },
};

static void method_case_desc(const struct method_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(method, method_cases, method_case_desc);

static void test_method_choice(struct kunit *test)
{
	const struct method_case *c = test->param_value;
	struct kdump_test_ctx *t = test->priv;
	int parent = -1;
	u8 bus = 0;

	if (c->behind_port) {
		parent = sim_add_bridge(t->sim, -1, 0, PCI_DEVFN(1, 0), RP, 1, 1);
		bus = 1;
	}
	sim_add(t->sim, parent, bus, 0, c->vendor, c->device, c->class,
		c->type, c->caps);
	decide(test);
	KUNIT_EXPECT_STREQ(test, pci_kdump_method_name(fn_at(test, bus, 0)->method),
			   pci_kdump_method_name(c->want));
	KUNIT_EXPECT_EQ(test, fn_at(test, bus, 0)->safe,
			c->want != PCI_KDUMP_M_NONE);
	if (c->want == PCI_KDUMP_M_NONE)
		KUNIT_EXPECT_NE(test, fn_at(test, bus, 0)->reason[0], '\0');
}

static void test_linux_methods(struct kunit *test)
{
	struct kdump_test_ctx *t = test->priv;
	int rp = sim_add_bridge(t->sim, -1, 0, PCI_DEVFN(1, 0), RP, 1, 1);

	sim_add(t->sim, rp, 1, PCI_DEVFN(0, 0), 0x1af4, 0x1041, 0x020000, EP,
		SIM_FLR | SIM_PM | SIM_MFD);
	sim_add(t->sim, rp, 1, PCI_DEVFN(0, 1), 0x1af4, 0x1041, 0x020000, EP,
		SIM_AF_FLR | SIM_PM_NOSOFT);
	sim_add(t->sim, -1, 0, PCI_DEVFN(2, 0), 0x1af4, 0x1041, 0x020000,
		RCIEP, SIM_PM);
	decide(test);

	/* Linux refuses bus reset when a sibling shares the bus */
	KUNIT_EXPECT_EQ(test, pci_kdump_linux_methods(&t->fab, fn_at(test, 1, 0)),
			PCI_KDUMP_LINUX_FLR | PCI_KDUMP_LINUX_PM);
	KUNIT_EXPECT_EQ(test, pci_kdump_linux_methods(&t->fab, fn_at(test, 1, 1)),
			PCI_KDUMP_LINUX_AF_FLR);
	KUNIT_EXPECT_EQ(test,
			pci_kdump_linux_methods(&t->fab, fn_at(test, 0, PCI_DEVFN(2, 0))),
			PCI_KDUMP_LINUX_PM);
	/* and never offers it for a bridge */
	KUNIT_EXPECT_EQ(test,
			pci_kdump_linux_methods(&t->fab, fn_at(test, 0, PCI_DEVFN(1, 0))) &
			PCI_KDUMP_LINUX_BUS, 0U);
}

/* Root port 00:1c.0 -> switch up 01:00.0 -> down 02:00.0 / 02:01.0 -> 03, 04 */
static void build_switch(struct kunit *test, int *rp, int *up, int *dn0,
			 int *dn1)
{
	struct kdump_test_ctx *t = test->priv;

	*rp = sim_add_bridge(t->sim, -1, 0, PCI_DEVFN(0x1c, 0), RP, 1, 4);
	*up = sim_add_bridge(t->sim, *rp, 1, 0, UP, 2, 4);
	*dn0 = sim_add_bridge(t->sim, *up, 2, PCI_DEVFN(0, 0), DOWN, 3, 3);
	*dn1 = sim_add_bridge(t->sim, *up, 2, PCI_DEVFN(1, 0), DOWN, 4, 4);
}

static void test_bottom_up(struct kunit *test)
{
	struct kdump_test_ctx *t = test->priv;
	struct pci_kdump_fn *order[SIM_MAX_FNS];
	int rp, up, dn0, dn1;
	unsigned int i, j, n;

	build_switch(test, &rp, &up, &dn0, &dn1);
	sim_add(t->sim, dn0, 3, 0, 0x8086, 0x10d3, 0x020000, EP, SIM_FLR);
	sim_add(t->sim, dn1, 4, 0, 0x1b36, 0x0010, 0x010802, EP, SIM_FLR);
	sim_add(t->sim, -1, 0, PCI_DEVFN(2, 0), 0x1af4, 0x1041, 0x020000,
		RCIEP, SIM_FLR);
	decide(test);
	n = pci_kdump_bottom_up(&t->fab, order);
	KUNIT_ASSERT_EQ(test, n, t->fab.nr);
	KUNIT_ASSERT_EQ(test, n, 7U);
	for (i = 0; i < n; i++)
		for (j = 0; j < i; j++)
			KUNIT_EXPECT_FALSE_MSG(test, pci_kdump_is_below(order[i], order[j]),
					       "%02x:%02x.%d came before a bridge above it",
					       order[i]->bus, order[i]->devfn >> 3,
					       order[i]->devfn & 7);
}

static void test_quiesce(struct kunit *test)
{
	struct kdump_test_ctx *t = test->priv;
	int rp = sim_add_bridge(t->sim, -1, 0, PCI_DEVFN(1, 0), RP, 1, 1);
	int nic = sim_add(t->sim, rp, 1, 0, 0x8086, 0x10d3, 0x020000, EP,
			  SIM_MSI | SIM_FLR);
	int skipped = sim_add(t->sim, -1, 0, PCI_DEVFN(3, 0), 0x1af4, 0x1041,
			      0x020000, RCIEP, SIM_FLR);

	sim_set_cmd(t->sim, rp, BME);
	sim_set_cmd(t->sim, nic, BME);
	sim_set_cmd(t->sim, skipped, BME);
	/* MSI enabled by the crashed kernel */
	t->sim->fns[nic].cfg[0x48 + PCI_MSI_FLAGS] |= PCI_MSI_FLAGS_ENABLE;
	t->pol.skip[t->pol.nr_skip++] = (struct pci_kdump_match) {
		.by_id = true, .vendor = 0x1af4, .device = PCI_KDUMP_ANY_ID };

	run_all(test, false);
	KUNIT_EXPECT_EQ(test, fn_at(test, 1, 0)->entry & PCI_KDUMP_ENTRY_MSI,
			PCI_KDUMP_ENTRY_MSI);
	KUNIT_EXPECT_EQ(test, sim_cfg(t->sim, nic, PCI_COMMAND, 2) & PCI_COMMAND_MASTER, 0U);
	KUNIT_EXPECT_NE(test, sim_cfg(t->sim, nic, PCI_COMMAND, 2) & PCI_COMMAND_INTX_DISABLE, 0U);
	KUNIT_EXPECT_EQ(test, sim_cfg(t->sim, nic, 0x48 + PCI_MSI_FLAGS, 2) &
			PCI_MSI_FLAGS_ENABLE, 0U);
	KUNIT_EXPECT_EQ(test, sim_cfg(t->sim, rp, PCI_COMMAND, 2) & PCI_COMMAND_MASTER, 0U);
	/* The skipped device is not touched at all */
	KUNIT_EXPECT_EQ(test, sim_cfg(t->sim, skipped, PCI_COMMAND, 2), (u32)BME);
	KUNIT_EXPECT_EQ(test, t->sim->fns[skipped].resets, 0U);
	KUNIT_EXPECT_EQ(test, fn_at(test, 0, PCI_DEVFN(3, 0))->result,
			PCI_KDUMP_R_SKIPPED);
}

static void test_sbr_multifunction(struct kunit *test)
{
	struct kdump_test_ctx *t = test->priv;
	int rp = sim_add_bridge(t->sim, -1, 0, PCI_DEVFN(1, 0), RP, 1, 1);
	int f0 = sim_add(t->sim, rp, 1, PCI_DEVFN(0, 0), 0x8086, 0x10d3,
			 0x020000, EP, SIM_PM_NOSOFT | SIM_MFD);
	int f1 = sim_add(t->sim, rp, 1, PCI_DEVFN(0, 1), 0x8086, 0x10d3,
			 0x020000, EP, SIM_PM_NOSOFT);

	sim_set_cmd(t->sim, f0, BME);
	run_all(test, false);
	/* Both functions go down together, by one SBR of the root port */
	KUNIT_EXPECT_EQ(test, fn_at(test, 1, PCI_DEVFN(0, 1))->method, PCI_KDUMP_M_BUS);
	KUNIT_EXPECT_EQ(test, t->plan.nr_sbr, 1U);
	KUNIT_EXPECT_EQ(test, t->sim->fns[f0].resets, 1U);
	KUNIT_EXPECT_EQ(test, t->sim->fns[f1].resets, 1U);
	KUNIT_EXPECT_EQ(test, t->sim->fns[rp].resets, 0U);
	KUNIT_EXPECT_EQ(test, fn_at(test, 1, 0)->result, PCI_KDUMP_R_RESET);
}

static void test_sbr_blocked_by_sibling(struct kunit *test)
{
	struct kdump_test_ctx *t = test->priv;
	int rp = sim_add_bridge(t->sim, -1, 0, PCI_DEVFN(1, 0), RP, 1, 1);
	int f0 = sim_add(t->sim, rp, 1, PCI_DEVFN(0, 0), 0x8086, 0x10d3,
			 0x020000, EP, SIM_PM_NOSOFT | SIM_MFD);

	/* An Atheros function that Linux never bus-resets shares the bus */
	sim_add(t->sim, rp, 1, PCI_DEVFN(0, 1), 0x168c, 0x0030, 0x028000, EP,
		SIM_FLR);
	sim_set_cmd(t->sim, f0, BME);
	run_all(test, false);
	KUNIT_EXPECT_EQ(test, fn_at(test, 1, 0)->method, PCI_KDUMP_M_NONE);
	KUNIT_EXPECT_NOT_NULL(test, strstr(fn_at(test, 1, 0)->reason, "01:00.1"));
	KUNIT_EXPECT_EQ(test, fn_at(test, 1, 0)->result, PCI_KDUMP_R_UNSAFE);
	KUNIT_EXPECT_EQ(test, t->plan.nr_sbr, 0U);
	/* Left quiesced all the same */
	KUNIT_EXPECT_EQ(test, sim_cfg(t->sim, f0, PCI_COMMAND, 2) & PCI_COMMAND_MASTER, 0U);
}

static void test_sbr_nested_switch_restore(struct kunit *test)
{
	struct kdump_test_ctx *t = test->priv;
	int rp, up, dn0, dn1, nic, nvme;

	build_switch(test, &rp, &up, &dn0, &dn1);
	/* The root port's subtree has one device that only a bus reset stops */
	nic = sim_add(t->sim, dn0, 3, 0, 0x8086, 0x10d3, 0x020000, EP,
		      SIM_PM_NOSOFT);
	nvme = sim_add(t->sim, dn1, 4, 0, 0x1b36, 0x0010, 0x010802, EP, SIM_FLR);
	t->sim->fns[nvme].cfg[PCI_BASE_ADDRESS_0] = 0x04;
	t->sim->fns[nvme].cfg[PCI_BASE_ADDRESS_0 + 3] = 0xfe;
	sim_set_cmd(t->sim, nic, BME);
	sim_set_cmd(t->sim, nvme, BME);
	sim_set_cmd(t->sim, up, BME);
	run_all(test, false);

	/* The narrowest bridge is reset: the NIC's downstream port */
	KUNIT_EXPECT_EQ(test, t->plan.nr_sbr, 1U);
	KUNIT_EXPECT_PTR_EQ(test, t->plan.sbr[0], fn_at(test, 2, 0));
	KUNIT_EXPECT_EQ(test, t->sim->fns[nvme].resets, 1U);
	KUNIT_EXPECT_EQ(test, t->sim->fns[up].resets, 0U);
	KUNIT_EXPECT_EQ(test, fn_at(test, 3, 0)->result, PCI_KDUMP_R_RESET);
	KUNIT_EXPECT_EQ(test, fn_at(test, 4, 0)->result, PCI_KDUMP_R_RESET);
	KUNIT_EXPECT_EQ(test, sim_cfg(t->sim, nvme, PCI_BASE_ADDRESS_0, 4), 0xfe000004U);
	KUNIT_EXPECT_EQ(test, sim_cfg(t->sim, nvme, PCI_COMMAND, 2) &
			(PCI_COMMAND_MASTER | PCI_COMMAND_MEMORY), 0U);
}

static void test_sbr_restores_bridges_top_down(struct kunit *test)
{
	struct kdump_test_ctx *t = test->priv;
	int rp = sim_add_bridge(t->sim, -1, 0, PCI_DEVFN(1, 0), RP, 1, 2);
	int nic = sim_add(t->sim, rp, 1, PCI_DEVFN(0, 0), 0x8086, 0x10d3,
			  0x020000, CONV, SIM_MFD);
	/* Below a root port only device 0 exists: the bridge is function 1 */
	int br = sim_add_bridge(t->sim, rp, 1, PCI_DEVFN(0, 1), CONV, 2, 2);
	int disk = sim_add(t->sim, br, 2, 0, 0x1af4, 0x1001, 0x010000, CONV, 0);

	/* The NIC can only be stopped by resetting everything on bus 1 */
	sim_set_cmd(t->sim, nic, BME);
	t->sim->fns[disk].cfg[PCI_BASE_ADDRESS_0 + 3] = 0xfd;
	run_all(test, false);
	KUNIT_EXPECT_PTR_EQ(test, t->plan.sbr[0], fn_at(test, 0, PCI_DEVFN(1, 0)));
	KUNIT_EXPECT_EQ(test, t->sim->fns[br].resets, 1U);
	KUNIT_EXPECT_EQ(test, t->sim->fns[disk].resets, 1U);
	/* The bridge got its bus numbers back first, so the disk answered */
	KUNIT_EXPECT_EQ(test, sim_cfg(t->sim, br, PCI_SECONDARY_BUS, 1), 2U);
	KUNIT_EXPECT_EQ(test, fn_at(test, 2, 0)->result, PCI_KDUMP_R_RESET);
	KUNIT_EXPECT_EQ(test, sim_cfg(t->sim, disk, PCI_BASE_ADDRESS_0, 4),
			0xfd000000U);
	KUNIT_EXPECT_EQ(test, fn_at(test, 1, 0)->result, PCI_KDUMP_R_RESET);
}

/*
 * A switch with an embedded endpoint next to its upstream port: the
 * endpoint needs the root port's SBR, which takes the whole switch down.
 * Three levels of bridges must come back in order before the devices
 * below the downstream ports answer again.
 */
static void test_sbr_above_a_switch(struct kunit *test)
{
	struct kdump_test_ctx *t = test->priv;
	int rp = sim_add_bridge(t->sim, -1, 0, PCI_DEVFN(0x1c, 0), RP, 1, 4);
	int up = sim_add_bridge(t->sim, rp, 1, PCI_DEVFN(0, 0), UP, 2, 4);
	int mgmt = sim_add(t->sim, rp, 1, PCI_DEVFN(0, 1), 0x10b5, 0x87b0,
			   0x088000, EP, 0);
	int dn0 = sim_add_bridge(t->sim, up, 2, PCI_DEVFN(0, 0), DOWN, 3, 3);
	int dn1 = sim_add_bridge(t->sim, up, 2, PCI_DEVFN(1, 0), DOWN, 4, 4);
	int nvme = sim_add(t->sim, dn0, 3, 0, 0x1b36, 0x0010, 0x010802, EP, SIM_FLR);
	int nic = sim_add(t->sim, dn1, 4, 0, 0x8086, 0x10d3, 0x020000, EP, SIM_FLR);

	t->sim->fns[up].power_on[PCI_HEADER_TYPE] |= PCI_HEADER_TYPE_MFD;
	t->sim->fns[up].cfg[PCI_HEADER_TYPE] |= PCI_HEADER_TYPE_MFD;
	t->sim->fns[nvme].cfg[PCI_BASE_ADDRESS_0 + 3] = 0xfc;
	t->sim->fns[nic].cfg[PCI_BASE_ADDRESS_0 + 3] = 0xfb;
	sim_set_cmd(t->sim, mgmt, BME);
	sim_set_cmd(t->sim, nic, BME);
	run_all(test, false);

	KUNIT_EXPECT_EQ(test, t->plan.nr_sbr, 1U);
	KUNIT_EXPECT_PTR_EQ(test, t->plan.sbr[0], fn_at(test, 0, PCI_DEVFN(0x1c, 0)));
	/* One reset each: the NIC's own FLR is folded into the SBR */
	KUNIT_EXPECT_EQ(test, t->sim->fns[nic].resets, 1U);
	KUNIT_EXPECT_EQ(test, t->sim->fns[up].resets, 1U);
	KUNIT_EXPECT_EQ(test, t->sim->fns[rp].resets, 0U);
	KUNIT_EXPECT_EQ(test, sim_cfg(t->sim, up, PCI_SECONDARY_BUS, 1), 2U);
	KUNIT_EXPECT_EQ(test, sim_cfg(t->sim, up, PCI_SUBORDINATE_BUS, 1), 4U);
	KUNIT_EXPECT_EQ(test, sim_cfg(t->sim, dn0, PCI_SECONDARY_BUS, 1), 3U);
	KUNIT_EXPECT_EQ(test, sim_cfg(t->sim, dn1, PCI_SECONDARY_BUS, 1), 4U);
	KUNIT_EXPECT_EQ(test, sim_cfg(t->sim, nvme, PCI_BASE_ADDRESS_0, 4), 0xfc000000U);
	KUNIT_EXPECT_EQ(test, sim_cfg(t->sim, nic, PCI_BASE_ADDRESS_0, 4), 0xfb000000U);
	KUNIT_EXPECT_EQ(test, fn_at(test, 3, 0)->result, PCI_KDUMP_R_RESET);
	KUNIT_EXPECT_EQ(test, fn_at(test, 4, 0)->result, PCI_KDUMP_R_RESET);
	KUNIT_EXPECT_EQ(test, fn_at(test, 1, PCI_DEVFN(0, 1))->result, PCI_KDUMP_R_RESET);
	/* Nothing below the reset port was touched before its wait was over */
	KUNIT_EXPECT_EQ(test, t->sim->fns[up].early_reads, 0U);
	KUNIT_EXPECT_EQ(test, t->sim->fns[dn0].early_reads, 0U);
	KUNIT_EXPECT_EQ(test, t->sim->fns[dn1].early_reads, 0U);
	KUNIT_EXPECT_EQ(test, t->sim->fns[nvme].early_reads, 0U);
	KUNIT_EXPECT_EQ(test, t->sim->fns[nic].early_reads, 0U);
}

static void test_overlapped_wait_is_max(struct kunit *test)
{
	struct kdump_test_ctx *t = test->priv;
	unsigned int i;
	u32 wall;

	for (i = 0; i < 8; i++) {
		int f = sim_add(t->sim, -1, 0, PCI_DEVFN(i + 2, 0), 0x1af4, 0x1041,
				0x020000, RCIEP, SIM_FLR);

		sim_set_cmd(t->sim, f, BME);
	}
	wall = run_all(test, false);
	KUNIT_EXPECT_EQ(test, t->plan.nr_fns, 8U);
	KUNIT_EXPECT_EQ(test, t->plan.wait_ms, (u32)PCI_KDUMP_FLR_DELAY_MS);
	/* One FLR window on the simulated clock, not eight */
	KUNIT_EXPECT_GE(test, wall, (u32)PCI_KDUMP_FLR_DELAY_MS);
	KUNIT_EXPECT_LT(test, wall, 2U * PCI_KDUMP_FLR_DELAY_MS);
	KUNIT_EXPECT_GE(test, pci_kdump_serial_ms(&t->fab, &t->plan),
			8U * PCI_KDUMP_FLR_DELAY_MS);
	for (i = 0; i < 8; i++) {
		struct sim_fn *f = &t->sim->fns[i];

		KUNIT_EXPECT_EQ(test, f->resets, 1U);
		/* Nobody touched a function before its mandatory delay */
		KUNIT_EXPECT_GE(test, f->first_ready_read - f->last_reset,
				(u64)PCI_KDUMP_FLR_DELAY_MS);
	}
}

static void test_mixed_schedule(struct kunit *test)
{
	struct kdump_test_ctx *t = test->priv;
	int flr = sim_add(t->sim, -1, 0, PCI_DEVFN(2, 0), 0x1af4, 0x1041,
			  0x020000, RCIEP, SIM_FLR);
	int pm = sim_add(t->sim, -1, 0, PCI_DEVFN(3, 0), 0x8086, 0x10d3,
			 0x020000, RCIEP, SIM_PM);
	int imm = sim_add(t->sim, -1, 0, PCI_DEVFN(4, 0), 0x1af4, 0x1041,
			  0x020000, RCIEP, SIM_FLR | SIM_IMM_READY);

	sim_set_cmd(t->sim, flr, BME);
	sim_set_cmd(t->sim, pm, BME);
	sim_set_cmd(t->sim, imm, BME);
	t->sim->fns[imm].reset_ms = 0;
	run_all(test, false);
	KUNIT_EXPECT_EQ(test, t->plan.wait_ms, (u32)PCI_KDUMP_FLR_DELAY_MS);
	KUNIT_EXPECT_EQ(test, fn_at(test, 0, PCI_DEVFN(4, 0))->delay_ms, 0U);
	KUNIT_EXPECT_EQ(test, fn_at(test, 0, PCI_DEVFN(3, 0))->delay_ms,
			2U * PCI_KDUMP_D3HOT_DELAY_MS);
	KUNIT_EXPECT_EQ(test, t->sim->fns[pm].resets, 1U);
	KUNIT_EXPECT_EQ(test, fn_at(test, 0, PCI_DEVFN(3, 0))->result, PCI_KDUMP_R_RESET);
}

static void test_rrs_and_dead_device(struct kunit *test)
{
	struct kdump_test_ctx *t = test->priv;
	int slow = sim_add(t->sim, -1, 0, PCI_DEVFN(2, 0), 0x1af4, 0x1041,
			   0x020000, RCIEP, SIM_FLR);
	int dead = sim_add(t->sim, -1, 0, PCI_DEVFN(3, 0), 0x1af4, 0x1041,
			   0x020000, RCIEP, SIM_FLR);
	int retry = sim_add(t->sim, -1, 0, PCI_DEVFN(4, 0), 0x1af4, 0x1041,
			    0x020000, RCIEP, SIM_FLR);
	u32 wall;

	t->sim->fns[slow].rrs = true;
	t->sim->fns[slow].reset_ms = 700;
	t->sim->fns[dead].dead = true;
	/* Answers Request Retry Status for good */
	t->sim->fns[retry].rrs = true;
	t->sim->fns[retry].reset_ms = 1000000;
	sim_set_cmd(t->sim, slow, BME);
	sim_set_cmd(t->sim, dead, BME);
	sim_set_cmd(t->sim, retry, BME);
	t->pol.timeout_ms = 1500;
	wall = run_all(test, false);
	KUNIT_EXPECT_EQ(test, fn_at(test, 0, PCI_DEVFN(2, 0))->result, PCI_KDUMP_R_RESET);
	KUNIT_EXPECT_GE(test, fn_at(test, 0, PCI_DEVFN(2, 0))->ready_ms, 700U);
	KUNIT_EXPECT_EQ(test, fn_at(test, 0, PCI_DEVFN(3, 0))->result,
			PCI_KDUMP_R_NOT_READY);
	KUNIT_EXPECT_STREQ(test, fn_at(test, 0, PCI_DEVFN(3, 0))->reason,
			   "no answer within pci_kdump.timeout_ms=1500 of its reset");
	KUNIT_EXPECT_EQ(test, fn_at(test, 0, PCI_DEVFN(4, 0))->result,
			PCI_KDUMP_R_NOT_READY);
	/* The wait is bounded by the timeout, on the simulated clock */
	KUNIT_EXPECT_GE(test, wall, 1500U);
	KUNIT_EXPECT_LT(test, wall, 1600U);
}

static void test_only_bus_masters_reset(struct kunit *test)
{
	struct kdump_test_ctx *t = test->priv;
	int idle = sim_add(t->sim, -1, 0, PCI_DEVFN(2, 0), 0x1af4, 0x1041,
			   0x020000, RCIEP, SIM_FLR);

	run_all(test, false);
	KUNIT_EXPECT_EQ(test, t->sim->fns[idle].resets, 0U);
	KUNIT_EXPECT_EQ(test, t->plan.nr_fns, 0U);
	run_all(test, true);
	KUNIT_EXPECT_EQ(test, t->sim->fns[idle].resets, 1U);
}

/* The QEMU e1000e row matches on subsystem IDs and spares Linux's list */
static void test_subsystem_quirk(struct kunit *test)
{
	struct kdump_test_ctx *t = test->priv;
	int rp1 = sim_add_bridge(t->sim, -1, 0, PCI_DEVFN(1, 0), RP, 1, 1);
	int rp2 = sim_add_bridge(t->sim, -1, 0, PCI_DEVFN(2, 0), RP, 2, 2);
	int qemu = sim_add(t->sim, rp1, 1, 0, 0x8086, 0x10d3, 0x020000, EP, SIM_PM);
	int card = sim_add(t->sim, rp2, 2, 0, 0x8086, 0x10d3, 0x020000, EP, SIM_PM);

	t->sim->fns[qemu].cfg[PCI_SUBSYSTEM_VENDOR_ID] = 0x86;
	t->sim->fns[qemu].cfg[PCI_SUBSYSTEM_VENDOR_ID + 1] = 0x80;
	t->sim->fns[card].cfg[PCI_SUBSYSTEM_VENDOR_ID] = 0x86;
	t->sim->fns[card].cfg[PCI_SUBSYSTEM_VENDOR_ID + 1] = 0x80;
	t->sim->fns[card].cfg[PCI_SUBSYSTEM_ID] = 0x1f;
	t->sim->fns[card].cfg[PCI_SUBSYSTEM_ID + 1] = 0xa0;
	decide(test);
	KUNIT_EXPECT_EQ(test, fn_at(test, 1, 0)->method, PCI_KDUMP_M_BUS);
	KUNIT_EXPECT_EQ(test, fn_at(test, 2, 0)->method, PCI_KDUMP_M_PM);
	KUNIT_EXPECT_EQ(test, pci_kdump_linux_methods(&t->fab, fn_at(test, 1, 0)),
			PCI_KDUMP_LINUX_PM | PCI_KDUMP_LINUX_BUS);
}

static void test_console_vga_left_alone(struct kunit *test)
{
	struct kdump_test_ctx *t = test->priv;
	int vga = sim_add(t->sim, -1, 0, PCI_DEVFN(2, 0), 0x1234, 0x1111,
			  0x030000, CONV, SIM_PM);

	sim_set_cmd(t->sim, vga, BME | PCI_COMMAND_IO);
	run_all(test, false);
	KUNIT_EXPECT_EQ(test, fn_at(test, 0, PCI_DEVFN(2, 0))->method, PCI_KDUMP_M_NONE);
	KUNIT_EXPECT_EQ(test, t->sim->fns[vga].resets, 0U);
}

static void test_bogus_bus_numbers(struct kunit *test)
{
	struct kdump_test_ctx *t = test->priv;

	sim_add_bridge(t->sim, -1, 0, PCI_DEVFN(1, 0), RP, 0, 0);
	sim_add_bridge(t->sim, -1, 0, PCI_DEVFN(2, 0), RP, 5, 3);
	decide(test);
	KUNIT_EXPECT_EQ(test, t->fab.bad_bridges, 2U);
	KUNIT_EXPECT_NULL(test, fn_at(test, 0, PCI_DEVFN(1, 0))->parent);
}

static unsigned int warnings;

static void count_warning(const char *tok, size_t len, const char *why)
{
	warnings++;
}

static void test_params(struct kunit *test)
{
	struct pci_kdump_policy pol = { };
	enum pci_kdump_mode mode = PCI_KDUMP_MODE_RESET;
	unsigned int bad;

	KUNIT_EXPECT_EQ(test, pci_kdump_parse_mode("quiesce", &mode), 0);
	KUNIT_EXPECT_EQ(test, mode, PCI_KDUMP_MODE_QUIESCE);
	KUNIT_EXPECT_EQ(test, pci_kdump_parse_mode("resett", &mode), -EINVAL);
	KUNIT_EXPECT_EQ(test, mode, PCI_KDUMP_MODE_QUIESCE);

	warnings = 0;
	bad = pci_kdump_parse_list("0000:01:00.0,zz:1,8086:10d3,1:2.9,02:1f.7,8086:*",
				   &pol, false, count_warning);
	KUNIT_EXPECT_EQ(test, bad, 2U);
	KUNIT_ASSERT_EQ(test, pol.nr_skip, 4U);
	KUNIT_EXPECT_EQ(test, pol.skip[0].bus, 1);
	KUNIT_EXPECT_FALSE(test, pol.skip[0].by_id);
	KUNIT_EXPECT_TRUE(test, pol.skip[1].by_id);
	KUNIT_EXPECT_EQ(test, pol.skip[1].device, 0x10d3);
	KUNIT_EXPECT_EQ(test, pol.skip[2].devfn, PCI_DEVFN(0x1f, 7));
	KUNIT_EXPECT_EQ(test, pol.skip[3].device, PCI_KDUMP_ANY_ID);

	bad = pci_kdump_parse_list("01:00.0:pm,02:00.0:reboot,8086:10d3:none,,",
				   &pol, true, count_warning);
	KUNIT_EXPECT_EQ(test, bad, 1U);
	KUNIT_ASSERT_EQ(test, pol.nr_overrides, 2U);
	KUNIT_EXPECT_EQ(test, pol.overrides[0].method, PCI_KDUMP_M_PM);
	KUNIT_EXPECT_EQ(test, pol.overrides[1].method, PCI_KDUMP_M_NONE);
	KUNIT_EXPECT_TRUE(test, pol.overrides[1].match.by_id);
	/* Every rejected token was reported, empty ones are not tokens */
	KUNIT_EXPECT_EQ(test, warnings, 3U);
}

static struct kunit_case pci_kdump_decide_cases[] = {
	KUNIT_CASE_PARAM(test_method_choice, method_gen_params),
	KUNIT_CASE(test_linux_methods),
	KUNIT_CASE(test_subsystem_quirk),
	KUNIT_CASE(test_console_vga_left_alone),
	KUNIT_CASE(test_bogus_bus_numbers),
	KUNIT_CASE(test_params),
	{}
};

static struct kunit_suite pci_kdump_decide_suite = {
	.name = "pci_kdump_decide",
	.init = kdump_test_init,
	.test_cases = pci_kdump_decide_cases,
};

/* What the IOMMU handoff is told about each kind of function */
static void test_handoff_outcomes(struct kunit *test)
{
	struct kdump_test_ctx *t = test->priv;
	struct pci_kdump_state *st = kunit_kzalloc(test, sizeof(*st), GFP_KERNEL);
	int rp = sim_add_bridge(t->sim, -1, 0, PCI_DEVFN(1, 0), RP, 1, 1);
	int nic = sim_add(t->sim, rp, 1, 0, 0x8086, 0x10d3, 0x020000, EP, SIM_FLR);
	int ahci = sim_add(t->sim, -1, 0, PCI_DEVFN(5, 0), 0x8086, 0x2922,
			   0x010601, CONV, 0);
	int idle = sim_add(t->sim, -1, 0, PCI_DEVFN(3, 0), 0x1af4, 0x1041,
			   0x020000, RCIEP, SIM_FLR);
	int skipped = sim_add(t->sim, -1, 0, PCI_DEVFN(4, 0), 0x1b36, 0x0010,
			      0x010802, RCIEP, SIM_FLR);

	KUNIT_ASSERT_NOT_NULL(test, st);
	sim_set_cmd(t->sim, rp, BME);
	sim_set_cmd(t->sim, nic, BME);
	sim_set_cmd(t->sim, ahci, BME);
	sim_set_cmd(t->sim, skipped, BME);
	KUNIT_EXPECT_EQ(test, idle, 3);
	t->pol.skip[t->pol.nr_skip++] = (struct pci_kdump_match) {
		.bus = 0, .devfn = PCI_DEVFN(4, 0) };
	run_all(test, false);

	KUNIT_EXPECT_EQ(test, pci_kdump_outcome_of(st, fn_at(test, 0, PCI_DEVFN(1, 0))),
			PCI_KDUMP_IDLE);
	KUNIT_EXPECT_EQ(test, pci_kdump_outcome_of(st, fn_at(test, 1, 0)), PCI_KDUMP_CLEAN);
	/*
	 * No reset method at all: bus mastering is off, but its rings, ATS
	 * cache and PASID state are not, and a driver setting it again
	 * resumes the old DMA
	 */
	KUNIT_EXPECT_EQ(test, pci_kdump_outcome_of(st, fn_at(test, 0, PCI_DEVFN(5, 0))),
			PCI_KDUMP_DIRTY);
	KUNIT_EXPECT_EQ(test, pci_kdump_outcome_of(st, fn_at(test, 0, PCI_DEVFN(3, 0))),
			PCI_KDUMP_IDLE);
	KUNIT_EXPECT_EQ(test, pci_kdump_outcome_of(st, fn_at(test, 0, PCI_DEVFN(4, 0))),
			PCI_KDUMP_DIRTY);
}

static void test_handoff_quiesce_only_is_dirty(struct kunit *test)
{
	struct kdump_test_ctx *t = test->priv;
	struct pci_kdump_state *st = kunit_kzalloc(test, sizeof(*st), GFP_KERNEL);
	int nic = sim_add(t->sim, -1, 0, PCI_DEVFN(2, 0), 0x1af4, 0x1041,
			  0x020000, RCIEP, SIM_FLR);

	KUNIT_ASSERT_NOT_NULL(test, st);
	sim_set_cmd(t->sim, nic, BME);
	decide(test);
	phase1(test);
	/* BME is off, but a device that could be reset was not: not clean */
	KUNIT_EXPECT_EQ(test, sim_cfg(t->sim, nic, PCI_COMMAND, 2) & PCI_COMMAND_MASTER, 0U);
	KUNIT_EXPECT_EQ(test, pci_kdump_outcome_of(st, fn_at(test, 0, PCI_DEVFN(2, 0))),
			PCI_KDUMP_DIRTY);
}

static struct kunit_case pci_kdump_reset_cases[] = {
	KUNIT_CASE(test_bottom_up),
	KUNIT_CASE(test_quiesce),
	KUNIT_CASE(test_sbr_multifunction),
	KUNIT_CASE(test_sbr_blocked_by_sibling),
	KUNIT_CASE(test_sbr_nested_switch_restore),
	KUNIT_CASE(test_sbr_restores_bridges_top_down),
	KUNIT_CASE(test_sbr_above_a_switch),
	KUNIT_CASE(test_overlapped_wait_is_max),
	KUNIT_CASE(test_mixed_schedule),
	KUNIT_CASE(test_rrs_and_dead_device),
	KUNIT_CASE(test_only_bus_masters_reset),
	KUNIT_CASE(test_handoff_outcomes),
	KUNIT_CASE(test_handoff_quiesce_only_is_dirty),
	{}
};

static struct kunit_suite pci_kdump_reset_suite = {
	.name = "pci_kdump_reset",
	.init = kdump_test_init,
	.test_cases = pci_kdump_reset_cases,
};

/* The run as the IOMMU handoff sees it */
static struct pci_kdump_state *run_state(struct kunit *test)
{
	struct kdump_test_ctx *t = test->priv;
	struct pci_kdump_state *st = kunit_kzalloc(test, sizeof(*st), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, st);
	st->done = true;
	st->active = true;
	st->mode = PCI_KDUMP_MODE_RESET;
	st->fab = t->fab;
	return st;
}

static bool verdict(struct kunit *test, int seg, char *why, size_t len)
{
	return pci_kdump_scope_verdict(run_state(test), seg, why, len);
}

static bool seg_clean(struct kunit *test, int seg)
{
	char why[128];

	return verdict(test, seg, why, sizeof(why));
}

/* A bus-mastering NIC with FLR on the root bus: a fabric that can be clean */
static int add_master(struct kunit *test, u8 devfn)
{
	struct kdump_test_ctx *t = test->priv;
	int i = sim_add(t->sim, -1, 0, devfn, 0x1af4, 0x1041, 0x020000, RCIEP,
			SIM_FLR);

	sim_set_cmd(t->sim, i, BME);
	return i;
}

#define NR_RIDS	BIT(16)

static void set_rids(u16 first, u16 last, void *data)
{
	unsigned long *rids = data;
	unsigned int i;

	for (i = first; i <= last; i++)
		__set_bit(i, rids);
}

/* The requester IDs whose old IOMMU entries must stay, as a bitmap */
static unsigned long *dirty_rids(struct kunit *test,
				 const struct pci_kdump_state *st, u16 seg)
{
	unsigned long *rids = kunit_kcalloc(test, BITS_TO_LONGS(NR_RIDS),
					    sizeof(long), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, rids);
	KUNIT_EXPECT_TRUE(test, pci_kdump_dirty_rids_of(st, seg, set_rids,
							rids));
	return rids;
}

static unsigned int rid_count(const unsigned long *rids)
{
	unsigned int i, n = 0;

	for (i = 0; i < NR_RIDS; i++)
		n += test_bit(i, rids);
	return n;
}

#define RID(bus, dev, fn)	PCI_DEVID(bus, PCI_DEVFN(dev, fn))

/* Only the function that could not be reset keeps its requester ID */
static void test_dirty_rids_per_function(struct kunit *test)
{
	struct kdump_test_ctx *t = test->priv;
	int rp = sim_add_bridge(t->sim, -1, 0, PCI_DEVFN(1, 0), RP, 1, 1);
	int nic = sim_add(t->sim, rp, 1, 0, 0x8086, 0x10d3, 0x020000, EP, SIM_FLR);
	int ahci = sim_add(t->sim, -1, 0, PCI_DEVFN(5, 0), 0x8086, 0x2922,
			   0x010601, CONV, 0);
	struct pci_kdump_state *st;
	unsigned long *rids;
	char line[256];

	sim_set_cmd(t->sim, rp, BME);
	sim_set_cmd(t->sim, nic, BME);
	sim_set_cmd(t->sim, ahci, BME);
	run_all(test, false);
	st = run_state(test);
	rids = dirty_rids(test, st, 0);
	KUNIT_EXPECT_TRUE(test, test_bit(RID(0, 5, 0), rids));
	KUNIT_EXPECT_EQ(test, rid_count(rids), 1U);
	KUNIT_EXPECT_TRUE(test, pci_kdump_rids_dirty(st, 0, RID(0, 5, 0), RID(0, 5, 0)));
	KUNIT_EXPECT_TRUE(test, pci_kdump_rids_dirty(st, 0, RID(0, 0, 0), RID(0, 31, 7)));
	KUNIT_EXPECT_FALSE(test, pci_kdump_rids_dirty(st, 0, RID(1, 0, 0), RID(1, 0, 0)));
	/* Nothing known of segment 1: any ID of it may be in use */
	KUNIT_EXPECT_TRUE(test, pci_kdump_rids_dirty(st, 1, RID(1, 0, 0), RID(1, 0, 0)));
	KUNIT_EXPECT_FALSE(test, seg_clean(test, 0));

	/* Only what an IOMMU kept is reported as kept */
	pci_kdump_format_fn(line, sizeof(line), st, fn_at(test, 0, PCI_DEVFN(5, 0)));
	KUNIT_EXPECT_NULL(test, strstr(line, "kept old translations"));
	pci_kdump_mark_kept(st, 0, RID(1, 0, 0), RID(1, 0, 0));
	pci_kdump_mark_kept(st, 0, RID(0, 5, 0), RID(0, 5, 0));
	pci_kdump_format_fn(line, sizeof(line), st, fn_at(test, 0, PCI_DEVFN(5, 0)));
	KUNIT_EXPECT_NOT_NULL(test, strstr(line, "iommu=\"kept old translations\""));
	pci_kdump_format_fn(line, sizeof(line), st, fn_at(test, 1, 0));
	KUNIT_EXPECT_NULL(test, strstr(line, "kept"));

	/* Another segment's functions are another IOMMU's business */
	fn_at(test, 0, PCI_DEVFN(5, 0))->seg = 1;
	KUNIT_EXPECT_EQ(test, rid_count(dirty_rids(test, st, 0)), 0U);
}

/*
 * Behind a PCIe-to-PCI bridge, requests may carry the bridge's ID or its
 * secondary bus with devfn 0; the root port above passes IDs through
 */
static void test_dirty_rids_behind_pci_bridge(struct kunit *test)
{
	struct kdump_test_ctx *t = test->priv;
	int rp = sim_add_bridge(t->sim, -1, 0, PCI_DEVFN(1, 0), RP, 1, 2);
	int br = sim_add_bridge(t->sim, rp, 1, 0, PCI_EXP_TYPE_PCI_BRIDGE, 2, 2);
	int dev = sim_add(t->sim, br, 2, PCI_DEVFN(3, 0), 0x1000, 0x0030,
			  0x010000, CONV, 0);
	unsigned long *rids;

	sim_set_cmd(t->sim, dev, BME);
	t->pol.skip[t->pol.nr_skip++] = (struct pci_kdump_match) {
		.bus = 2, .devfn = PCI_DEVFN(3, 0) };
	run_all(test, false);
	rids = dirty_rids(test, run_state(test), 0);
	KUNIT_EXPECT_TRUE(test, test_bit(RID(2, 3, 0), rids));
	KUNIT_EXPECT_TRUE(test, test_bit(RID(1, 0, 0), rids));
	KUNIT_EXPECT_TRUE(test, test_bit(RID(2, 0, 0), rids));
	KUNIT_EXPECT_EQ(test, rid_count(rids), 3U);
}

/* Phantom functions and quirk aliases: the whole slot */
static void test_dirty_rids_slot_aliases(struct kunit *test)
{
	struct kdump_test_ctx *t = test->priv;
	int phantom = sim_add(t->sim, -1, 0, PCI_DEVFN(6, 0), 0x1af4, 0x1041,
			      0x020000, RCIEP, 0);
	int marvell = sim_add(t->sim, -1, 0, PCI_DEVFN(7, 0), 0x1b4b, 0x9128,
			      0x010601, RCIEP, 0);
	unsigned long *rids;
	unsigned int f;

	sim_put(t->sim, phantom, SIM_CAP_EXP + PCI_EXP_DEVCAP, 4,
		sim_cfg(t->sim, phantom, SIM_CAP_EXP + PCI_EXP_DEVCAP, 4) |
		PCI_EXP_DEVCAP_PHANTOM);
	sim_set_cmd(t->sim, phantom, BME);
	sim_set_cmd(t->sim, marvell, BME);
	run_all(test, false);
	rids = dirty_rids(test, run_state(test), 0);
	for (f = 0; f < 8; f++) {
		KUNIT_EXPECT_TRUE(test, test_bit(RID(0, 6, f), rids));
		KUNIT_EXPECT_TRUE(test, test_bit(RID(0, 7, f), rids));
	}
	KUNIT_EXPECT_EQ(test, rid_count(rids), 16U);
}

/* Nothing known of a segment: every requester ID may be in use */
static void test_dirty_rids_unseen_segment(struct kunit *test)
{
	struct pci_kdump_state *st;
	unsigned long rid;

	add_master(test, PCI_DEVFN(2, 0));
	run_all(test, false);
	st = run_state(test);
	KUNIT_EXPECT_FALSE(test, pci_kdump_dirty_rids_of(st, 1, set_rids,
							 &rid));
	st->ret = -ENODEV;
	KUNIT_EXPECT_FALSE(test, pci_kdump_dirty_rids_of(st, 0, set_rids,
							 &rid));
}

static void test_verdict_unscanned_segment(struct kunit *test)
{
	struct kdump_test_ctx *t = test->priv;
	char why[128];

	add_master(test, PCI_DEVFN(2, 0));
	run_all(test, false);
	KUNIT_EXPECT_TRUE(test, seg_clean(test, 0));
	KUNIT_EXPECT_TRUE(test, seg_clean(test, PCI_KDUMP_ALL_SEGMENTS));
	/* Segment 1 was never looked at: nothing says it is clean */
	KUNIT_EXPECT_FALSE(test, verdict(test, 1, why, sizeof(why)));
	KUNIT_EXPECT_STREQ(test, why, "segment 0001: no config window");
	/* A window of segment 0 that could not be mapped */
	pci_kdump_seg_unreached(&t->fab, 0, "cannot map it");
	KUNIT_EXPECT_FALSE(test, verdict(test, 0, why, sizeof(why)));
	KUNIT_EXPECT_STREQ(test, why,
			   "segment 0000: 1 config window(s) not used: cannot map it");
	KUNIT_EXPECT_FALSE(test, seg_clean(test, PCI_KDUMP_ALL_SEGMENTS));
}

static void test_verdict_dropped_functions(struct kunit *test)
{
	struct kdump_test_ctx *t = test->priv;

	add_master(test, PCI_DEVFN(2, 0));
	sim_add(t->sim, -1, 0, PCI_DEVFN(3, 0), 0x1af4, 0x1041, 0x020000,
		RCIEP, SIM_FLR);
	sim_add(t->sim, -1, 0, PCI_DEVFN(4, 0), 0x1af4, 0x1041, 0x020000,
		RCIEP, SIM_FLR);
	t->fab.max = 2;
	run_all(test, false);
	KUNIT_EXPECT_EQ(test, t->fab.dropped, 1U);
	KUNIT_EXPECT_FALSE(test, seg_clean(test, 0));
}

static void test_verdict_bad_bridges(struct kunit *test)
{
	struct kdump_test_ctx *t = test->priv;
	char why[128];

	add_master(test, PCI_DEVFN(3, 0));
	sim_add_bridge(t->sim, -1, 0, PCI_DEVFN(1, 0), RP, 5, 3);
	run_all(test, false);
	KUNIT_EXPECT_FALSE(test, verdict(test, 0, why, sizeof(why)));
	KUNIT_EXPECT_STREQ(test, why,
			   "segment 0000: 1 bridges with bogus bus numbers");
}

static void test_verdict_bus_claimed_twice(struct kunit *test)
{
	struct kdump_test_ctx *t = test->priv;
	int rp1 = sim_add_bridge(t->sim, -1, 0, PCI_DEVFN(1, 0), RP, 1, 2);

	sim_add_bridge(t->sim, -1, 0, PCI_DEVFN(2, 0), RP, 2, 2);
	sim_add(t->sim, rp1, 1, 0, 0x1af4, 0x1041, 0x020000, EP, SIM_FLR);
	run_all(test, false);
	KUNIT_EXPECT_FALSE(test, seg_clean(test, 0));
}

static void test_verdict_bridge_to_unscanned_buses(struct kunit *test)
{
	struct kdump_test_ctx *t = test->priv;
	char why[128];

	sim_add_bridge(t->sim, -1, 0, PCI_DEVFN(1, 0), RP, 1, 1);
	add_master(test, PCI_DEVFN(3, 0));
	/* Config space of bus 1 is not reachable: only bus 0 is scanned */
	pci_kdump_scan_begin(&t->fab);
	pci_kdump_scan_segment(&t->fab, 0, 0, 0);
	pci_kdump_link(&t->fab);
	KUNIT_EXPECT_FALSE(test, verdict(test, 0, why, sizeof(why)));
	KUNIT_EXPECT_STREQ(test, why,
			   "segment 0000: 1 bridges lead to buses not scanned");
}

static void test_verdict_rrs_at_scan(struct kunit *test)
{
	struct kdump_test_ctx *t = test->priv;
	int late = add_master(test, PCI_DEVFN(2, 0));
	int never = sim_add(t->sim, -1, 0, PCI_DEVFN(3, 0), 0x1af4, 0x1041,
			    0x020000, RCIEP, SIM_FLR);

	/* Both are still in a reset when the scan comes */
	t->sim->fns[late].rrs = true;
	t->sim->fns[late].busy_until = 300;
	run_all(test, false);
	KUNIT_EXPECT_EQ(test, fn_at(test, 0, PCI_DEVFN(2, 0))->result,
			PCI_KDUMP_R_RESET);
	KUNIT_EXPECT_TRUE(test, seg_clean(test, 0));

	t->sim->fns[never].rrs = true;
	t->sim->fns[never].busy_until = 1000000;
	run_all(test, false);
	KUNIT_EXPECT_EQ(test, t->fab.nr, 1U);
	KUNIT_EXPECT_FALSE(test, seg_clean(test, 0));
}

/* Below a root port, a device that ignores its device number is one */
static void test_ghost_device_found_once(struct kunit *test)
{
	struct kdump_test_ctx *t = test->priv;
	int rp = sim_add_bridge(t->sim, -1, 0, PCI_DEVFN(1, 0), RP, 1, 1);
	int nic = sim_add(t->sim, rp, 1, 0, 0x8086, 0x10d3, 0x020000, EP,
			  SIM_FLR);

	t->sim->fns[nic].ghost = true;
	decide(test);
	KUNIT_EXPECT_EQ(test, t->fab.nr, 2U);
}

/* An SR-IOV PF on the root bus: VFs at 00:02.1, 00:02.2 (offset 1, stride 1) */
static int add_pf(struct kunit *test, u8 devfn, unsigned int caps,
		  u16 total, u16 num)
{
	struct kdump_test_ctx *t = test->priv;
	int pf = sim_add(t->sim, -1, 0, devfn, 0x1b36, 0x0010, 0x010802,
			 RCIEP, caps | SIM_MFD);

	sim_add_sriov(t->sim, pf, total, 1, 1, 0x0011);
	if (num)
		sim_enable_vfs(t->sim, pf, num);
	return pf;
}

/* A PF with VFs enabled masters through them, whatever its own BME says */
static void test_vfs_make_a_master(struct kunit *test)
{
	struct kdump_test_ctx *t = test->priv;
	struct pci_kdump_state *st = kunit_kzalloc(test, sizeof(*st), GFP_KERNEL);
	int pf = add_pf(test, PCI_DEVFN(2, 0), SIM_FLR, 2, 2);

	KUNIT_ASSERT_NOT_NULL(test, st);
	run_all(test, false);
	KUNIT_EXPECT_EQ(test, t->sim->fns[pf].resets, 1U);
	KUNIT_EXPECT_EQ(test, pci_kdump_outcome_of(st, fn_at(test, 0, PCI_DEVFN(2, 0))),
			PCI_KDUMP_CLEAN);
	KUNIT_EXPECT_TRUE(test, seg_clean(test, 0));
}

/*
 * VFs do not answer a scan; the PF's capability places them: routing ID =
 * PF + offset + i * stride, NumVFs of them, across a bus boundary too.
 */
static void test_vf_routing_ids(struct kunit *test)
{
	struct kdump_test_ctx *t = test->priv;
	int pf = sim_add(t->sim, -1, 0, PCI_DEVFN(31, 0), 0x8086, 0x1572,
			 0x020000, RCIEP, SIM_FLR);
	struct pci_kdump_fn *vf;

	/* 00:1f.0 + 0x08 = 01:00.0, then stride 3: 01:00.3, 01:00.6 */
	sim_add_sriov(t->sim, pf, 4, 0x08, 3, 0x154c);
	sim_enable_vfs(t->sim, pf, 3);
	decide(test);
	KUNIT_EXPECT_EQ(test, t->fab.nr, 4U);
	vf = fn_at(test, 1, PCI_DEVFN(0, 3));
	KUNIT_EXPECT_PTR_EQ(test, vf->pf, fn_at(test, 0, PCI_DEVFN(31, 0)));
	KUNIT_EXPECT_EQ(test, vf->vendor, 0x8086);
	KUNIT_EXPECT_EQ(test, vf->device, 0x154c);
	KUNIT_EXPECT_EQ(test, vf->method, PCI_KDUMP_M_PF);
	KUNIT_EXPECT_PTR_EQ(test, vf->parent, NULL);
	KUNIT_EXPECT_PTR_EQ(test, fn_at(test, 1, PCI_DEVFN(0, 6))->pf, vf->pf);
}

/* SR-IOV numbers no VF can have leave the segment dirty, and say so */
static void test_vf_bogus_numbers(struct kunit *test)
{
	static const struct { u16 total, num, offset, stride; } bad[] = {
		{ 2, 3, 1, 1 },		/* more VFs than TotalVFs */
		{ 2, 2, 0, 1 },		/* a VF on the PF itself */
		{ 4, 2, 1, 0 },		/* two VFs on one routing ID */
		{ 4, 4, 0xfffe, 1 },	/* past bus 255 */
	};
	struct kdump_test_ctx *t = test->priv;
	char why[128];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		int pf;

		kdump_test_init(test);
		t = test->priv;
		pf = sim_add(t->sim, -1, 0, PCI_DEVFN(2, 0), 0x1b36, 0x0010,
			     0x010802, RCIEP, SIM_FLR);
		sim_put(t->sim, pf, SIM_CAP_SRIOV, 4, PCI_EXT_CAP_ID_SRIOV | 1 << 16);
		sim_put(t->sim, pf, SIM_CAP_SRIOV + PCI_SRIOV_TOTAL_VF, 2, bad[i].total);
		sim_put(t->sim, pf, SIM_CAP_SRIOV + PCI_SRIOV_VF_OFFSET, 2, bad[i].offset);
		sim_put(t->sim, pf, SIM_CAP_SRIOV + PCI_SRIOV_VF_STRIDE, 2, bad[i].stride);
		sim_enable_vfs(t->sim, pf, bad[i].num);
		run_all(test, false);
		KUNIT_EXPECT_FALSE_MSG(test, verdict(test, 0, why, sizeof(why)),
				       "case %u", i);
		KUNIT_EXPECT_STREQ_MSG(test, why,
				       "segment 0000: 1 SR-IOV capabilities place VFs where none can be",
				       "case %u", i);
	}
}

/*
 * Phase 1 stops each VF's DMA like any function's, bottom-up with the rest;
 * phase 2's PF reset takes them down for good.
 */
static void test_vfs_quiesced_then_gone_with_pf(struct kunit *test)
{
	struct kdump_test_ctx *t = test->priv;
	struct pci_kdump_state *st = kunit_kzalloc(test, sizeof(*st), GFP_KERNEL);
	struct pci_kdump_fn *order[SIM_MAX_FNS];
	int pf = add_pf(test, PCI_DEVFN(2, 0), SIM_FLR, 2, 2);
	int vf0 = sim_vf(t->sim, pf, 0), vf1 = sim_vf(t->sim, pf, 1);
	unsigned int n;

	KUNIT_ASSERT_NOT_NULL(test, st);
	sim_set_cmd(t->sim, vf0, PCI_COMMAND_MASTER);
	sim_set_cmd(t->sim, vf1, PCI_COMMAND_MASTER);
	decide(test);
	n = pci_kdump_bottom_up(&t->fab, order);
	KUNIT_EXPECT_EQ(test, n, 3U);
	pci_kdump_quiesce_fabric(&t->fab, order, n);
	KUNIT_EXPECT_FALSE(test, sim_cfg(t->sim, vf0, PCI_COMMAND, 2) & PCI_COMMAND_MASTER);
	KUNIT_EXPECT_FALSE(test, sim_cfg(t->sim, vf1, PCI_COMMAND, 2) & PCI_COMMAND_MASTER);
	phase2(test, false);
	KUNIT_EXPECT_EQ(test, t->sim->fns[pf].resets, 1U);
	/* The reset left VF Enable clear: the VFs no longer answer */
	KUNIT_EXPECT_FALSE(test, sim_cfg(t->sim, pf, SIM_CAP_SRIOV + PCI_SRIOV_CTRL, 2) &
			   PCI_SRIOV_CTRL_VFE);
	KUNIT_EXPECT_EQ(test, fn_at(test, 0, PCI_DEVFN(2, 1))->result, PCI_KDUMP_R_RESET);
	KUNIT_EXPECT_EQ(test, pci_kdump_outcome_of(st, fn_at(test, 0, PCI_DEVFN(2, 2))),
			PCI_KDUMP_CLEAN);
	KUNIT_EXPECT_TRUE(test, seg_clean(test, 0));
}

/*
 * QEMU 7.2's PF FLR removes the VFs (NumVFs reads 0) but leaves VF Enable
 * set; it is cleared after the reset, and only then do the VFs count.
 */
static void test_vf_enable_left_by_reset(struct kunit *test)
{
	struct kdump_test_ctx *t = test->priv;
	struct pci_kdump_state *st = kunit_kzalloc(test, sizeof(*st), GFP_KERNEL);
	int pf = add_pf(test, PCI_DEVFN(2, 0), SIM_FLR, 2, 2);

	KUNIT_ASSERT_NOT_NULL(test, st);
	t->sim->fns[pf].reset_keeps_vfe = true;
	run_all(test, false);
	KUNIT_EXPECT_EQ(test, t->sim->fns[pf].resets, 1U);
	KUNIT_EXPECT_FALSE(test, sim_cfg(t->sim, pf, SIM_CAP_SRIOV + PCI_SRIOV_CTRL, 2) &
			   PCI_SRIOV_CTRL_VFE);
	KUNIT_EXPECT_EQ(test, fn_at(test, 0, PCI_DEVFN(2, 1))->result, PCI_KDUMP_R_RESET);
	KUNIT_EXPECT_EQ(test, pci_kdump_outcome_of(st, fn_at(test, 0, PCI_DEVFN(2, 0))),
			PCI_KDUMP_CLEAN);
	KUNIT_EXPECT_TRUE(test, seg_clean(test, 0));
}

/*
 * A PF with no reset gets VF Enable cleared.  It was a master only through
 * its VFs, which are gone, so it is clean; one that was a master itself
 * keeps its own state and is not.
 */
static void test_vfs_disabled_when_pf_has_no_reset(struct kunit *test)
{
	struct kdump_test_ctx *t = test->priv;
	struct pci_kdump_state *st = kunit_kzalloc(test, sizeof(*st), GFP_KERNEL);
	int pf = add_pf(test, PCI_DEVFN(2, 0), 0, 2, 2);
	struct pci_kdump_fn *f;

	KUNIT_ASSERT_NOT_NULL(test, st);
	sim_set_cmd(t->sim, sim_vf(t->sim, pf, 0), PCI_COMMAND_MASTER);
	run_all(test, false);
	KUNIT_EXPECT_EQ(test, t->sim->fns[pf].resets, 0U);
	KUNIT_EXPECT_FALSE(test, sim_cfg(t->sim, pf, SIM_CAP_SRIOV + PCI_SRIOV_CTRL, 2) &
			   (PCI_SRIOV_CTRL_VFE | PCI_SRIOV_CTRL_MSE));
	f = fn_at(test, 0, PCI_DEVFN(2, 1));
	KUNIT_EXPECT_EQ(test, f->result, PCI_KDUMP_R_DISABLED);
	KUNIT_EXPECT_EQ(test, pci_kdump_outcome_of(st, f), PCI_KDUMP_CLEAN);
	KUNIT_EXPECT_EQ(test, pci_kdump_outcome_of(st, fn_at(test, 0, PCI_DEVFN(2, 0))),
			PCI_KDUMP_CLEAN);
	KUNIT_EXPECT_TRUE(test, seg_clean(test, 0));

	fn_at(test, 0, PCI_DEVFN(2, 0))->entry |= PCI_KDUMP_ENTRY_BME;
	KUNIT_EXPECT_EQ(test, pci_kdump_outcome_of(st, fn_at(test, 0, PCI_DEVFN(2, 0))),
			PCI_KDUMP_DIRTY);
}

/* VF Enable that does not read back clear keeps the VFs, and the PF, dirty */
static void test_vf_enable_stuck(struct kunit *test)
{
	static const unsigned int caps[] = { SIM_FLR, 0 };
	struct kdump_test_ctx *t;
	struct pci_kdump_state *st;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(caps); i++) {
		int pf;

		kdump_test_init(test);
		t = test->priv;
		st = kunit_kzalloc(test, sizeof(*st), GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, st);
		pf = add_pf(test, PCI_DEVFN(2, 0), caps[i], 2, 2);
		t->sim->fns[pf].vfe_stuck = true;
		sim_set_cmd(t->sim, sim_vf(t->sim, pf, 0), PCI_COMMAND_MASTER);
		run_all(test, false);
		KUNIT_EXPECT_NE_MSG(test, fn_at(test, 0, PCI_DEVFN(2, 1))->result,
				    PCI_KDUMP_R_RESET, "caps %u", caps[i]);
		KUNIT_EXPECT_EQ_MSG(test,
				    pci_kdump_outcome_of(st, fn_at(test, 0, PCI_DEVFN(2, 1))),
				    PCI_KDUMP_DIRTY, "caps %u", caps[i]);
		KUNIT_EXPECT_EQ_MSG(test,
				    pci_kdump_outcome_of(st, fn_at(test, 0, PCI_DEVFN(2, 0))),
				    PCI_KDUMP_DIRTY, "caps %u", caps[i]);
		KUNIT_EXPECT_FALSE(test, seg_clean(test, 0));
	}
}

/*
 * Transactions Pending is waited for before the FLRs, for every function
 * together: the FLRs go out once the last one is done, or at the bound,
 * and one still pending then is reset anyway and named.
 */
static void test_flr_waits_for_pending(struct kunit *test)
{
	static const u64 pending[][2] = { { 50, 300 }, { 50, ~0ULL } };
	struct kdump_test_ctx *t;
	unsigned int k;

	for (k = 0; k < ARRAY_SIZE(pending); k++) {
		int a, b;

		kdump_test_init(test);
		t = test->priv;
		a = add_master(test, PCI_DEVFN(2, 0));
		b = add_master(test, PCI_DEVFN(3, 0));
		t->sim->fns[a].pending_until = pending[k][0];
		t->sim->fns[b].pending_until = pending[k][1];
		run_all(test, false);
		KUNIT_EXPECT_EQ(test, t->sim->fns[a].resets, 1U);
		KUNIT_EXPECT_EQ(test, t->sim->fns[b].resets, 1U);
		KUNIT_EXPECT_STREQ(test, fn_at(test, 0, PCI_DEVFN(2, 0))->reason, "");
		if (k == 0) {
			/* One wait, the longest: both FLRs once b is done */
			KUNIT_EXPECT_GE(test, t->sim->fns[a].last_reset, 300ULL);
			KUNIT_EXPECT_LT(test, t->sim->fns[b].last_reset,
					300ULL + 2 * PCI_KDUMP_POLL_MS);
			KUNIT_EXPECT_STREQ(test, fn_at(test, 0, PCI_DEVFN(3, 0))->reason, "");
		} else {
			KUNIT_EXPECT_GE(test, t->sim->fns[b].last_reset,
					(u64)PCI_KDUMP_PENDING_MS);
			KUNIT_EXPECT_STREQ(test, fn_at(test, 0, PCI_DEVFN(3, 0))->reason,
					   "transactions still pending after 700 ms, reset anyway");
		}
	}
}

/*
 * A bus reset below a hot-plug slot whose events the crashed kernel left
 * enabled: no event is raised while they are, none is left for pciehp,
 * and Slot Control comes back as it was.
 */
static void test_sbr_below_hotplug_slot(struct kunit *test)
{
	struct kdump_test_ctx *t = test->priv;
	u16 ctl = PCI_EXP_SLTCTL_HPIE | PCI_EXP_SLTCTL_DLLSCE | PCI_EXP_SLTCTL_PDCE |
		  PCI_EXP_SLTCTL_PWR_IND_ON;
	int rp = sim_add_bridge(t->sim, -1, 0, PCI_DEVFN(1, 0), RP, 1, 1);
	int nic = sim_add(t->sim, rp, 1, 0, 0x8086, 0x10d3, 0x020000, EP,
			  SIM_PM_NOSOFT);

	sim_put(t->sim, rp, SIM_CAP_EXP + PCI_EXP_FLAGS, 2,
		2 | RP << 4 | PCI_EXP_FLAGS_SLOT);
	sim_put(t->sim, rp, SIM_CAP_EXP + PCI_EXP_SLTCTL, 2, ctl);
	sim_set_cmd(t->sim, nic, BME);
	run_all(test, false);
	KUNIT_EXPECT_EQ(test, t->sim->fns[nic].resets, 1U);
	KUNIT_EXPECT_EQ(test, t->sim->fns[rp].slot_irqs, 0U);
	KUNIT_EXPECT_EQ(test, sim_cfg(t->sim, rp, SIM_CAP_EXP + PCI_EXP_SLTSTA, 2) &
			(PCI_EXP_SLTSTA_DLLSC | PCI_EXP_SLTSTA_PDC), 0U);
	KUNIT_EXPECT_EQ(test, sim_cfg(t->sim, rp, SIM_CAP_EXP + PCI_EXP_SLTCTL, 2), ctl);
}

/*
 * A function of a bridge's class is only quiesced, but VFs it enabled and
 * that stay enabled keep its verdict dirty (a fuzzer finding)
 */
static void test_bridge_class_pf_with_vfs(struct kunit *test)
{
	struct kdump_test_ctx *t = test->priv;
	struct pci_kdump_state *st = kunit_kzalloc(test, sizeof(*st), GFP_KERNEL);
	int pf = sim_add(t->sim, -1, 0, PCI_DEVFN(2, 0), 0x8086, 0x0c00,
			 0x060000, RCIEP, SIM_MFD);

	KUNIT_ASSERT_NOT_NULL(test, st);
	sim_add_sriov(t->sim, pf, 2, 1, 1, 0x0c01);
	sim_enable_vfs(t->sim, pf, 2);
	t->sim->fns[pf].vfe_stuck = true;
	run_all(test, false);
	KUNIT_EXPECT_EQ(test, fn_at(test, 0, PCI_DEVFN(2, 0))->method, PCI_KDUMP_M_QUIESCE);
	KUNIT_EXPECT_EQ(test, pci_kdump_outcome_of(st, fn_at(test, 0, PCI_DEVFN(2, 0))),
			PCI_KDUMP_DIRTY);
	KUNIT_EXPECT_FALSE(test, seg_clean(test, 0));
}

/* A PF and its VFs are one device: skipping a VF leaves all of it alone */
static void test_vf_skip_skips_the_device(struct kunit *test)
{
	struct kdump_test_ctx *t = test->priv;
	struct pci_kdump_state *st = kunit_kzalloc(test, sizeof(*st), GFP_KERNEL);
	int pf = add_pf(test, PCI_DEVFN(2, 0), SIM_FLR, 2, 2);
	int vf1 = sim_vf(t->sim, pf, 1);

	KUNIT_ASSERT_NOT_NULL(test, st);
	sim_set_cmd(t->sim, vf1, PCI_COMMAND_MASTER);
	t->pol.skip[0] = (struct pci_kdump_match){ .devfn = PCI_DEVFN(2, 2) };
	t->pol.nr_skip = 1;
	run_all(test, false);
	KUNIT_EXPECT_EQ(test, t->sim->fns[pf].resets, 0U);
	KUNIT_EXPECT_TRUE(test, sim_cfg(t->sim, pf, SIM_CAP_SRIOV + PCI_SRIOV_CTRL, 2) &
			  PCI_SRIOV_CTRL_VFE);
	KUNIT_EXPECT_TRUE(test, sim_cfg(t->sim, vf1, PCI_COMMAND, 2) & PCI_COMMAND_MASTER);
	KUNIT_EXPECT_STREQ(test, fn_at(test, 0, PCI_DEVFN(2, 0))->reason,
			   "its VF 00:02.2 is skipped");
	KUNIT_EXPECT_EQ(test, fn_at(test, 0, PCI_DEVFN(2, 1))->method, PCI_KDUMP_M_SKIP);
	KUNIT_EXPECT_EQ(test, pci_kdump_outcome_of(st, fn_at(test, 0, PCI_DEVFN(2, 0))),
			PCI_KDUMP_DIRTY);
	KUNIT_EXPECT_FALSE(test, seg_clean(test, 0));
}

/* No function is reported reset whose reset was never started */
static void test_sbr_capacity(struct kunit *test)
{
	struct kdump_test_ctx *t = test->priv;
	int rp1 = sim_add_bridge(t->sim, -1, 0, PCI_DEVFN(1, 0), RP, 1, 1);
	int rp2 = sim_add_bridge(t->sim, -1, 0, PCI_DEVFN(2, 0), RP, 2, 2);
	int a = sim_add(t->sim, rp1, 1, 0, 0x8086, 0x100e, 0x020000, CONV, 0);
	int b = sim_add(t->sim, rp2, 2, 0, 0x8086, 0x100e, 0x020000, CONV, 0);

	sim_set_cmd(t->sim, a, BME);
	sim_set_cmd(t->sim, b, BME);
	t->plan.max_sbr = 1;
	run_all(test, false);
	KUNIT_EXPECT_EQ(test, t->plan.nr_sbr, 1U);
	KUNIT_EXPECT_EQ(test, t->sim->fns[a].resets, 1U);
	KUNIT_EXPECT_EQ(test, t->sim->fns[b].resets, 0U);
	KUNIT_EXPECT_EQ(test, fn_at(test, 2, 0)->result, PCI_KDUMP_R_UNSAFE);
	KUNIT_EXPECT_FALSE(test, seg_clean(test, 0));
}

#define SCALE_SEGS		2
#define SCALE_PORTS		128	/* per segment: devices 0-15, 8 functions each */
#define SCALE_FNS_PER_PORT	8
#define SCALE_TOTAL		(SCALE_SEGS * SCALE_PORTS * (1 + SCALE_FNS_PER_PORT))

KUNIT_DEFINE_ACTION_WRAPPER(kvfree_action, kvfree, const void *);

static void scan_scale_segments(struct pci_kdump_fabric *fab)
{
	unsigned int s;

	for (s = 0; s < SCALE_SEGS; s++)
		pci_kdump_scan_segment(fab, s, 0, 255);
}

/* kvcalloc() memory freed when the case ends, however it ends */
static void *scale_alloc(struct kunit *test, size_t n, size_t size)
{
	void *p = kvcalloc(n, size, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, kvfree_action, p), 0);
	return p;
}

/* Root ports on bus 0 of @seg, each above one device of 8 bus masters */
static void add_scale_segment(struct kunit *test, u16 seg)
{
	struct sim_fabric *sim = ((struct kdump_test_ctx *)test->priv)->sim;
	unsigned int p, f;

	for (p = 0; p < SCALE_PORTS; p++) {
		u8 sec = p + 1;
		int rp = sim_add_bridge(sim, -1, 0, PCI_DEVFN(p / 8, p % 8), RP,
					sec, sec);

		KUNIT_ASSERT_GE(test, rp, 0);
		sim_set_seg(sim, rp, seg);
		sim_put(sim, rp, PCI_HEADER_TYPE, 1,
			PCI_HEADER_TYPE_BRIDGE | PCI_HEADER_TYPE_MFD);
		/* No FLR, no PM: each device needs its port's bus reset */
		for (f = 0; f < SCALE_FNS_PER_PORT; f++) {
			int ep = sim_add(sim, rp, sec, PCI_DEVFN(0, f), 0x8086,
					 0x10d3, 0x020000, EP, SIM_MFD);

			KUNIT_ASSERT_GE(test, ep, 0);
			sim_set_cmd(sim, ep, BME);
		}
	}
}

/*
 * 256 root ports on two segments above 2048 bus-mastering functions: more
 * functions than the first scan's table and more bus resets than any fixed
 * list held.  Every function is found (the table is sized from the scan),
 * every port's bus is reset once, every function below is reset through
 * its own port, nothing is read inside its wait, one overlapped wait
 * covers them all, and both segments are clean.
 */
static void test_scale(struct kunit *test)
{
	struct kdump_test_ctx *t = test->priv;
	struct sim_fabric *sim = t->sim;
	struct pci_kdump_fn **order;
	unsigned int i, resets = 0, early = 0, not_reset = 0;
	u32 wall_ms;

	sim_init(sim, scale_alloc(test, SCALE_TOTAL, sizeof(*sim->fns)),
		 SCALE_TOTAL);
	add_scale_segment(test, 0);
	add_scale_segment(test, 1);

	sim_fabric_init(sim, &t->fab, NULL, 0);
	KUNIT_ASSERT_EQ(test, pci_kdump_scan_sized(&t->fab, scan_scale_segments), 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, kvfree_action,
							t->fab.fns), 0);
	KUNIT_EXPECT_GT(test, t->fab.max, PCI_KDUMP_MAX_FNS);
	KUNIT_EXPECT_EQ(test, t->fab.nr, SCALE_TOTAL);
	KUNIT_EXPECT_EQ(test, t->fab.dropped, 0U);
	pci_kdump_scan_retry(&t->fab, t->pol.timeout_ms);
	pci_kdump_link(&t->fab);
	pci_kdump_decide(&t->fab, &t->pol);

	/* Sized from the scan, as pci_kdump_run_phases() sizes them */
	order = scale_alloc(test, t->fab.nr + 1, sizeof(*order));
	t->plan.sbr = scale_alloc(test, t->fab.nr + 1, sizeof(*t->plan.sbr));
	t->plan.max_sbr = t->fab.nr;
	pci_kdump_quiesce_fabric(&t->fab, order,
				 pci_kdump_bottom_up(&t->fab, order));
	wall_ms = phase2(test, false);

	KUNIT_EXPECT_EQ(test, t->plan.nr_sbr, SCALE_SEGS * SCALE_PORTS);
	for (i = 0; i < sim->nr; i++) {
		const struct sim_fn *f = &sim->fns[i];

		resets += f->resets;
		early += f->early_reads;
	}
	for (i = 0; i < t->fab.nr; i++) {
		const struct pci_kdump_fn *fn = &t->fab.fns[i];

		if (!pci_kdump_is_bridge(fn) &&
		    (fn->result != PCI_KDUMP_R_RESET ||
		     fn->sbr_bridge != fn->parent))
			not_reset++;
	}
	KUNIT_EXPECT_EQ(test, resets, SCALE_SEGS * SCALE_PORTS * SCALE_FNS_PER_PORT);
	KUNIT_EXPECT_EQ(test, early, 0U);
	KUNIT_EXPECT_EQ(test, not_reset, 0U);
	KUNIT_EXPECT_LT(test, wall_ms, 2 * PCI_KDUMP_SBR_DELAY_MS);
	KUNIT_EXPECT_TRUE(test, seg_clean(test, 0));
	KUNIT_EXPECT_TRUE(test, seg_clean(test, 1));
}

/* pci_kdump.skip on a bridge: not touched, so no bus reset through it */
static void test_skipped_bridge_not_reset(struct kunit *test)
{
	struct kdump_test_ctx *t = test->priv;
	int rp = sim_add_bridge(t->sim, -1, 0, PCI_DEVFN(1, 0), RP, 1, 1);
	int nic = sim_add(t->sim, rp, 1, 0, 0x8086, 0x100e, 0x020000, CONV, 0);

	sim_set_cmd(t->sim, nic, BME);
	t->pol.skip[t->pol.nr_skip++] = (struct pci_kdump_match) {
		.bus = 0, .devfn = PCI_DEVFN(1, 0) };
	run_all(test, false);
	KUNIT_EXPECT_EQ(test, t->sim->fns[nic].resets, 0U);
	KUNIT_EXPECT_EQ(test, fn_at(test, 1, 0)->method, PCI_KDUMP_M_NONE);
	KUNIT_EXPECT_EQ(test, fn_at(test, 1, 0)->result, PCI_KDUMP_R_UNSAFE);
	KUNIT_EXPECT_EQ(test, sim_cfg(t->sim, rp, PCI_BRIDGE_CONTROL, 2) &
			PCI_BRIDGE_CTL_BUS_RESET, 0U);
	KUNIT_EXPECT_EQ(test, t->sim->config_writes, 1U);
}

/*
 * Prepares take time (an NVMe disable waits for CSTS.RDY): they run
 * together, with one deadline, and each FLR's mandatory wait counts from
 * its own write; nothing touches a function before its wait is over.
 */
static void test_prepares_overlap(struct kunit *test)
{
	struct kdump_test_ctx *t = test->priv;
	int a = sim_add(t->sim, -1, 0, PCI_DEVFN(2, 0), 0x1b36, 0x0010,
			0x010802, RCIEP, SIM_FLR);
	int b = sim_add(t->sim, -1, 0, PCI_DEVFN(3, 0), 0x1b36, 0x0010,
			0x010802, RCIEP, SIM_FLR);
	int stuck = sim_add(t->sim, -1, 0, PCI_DEVFN(4, 0), 0x1b36, 0x0010,
			    0x010802, RCIEP, SIM_FLR);
	u32 wall;

	sim_set_cmd(t->sim, a, BME);
	sim_set_cmd(t->sim, b, BME);
	sim_set_cmd(t->sim, stuck, BME);
	t->sim->fns[a].prepare_ms = 300;
	t->sim->fns[b].prepare_ms = 500;
	t->sim->fns[stuck].prepare_ms = 1000000;
	t->pol.timeout_ms = 1000;
	wall = run_all(test, false);
	/* One deadline for all: the stuck one costs the timeout, once */
	KUNIT_EXPECT_LE(test, wall, 1000U + PCI_KDUMP_FLR_DELAY_MS + 10);
	KUNIT_EXPECT_EQ(test, fn_at(test, 0, PCI_DEVFN(2, 0))->result, PCI_KDUMP_R_RESET);
	KUNIT_EXPECT_EQ(test, fn_at(test, 0, PCI_DEVFN(3, 0))->result, PCI_KDUMP_R_RESET);
	KUNIT_EXPECT_EQ(test, fn_at(test, 0, PCI_DEVFN(2, 0))->prepare_ret, 0);
	/* Reset anyway, and the report says its prepare did not finish */
	KUNIT_EXPECT_EQ(test, fn_at(test, 0, PCI_DEVFN(4, 0))->result, PCI_KDUMP_R_RESET);
	KUNIT_EXPECT_EQ(test, fn_at(test, 0, PCI_DEVFN(4, 0))->prepare_ret, -ETIMEDOUT);
	KUNIT_EXPECT_STREQ(test, fn_at(test, 0, PCI_DEVFN(4, 0))->reason,
			   "NVMe: disable, then FLR: prepare failed (-110), reset anyway");
	KUNIT_EXPECT_EQ(test, t->sim->fns[a].early_reads, 0U);
	KUNIT_EXPECT_EQ(test, t->sim->fns[b].early_reads, 0U);
	KUNIT_EXPECT_EQ(test, t->sim->fns[stuck].early_reads, 0U);
	KUNIT_EXPECT_GE(test, t->sim->fns[a].first_ready_read,
			t->sim->fns[a].last_reset + PCI_KDUMP_FLR_DELAY_MS);
}

#define RTR_CAP		0x200

static void add_rtr(struct kunit *test, int i, int pos, u32 flr_field)
{
	struct kdump_test_ctx *t = test->priv;

	/* Another capability first, pointing at it */
	sim_put(t->sim, i, PCI_CFG_SPACE_SIZE, 4,
		PCI_EXT_CAP_ID_VNDR | 1 << 16 | pos << 20);
	sim_put(t->sim, i, pos, 4, PCI_KDUMP_EXT_CAP_ID_RTR | 1 << 16);
	sim_put(t->sim, i, pos + PCI_KDUMP_RTR1, 4, PCI_KDUMP_RTR1_VALID | 1);
	/* Where the capability runs past config space, so do its registers */
	if (pos + PCI_KDUMP_RTR_SIZEOF <= PCI_CFG_SPACE_EXP_SIZE)
		sim_put(t->sim, i, pos + PCI_KDUMP_RTR2, 4, flr_field);
}

/* A reported time is bounded by the timeout and by config space */
static void test_rtr_bounded(struct kunit *test)
{
	struct kdump_test_ctx *t = test->priv;
	int greedy = add_master(test, PCI_DEVFN(2, 0));
	int edge = add_master(test, PCI_DEVFN(3, 0));
	u32 wall;

	/* 511 x 32^7 ns: about 4.9 hours */
	add_rtr(test, greedy, RTR_CAP, 0x1ff | 7 << 9);
	/* Registers past 4 KiB: not a capability, whatever it claims */
	add_rtr(test, edge, PCI_CFG_SPACE_EXP_SIZE - 8, 1);
	t->pol.timeout_ms = 1000;
	wall = run_all(test, false);
	KUNIT_EXPECT_EQ(test, fn_at(test, 0, PCI_DEVFN(2, 0))->result,
			PCI_KDUMP_R_NOT_READY);
	KUNIT_EXPECT_TRUE(test, fn_at(test, 0, PCI_DEVFN(2, 0))->too_slow);
	KUNIT_EXPECT_LE(test, wall, 1000U + 2 * PCI_KDUMP_POLL_MS);
	KUNIT_EXPECT_EQ(test, fn_at(test, 0, PCI_DEVFN(3, 0))->rtr_cap, 0);
	KUNIT_EXPECT_EQ(test, fn_at(test, 0, PCI_DEVFN(3, 0))->delay_ms,
			(u32)PCI_KDUMP_FLR_DELAY_MS);
	KUNIT_EXPECT_EQ(test, fn_at(test, 0, PCI_DEVFN(3, 0))->result,
			PCI_KDUMP_R_RESET);
	KUNIT_EXPECT_FALSE(test, seg_clean(test, 0));
}

/* A clock that does not run must not hang the boot, nor pass as ready */
static void test_frozen_clock(struct kunit *test)
{
	struct kdump_test_ctx *t = test->priv;

	add_master(test, PCI_DEVFN(2, 0));
	t->sim->frozen = true;
	run_all(test, false);
	KUNIT_EXPECT_EQ(test, fn_at(test, 0, PCI_DEVFN(2, 0))->result,
			PCI_KDUMP_R_NOT_READY);
	/* The waits were still slept, at least the mandatory one */
	KUNIT_EXPECT_GE(test, t->sim->slept, (u64)PCI_KDUMP_FLR_DELAY_MS);
	KUNIT_EXPECT_FALSE(test, seg_clean(test, 0));
}

/* Phase 1 alone: every bit it must clear is clear, decode is kept */
static void test_quiesce_clears_each_bit(struct kunit *test)
{
	struct kdump_test_ctx *t = test->priv;
	int nic = sim_add(t->sim, -1, 0, PCI_DEVFN(2, 0), 0x8086, 0x10d3,
			  0x020000, RCIEP, SIM_MSI | SIM_FLR);
	u8 head = sim_cfg(t->sim, nic, PCI_CAPABILITY_LIST, 1);

	/* Firmware left INTx enabled; the crashed kernel MSI and MSI-X */
	sim_set_cmd(t->sim, nic, BME);
	sim_put(t->sim, nic, SIM_CAP_MSI + PCI_MSI_FLAGS, 2, PCI_MSI_FLAGS_ENABLE);
	sim_put(t->sim, nic, SIM_CAP_MSIX, 2, PCI_CAP_ID_MSIX | head << 8);
	sim_put(t->sim, nic, SIM_CAP_MSIX + PCI_MSIX_FLAGS, 2,
		PCI_MSIX_FLAGS_ENABLE | 7);
	sim_put(t->sim, nic, PCI_CAPABILITY_LIST, 1, SIM_CAP_MSIX);
	decide(test);
	phase1(test);
	KUNIT_EXPECT_EQ(test, fn_at(test, 0, PCI_DEVFN(2, 0))->entry &
			(PCI_KDUMP_ENTRY_BME | PCI_KDUMP_ENTRY_MSI |
			 PCI_KDUMP_ENTRY_MSIX | PCI_KDUMP_ENTRY_INTX),
			PCI_KDUMP_ENTRY_BME | PCI_KDUMP_ENTRY_MSI |
			PCI_KDUMP_ENTRY_MSIX | PCI_KDUMP_ENTRY_INTX);
	KUNIT_EXPECT_EQ(test, sim_cfg(t->sim, nic, PCI_COMMAND, 2),
			(u32)(PCI_COMMAND_MEMORY | PCI_COMMAND_INTX_DISABLE));
	KUNIT_EXPECT_EQ(test, sim_cfg(t->sim, nic, SIM_CAP_MSI + PCI_MSI_FLAGS, 2) &
			PCI_MSI_FLAGS_ENABLE, 0U);
	KUNIT_EXPECT_EQ(test, sim_cfg(t->sim, nic, SIM_CAP_MSIX + PCI_MSIX_FLAGS, 2),
			7U);
	KUNIT_EXPECT_EQ(test, t->sim->fns[nic].resets, 0U);
}

/* BME that cannot be read back clear is dirty */
static void test_unconfirmed_bme_is_dirty(struct kunit *test)
{
	struct kdump_test_ctx *t = test->priv;
	struct pci_kdump_state *st = kunit_kzalloc(test, sizeof(*st), GFP_KERNEL);
	int ahci = sim_add(t->sim, -1, 0, PCI_DEVFN(5, 0), 0x8086, 0x2922,
			   0x010601, CONV, 0);

	KUNIT_ASSERT_NOT_NULL(test, st);
	sim_set_cmd(t->sim, ahci, BME);
	decide(test);
	/* It stops answering before phase 1: writes lost, reads all-ones */
	t->sim->fns[ahci].busy_until = (u64)-1;
	phase1(test);
	phase2(test, false);
	KUNIT_EXPECT_FALSE(test, fn_at(test, 0, PCI_DEVFN(5, 0))->bme_off);
	KUNIT_EXPECT_EQ(test, pci_kdump_outcome_of(st, fn_at(test, 0, PCI_DEVFN(5, 0))),
			PCI_KDUMP_DIRTY);
	KUNIT_EXPECT_FALSE(test, seg_clean(test, 0));
}

/* D0 only after 10 ms in D3hot, and the 10 ms after D0 count from D0 */
static void test_pm_reset_timing(struct kunit *test)
{
	struct kdump_test_ctx *t = test->priv;
	int pm = sim_add(t->sim, -1, 0, PCI_DEVFN(3, 0), 0x8086, 0x10d3,
			 0x020000, RCIEP, SIM_PM);

	sim_set_cmd(t->sim, pm, BME);
	t->sim->fns[pm].quiet_ms = PCI_KDUMP_D3HOT_DELAY_MS;
	run_all(test, false);	/* D3hot is written at time 0 */
	KUNIT_EXPECT_GE(test, t->sim->fns[pm].last_reset,
			(u64)PCI_KDUMP_D3HOT_DELAY_MS);
	KUNIT_EXPECT_EQ(test, t->sim->fns[pm].early_reads, 0U);
	KUNIT_EXPECT_EQ(test, fn_at(test, 0, PCI_DEVFN(3, 0))->result, PCI_KDUMP_R_RESET);
}

/* Secondary bus reset is held at least 2 ms */
static void test_sbr_assert_time(struct kunit *test)
{
	struct kdump_test_ctx *t = test->priv;
	int rp = sim_add_bridge(t->sim, -1, 0, PCI_DEVFN(1, 0), RP, 1, 1);
	int f0 = sim_add(t->sim, rp, 1, 0, 0x8086, 0x10d3, 0x020000, EP,
			 SIM_PM_NOSOFT);

	sim_set_cmd(t->sim, f0, BME);
	run_all(test, false);
	KUNIT_EXPECT_EQ(test, t->sim->fns[f0].resets, 1U);
	/* last_reset: assert; released: deassert */
	KUNIT_EXPECT_GE(test, t->sim->fns[f0].released - t->sim->fns[f0].last_reset,
			(u64)PCI_KDUMP_SBR_ASSERT_MS);
}

/* Below a conventional bridge, 1 s after its secondary side is back */
static void test_sbr_conventional_wait(struct kunit *test)
{
	struct kdump_test_ctx *t = test->priv;
	int rp = sim_add_bridge(t->sim, -1, 0, PCI_DEVFN(1, 0), RP, 1, 2);
	int nic = sim_add(t->sim, rp, 1, PCI_DEVFN(0, 0), 0x8086, 0x10d3,
			  0x020000, CONV, SIM_MFD);
	int br = sim_add_bridge(t->sim, rp, 1, PCI_DEVFN(0, 1), CONV, 2, 2);
	int disk = sim_add(t->sim, br, 2, 0, 0x1af4, 0x1001, 0x010000, CONV, 0);

	sim_set_cmd(t->sim, nic, BME);
	t->sim->fns[disk].quiet_ms = PCI_KDUMP_SBR_DELAY_MS;
	run_all(test, false);
	KUNIT_EXPECT_EQ(test, fn_at(test, 2, 0)->result, PCI_KDUMP_R_RESET);
	KUNIT_EXPECT_EQ(test, t->sim->fns[disk].early_reads, 0U);
}

/* A fast link that cannot show Link Active: 100 ms + 1 s */
static void test_sbr_fast_link_wait(struct kunit *test)
{
	struct kdump_test_ctx *t = test->priv;
	int rp = sim_add_bridge(t->sim, -1, 0, PCI_DEVFN(1, 0), RP, 1, 1);
	int f0 = sim_add(t->sim, rp, 1, 0, 0x8086, 0x10d3, 0x020000, EP,
			 SIM_PM_NOSOFT);

	sim_put(t->sim, rp, SIM_CAP_EXP + PCI_EXP_LNKCAP, 4,
		PCI_EXP_LNKCAP_DLLLARC | PCI_EXP_LNKCAP_SLS_8_0GB);
	sim_set_cmd(t->sim, f0, BME);
	t->sim->fns[f0].quiet_ms = PCI_KDUMP_LINK_DELAY_MS + PCI_KDUMP_SBR_DELAY_MS;
	run_all(test, false);
	KUNIT_EXPECT_EQ(test, fn_at(test, 1, 0)->result, PCI_KDUMP_R_RESET);
	KUNIT_EXPECT_EQ(test, t->sim->fns[f0].early_reads, 0U);
}

/* A child's Readiness Time shortens the wait only if every child has one */
static void test_sbr_rtr_needs_every_child(struct kunit *test)
{
	struct kdump_test_ctx *t = test->priv;
	int rp = sim_add_bridge(t->sim, -1, 0, PCI_DEVFN(1, 0), RP, 1, 1);
	int f0 = sim_add(t->sim, rp, 1, PCI_DEVFN(0, 0), 0x8086, 0x10d3,
			 0x020000, EP, SIM_PM_NOSOFT | SIM_MFD);
	int f1 = sim_add(t->sim, rp, 1, PCI_DEVFN(0, 1), 0x8086, 0x10d3,
			 0x020000, EP, SIM_PM_NOSOFT);

	add_rtr(test, f0, RTR_CAP, 1);	/* ready 1 ms after reset */
	sim_set_cmd(t->sim, f0, BME);
	run_all(test, false);
	KUNIT_EXPECT_EQ(test, t->sim->fns[f1].early_reads, 0U);
	KUNIT_EXPECT_EQ(test, fn_at(test, 1, PCI_DEVFN(0, 1))->result, PCI_KDUMP_R_RESET);
}

/* post_reset_ms of a quirk row is waited for */
static void test_quirk_post_reset_delay(struct kunit *test)
{
	struct kdump_test_ctx *t = test->priv;
	int nvme = sim_add(t->sim, -1, 0, PCI_DEVFN(2, 0), 0x8086, 0x0953,
			   0x010802, RCIEP, SIM_FLR);

	sim_set_cmd(t->sim, nvme, BME);
	t->sim->fns[nvme].quiet_ms = PCI_KDUMP_FLR_DELAY_MS + 250;
	run_all(test, false);
	KUNIT_EXPECT_EQ(test, fn_at(test, 0, PCI_DEVFN(2, 0))->delay_ms,
			PCI_KDUMP_FLR_DELAY_MS + 250U);
	KUNIT_EXPECT_EQ(test, t->sim->fns[nvme].early_reads, 0U);
	KUNIT_EXPECT_EQ(test, fn_at(test, 0, PCI_DEVFN(2, 0))->result, PCI_KDUMP_R_RESET);
}

/* Every PCIe control register comes back, and INTx stays disabled */
static void test_restore_pcie_control(struct kunit *test)
{
	struct kdump_test_ctx *t = test->priv;
	int rp = sim_add_bridge(t->sim, -1, 0, PCI_DEVFN(0x1c, 0), RP, 1, 3);
	int up = sim_add_bridge(t->sim, rp, 1, PCI_DEVFN(0, 0), UP, 2, 3);
	int mgmt = sim_add(t->sim, rp, 1, PCI_DEVFN(0, 1), 0x10b5, 0x87b0,
			   0x088000, EP, 0);
	int dn = sim_add_bridge(t->sim, up, 2, PCI_DEVFN(0, 0), DOWN, 3, 3);
	int nvme = sim_add(t->sim, dn, 3, 0, 0x1b36, 0x0010, 0x010802, EP, SIM_FLR);

	t->sim->fns[up].power_on[PCI_HEADER_TYPE] |= PCI_HEADER_TYPE_MFD;
	t->sim->fns[up].cfg[PCI_HEADER_TYPE] |= PCI_HEADER_TYPE_MFD;
	sim_put(t->sim, dn, SIM_CAP_EXP + PCI_EXP_FLAGS, 2,
		2 | DOWN << 4 | PCI_EXP_FLAGS_SLOT);
	sim_put(t->sim, dn, SIM_CAP_EXP + PCI_EXP_SLTCTL, 2, 0x0120);
	sim_put(t->sim, nvme, SIM_CAP_EXP + PCI_EXP_DEVCTL, 2, 0x5030);
	sim_put(t->sim, nvme, SIM_CAP_EXP + PCI_EXP_DEVCTL2, 2, 0x0410);
	sim_put(t->sim, nvme, SIM_CAP_EXP + PCI_EXP_LNKCTL, 2, 0x0043);
	sim_put(t->sim, nvme, SIM_CAP_EXP + PCI_EXP_LNKCTL2, 2, 0x0003);
	sim_set_cmd(t->sim, mgmt, BME);
	run_all(test, false);
	KUNIT_EXPECT_EQ(test, t->sim->fns[nvme].resets, 1U);
	KUNIT_EXPECT_EQ(test, fn_at(test, 3, 0)->result, PCI_KDUMP_R_RESET);
	KUNIT_EXPECT_EQ(test, sim_cfg(t->sim, dn, SIM_CAP_EXP + PCI_EXP_SLTCTL, 2), 0x0120U);
	KUNIT_EXPECT_EQ(test, sim_cfg(t->sim, nvme, SIM_CAP_EXP + PCI_EXP_DEVCTL, 2), 0x5030U);
	KUNIT_EXPECT_EQ(test, sim_cfg(t->sim, nvme, SIM_CAP_EXP + PCI_EXP_DEVCTL2, 2), 0x0410U);
	KUNIT_EXPECT_EQ(test, sim_cfg(t->sim, nvme, SIM_CAP_EXP + PCI_EXP_LNKCTL, 2), 0x0043U);
	KUNIT_EXPECT_EQ(test, sim_cfg(t->sim, nvme, SIM_CAP_EXP + PCI_EXP_LNKCTL2, 2), 0x0003U);
	KUNIT_EXPECT_NE(test, sim_cfg(t->sim, nvme, PCI_COMMAND, 2) &
			PCI_COMMAND_INTX_DISABLE, 0U);
}

/*
 * A bus master that only an SBR of 00:01.0 stops, next to a function the
 * SBR must not take down; returns the sibling's index.
 */
static int sbr_master_and_sibling(struct kunit *test, u16 vendor, u16 device,
				  u32 class)
{
	struct kdump_test_ctx *t = test->priv;
	int rp = sim_add_bridge(t->sim, -1, 0, PCI_DEVFN(1, 0), RP, 1, 1);
	int f0 = sim_add(t->sim, rp, 1, PCI_DEVFN(0, 0), 0x8086, 0x10d3,
			 0x020000, EP, SIM_PM_NOSOFT | SIM_MFD);

	sim_set_cmd(t->sim, f0, BME);
	return sim_add(t->sim, rp, 1, PCI_DEVFN(0, 1), vendor, device, class,
		       EP, 0);
}

static void expect_sbr_blocked(struct kunit *test, int sibling)
{
	struct kdump_test_ctx *t = test->priv;

	run_all(test, false);
	KUNIT_EXPECT_EQ(test, fn_at(test, 1, 0)->method, PCI_KDUMP_M_NONE);
	KUNIT_EXPECT_EQ(test, fn_at(test, 1, 0)->result, PCI_KDUMP_R_UNSAFE);
	KUNIT_EXPECT_EQ(test, t->plan.nr_sbr, 0U);
	KUNIT_EXPECT_EQ(test, t->sim->fns[sibling].resets, 0U);
}

static void test_sbr_spares_skipped(struct kunit *test)
{
	struct kdump_test_ctx *t = test->priv;
	int sib = sbr_master_and_sibling(test, 0x1af4, 0x1001, 0x010000);

	t->pol.skip[t->pol.nr_skip++] = (struct pci_kdump_match) {
		.bus = 1, .devfn = PCI_DEVFN(0, 1) };
	expect_sbr_blocked(test, sib);
}

static void test_sbr_spares_method_none(struct kunit *test)
{
	struct kdump_test_ctx *t = test->priv;
	int sib = sbr_master_and_sibling(test, 0x1af4, 0x1001, 0x010000);

	t->pol.overrides[t->pol.nr_overrides++] = (struct pci_kdump_override) {
		.match = { .bus = 1, .devfn = PCI_DEVFN(0, 1) },
		.method = PCI_KDUMP_M_NONE };
	expect_sbr_blocked(test, sib);
}

static void test_sbr_spares_console_vga(struct kunit *test)
{
	struct kdump_test_ctx *t = test->priv;
	int vga = sbr_master_and_sibling(test, 0x1234, 0x1111, 0x030000);

	/* The root port forwards the VGA ranges; the VGA decodes them */
	sim_put(t->sim, 0, PCI_BRIDGE_CONTROL, 2, PCI_BRIDGE_CTL_VGA);
	sim_set_cmd(t->sim, vga, PCI_COMMAND_IO | PCI_COMMAND_MEMORY);
	expect_sbr_blocked(test, vga);
}

/* A device that forbids bus reset two levels down blocks the SBR */
static void test_sbr_blocker_behind_switch(struct kunit *test)
{
	struct kdump_test_ctx *t = test->priv;
	int rp = sim_add_bridge(t->sim, -1, 0, PCI_DEVFN(0x1c, 0), RP, 1, 3);
	int up = sim_add_bridge(t->sim, rp, 1, PCI_DEVFN(0, 0), UP, 2, 3);
	int mgmt = sim_add(t->sim, rp, 1, PCI_DEVFN(0, 1), 0x10b5, 0x87b0,
			   0x088000, EP, 0);
	int dn = sim_add_bridge(t->sim, up, 2, PCI_DEVFN(0, 0), DOWN, 3, 3);
	int ath = sim_add(t->sim, dn, 3, 0, 0x168c, 0x0030, 0x028000, EP, SIM_FLR);

	t->sim->fns[up].power_on[PCI_HEADER_TYPE] |= PCI_HEADER_TYPE_MFD;
	t->sim->fns[up].cfg[PCI_HEADER_TYPE] |= PCI_HEADER_TYPE_MFD;
	sim_set_cmd(t->sim, mgmt, BME);
	run_all(test, false);
	KUNIT_EXPECT_EQ(test, fn_at(test, 1, PCI_DEVFN(0, 1))->method, PCI_KDUMP_M_NONE);
	KUNIT_EXPECT_EQ(test, t->plan.nr_sbr, 0U);
	KUNIT_EXPECT_EQ(test, t->sim->fns[ath].resets, 0U);
}

static void test_verdict_failed_run(struct kunit *test)
{
	struct pci_kdump_state *st;
	char why[128];

	add_master(test, PCI_DEVFN(2, 0));
	run_all(test, false);
	/* As pci_kdump_run_phases() leaves it when an allocation fails */
	st = run_state(test);
	st->fab.nr = 0;
	st->ret = -ENOMEM;
	KUNIT_EXPECT_FALSE(test, pci_kdump_scope_verdict(st, 0, why, sizeof(why)));
	KUNIT_EXPECT_FALSE(test, pci_kdump_scope_verdict(st, PCI_KDUMP_ALL_SEGMENTS,
							 why, sizeof(why)));
	KUNIT_EXPECT_STREQ(test, why, "pci-kdump did not run");
}

static void test_verdict_legacy_cfg(struct kunit *test)
{
	struct kdump_test_ctx *t = test->priv;
	char why[128];

	add_master(test, PCI_DEVFN(2, 0));
	run_all(test, false);
	KUNIT_EXPECT_TRUE(test, seg_clean(test, 0));
	pci_kdump_seg_legacy_cfg(&t->fab, 0);
	KUNIT_EXPECT_FALSE(test, verdict(test, 0, why, sizeof(why)));
	KUNIT_EXPECT_STREQ(test, why,
			   "segment 0000: type 1 config access only: SR-IOV VF Enable not visible");
}

static void test_verdict_empty_bus_range(struct kunit *test)
{
	struct kdump_test_ctx *t = test->priv;
	char why[128];

	add_master(test, PCI_DEVFN(2, 0));
	run_all(test, false);
	/* A config window whose bus range is empty: nothing of it was seen */
	pci_kdump_scan_segment(&t->fab, 1, 1, 0);
	KUNIT_EXPECT_FALSE(test, verdict(test, 1, why, sizeof(why)));
	KUNIT_EXPECT_STREQ(test, why, "segment 0001: no config window");
}

/* A segment with no room in the table changes nothing but segs_lost */
static void test_verdict_segments_lost(struct kunit *test)
{
	struct kdump_test_ctx *t = test->priv;
	struct pci_kdump_fabric *before = kunit_kzalloc(test, sizeof(*before),
							GFP_KERNEL);
	int late = add_master(test, PCI_DEVFN(2, 0));
	char why[128];
	unsigned int seg;

	KUNIT_ASSERT_NOT_NULL(test, before);
	/* Answers RRS at scan, then settles: the RRS table is not empty */
	t->sim->fns[late].rrs = true;
	t->sim->fns[late].busy_until = 300;
	run_all(test, false);
	for (seg = 1; seg < PCI_KDUMP_MAX_SEGS; seg++)
		pci_kdump_scan_segment(&t->fab, seg, 0, 0);
	KUNIT_EXPECT_EQ(test, t->fab.nr_segs, (unsigned int)PCI_KDUMP_MAX_SEGS);
	KUNIT_EXPECT_FALSE(test, t->fab.segs_lost);
	memcpy(before, &t->fab, sizeof(*before));
	pci_kdump_scan_segment(&t->fab, PCI_KDUMP_MAX_SEGS, 0, 0);
	KUNIT_EXPECT_TRUE(test, t->fab.segs_lost);
	before->segs_lost = true;
	KUNIT_EXPECT_MEMEQ(test, &t->fab, before, sizeof(*before));
	KUNIT_EXPECT_FALSE(test, verdict(test, 0, why, sizeof(why)));
	KUNIT_EXPECT_STREQ(test, why,
			   "segment 0000: more segments than pci-kdump keeps track of");
}

/*
 * Whatever Command held when config space was saved, the restore leaves
 * Bus Master, memory and I/O decode off and INTx disabled.
 */
static void test_restore_command_safe(struct kunit *test)
{
	struct kdump_test_ctx *t = test->priv;
	int nic = add_master(test, PCI_DEVFN(2, 0));

	decide(test);
	phase1(test);
	/* As if the quiesce write had been lost */
	sim_set_cmd(t->sim, nic, PCI_COMMAND_MASTER | PCI_COMMAND_MEMORY |
		    PCI_COMMAND_IO);
	phase2(test, false);
	KUNIT_EXPECT_EQ(test, fn_at(test, 0, PCI_DEVFN(2, 0))->result, PCI_KDUMP_R_RESET);
	KUNIT_EXPECT_EQ(test, sim_cfg(t->sim, nic, PCI_COMMAND, 2),
			(u32)PCI_COMMAND_INTX_DISABLE);
}

static void test_params_ranges(struct kunit *test)
{
	struct pci_kdump_policy pol = { };
	char list[16 * 10 + 16];
	unsigned int i;
	int n = 0;

	warnings = 0;
	KUNIT_EXPECT_EQ(test, pci_kdump_parse_list("100:00.0,00:20.0", &pol,
						   false, count_warning), 2U);
	KUNIT_EXPECT_EQ(test, pol.nr_skip, 0U);
	KUNIT_EXPECT_EQ(test, pci_kdump_parse_list("01:00.0:p,01:00.0:fl", &pol,
						   true, count_warning), 2U);
	KUNIT_EXPECT_EQ(test, pol.nr_overrides, 0U);
	/* One rule more than the table holds */
	for (i = 0; i <= PCI_KDUMP_MAX_RULES; i++)
		n += scnprintf(list + n, sizeof(list) - n, "%s0:%x.0",
			       i ? "," : "", i);
	KUNIT_EXPECT_EQ(test, pci_kdump_parse_list(list, &pol, false,
						   count_warning), 1U);
	KUNIT_EXPECT_EQ(test, pol.nr_skip, (unsigned int)PCI_KDUMP_MAX_RULES);
	KUNIT_EXPECT_EQ(test, warnings, 5U);
}

static struct kunit_case pci_kdump_verdict_cases[] = {
	KUNIT_CASE(test_verdict_unscanned_segment),
	KUNIT_CASE(test_verdict_dropped_functions),
	KUNIT_CASE(test_verdict_bad_bridges),
	KUNIT_CASE(test_verdict_bus_claimed_twice),
	KUNIT_CASE(test_verdict_bridge_to_unscanned_buses),
	KUNIT_CASE(test_verdict_rrs_at_scan),
	KUNIT_CASE(test_dirty_rids_per_function),
	KUNIT_CASE(test_dirty_rids_behind_pci_bridge),
	KUNIT_CASE(test_dirty_rids_slot_aliases),
	KUNIT_CASE(test_dirty_rids_unseen_segment),
	KUNIT_CASE(test_ghost_device_found_once),
	KUNIT_CASE(test_vfs_make_a_master),
	KUNIT_CASE(test_vf_routing_ids),
	KUNIT_CASE(test_vf_bogus_numbers),
	KUNIT_CASE(test_vfs_quiesced_then_gone_with_pf),
	KUNIT_CASE(test_vfs_disabled_when_pf_has_no_reset),
	KUNIT_CASE(test_vf_enable_left_by_reset),
	KUNIT_CASE(test_flr_waits_for_pending),
	KUNIT_CASE(test_sbr_below_hotplug_slot),
	KUNIT_CASE(test_bridge_class_pf_with_vfs),
	KUNIT_CASE(test_vf_enable_stuck),
	KUNIT_CASE(test_vf_skip_skips_the_device),
	KUNIT_CASE(test_sbr_capacity),
	/* 2304 simulated functions: about 2 s in a TCG guest */
	KUNIT_CASE_SLOW(test_scale),
	KUNIT_CASE(test_skipped_bridge_not_reset),
	KUNIT_CASE(test_prepares_overlap),
	KUNIT_CASE(test_rtr_bounded),
	KUNIT_CASE(test_frozen_clock),
	KUNIT_CASE(test_unconfirmed_bme_is_dirty),
	KUNIT_CASE(test_verdict_failed_run),
	KUNIT_CASE(test_verdict_legacy_cfg),
	KUNIT_CASE(test_verdict_empty_bus_range),
	KUNIT_CASE(test_verdict_segments_lost),
	{}
};

static struct kunit_suite pci_kdump_verdict_suite = {
	.name = "pci_kdump_verdict",
	.init = kdump_test_init,
	.test_cases = pci_kdump_verdict_cases,
};

/* Below a port with ARI Forwarding, any of the 256 functions may exist */
static void test_ari_functions_scanned(struct kunit *test)
{
	struct kdump_test_ctx *t = test->priv;
	int rp = sim_add_bridge(t->sim, -1, 0, PCI_DEVFN(1, 0), RP, 1, 1);
	int vf = sim_add(t->sim, rp, 1, PCI_DEVFN(1, 4), 0x8086, 0x10ca,
			 0x020000, EP, SIM_FLR);

	sim_put(t->sim, rp, SIM_CAP_EXP + PCI_EXP_DEVCTL2, 2, PCI_EXP_DEVCTL2_ARI);
	sim_add(t->sim, rp, 1, 0, 0x8086, 0x10c9, 0x020000, EP, SIM_FLR);
	sim_set_cmd(t->sim, vf, BME);
	run_all(test, false);
	/* Function 12 with no function 8 before it */
	KUNIT_EXPECT_EQ(test, fn_at(test, 1, PCI_DEVFN(1, 4))->result, PCI_KDUMP_R_RESET);
	KUNIT_EXPECT_EQ(test, t->fab.nr, 3U);
}

/* Function 0 still in a reset at scan time: its siblings are looked at */
static void test_rrs_function0_siblings(struct kunit *test)
{
	struct kdump_test_ctx *t = test->priv;
	int f0 = sim_add(t->sim, -1, 0, PCI_DEVFN(2, 0), 0x1af4, 0x1041,
			 0x020000, RCIEP, SIM_FLR | SIM_MFD);
	int f1 = sim_add(t->sim, -1, 0, PCI_DEVFN(2, 1), 0x1af4, 0x1041,
			 0x020000, RCIEP, SIM_FLR);

	t->sim->fns[f0].rrs = true;
	t->sim->fns[f0].busy_until = 300;
	sim_set_cmd(t->sim, f1, BME);
	run_all(test, false);
	KUNIT_EXPECT_EQ(test, t->fab.nr, 2U);
	KUNIT_EXPECT_EQ(test, fn_at(test, 0, PCI_DEVFN(2, 1))->result, PCI_KDUMP_R_RESET);
	KUNIT_EXPECT_TRUE(test, seg_clean(test, 0));
}

/* A bridge whose buses its parent does not forward: what is below is unseen */
static void test_bridge_outside_parent_range(struct kunit *test)
{
	struct kdump_test_ctx *t = test->priv;
	int rp = sim_add_bridge(t->sim, -1, 0, PCI_DEVFN(1, 0), RP, 1, 1);
	char why[128];

	sim_add_bridge(t->sim, rp, 1, 0, CONV, 2, 2);
	run_all(test, false);
	KUNIT_EXPECT_FALSE(test, verdict(test, 0, why, sizeof(why)));
	KUNIT_EXPECT_STREQ(test, why,
			   "segment 0000: 1 bridges with bogus bus numbers");
}

/* A function that answers after its "reset" with its config space kept */
static void test_ignored_flr_is_not_reset(struct kunit *test)
{
	struct kdump_test_ctx *t = test->priv;
	int nic = add_master(test, PCI_DEVFN(2, 0));

	t->sim->fns[nic].ignores_flr = true;
	run_all(test, false);
	KUNIT_EXPECT_EQ(test, fn_at(test, 0, PCI_DEVFN(2, 0))->result,
			PCI_KDUMP_R_NOT_READY);
	KUNIT_EXPECT_STREQ(test, fn_at(test, 0, PCI_DEVFN(2, 0))->reason,
			   "answers, but its Command register was not reset");
	KUNIT_EXPECT_FALSE(test, seg_clean(test, 0));
}

/* Immediate Readiness does not waive the 10 ms after D3hot->D0 */
static void test_pm_reset_ignores_imm_ready(struct kunit *test)
{
	struct kdump_test_ctx *t = test->priv;
	int pm = sim_add(t->sim, -1, 0, PCI_DEVFN(3, 0), 0x8086, 0x10d3,
			 0x020000, RCIEP, SIM_PM | SIM_IMM_READY);

	sim_set_cmd(t->sim, pm, BME);
	t->sim->fns[pm].quiet_ms = PCI_KDUMP_D3HOT_DELAY_MS;
	run_all(test, false);
	KUNIT_EXPECT_EQ(test, fn_at(test, 0, PCI_DEVFN(3, 0))->result, PCI_KDUMP_R_RESET);
	KUNIT_EXPECT_EQ(test, t->sim->fns[pm].early_reads, 0U);
}

/*
 * A DMA engine on a switch's internal bus (PLX switches have them) with no
 * FLR: the upstream port's SBR resets it, and it, like the downstream
 * ports next to it, gets its 100 ms after the reset.
 */
static void test_sbr_at_upstream_port(struct kunit *test)
{
	struct kdump_test_ctx *t = test->priv;
	int rp = sim_add_bridge(t->sim, -1, 0, PCI_DEVFN(1, 0), RP, 1, 3);
	int up = sim_add_bridge(t->sim, rp, 1, 0, UP, 2, 3);
	int dn = sim_add_bridge(t->sim, up, 2, PCI_DEVFN(0, 0), DOWN, 3, 3);
	int dma = sim_add(t->sim, up, 2, PCI_DEVFN(1, 0), 0x10b5, 0x87d0,
			  0x088000, EP, 0);

	sim_set_cmd(t->sim, dma, BME);
	run_all(test, false);
	KUNIT_EXPECT_PTR_EQ(test, t->plan.sbr[0], fn_at(test, 1, 0));
	KUNIT_EXPECT_EQ(test, fn_at(test, 2, PCI_DEVFN(1, 0))->result, PCI_KDUMP_R_RESET);
	KUNIT_EXPECT_EQ(test, t->sim->fns[dma].early_reads, 0U);
	KUNIT_EXPECT_EQ(test, t->sim->fns[dn].early_reads, 0U);
}

#define DVSEC_CAP	0x100

/* A CXL DVSEC at 0x100 whose control register holds @ctrl */
static void add_cxl_dvsec(struct kunit *test, int i, u16 dvsec_id, u16 ctrl)
{
	struct kdump_test_ctx *t = test->priv;

	sim_put(t->sim, i, DVSEC_CAP, 4, PCI_EXT_CAP_ID_DVSEC | 1 << 16);
	sim_put(t->sim, i, DVSEC_CAP + PCI_DVSEC_HEADER1, 4,
		PCI_KDUMP_VENDOR_ID_CXL | 1 << 16 | 0x3c << 20);
	sim_put(t->sim, i, DVSEC_CAP + PCI_DVSEC_HEADER2, 2, dvsec_id);
	sim_put(t->sim, i, DVSEC_CAP + PCI_KDUMP_CXL_CTRL, 2, ctrl);
}

/*
 * A CXL memory expander's capacity may be the crashed kernel's RAM: no
 * bus reset above it, no PM reset; FLR leaves CXL.mem alone.  Without FLR
 * it is only quiesced, and reported dirty.
 */
static void test_cxl_memory_kept(struct kunit *test)
{
	struct kdump_test_ctx *t = test->priv;
	int rp = sim_add_bridge(t->sim, -1, 0, PCI_DEVFN(1, 0), RP, 1, 1);
	int mem = sim_add(t->sim, rp, 1, PCI_DEVFN(0, 0), 0x8086, 0x0d93,
			  0x050210, EP, SIM_PM | SIM_MFD);
	int nic = sim_add(t->sim, rp, 1, PCI_DEVFN(0, 1), 0x8086, 0x100e,
			  0x020000, EP, 0);
	int flr = sim_add(t->sim, -1, 0, PCI_DEVFN(3, 0), 0x8086, 0x0d93,
			  0x050210, RCIEP, SIM_FLR | SIM_PM);
	struct pci_kdump_state *st = kunit_kzalloc(test, sizeof(*st), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, st);
	add_cxl_dvsec(test, mem, PCI_KDUMP_CXL_DVSEC_DEVICE,
		      PCI_KDUMP_CXL_CTRL_MEM_ENABLE);
	add_cxl_dvsec(test, flr, PCI_KDUMP_CXL_DVSEC_DEVICE,
		      PCI_KDUMP_CXL_CTRL_MEM_ENABLE);
	sim_set_cmd(t->sim, mem, BME);
	sim_set_cmd(t->sim, nic, BME);
	sim_set_cmd(t->sim, flr, BME);
	run_all(test, false);
	KUNIT_EXPECT_EQ(test, fn_at(test, 1, 0)->method, PCI_KDUMP_M_NONE);
	KUNIT_EXPECT_EQ(test, t->sim->fns[mem].resets, 0U);
	/* Its neighbour may not have the bus reset it needs either */
	KUNIT_EXPECT_EQ(test, fn_at(test, 1, PCI_DEVFN(0, 1))->method, PCI_KDUMP_M_NONE);
	KUNIT_EXPECT_EQ(test, t->sim->fns[nic].resets, 0U);
	KUNIT_EXPECT_EQ(test, pci_kdump_outcome_of(st, fn_at(test, 1, 0)),
			PCI_KDUMP_DIRTY);
	KUNIT_EXPECT_EQ(test, fn_at(test, 0, PCI_DEVFN(3, 0))->method, PCI_KDUMP_M_FLR);
	KUNIT_EXPECT_EQ(test, fn_at(test, 0, PCI_DEVFN(3, 0))->result, PCI_KDUMP_R_RESET);
	KUNIT_EXPECT_FALSE(test, seg_clean(test, 0));
}

/* A CXL port with "Unmask SBR" clear ignores the SBR: no bus reset there */
static void test_cxl_port_masks_sbr(struct kunit *test)
{
	struct kdump_test_ctx *t = test->priv;
	int rp = sim_add_bridge(t->sim, -1, 0, PCI_DEVFN(1, 0), RP, 1, 1);
	int nic = sim_add(t->sim, rp, 1, 0, 0x8086, 0x100e, 0x020000, EP, 0);

	add_cxl_dvsec(test, rp, PCI_KDUMP_CXL_DVSEC_PORT, 0);
	sim_set_cmd(t->sim, nic, BME);
	run_all(test, false);
	KUNIT_EXPECT_EQ(test, fn_at(test, 1, 0)->method, PCI_KDUMP_M_NONE);
	KUNIT_EXPECT_STREQ(test, fn_at(test, 1, 0)->reason,
			   "no FLR; no PM; below 00:01.0, 00:01.0 masks bus reset (CXL), so no bus reset");
	KUNIT_EXPECT_EQ(test, t->plan.nr_sbr, 0U);
	/* Unmasked, the same port resets its bus */
	add_cxl_dvsec(test, rp, PCI_KDUMP_CXL_DVSEC_PORT,
		      PCI_KDUMP_CXL_PORT_UNMASK_SBR);
	sim_set_cmd(t->sim, nic, BME);
	run_all(test, false);
	KUNIT_EXPECT_EQ(test, fn_at(test, 1, 0)->method, PCI_KDUMP_M_BUS);
	KUNIT_EXPECT_EQ(test, t->sim->fns[nic].resets, 1U);
}

/* What each phase does to config space, and when */
static struct kunit_case pci_kdump_phases_cases[] = {
	KUNIT_CASE(test_quiesce_clears_each_bit),
	KUNIT_CASE(test_pm_reset_timing),
	KUNIT_CASE(test_sbr_assert_time),
	KUNIT_CASE(test_sbr_conventional_wait),
	KUNIT_CASE(test_sbr_fast_link_wait),
	KUNIT_CASE(test_sbr_rtr_needs_every_child),
	KUNIT_CASE(test_quirk_post_reset_delay),
	KUNIT_CASE(test_restore_pcie_control),
	KUNIT_CASE(test_restore_command_safe),
	KUNIT_CASE(test_sbr_spares_skipped),
	KUNIT_CASE(test_sbr_spares_method_none),
	KUNIT_CASE(test_sbr_spares_console_vga),
	KUNIT_CASE(test_sbr_blocker_behind_switch),
	KUNIT_CASE(test_params_ranges),
	KUNIT_CASE(test_ari_functions_scanned),
	KUNIT_CASE(test_rrs_function0_siblings),
	KUNIT_CASE(test_bridge_outside_parent_range),
	KUNIT_CASE(test_ignored_flr_is_not_reset),
	KUNIT_CASE(test_pm_reset_ignores_imm_ready),
	KUNIT_CASE(test_sbr_at_upstream_port),
	KUNIT_CASE(test_cxl_memory_kept),
	KUNIT_CASE(test_cxl_port_masks_sbr),
	{}
};

static struct kunit_suite pci_kdump_phases_suite = {
	.name = "pci_kdump_phases",
	.init = kdump_test_init,
	.test_cases = pci_kdump_phases_cases,
};

kunit_test_suites(&pci_kdump_decide_suite, &pci_kdump_reset_suite,
		  &pci_kdump_verdict_suite, &pci_kdump_phases_suite);

MODULE_DESCRIPTION("KUnit tests for pci-kdump");
MODULE_LICENSE("GPL");
