/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pci-kdump internals shared by the capture kernel, KUnit and the
 * pci-reset-audit tool.
 *
 * Nothing in here may depend on the PCI core: the capture kernel runs this
 * code before the core enumerates, and the audit tool compiles the decision
 * files (quirks-kdump.c, kdump-fabric.c) in userspace through a small shim
 * that provides the kernel's fixed-size types and snprintf().
 */
#ifndef DRIVERS_PCI_KDUMP_H
#define DRIVERS_PCI_KDUMP_H

#include <linux/bits.h>
#include <linux/types.h>
#include <linux/pci_regs.h>

/* Readiness Time Reporting Extended Capability, PCIe r6.0 sec 7.9.15 */
#define PCI_KDUMP_EXT_CAP_ID_RTR	0x22
#define PCI_KDUMP_RTR1			4	/* Reset Time, DL_Up Time */
#define PCI_KDUMP_RTR2			8	/* FLR Time, D3hot->D0 Time */
#define PCI_KDUMP_RTR1_VALID		0x80000000
#define PCI_KDUMP_RTR_SIZEOF		12

/* CXL DVSECs, CXL r3.1 sec 8.1.3 (device) and 8.1.5 (port extensions) */
#define PCI_KDUMP_VENDOR_ID_CXL		0x1e98
#define PCI_KDUMP_CXL_DVSEC_DEVICE	0
#define PCI_KDUMP_CXL_DVSEC_PORT	3
#define PCI_KDUMP_CXL_CTRL		0x0c	/* both: a control register */
#define PCI_KDUMP_CXL_CTRL_MEM_ENABLE	0x0004
#define PCI_KDUMP_CXL_PORT_UNMASK_SBR	0x0001
#define PCI_KDUMP_DVSEC_SIZEOF		0x10

/* Mandatory delays, PCIe r6.0 sec 6.6.1 and 6.6.2, PCI PM 1.2 sec 5.6.1 */
#define PCI_KDUMP_FLR_DELAY_MS		100
#define PCI_KDUMP_D3HOT_DELAY_MS	10
#define PCI_KDUMP_SBR_ASSERT_MS		2
#define PCI_KDUMP_SBR_DELAY_MS		1000
#define PCI_KDUMP_LINK_DELAY_MS		100

/* Room for the first scan; the capture kernel rescans with more if needed */
#define PCI_KDUMP_MAX_FNS		1024
/*
 * The most functions the capture kernel keeps (a fabric with more is
 * reported and its segments are dirty): about 3 MiB of table, where every
 * bus of 16 segments would take 385 MiB of a crashkernel reservation
 */
#define PCI_KDUMP_MAX_TABLE		8192
/* Functions that answered Request Retry Status at scan time, kept to retry */
#define PCI_KDUMP_MAX_RRS		32
/* Segments the verdict keeps facts about; more makes every verdict dirty */
#define PCI_KDUMP_MAX_SEGS		16
/* Readiness poll interval */
#define PCI_KDUMP_POLL_MS		5
/*
 * Bound on the wait for Transactions Pending to clear before an FLR: what
 * Linux's pci_wait_for_pending() allows (100 + 200 + 400 ms)
 */
#define PCI_KDUMP_PENDING_MS		700

/**
 * enum pci_kdump_outcome - what happened to one function
 * @PCI_KDUMP_IDLE: not a bus master at entry; quiesced
 * @PCI_KDUMP_CLEAN: was a bus master, has been reset and restored
 * @PCI_KDUMP_DIRTY: was a bus master and may still do DMA, or resume it
 *	once a driver sets Bus Master Enable: no reset method, skipped, never
 *	ready after reset, or not reset because of pci_kdump.mode or dry_run
 */
enum pci_kdump_outcome {
	PCI_KDUMP_IDLE,
	PCI_KDUMP_CLEAN,
	PCI_KDUMP_DIRTY,
};

struct pci_kdump_fn;
struct pci_kdump_fabric;

