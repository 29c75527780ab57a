/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The fuzz input, little-endian, read front to back; a short input reads
 * as zeros.  tests/fuzz/mkcorpus.py writes the same layout.
 *
 *   header      struct fuzz_hdr, 10 bytes
 *   functions   nfns % (SIM_MAX_FNS + 1) records of FUZZ_FN_SIZE bytes
 *   rules       3 * FUZZ_MAX_RULES bytes: kind, function, method
 *   pokes       FUZZ_POKE_SIZE bytes each, to the end
 *
 * Simulated function i is record i; the VFs of FK_SRIOV records follow,
 * record by record, while the table has room (SIM_MAX_FNS in all).  Rules
 * and pokes name a function by index modulo the table's size, VFs
 * included.
 */
#ifndef TESTS_FUZZ_FUZZ_VERDICT_H
#define TESTS_FUZZ_FUZZ_VERDICT_H

#include <linux/types.h>

struct fuzz_hdr {
	u8 nfns;
	u16 timeout;		/* timeout_ms = 1 + timeout % 20000 */
	u8 flags;		/* FH_* */
	u8 max;			/* first scan's table; 0: PCI_KDUMP_MAX_FNS */
	u8 max_sbr;		/* with FH_SMALL_SBR; else the scan's count */
	u8 bus_start;		/* the one config window of segment 0 */
	u8 bus_end;
	u8 nskip;		/* % (FUZZ_MAX_RULES / 2 + 1) */
	u8 nover;
};

#define FH_MODE		0x03	/* reset, all, quiesce, reset */
#define FH_DRY_RUN	0x04
#define FH_RESCAN	0x08	/* scan again, sized, when the first dropped */
#define FH_FROZEN	0x10	/* the clock does not run */
#define FH_SMALL_SBR	0x20
#define FH_UNREACHED	0x40	/* a second window of segment 0 was unusable */
#define FH_LEGACY	0x80	/* reached by type 1 cycles: no extended space */

struct fuzz_fn {
	u8 parent;		/* an earlier bridge's index, else root bus */
	u8 bus;			/* root bus (folded into the window) */
	u8 devfn;
	u16 vendor;
	u16 device;
	u32 class;		/* 3 bytes */
	u8 type;		/* PCIe type; >= 0x10: conventional PCI */
	u8 caps;		/* SIM_* in bits 0-6, FC_BRIDGE */
	u8 secondary;
	u8 subordinate;
	u16 cmd;
	u8 reset_ms;		/* x 4 ms busy after a reset; 0xff: forever */
	u8 knobs;		/* FK_* */
	u8 busy;		/* FK_BUSY: busy until busy * 8 + 1 ms */
	u8 prepare;		/* x 4 ms for an NVMe disable */
	u16 rtr_reset;		/* FK_RTR: Reset Time field, bit 15 Valid */
	u16 rtr_flr;		/* FLR Time field */
	u16 rtr_d3;		/* D3hot->D0 Time field */
	u8 knobs2;		/* FK2_* */
	/* FK_SRIOV on a PCIe function with a type 0 header: a PF whose VFs
	 * are simulated functions of their own, appended to the table after
	 * every record (sim_add_sriov()), as many as there is room for */
	u8 sriov;		/* FS_* */
	u8 vf_offset;		/* First VF Offset (0: bogus with VFs) */
	u8 vf_stride;		/* VF Stride (0: bogus with 2 VFs or more) */
	u16 vf_device;		/* VF Device ID */
	u16 vf_cmd;		/* every VF's Command register (BME: DMA) */
};

#define FUZZ_FN_SIZE	34
#define FC_BRIDGE	0x80

#define FK_RRS		0x01	/* answers RRS while busy */
#define FK_DEAD		0x02	/* never answers after a reset */
#define FK_GHOST	0x04	/* ignores its device number */
#define FK_BUSY		0x08	/* busy (in a reset) at entry */
#define FK_MSI_ON	0x10
#define FK_SBR_HELD	0x20	/* bridges: Secondary Bus Reset set at entry */
#define FK_SRIOV	0x40	/* SR-IOV at 0x100 with VFs: FS_*, vf_* */
#define FK_RTR		0x80	/* Readiness Time Reporting at 0x100/0x140 */

#define FK2_MSIX	0x01	/* MSI-X at 0x70, enabled */
#define FK2_FAST_LINK	0x02	/* PCIe: 8 GT/s link */
#define FK2_LINK_UP	0x04	/* PCIe: Data Link Layer Link Active */
#define FK2_ARI		0x08	/* PCIe: ARI Forwarding Enable */
#define FK2_SLOT	0x10	/* PCIe: Slot Implemented */
#define FK2_PM_IMM_D0	0x20	/* PM: Immediate_Readiness_on_Return_to_D0 */
#define FK2_VGA		0x40	/* bridges: VGA Enable */

#define FS_TOTAL	0x03	/* TotalVFs - 1 (cut to the room in the table) */
#define FS_NUM		0x1c	/* NumVFs, 0-7 (above TotalVFs: bogus) */
#define FS_NUM_SHIFT	2
#define FS_VFE_OFF	0x20	/* VF Enable clear at entry: no VFs */
#define FS_VFE_STUCK	0x40	/* VF Enable survives writes and resets */
#define FS_KEEPS_VFE	0x80	/* a reset drops the VFs, not the bit (QEMU) */

#define FUZZ_MAX_RULES	8

/* u8 function, u8 size (bit 7: cfg only), u16 offset, u32 value */
#define FUZZ_POKE_SIZE	8

/* FUZZ_ALLOW=...: findings accepted, so the fuzzer can look past them */
#define FUZZ_ALLOW_PM_IMM_READY	0x01
#define FUZZ_ALLOW_ARI_SCAN	0x02
#define FUZZ_ALLOW_HIDDEN_RANGE	0x04
#define FUZZ_ALLOW_RRS_SIBLINGS	0x08
#define FUZZ_ALLOW_AMBIGUOUS_PARENT 0x10
#define FUZZ_ALLOW_QUIESCE_PF	0x20
#define FUZZ_TRACE		0x80	/* FUZZ_TRACE=1: dump every run */

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);

#endif /* TESTS_FUZZ_FUZZ_VERDICT_H */
