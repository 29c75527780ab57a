// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for pci-kdump: the decision table, the planner and the reset
 * schedule, driven on a simulated fabric (kdump-sim.c).  Times are the
 * simulation's clock, not the machine's.
 */
#include <kunit/test.h>
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
};

static int kdump_test_init(struct kunit *test)
{
	struct kdump_test_ctx *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, t);
	t->sim = kunit_kzalloc(test, sizeof(*t->sim), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t->sim);
	sim_fabric_init(t->sim, &t->fab, t->fns, SIM_MAX_FNS);
	t->pol.timeout_ms = 2000;
	test->priv = t;
	return 0;
}

/* Scan, link and decide, as the capture kernel does */
static struct kdump_test_ctx *decide(struct kunit *test)
{
	struct kdump_test_ctx *t = test->priv;

	t->fab.nr = 0;
	pci_kdump_scan_segment(&t->fab, 0, 0, 255);
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

/* Both phases, as kdump-reset.c runs them */
static u32 run_all(struct kunit *test, bool reset_all)
{
	struct kdump_test_ctx *t = decide(test);
	struct pci_kdump_fn *order[SIM_MAX_FNS];
	unsigned int n = pci_kdump_bottom_up(&t->fab, order);

	pci_kdump_quiesce_fabric(&t->fab, order, n);
	pci_kdump_plan(&t->fab, reset_all, &t->plan);
	return pci_kdump_reset_fabric(&t->fab, &t->plan, t->pol.timeout_ms);
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
	int br = sim_add_bridge(t->sim, rp, 1, PCI_DEVFN(1, 0), CONV, 2, 2);
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
	/* No reset method at all, but bus mastering is off */
	KUNIT_EXPECT_EQ(test, pci_kdump_outcome_of(st, fn_at(test, 0, PCI_DEVFN(5, 0))),
			PCI_KDUMP_STOPPED);
	KUNIT_EXPECT_EQ(test, pci_kdump_outcome_of(st, fn_at(test, 0, PCI_DEVFN(3, 0))),
			PCI_KDUMP_IDLE);
	KUNIT_EXPECT_EQ(test, pci_kdump_outcome_of(st, fn_at(test, 0, PCI_DEVFN(4, 0))),
			PCI_KDUMP_DIRTY);
}

static void test_handoff_quiesce_only_is_dirty(struct kunit *test)
{
	struct kdump_test_ctx *t = test->priv;
	struct pci_kdump_state *st = kunit_kzalloc(test, sizeof(*st), GFP_KERNEL);
	struct pci_kdump_fn *order[SIM_MAX_FNS];
	int nic = sim_add(t->sim, -1, 0, PCI_DEVFN(2, 0), 0x1af4, 0x1041,
			  0x020000, RCIEP, SIM_FLR);

	KUNIT_ASSERT_NOT_NULL(test, st);
	sim_set_cmd(t->sim, nic, BME);
	decide(test);
	pci_kdump_quiesce_fabric(&t->fab, order, pci_kdump_bottom_up(&t->fab, order));
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

kunit_test_suites(&pci_kdump_decide_suite, &pci_kdump_reset_suite);

MODULE_DESCRIPTION("KUnit tests for pci-kdump");
MODULE_LICENSE("GPL");
