// SPDX-License-Identifier: GPL-2.0
/*
 * pci-kdump report: one dmesg line per function, a summary line, and the
 * same lines in debugfs (pci_kdump/report) for the kdump initramfs to save
 * beside the vmcore.  The format is in Documentation/admin-guide/kdump/pci-kdump-reset.rst.
 */
#define pr_fmt(fmt) "pci_kdump: " fmt

#include <linux/bitops.h>
#include <linux/debugfs.h>
#include <linux/init.h>
#include <linux/pci.h>
#include <linux/printk.h>
#include <linux/seq_file.h>
#include <linux/sprintf.h>
#include "kdump-report.h"

const char *pci_kdump_result_name(enum pci_kdump_result result)
{
	static const char * const names[] = {
		[PCI_KDUMP_R_PLANNED] = "planned",
		[PCI_KDUMP_R_QUIESCED] = "quiesced",
		[PCI_KDUMP_R_RESET] = "reset",
		[PCI_KDUMP_R_NOT_READY] = "not_ready",
		[PCI_KDUMP_R_UNSAFE] = "unsafe",
		[PCI_KDUMP_R_SKIPPED] = "skipped",
		[PCI_KDUMP_R_DISABLED] = "disabled",
	};

	return result < ARRAY_SIZE(names) ? names[result] : "?";
}

/**
 * pci_kdump_outcome_of - classify a function for IOMMU handoff
 * @st: the run
 * @fn: one of its functions
 *
 * Bridges forward but never originate DMA, and a function that was not a
 * bus master at entry, itself or through virtual functions, has nothing in
 * flight.  A PF whose VF Enable does not read back clear is dirty: its VFs
 * may still do DMA.  A bus master is clean once it has been reset and
 * answered again; a VF, once its PF was reset or its VF Enable cleared.
 * Anything else may still do DMA, or resume it: a function with no reset
 * method keeps its ring pointers, ATS cache and PASID state even with Bus
 * Master Enable clear, and a driver that sets it again resumes the old
 * DMA.  The IOMMU keeps old entries for such functions only (see
 * pci_kdump_dirty_rids_of()), so they cost nobody else a clean start.
 */
enum pci_kdump_outcome pci_kdump_outcome_of(const struct pci_kdump_state *st,
					    const struct pci_kdump_fn *fn)
{
	bool vfs_left = (fn->entry & PCI_KDUMP_ENTRY_VFS) && !fn->vfs_off;

	/* First: a function taken for a bridge may still have VFs */
	if (vfs_left)
		return PCI_KDUMP_DIRTY;
	if (fn->method == PCI_KDUMP_M_QUIESCE || !pci_kdump_was_master(fn))
		return PCI_KDUMP_IDLE;
	if (fn->result == PCI_KDUMP_R_RESET || fn->result == PCI_KDUMP_R_DISABLED)
		return PCI_KDUMP_CLEAN;
	/* A master only through VFs, which VF Enable clear has taken away */
	if (!(fn->entry & PCI_KDUMP_ENTRY_BME) && fn->vfs_off)
		return PCI_KDUMP_CLEAN;
	return PCI_KDUMP_DIRTY;
}

static const char *outcome_name(enum pci_kdump_outcome outcome)
{
	static const char * const names[] = {
		[PCI_KDUMP_IDLE] = "idle",
		[PCI_KDUMP_CLEAN] = "clean",
		[PCI_KDUMP_DIRTY] = "dirty",
	};

	return outcome < ARRAY_SIZE(names) ? names[outcome] : "?";
}

/**
 * pci_kdump_seg_why_dirty - does a segment's scan forbid a clean verdict?
 * @fab: the fabric
 * @seg: PCI segment
 * @buf: set to the reason, when there is one
 * @len: size of @buf
 *
 * The verdict is positive: a segment can be clean only when its config
 * space was reached and the whole hierarchy was seen, with nothing
 * dropped, no bridge ignored or leading to buses not scanned, no bus
 * claimed twice, every function that answered Request Retry Status
 * seen again, and every VF where its PF says it is.
 *
 * Return: true, with @buf saying why, when the segment cannot be clean.
 */