/**
 * struct pci_kdump_ops - raw access to a PCI fabric
 * @read: read @size (1, 2 or 4) bytes at @where; a missing function reads
 *	all-ones.  Returns 0 or a negative errno.
 * @write: write @size bytes at @where.  Returns 0 or a negative errno.
 * @sleep_ms: wait, may sleep.  A simulated fabric advances its clock.
 * @now_ms: monotonic time in milliseconds.
 * @prepare: start a device-specific quiesce before a reset, such as
 *	disabling an NVMe controller; may be NULL.  Returns 0 once started,
 *	or a negative errno.
 * @prepare_done: has a started quiesce finished?  Returns 0 when it has,
 *	-EAGAIN while it has not, another negative errno when it failed.
 *	With @give_up it ends the attempt either way, releasing what
 *	@prepare took, and returns -ETIMEDOUT if it had not finished.
 *
 * This is the only way the planning and reset code touches hardware, so the
 * same code runs on ECAM, on type-1 config cycles, on a KUnit simulation and
 * on a libpci dump.
 */
struct pci_kdump_ops {
	int (*read)(void *ctx, u16 seg, u8 bus, u8 devfn, int where, int size,
		    u32 *val);
	int (*write)(void *ctx, u16 seg, u8 bus, u8 devfn, int where, int size,
		     u32 val);
	void (*sleep_ms)(void *ctx, unsigned int ms);
	u64 (*now_ms)(void *ctx);
	int (*prepare)(struct pci_kdump_fabric *fab, struct pci_kdump_fn *fn);
	int (*prepare_done)(struct pci_kdump_fabric *fab, struct pci_kdump_fn *fn,
			    bool give_up);
};

enum pci_kdump_method {
	PCI_KDUMP_M_NONE,
	PCI_KDUMP_M_FLR,
	PCI_KDUMP_M_AF_FLR,
	PCI_KDUMP_M_PM,
	PCI_KDUMP_M_BUS,
	PCI_KDUMP_M_QUIESCE,	/* bridges: stop forwarding, never reset */
	PCI_KDUMP_M_SKIP,	/* pci_kdump.skip: not touched at all */
	PCI_KDUMP_M_PF,		/* SR-IOV VF: stopped with its PF */
	PCI_KDUMP_M_COUNT
};

/* Reset methods in the order Linux lists them in sysfs reset_method */
#define PCI_KDUMP_LINUX_FLR	BIT(0)
#define PCI_KDUMP_LINUX_AF_FLR	BIT(1)
#define PCI_KDUMP_LINUX_PM	BIT(2)
#define PCI_KDUMP_LINUX_BUS	BIT(3)

enum pci_kdump_prepare {
	PCI_KDUMP_PREP_NONE,
	PCI_KDUMP_PREP_NVME_DISABLE,	/* CC.EN=0, wait CSTS.RDY=0 */
};

/* Quirk flags, the same facts as the kernel's PCI_DEV_FLAGS_NO_*_RESET */
#define PCI_KDUMP_Q_NO_FLR	BIT(0)
#define PCI_KDUMP_Q_NO_BUS	BIT(1)
#define PCI_KDUMP_Q_NO_PM	BIT(2)
/* pci-kdump only: D3hot->D0 leaves DMA state; Linux still offers pm */
#define PCI_KDUMP_Q_KDUMP_NO_PM	BIT(3)
/*
 * DMA may carry another requester ID (Linux's pci_add_dma_alias() quirks):
 * that of another function of its slot, or any ID on its bus
 */
#define PCI_KDUMP_Q_ALIAS_SLOT	BIT(4)
#define PCI_KDUMP_Q_ALIAS_BUS	BIT(5)

#define PCI_KDUMP_ANY_ID	0xffff

/**
 * struct pci_kdump_quirk - one device's exceptions to the generic rules
 * @vendor: vendor ID, or PCI_KDUMP_ANY_ID
 * @device: device ID, or PCI_KDUMP_ANY_ID
 * @device_mask: bits of the device ID that must match (0 means 0xffff)
 * @class: class code (base, sub) the function must have, or 0 for any
 * @subvendor: subsystem vendor ID the function must have, or 0 for any
 * @subdevice: subsystem device ID, compared only when @subvendor is set
 * @flags: PCI_KDUMP_Q_* reset methods the device must not get
 * @prepare: quiesce step to run before the reset
 * @post_reset_ms: extra delay after FLR before the device is usable
 * @why: short reason, printed in reports
 */
struct pci_kdump_quirk {
	u16 vendor;
	u16 device;
	u16 device_mask;
	u16 class;
	u16 subvendor;
	u16 subdevice;
	u8 flags;
	u8 prepare;
	u16 post_reset_ms;
	const char *why;
};

