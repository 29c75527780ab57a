// SPDX-License-Identifier: GPL-2.0
/*
 * pci-kdump fault injection (CONFIG_PCI_KDUMP_FAULT_INJECT), for tests:
 *
 * pci_kdump.inject_hide=BB-BB	buses of segment 0 the scan does not read,
 *				as if that part of config space were not
 *				reachable; the verdict must notice.
 * pci_kdump.inject_lie=SSSS:BB:DD.F
 *				a function left running, bus mastering and
 *				all, and reported reset; the IOMMU then
 *				starts clean while it still does DMA, which
 *				must fault rather than reach memory.
 * pci_kdump.inject_late=1	not run from start_kernel(), only from the
 *				first IOMMU driver or the early initcall,
 *				so that make bench can measure what the
 *				earliest point gains.
 */
#define pr_fmt(fmt) "pci_kdump: " fmt

#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/moduleparam.h>
#include <linux/pci.h>
#include <linux/printk.h>
#include "kdump-inject.h"

#undef MODULE_PARAM_PREFIX
#define MODULE_PARAM_PREFIX "pci_kdump."

static char *inject_hide;
module_param(inject_hide, charp, 0444);
MODULE_PARM_DESC(inject_hide, "test only: BB-BB, buses of segment 0 not scanned");

static char *inject_lie;
module_param(inject_lie, charp, 0444);
MODULE_PARM_DESC(inject_lie, "test only: SSSS:BB:DD.F left running and reported reset");

static bool inject_late;
module_param(inject_late, bool, 0444);
MODULE_PARM_DESC(inject_late, "test only: skip the start_kernel() run");

static struct pci_kdump_fn *liar;
static enum pci_kdump_method liar_method;

/**
 * pci_kdump_inject_late - should the start_kernel() run be skipped?
 */
bool __init pci_kdump_inject_late(void)
{
	return inject_late;
}

static bool __init hidden_range(unsigned int *lo, unsigned int *hi)
{
	if (!inject_hide)
		return false;
	if (sscanf(inject_hide, "%x-%x", lo, hi) == 2 && *lo <= *hi && *hi < 256)
		return true;
	pr_warn("ignoring pci_kdump.inject_hide=%s: not BB-BB\n", inject_hide);
	return false;
}

/**
 * pci_kdump_inject_scan - scan a window, minus the hidden buses
 * @fab: the fabric
 * @seg: PCI segment
 * @bus_start: first bus of the window
 * @bus_end: last bus of the window
 */
void __init pci_kdump_inject_scan(struct pci_kdump_fabric *fab, u16 seg,
				  u8 bus_start, u8 bus_end)
{
	unsigned int lo, hi;

	if (seg || !hidden_range(&lo, &hi) || hi < bus_start || lo > bus_end) {
		pci_kdump_scan_segment(fab, seg, bus_start, bus_end);
		return;
	}
	pr_warn("fault injection: not scanning buses %02x-%02x\n", lo, hi);
	if (lo > bus_start)
		pci_kdump_scan_segment(fab, seg, bus_start, lo - 1);
	if (hi < bus_end)
		pci_kdump_scan_segment(fab, seg, hi + 1, bus_end);
}

/**
 * pci_kdump_inject_before - take the lying function out of both phases
 * @fab: a decided fabric
 */
void __init pci_kdump_inject_before(struct pci_kdump_fabric *fab)
{
	unsigned int seg, bus, dev, fn, i;

	if (!inject_lie)
		return;
	if (sscanf(inject_lie, "%x:%x:%x.%x", &seg, &bus, &dev, &fn) != 4 ||
	    dev > 31 || fn > 7) {
		pr_warn("ignoring pci_kdump.inject_lie=%s: not SSSS:BB:DD.F\n",
			inject_lie);
		return;
	}
	for (i = 0; i < fab->nr; i++) {
		struct pci_kdump_fn *f = &fab->fns[i];

		if (f->seg == seg && f->bus == bus &&
		    f->devfn == PCI_DEVFN(dev, fn)) {
			liar = f;
			liar_method = f->method;
			f->method = PCI_KDUMP_M_SKIP;
			pr_warn("fault injection: leaving %s running, reporting it reset\n",
				inject_lie);
			return;
		}
	}
}

/**
 * pci_kdump_inject_after - report the lying function reset
 * @fab: the fabric, after phase 2
 */
void __init pci_kdump_inject_after(struct pci_kdump_fabric *fab)
{
	if (!liar)
		return;
	liar->method = liar_method;
	liar->result = PCI_KDUMP_R_RESET;
	liar->reason[0] = '\0';
}