bool pci_kdump_seg_why_dirty(const struct pci_kdump_fabric *fab, u16 seg,
			     char *buf, size_t len)
{
	const struct pci_kdump_seg *s = pci_kdump_find_seg(fab, seg);
	unsigned int i, buses = 0;

	if (fab->segs_lost) {
		scnprintf(buf, len, "more segments than pci-kdump keeps track of");
		return true;
	}
	for (i = 0; s && i < ARRAY_SIZE(s->scanned); i++)
		buses += hweight32(s->scanned[i]);
	if (!s || (!buses && !s->unreached)) {
		scnprintf(buf, len, "no config window");
		return true;
	}
	if (s->unreached)
		scnprintf(buf, len, "%u config window(s) not used: %s",
			  s->unreached, s->why);
	else if (s->dropped)
		scnprintf(buf, len, "%u functions beyond the table", s->dropped);
	else if (s->bad_bridges)
		scnprintf(buf, len, "%u bridges with bogus bus numbers",
			  s->bad_bridges);
	else if (s->conflicts)
		scnprintf(buf, len, "%u bridges claim buses another one claims",
			  s->conflicts);
	else if (s->unscanned_below)
		scnprintf(buf, len, "%u bridges lead to buses not scanned",
			  s->unscanned_below);
	else if (s->rrs_unseen)
		scnprintf(buf, len,
			  "%u functions answered Request Retry Status and not again",
			  s->rrs_unseen);
	else if (s->bad_vfs)
		scnprintf(buf, len,
			  "%u SR-IOV capabilities place VFs where none can be",
			  s->bad_vfs);
	else if (s->legacy_cfg)
		scnprintf(buf, len,
			  "type 1 config access only: SR-IOV VF Enable not visible");
	else
		return false;
	return true;
}

/**
 * pci_kdump_seg_seen - did pci-kdump run and see a segment whole?
 * @st: the run
 * @seg: PCI segment, or PCI_KDUMP_ALL_SEGMENTS
 * @why: set to the first reason it did not, for the log
 * @len: size of @why
 *
 * Only then can an IOMMU know which of its requester IDs may still be in
 * use; otherwise any of them may.
 */
bool pci_kdump_seg_seen(const struct pci_kdump_state *st, int seg,
			char *why, size_t len)
{
	const struct pci_kdump_fabric *fab = &st->fab;
	unsigned int i;
	int n;

	if (!st->done || st->ret || st->mode == PCI_KDUMP_MODE_OFF) {
		scnprintf(why, len, "pci-kdump did not run");
		return false;
	}
	if (seg != PCI_KDUMP_ALL_SEGMENTS) {
		n = scnprintf(why, len, "segment %04x: ", seg);
		return !pci_kdump_seg_why_dirty(fab, seg, why + n, len - n);
	}
	if (!fab->nr_segs) {
		scnprintf(why, len, "no segment scanned");
		return false;
	}
	for (i = 0; i < fab->nr_segs; i++) {
		n = scnprintf(why, len, "segment %04x: ", fab->segs[i].seg);
		if (pci_kdump_seg_why_dirty(fab, fab->segs[i].seg, why + n,
					    len - n))
			return false;
	}
	return true;
}

/**
 * pci_kdump_scope_verdict - may an IOMMU covering @seg start clean?
 * @st: the run
 * @seg: PCI segment, or PCI_KDUMP_ALL_SEGMENTS
 * @why: set to the first reason it may not, for the log
 * @len: size of @why
 *
 * Return: true when pci-kdump ran, the segment (every segment it knows of,
 * for PCI_KDUMP_ALL_SEGMENTS) was seen whole, and none of its functions
 * may still do DMA.
 */
bool pci_kdump_scope_verdict(const struct pci_kdump_state *st, int seg,
			     char *why, size_t len)
{
	unsigned int i;

	if (!pci_kdump_seg_seen(st, seg, why, len))
		return false;
	for (i = 0; i < st->fab.nr; i++) {
		const struct pci_kdump_fn *fn = &st->fab.fns[i];

		if ((seg == PCI_KDUMP_ALL_SEGMENTS || fn->seg == seg) &&
		    pci_kdump_outcome_of(st, fn) == PCI_KDUMP_DIRTY) {
			scnprintf(why, len, "DMA masters were not reset");
			return false;
		}
	}
	why[0] = '\0';
	return true;
}

static int format_entry(char *buf, size_t len, u8 entry)
{
	static const char * const names[] = {
		"bme", "msi", "msix", "intx", "mem", "io", "vfs",
	};
	unsigned int i;
	int n = 0;

	for (i = 0; i < ARRAY_SIZE(names); i++)
		if (entry & BIT(i))
			n += scnprintf(buf + n, len - n, "%s%s", n ? "," : "",
				       names[i]);
	if (!n)
		n = scnprintf(buf, len, "-");
	return n;
}

/**
 * pci_kdump_format_fn - one report line for a function, without newline
 * @buf: output
 * @len: its size
 * @st: the run
 * @fn: the function
 *
 * Return: the number of characters written.
 */
