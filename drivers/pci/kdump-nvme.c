// SPDX-License-Identifier: GPL-2.0
/*
 * pci-kdump NVMe quiesce: clear CC.EN and wait for CSTS.RDY to drop before
 * the FLR, so the controller tears its queues down itself instead of having
 * them cut mid-transfer (the same reasoning as nvme_disable_and_flr() in
 * drivers/pci/quirks.c).  Runs with Bus Master Enable already off.  Every
 * controller is disabled first and then all are waited for, so N of them
 * cost one CAP.TO at most (kdump-exec.c bounds it by pci_kdump.timeout_ms).
 */
#define pr_fmt(fmt) "pci_kdump: " fmt

#include <linux/errno.h>
#include <linux/io.h>
#include <linux/io-64-nonatomic-lo-hi.h>
#include <linux/nvme.h>
#include <linux/printk.h>
#include "kdump.h"
#include "kdump-cfg.h"
#include "kdump-nvme.h"

/* Controllers being disabled at once; more are reset without it */
#define PCI_KDUMP_MAX_NVME	32

struct nvme_disable {
	struct pci_kdump_fn *fn;
	void __iomem *bar;
	u16 cmd;		/* Command register to put back */
	u64 deadline;		/* CAP.TO after CC.EN was cleared */
};

static struct nvme_disable disabling[PCI_KDUMP_MAX_NVME];

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

static struct nvme_disable *find_slot(struct pci_kdump_fn *fn)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(disabling); i++)
		if (disabling[i].fn == fn)
			return &disabling[i];
	return NULL;
}

/**
 * pci_kdump_nvme_disable - start disabling an NVMe controller
 * @fab: the fabric
 * @fn: an NVMe function, quiesced
 *
 * BAR 0 is mapped at its CPU address (the host bridge may translate bus
 * addresses), and memory decode is turned on for the register accesses
 * until pci_kdump_nvme_disabled() puts the Command register back.
 *
 * Return: 0 once CC.EN is cleared (or was already), -ENODEV when BAR 0 is
 * not assigned, has no known CPU address or cannot be mapped, -ENOSPC
 * when too many controllers are being disabled.
 */
int pci_kdump_nvme_disable(struct pci_kdump_fabric *fab,
			   struct pci_kdump_fn *fn)
{
	struct nvme_disable *d = find_slot(NULL);
	u64 addr = bar0_address(fab, fn);
	phys_addr_t cpu;
	u32 cc;

	if (!d)
		return -ENOSPC;
	if (!addr || pci_kdump_cfg_bus_to_cpu(fn->seg, fn->bus, addr, &cpu))
		return -ENODEV;
	d->bar = ioremap(cpu, NVME_REG_CSTS + sizeof(u32));
	if (!d->bar)
		return -ENODEV;
	d->fn = fn;
	d->cmd = pci_kdump_rd(fab, fn, PCI_COMMAND, 2);
	pci_kdump_wr(fab, fn, PCI_COMMAND, 2, d->cmd | PCI_COMMAND_MEMORY);

	d->deadline = fab->ops->now_ms(fab->ctx);
	cc = readl(d->bar + NVME_REG_CC);
	if (cc != ~0U && (cc & NVME_CC_ENABLE)) {
		/* CAP.TO is in units of 500 ms */
		d->deadline += (NVME_CAP_TIMEOUT(lo_hi_readq(d->bar + NVME_REG_CAP)) + 1) * 500;
		writel(cc & ~(NVME_CC_SHN_MASK | NVME_CC_ENABLE),
		       d->bar + NVME_REG_CC);
	}
	return 0;
}

/**
 * pci_kdump_nvme_disabled - has a controller dropped CSTS.RDY?
 * @fab: the fabric
 * @fn: a function pci_kdump_nvme_disable() started
 * @give_up: end the attempt now
 *
 * Return: 0 when it is disabled, -EAGAIN while it is not and there is
 * time left, -ETIMEDOUT when CAP.TO has passed or @give_up ended it.
 */
int pci_kdump_nvme_disabled(struct pci_kdump_fabric *fab,
			    struct pci_kdump_fn *fn, bool give_up)
{
	struct nvme_disable *d = find_slot(fn);
	int ret = 0;

	if (!d)
		return -ENODEV;
	if (readl(d->bar + NVME_REG_CSTS) & NVME_CSTS_RDY) {
		ret = -ETIMEDOUT;
		if (!give_up && fab->ops->now_ms(fab->ctx) <= d->deadline)
			return -EAGAIN;
	}
	pci_kdump_wr(fab, fn, PCI_COMMAND, 2, d->cmd);
	iounmap(d->bar);
	d->fn = NULL;
	return ret;
}
