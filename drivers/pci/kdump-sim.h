/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A simulated PCI fabric for pci-kdump's KUnit tests: config space that
 * behaves like hardware under FLR, PM reset and secondary bus reset,
 * including routing through bridges' bus numbers and Request Retry Status,
 * on a simulated clock.
 */
#ifndef DRIVERS_PCI_KDUMP_SIM_H
#define DRIVERS_PCI_KDUMP_SIM_H

#include "kdump.h"

/* Room in a case's own fabric; sim_init() takes a larger one */
#define SIM_MAX_FNS	32
/* Segments a simulated fabric may span */
#define SIM_MAX_SEGS	2

/* Where a simulated function's capabilities sit */
#define SIM_CAP_PM	0x40
#define SIM_CAP_MSI	0x48
#define SIM_CAP_AF	0x58
#define SIM_CAP_EXP	0x60
#define SIM_CAP_MSIX	0x70	/* not built by sim_add(); free for tests */
#define SIM_CAP_SRIOV	0x100	/* built by sim_add_sriov() */

/* Capabilities a simulated function offers */
#define SIM_FLR		BIT(0)	/* PCIe DevCap FLR */
#define SIM_AF_FLR	BIT(1)	/* conventional Advanced Features FLR */
#define SIM_PM		BIT(2)	/* PM with NoSoftRst- */
#define SIM_PM_NOSOFT	BIT(3)	/* PM with NoSoftRst+ */
#define SIM_MSI		BIT(4)
#define SIM_IMM_READY	BIT(5)
#define SIM_MFD		BIT(6)	/* multi-function device */

struct sim_fn {
	u16 seg;		/* its parent's; sim_set_seg() for a root bus */
	u16 bus;		/* bus number firmware gave the function */
	u8 devfn;
	int parent;		/* index of the bridge above, -1 on a root bus */
	u8 cfg[PCI_CFG_SPACE_EXP_SIZE];
	u8 power_on[PCI_CFG_SPACE_EXP_SIZE];
	u64 busy_until;		/* not ready before this time */
	u32 reset_ms;		/* how long a reset keeps it busy */
	bool rrs;		/* answers 0x0001 while busy */
	bool dead;		/* never answers after a reset */
	bool in_reset;		/* secondary bus reset asserted above */
	unsigned int resets;
	u64 first_ready_read;	/* time of first config read once reset */
	u64 last_reset;
	u64 released;		/* its reset ended: FLR, D0 or SBR deassert */
	u32 quiet_ms;		/* no config access this long after release */
	unsigned int early_reads;	/* accesses inside that window */
	bool ghost;		/* ignores its device number: answers at all 32 */
	bool ignores_flr;	/* advertises FLR, does nothing on it */
	u32 prepare_ms;		/* what a device-specific prepare takes */
	u64 prepare_started;
	bool is_vf;		/* answers only while its PF enables it */
	int pf;			/* VFs: index of their PF */
	u16 vf_index;		/* VFs: 0 for the first */
	bool vfe_stuck;		/* PFs: VF Enable survives resets and writes */
	bool reset_keeps_vfe;	/* PFs: a reset drops the VFs, not the bit (QEMU) */
	u64 pending_until;	/* Transactions Pending reads set until then */
	unsigned int slot_irqs;	/* hot-plug events raised with their enables on */
	int next_on_bus;	/* the index's chain of functions on one bus */
};

struct sim_fabric {
	struct sim_fn *fns;
	unsigned int cap;	/* room in @fns */
	unsigned int nr;
	/*
	 * First function firmware put on each bus, chained by next_on_bus, so
	 * a config access looks at one bus, not at thousands of functions;
	 * rebuilt when @indexed falls behind @nr
	 */
	int bus_head[SIM_MAX_SEGS][256];
	unsigned int indexed;
	u64 now;
	u64 slept;
	unsigned int config_writes;
	bool frozen;		/* the clock does not advance (not calibrated) */
};

extern const struct pci_kdump_ops sim_ops;

void sim_init(struct sim_fabric *sim, struct sim_fn *fns, unsigned int cap);
int sim_add(struct sim_fabric *sim, int parent, u8 bus, u8 devfn, u16 vendor,
	    u16 device, u32 class, u16 pcie_type, unsigned int caps);
void sim_set_seg(struct sim_fabric *sim, int i, u16 seg);
void sim_moved(struct sim_fabric *sim);
int sim_add_bridge(struct sim_fabric *sim, int parent, u8 bus, u8 devfn,
		   u16 pcie_type, u8 secondary, u8 subordinate);
int sim_add_sriov(struct sim_fabric *sim, int pf, u16 total, u16 offset,
		  u16 stride, u16 vf_device);
void sim_enable_vfs(struct sim_fabric *sim, int pf, u16 num);
int sim_vf(const struct sim_fabric *sim, int pf, u16 vf_index);
void sim_set_cmd(struct sim_fabric *sim, int i, u16 cmd);
u32 sim_cfg(const struct sim_fabric *sim, int i, int where, int size);
void sim_put(struct sim_fabric *sim, int i, int where, int size, u32 val);
void sim_fabric_init(struct sim_fabric *sim, struct pci_kdump_fabric *fab,
		     struct pci_kdump_fn *fns, unsigned int max);

#endif /* DRIVERS_PCI_KDUMP_SIM_H */
