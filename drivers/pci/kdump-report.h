/* SPDX-License-Identifier: GPL-2.0 */
#ifndef DRIVERS_PCI_KDUMP_REPORT_H
#define DRIVERS_PCI_KDUMP_REPORT_H

#include <linux/pci-kdump.h>
#include "kdump.h"
#include "kdump-params.h"

/**
 * struct pci_kdump_state - the one run of pci-kdump in this boot
 * @done: pci_kdump_quiesce() has been called
 * @active: this kernel wanted pci-kdump (kdump with reset_devices, or force)
 * @ret: what the run returned
 * @mode: pci_kdump.mode
 * @dry_run: pci_kdump.dry_run
 * @pol: skip list, overrides, timeout
 * @fab: every function found
 * @plan: the resets of phase 2
 * @reset_ms: wall time of phase 2
 * @wall_ms: wall time of the whole run
 */
struct pci_kdump_state {
	bool done;
	bool active;
	int ret;
	enum pci_kdump_mode mode;
	bool dry_run;
	struct pci_kdump_policy pol;
	struct pci_kdump_fabric fab;
	struct pci_kdump_plan plan;
	u32 reset_ms;
	u32 wall_ms;
};

/**
 * struct pci_kdump_run - what differs between the runs of
 *	pci_kdump_run_phases(): the capture kernel's on the hardware,
 *	pci-reset-audit's prediction on a copy of its config space
 * @reach: makes config space reachable; returns 0 when there is no way.
 *	NULL when it is reachable already.
 * @ops: the accessor of the fabric; the caller sets the fabric's ctx
 * @scan_all: scans every config window; see pci_kdump_scan_sized()
 * @assume_ready: NULL to wait for each reset.  A prediction, which has
 *	no device to wait for, is called once phase 2 is planned and takes
 *	the functions that would answer in time as reset.
 * @unmeasured: 0 to measure the times the run reports with the fabric's
 *	clock.  A prediction, whose clock is not the capture kernel's, gets
 *	this value for every one of them.
 */
struct pci_kdump_run {
	unsigned int (*reach)(void);
	const struct pci_kdump_ops *ops;
	void (*scan_all)(struct pci_kdump_fabric *fab);
	void (*assume_ready)(struct pci_kdump_fabric *fab);
	u32 unmeasured;
};

/* kdump-exec.c: the run, in its one order */
int pci_kdump_run_phases(struct pci_kdump_state *st,
			 const struct pci_kdump_run *run);

enum pci_kdump_outcome pci_kdump_outcome_of(const struct pci_kdump_state *st,
					    const struct pci_kdump_fn *fn);
void pci_kdump_log(const struct pci_kdump_state *st);
const struct pci_kdump_state *pci_kdump_get_state(void);
const char *pci_kdump_result_name(enum pci_kdump_result result);
int pci_kdump_format_fn(char *buf, size_t len, const struct pci_kdump_state *st,
			const struct pci_kdump_fn *fn);
bool pci_kdump_seg_why_dirty(const struct pci_kdump_fabric *fab, u16 seg,
			     char *buf, size_t len);
bool pci_kdump_seg_seen(const struct pci_kdump_state *st, int seg,
			char *why, size_t len);
bool pci_kdump_scope_verdict(const struct pci_kdump_state *st, int seg,
			     char *why, size_t len);
int pci_kdump_format_summary(char *buf, size_t len,
			     const struct pci_kdump_state *st);

/* kdump-alias.c */
bool pci_kdump_dirty_rids_of(const struct pci_kdump_state *st, u16 seg,
			     pci_kdump_rid_fn_t cb, void *data);
bool pci_kdump_rids_dirty(const struct pci_kdump_state *st, u16 seg,
			  u16 first, u16 last);
void pci_kdump_mark_kept(struct pci_kdump_state *st, u16 seg, u16 first,
			 u16 last);

#endif /* DRIVERS_PCI_KDUMP_REPORT_H */
