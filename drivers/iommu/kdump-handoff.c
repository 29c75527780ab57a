// SPDX-License-Identifier: GPL-2.0
/*
 * IOMMU handoff in a kdump kernel.
 *
 * Mainline keeps the crashed kernel's translation tables live (VT-d,
 * AMD-Vi) or aborts all DMA (SMMUv3), because devices may still be doing
 * DMA with addresses only those tables translate.  Once pci-kdump has reset
 * every DMA master behind an IOMMU, nothing uses those tables any more, and
 * the IOMMU can start from empty ones.
 */
#define pr_fmt(fmt) "iommu_kdump: " fmt

#include <linux/crash_dump.h>
#include <linux/pci-kdump.h>
#include <linux/printk.h>

/**
 * iommu_kdump_handoff - may this IOMMU drop the crashed kernel's state?
 * @seg: the PCI segment the IOMMU translates for, or PCI_KDUMP_ALL_SEGMENTS
 *	when its scope is not one segment
 * @iommu: the IOMMU's name, for the log
 * @state: what the driver would reuse, for the log (an IOMMU may ask once
 *	for its translation tables and once for its interrupt-remapping
 *	table)
 *
 * IOMMU drivers call this in a kdump kernel before they copy, disable or
 * abort translation or interrupt-remapping state.  It runs pci-kdump first
 * if start_kernel() could not, so the reset is ordered before IOMMU
 * bring-up on every architecture.
 *
 * Return: true when every DMA master of @seg was reset, so the driver
 * should start from clean tables; false to keep mainline's behaviour.  The
 * log says which devices forced the fallback.
 */
bool iommu_kdump_handoff(int seg, const char *iommu, const char *state)
{
	int ret;

	if (!is_kdump_kernel())
		return false;
	ret = pci_kdump_quiesce();
	if (ret) {
		pr_info("%s %s: pci-kdump did not run (%d); handled as mainline does in kdump\n",
			iommu, state, ret);
		return false;
	}
	if (!pci_kdump_scope_clean(seg)) {
		pr_warn("%s %s: DMA masters in its scope were not reset; handled as mainline does in kdump\n",
			iommu, state);
		pci_kdump_log_outcome(seg, PCI_KDUMP_DIRTY);
		return false;
	}
	pr_info("%s %s: every DMA master in its scope is reset or stopped; starting from clean tables\n",
		iommu, state);
	pci_kdump_log_outcome(seg, PCI_KDUMP_STOPPED);
	return true;
}
