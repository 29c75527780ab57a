// SPDX-License-Identifier: GPL-2.0
/*
 * pci-kdump NVMe quiesce: clear CC.EN and wait for CSTS.RDY to drop before
 * the FLR, so the controller tears its queues down itself instead of having
 * them cut mid-transfer (the same reasoning as nvme_disable_and_flr() in
 * drivers/pci/quirks.c).  Runs with Bus Master Enable already off.
 */
#define pr_fmt(fmt) "pci_kdump: " fmt

#include <linux/io.h>
#include <linux/io-64-nonatomic-lo-hi.h>
#include <linux/nvme.h>
#include <linux/printk.h>
#include "kdump.h"
#include "kdump-nvme.h"

static u64 bar0_address(struct pci_kdump_fabric *fab, struct pci_kdump_fn *fn)
{
	u32 lo = pci_kdump_rd(fab, fn, PCI_BASE_ADDRESS_0, 4), hi = 0;

	if (lo == ~0U || lo & PCI_BASE_ADDRESS_SPACE_IO)
		return 0;
	if ((lo & PCI_BASE_ADDRESS_MEM_TYPE_MASK) ==
	    PCI_BASE_ADDRESS_MEM_TYPE_64) {
		hi = pci_kdump_rd(fab, fn, PCI_BASE_ADDRESS_1, 4);
		if (hi == ~0U)
			return 0;
	}
	return ((u64)hi << 32) | (lo & PCI_BASE_ADDRESS_MEM_MASK);
}

/**
 * pci_kdump_nvme_disable - disable an NVMe controller before its FLR
 * @fab: the fabric
 * @fn: an NVMe function, quiesced
 *
 * Memory decode is turned on only for the register accesses and off
 * again.  The wait is bounded by CAP.TO, as the NVMe spec allows.
 *
 * Return: 0, or -ENODEV when BAR 0 is not assigned or cannot be mapped.
 */
int pci_kdump_nvme_disable(struct pci_kdump_fabric *fab,
			   struct pci_kdump_fn *fn)
{
	u64 addr = bar0_address(fab, fn);
	u64 deadline;
	void __iomem *bar;
	u32 cmd, cc;
	int ret = 0;

	if (!addr)
		return -ENODEV;
	bar = ioremap(addr, NVME_REG_CSTS + sizeof(u32));
	if (!bar)
		return -ENODEV;
	cmd = pci_kdump_rd(fab, fn, PCI_COMMAND, 2);
	pci_kdump_wr(fab, fn, PCI_COMMAND, 2, cmd | PCI_COMMAND_MEMORY);

	cc = readl(bar + NVME_REG_CC);
	if (cc != ~0U && (cc & NVME_CC_ENABLE)) {
		u64 cap = lo_hi_readq(bar + NVME_REG_CAP);

		writel(cc & ~(NVME_CC_SHN_MASK | NVME_CC_ENABLE),
		       bar + NVME_REG_CC);
		/* CAP.TO is in units of 500 ms */
		deadline = fab->ops->now_ms(fab->ctx) +
			   (NVME_CAP_TIMEOUT(cap) + 1) * 500;
		while (readl(bar + NVME_REG_CSTS) & NVME_CSTS_RDY) {
			if (fab->ops->now_ms(fab->ctx) > deadline) {
				ret = -ETIMEDOUT;
				break;
			}
			fab->ops->sleep_ms(fab->ctx, 1);
		}
	}

	pci_kdump_wr(fab, fn, PCI_COMMAND, 2, cmd);
	iounmap(bar);
	return ret;
}