/* State a function was found in at entry */
#define PCI_KDUMP_ENTRY_BME	BIT(0)
#define PCI_KDUMP_ENTRY_MSI	BIT(1)
#define PCI_KDUMP_ENTRY_MSIX	BIT(2)
#define PCI_KDUMP_ENTRY_INTX	BIT(3)	/* INTx was not disabled */
#define PCI_KDUMP_ENTRY_MEM	BIT(4)
#define PCI_KDUMP_ENTRY_IO	BIT(5)
#define PCI_KDUMP_ENTRY_VFS	BIT(6)	/* SR-IOV VF Enable was set */

enum pci_kdump_result {
	PCI_KDUMP_R_PLANNED,	/* decided, nothing done (yet) */
	PCI_KDUMP_R_QUIESCED,	/* phase 1 done, no reset needed */
	PCI_KDUMP_R_RESET,	/* reset, ready, config restored */
	PCI_KDUMP_R_NOT_READY,	/* reset, never became ready */
	PCI_KDUMP_R_UNSAFE,	/* needed a reset but has no method */
	PCI_KDUMP_R_SKIPPED,
	PCI_KDUMP_R_DISABLED,	/* VF: its PF's VF Enable read back clear */
};

#define PCI_KDUMP_REASON_LEN	128
#define PCI_KDUMP_SAVED_EXP	6	/* PCIe control registers saved */

/*
 * struct pci_kdump_fn - one PCI function as pci-kdump sees it
 *
 * Filled from raw config space by pci_kdump_scan(), then by the decision
 * (method, reason) and by the reset (result, times).
 */
struct pci_kdump_fn {
	u16 seg;
	u8 bus;
	u8 devfn;
	u16 vendor;
	u16 device;
	u16 subvendor;		/* type 0 headers only */
	u16 subdevice;
	u32 class;		/* 24 bits: base, sub, prog-if */
	u8 hdr_type;		/* without the multi-function bit */
	bool multifunction;
	bool imm_ready;

	u8 pm_cap;
	u8 msi_cap;
	u8 msix_cap;
	u8 af_cap;
	u8 exp_cap;
	u16 rtr_cap;
	u16 sriov_cap;
	bool cxl_mem;		/* CXL.mem enabled: its memory may be dumped */
	bool cxl_sbr_masked;	/* CXL port ignoring Secondary Bus Reset */

	u16 exp_flags;
	u32 devcap;
	u32 lnkcap;
	u16 lnksta;		/* at entry */
	u16 devctl2;
	u16 pmcsr;
	u8 af_flags;
	u32 rtr[2];

	/* Bridges only: bus numbers as the hardware holds them now */
	u8 secondary;
	u8 subordinate;
	u16 bridge_ctl;
	u16 slot_ctl;		/* SBR bridges with a slot: Slot Control before */
	struct pci_kdump_fn *parent;	/* upstream bridge, NULL on a root bus */
	struct pci_kdump_fn *pf;	/* SR-IOV VFs only: their PF */

	u16 entry_cmd;
	u8 entry;			/* PCI_KDUMP_ENTRY_* */
	bool bme_off;			/* read back clear after phase 1 */
	bool vfs_off;			/* PFs: VF Enable read back clear */
	bool old_kept;			/* an IOMMU kept old entries for it */

	const struct pci_kdump_quirk *quirk;
	enum pci_kdump_method method;
	struct pci_kdump_fn *sbr_bridge;	/* reset by this bridge's SBR */
	bool safe;
	char reason[PCI_KDUMP_REASON_LEN];

	enum pci_kdump_result result;
	int prepare_ret;	/* -EAGAIN while its prepare runs */
	bool reset_pending;
	bool tx_pending;	/* Transactions Pending still set before its FLR */
	bool triggered;		/* its reset (or its bridge's SBR) was started */
	bool in_sbr;		/* reset by sbr_bridge's SBR, not on its own */
	bool too_slow;		/* asks for a longer wait than the timeout */
	u32 delay_ms;		/* mandatory wait after the trigger */
	u64 wait_from;		/* when the mandatory wait started (release) */
	bool below_open;	/* bridges: what is below may be waited for */
	u64 below_from;		/* since then */
	u32 ready_ms;		/* time from trigger to ready */
	u32 saved_hdr[16];
	u16 saved_exp[PCI_KDUMP_SAVED_EXP];
};

struct pci_kdump_match {
	bool by_id;
	u16 seg;
	u8 bus;
	u8 devfn;
	u16 vendor;
	u16 device;
};

struct pci_kdump_override {
	struct pci_kdump_match match;
	enum pci_kdump_method method;
};