int pci_kdump_format_fn(char *buf, size_t len, const struct pci_kdump_state *st,
			const struct pci_kdump_fn *fn)
{
	const struct pci_kdump_fn *by;
	char entry[40];
	int n;

	format_entry(entry, sizeof(entry), fn->entry);
	n = scnprintf(buf, len,
		      PCI_KDUMP_BDF_FMT " [%04x:%04x] entry=%s method=%s result=%s verdict=%s",
		      fn->seg, fn->bus, PCI_SLOT(fn->devfn), PCI_FUNC(fn->devfn),
		      fn->vendor, fn->device, entry,
		      pci_kdump_method_name(fn->method),
		      pci_kdump_result_name(fn->result),
		      outcome_name(pci_kdump_outcome_of(st, fn)));
	if (!fn->pf && (fn->result == PCI_KDUMP_R_RESET ||
			fn->result == PCI_KDUMP_R_NOT_READY))
		n += scnprintf(buf + n, len - n, " time_ms=%u", fn->ready_ms);
	by = fn->pf ? fn->pf : fn->in_sbr ? fn->sbr_bridge : NULL;
	if (by)
		n += scnprintf(buf + n, len - n, " by=" PCI_KDUMP_BDF_FMT,
			       by->seg, by->bus, PCI_SLOT(by->devfn),
			       PCI_FUNC(by->devfn));
	if (fn->reason[0])
		n += scnprintf(buf + n, len - n, " reason=\"%s\"", fn->reason);
	if (fn->old_kept)
		n += scnprintf(buf + n, len - n,
			       " iommu=\"kept old translations\"");
	return n;
}

/**
 * pci_kdump_format_summary - the summary line, without newline
 * @buf: output
 * @len: its size
 * @st: the run
 *
 * Return: the number of characters written.
 */
int pci_kdump_format_summary(char *buf, size_t len,
			     const struct pci_kdump_state *st)
{
	unsigned int i, masters = 0, reset = 0, not_ready = 0, unsafe = 0;
	unsigned int skipped = 0;

	for (i = 0; i < st->fab.nr; i++) {
		const struct pci_kdump_fn *fn = &st->fab.fns[i];

		masters += pci_kdump_was_master(fn);
		reset += fn->result == PCI_KDUMP_R_RESET;
		not_ready += fn->result == PCI_KDUMP_R_NOT_READY;
		unsafe += fn->result == PCI_KDUMP_R_UNSAFE;
		skipped += fn->result == PCI_KDUMP_R_SKIPPED;
	}
	return scnprintf(buf, len,
			 "summary: mode=%s%s functions=%u masters=%u reset=%u not_ready=%u unsafe=%u skipped=%u wait_ms=%u reset_ms=%u serial_ms=%u wall_ms=%u table_kb=%zu",
			 pci_kdump_mode_name(st->mode),
			 st->dry_run ? " dry_run=1" : "", st->fab.nr, masters,
			 reset, not_ready, unsafe, skipped, st->plan.wait_ms,
			 st->reset_ms, pci_kdump_serial_ms(&st->fab, &st->plan),
			 st->wall_ms,
			 DIV_ROUND_UP(st->fab.max * sizeof(*st->fab.fns), 1024));
}

/**
 * pci_kdump_log - print the report to the kernel log
 * @st: the run
 */
void pci_kdump_log(const struct pci_kdump_state *st)
{
	char line[256];
	unsigned int i;

	if (st->ret) {
		pr_warn("did not run (%d)\n", st->ret);
		return;
	}
	if (st->mode == PCI_KDUMP_MODE_OFF)
		return;
	for (i = 0; i < st->fab.nr; i++) {
		const struct pci_kdump_fn *fn = &st->fab.fns[i];

		pci_kdump_format_fn(line, sizeof(line), st, fn);
		if (fn->result == PCI_KDUMP_R_NOT_READY ||
		    fn->result == PCI_KDUMP_R_UNSAFE)
			pr_warn("%s\n", line);
		else
			pr_info("%s\n", line);
	}
	pci_kdump_format_summary(line, sizeof(line), st);
	pr_info("%s\n", line);
}

static int report_show(struct seq_file *m, void *v)
{
	const struct pci_kdump_state *st = pci_kdump_get_state();
	char line[256];
	unsigned int i;

	seq_puts(m, "# pci-kdump report v1\n");
	if (!st || !st->active) {
		seq_puts(m, "# not active in this kernel\n");
		return 0;
	}
	if (st->ret) {
		seq_printf(m, "# did not run: %d\n", st->ret);
		return 0;
	}
	for (i = 0; i < st->fab.nr; i++) {
		pci_kdump_format_fn(line, sizeof(line), st, &st->fab.fns[i]);
		seq_printf(m, "%s\n", line);
	}
	pci_kdump_format_summary(line, sizeof(line), st);
	seq_printf(m, "%s\n", line);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(report);

static int __init pci_kdump_debugfs_init(void)
{
	struct dentry *dir = debugfs_create_dir("pci_kdump", NULL);

	debugfs_create_file("report", 0444, dir, NULL, &report_fops);
	return 0;
}
late_initcall(pci_kdump_debugfs_init);