#define PCI_KDUMP_MAX_RULES	16

/**
 * struct pci_kdump_policy - what the administrator asked for
 * @skip: functions or devices never touched; see pci_kdump_match
 * @nr_skip: entries used in @skip
 * @overrides: forced reset methods
 * @nr_overrides: entries used in @overrides
 * @timeout_ms: bound on the total readiness wait after resets
 * @reset_all: reset every function, not only those that were bus masters
 */
struct pci_kdump_policy {
	struct pci_kdump_match skip[PCI_KDUMP_MAX_RULES];
	unsigned int nr_skip;
	struct pci_kdump_override overrides[PCI_KDUMP_MAX_RULES];
	unsigned int nr_overrides;
	unsigned int timeout_ms;
	bool reset_all;
};

/**
 * struct pci_kdump_seg - what is known of one segment's scan
 * @seg: PCI segment number
 * @scanned: bitmap of the buses whose config space was reached
 * @unreached: config windows of this segment that could not be used
 * @why: the first reason a window was unusable, for the log
 * @dropped: functions found beyond the fabric's capacity
 * @bad_bridges: bridges whose bus numbers are bogus
 * @conflicts: buses claimed by more than one bridge
 * @unscanned_below: bridges with buses below them that were not scanned
 * @rrs_unseen: functions that answered Request Retry Status at scan time
 *	and never answered properly afterwards
 * @legacy_cfg: reached only through x86 type-1 cycles, which do not reach
 *	extended config space, where SR-IOV VF Enable lives
 * @bad_vfs: PFs whose SR-IOV capability places VFs where none can be
 *
 * The verdict of a segment is positive: clean only when every one of these
 * says the hierarchy was seen whole (see pci_kdump_seg_why_dirty()).
 */
struct pci_kdump_seg {
	u16 seg;
	u32 scanned[256 / 32];
	unsigned int unreached;
	const char *why;
	unsigned int dropped;
	unsigned int bad_bridges;
	unsigned int conflicts;
	unsigned int unscanned_below;
	unsigned int rrs_unseen;
	unsigned int bad_vfs;
	bool legacy_cfg;
};

/* A function that answered Request Retry Status during the scan */
struct pci_kdump_rrs {
	u16 seg;
	u8 bus;
	u8 devfn;
	bool settled;		/* answered, or went away, after the scan */
};

/*
 * struct pci_kdump_fabric - every function found, in scan order
 *
 * Scan order is by segment, bus, devfn, so a bridge's children may appear
 * before or after it; the walk order comes from pci_kdump_bottom_up().
 * @segs holds what the IOMMU verdict needs to know beyond the functions:
 * which config space was reached and what was lost.
 */
struct pci_kdump_fabric {
	const struct pci_kdump_ops *ops;
	void *ctx;
	struct pci_kdump_fn *fns;
	unsigned int nr;
	unsigned int max;
	unsigned int dropped;	/* functions beyond @max, reported */
	unsigned int bad_bridges;	/* bus numbers ignored as bogus */
	struct pci_kdump_seg segs[PCI_KDUMP_MAX_SEGS];
	unsigned int nr_segs;
	bool segs_lost;		/* a segment had no room in @segs */
	struct pci_kdump_rrs rrs[PCI_KDUMP_MAX_RRS];
	unsigned int nr_rrs;
};

/* quirks-kdump.c: the decision table, shared with pci-reset-audit */
unsigned int pci_kdump_linux_methods(const struct pci_kdump_fabric *fab,
				     const struct pci_kdump_fn *fn);
void pci_kdump_decide(struct pci_kdump_fabric *fab,
		      const struct pci_kdump_policy *pol);
const char *pci_kdump_method_name(enum pci_kdump_method method);
bool pci_kdump_match(const struct pci_kdump_match *m,
		     const struct pci_kdump_fn *fn);

/* kdump-fabric.c: discovery through pci_kdump_ops, shared as well */
u32 pci_kdump_rd(struct pci_kdump_fabric *fab, const struct pci_kdump_fn *fn,
		 int where, int size);
void pci_kdump_wr(struct pci_kdump_fabric *fab, const struct pci_kdump_fn *fn,
		  int where, int size, u32 val);
void pci_kdump_scan_begin(struct pci_kdump_fabric *fab);
int pci_kdump_scan_sized(struct pci_kdump_fabric *fab,
			 void (*scan_all)(struct pci_kdump_fabric *fab));
void pci_kdump_scan_segment(struct pci_kdump_fabric *fab, u16 seg,
			    u8 bus_start, u8 bus_end);
void pci_kdump_scan_retry(struct pci_kdump_fabric *fab, unsigned int timeout_ms);
void pci_kdump_seg_unreached(struct pci_kdump_fabric *fab, u16 seg,
			     const char *why);
void pci_kdump_seg_legacy_cfg(struct pci_kdump_fabric *fab, u16 seg);
struct pci_kdump_seg *pci_kdump_find_seg(const struct pci_kdump_fabric *fab,
					 u16 seg);
void pci_kdump_probe_fn(struct pci_kdump_fabric *fab, struct pci_kdump_fn *fn);
struct pci_kdump_fn *pci_kdump_find_fn(const struct pci_kdump_fabric *fab,
				       u16 seg, u8 bus, u8 devfn);
void pci_kdump_add_vfs(struct pci_kdump_fabric *fab, struct pci_kdump_fn *pf);
void pci_kdump_link(struct pci_kdump_fabric *fab);
bool pci_kdump_is_below(const struct pci_kdump_fn *fn,
			const struct pci_kdump_fn *bridge);
unsigned int pci_kdump_bottom_up(const struct pci_kdump_fabric *fab,
				 struct pci_kdump_fn **order);

/* kdump-exec.c: the two phases, through pci_kdump_ops */

/**
 * struct pci_kdump_plan - the resets phase 2 will do
 * @sbr: bridges whose secondary bus is reset; room for @max_sbr, which the
 *	caller sizes from the scan (a fabric cannot have more bridges than
 *	functions)
 * @max_sbr: entries @sbr has room for
 * @nr_sbr: entries in @sbr
 * @nr_fns: functions that lose their config space
 * @release_ms: delay between the trigger and the PM/SBR release
 * @wait_ms: the one mandatory wait: the longest of all, not their sum
 */
struct pci_kdump_plan {
	struct pci_kdump_fn **sbr;
	unsigned int max_sbr;
	unsigned int nr_sbr;
	unsigned int nr_fns;
	u32 release_ms;
	u32 wait_ms;
};

void pci_kdump_quiesce_fabric(struct pci_kdump_fabric *fab,
			      struct pci_kdump_fn **order, unsigned int n);
void pci_kdump_plan(struct pci_kdump_fabric *fab, bool reset_all,
		    unsigned int timeout_ms, struct pci_kdump_plan *plan);
u32 pci_kdump_reset_fabric(struct pci_kdump_fabric *fab,
			   struct pci_kdump_plan *plan, unsigned int timeout_ms);
u32 pci_kdump_serial_ms(const struct pci_kdump_fabric *fab,
			const struct pci_kdump_plan *plan);

/* kdump-alias.c: the requester IDs a function's DMA and MSIs may carry */
typedef void (*pci_kdump_rid_fn_t)(u16 first, u16 last, void *data);

void pci_kdump_fn_rids(const struct pci_kdump_fn *fn,
		       pci_kdump_rid_fn_t cb, void *data);

static inline u16 pci_kdump_exp_type(const struct pci_kdump_fn *fn)
{
	return (fn->exp_flags & PCI_EXP_FLAGS_TYPE) >> 4;
}

/* A bus master at entry, itself or through its virtual functions */
static inline bool pci_kdump_was_master(const struct pci_kdump_fn *fn)
{
	return fn->entry & (PCI_KDUMP_ENTRY_BME | PCI_KDUMP_ENTRY_VFS);
}

static inline bool pci_kdump_is_bridge(const struct pci_kdump_fn *fn)
{
	return fn->hdr_type == PCI_HEADER_TYPE_BRIDGE ||
	       fn->hdr_type == PCI_HEADER_TYPE_CARDBUS;
}

/* A PCIe port with a link below it, as Linux's pcie_downstream_port() */
static inline bool pci_kdump_is_downstream_port(const struct pci_kdump_fn *fn)
{
	u16 type = pci_kdump_exp_type(fn);

	return fn->exp_cap && (type == PCI_EXP_TYPE_ROOT_PORT ||
			       type == PCI_EXP_TYPE_DOWNSTREAM ||
			       type == PCI_EXP_TYPE_PCIE_BRIDGE);
}

#define PCI_KDUMP_BDF_FMT	"%04x:%02x:%02x.%d"

#endif /* DRIVERS_PCI_KDUMP_H */
