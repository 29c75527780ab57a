// SPDX-License-Identifier: GPL-2.0
/*
 * The prediction: the capture kernel's run, pci_kdump_run_phases() (scan,
 * decide, quiesce, plan, reset) between the parameters and the log, by
 * the kernel's own functions, on a copy of this fabric's config space
 * (image.c), so no write reaches a device and no wait takes time.  One
 * thing is taken on trust, because only the capture kernel can measure
 * it: a planned reset that fits in pci_kdump.timeout_ms completes.  The
 * times it measures are marked AUDIT_RUNTIME.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "cmdline.h"
#include "predict.h"

/*
 * Every segment of the copy, every bus, as an MCFG window each.  The
 * capture kernel scans the windows firmware describes; a dump does not
 * say, and a fabric Linux enumerated lies within them.
 */
static void scan_image(struct pci_kdump_fabric *fab)
{
	const struct audit_image *img = fab->ctx;
	unsigned int i;

	for (i = 0; i < img->nr; i++)
		if (!i || img->fns[i].seg != img->fns[i - 1].seg)
			pci_kdump_scan_segment(fab, img->fns[i].seg, 0, 255);
}

/*
 * What the readiness poll does for a function that answers in time; the
 * ones that ask for longer than the timeout are left to the kernel's own
 * pci_kdump_reset_fabric(), which reports them, as it stops the VFs.
 */
static void assume_ready(struct pci_kdump_fabric *fab)
{
	unsigned int i;

	for (i = 0; i < fab->nr; i++) {
		struct pci_kdump_fn *fn = &fab->fns[i];

		if (fn->reset_pending && !fn->too_slow) {
			fn->reset_pending = false;
			fn->result = PCI_KDUMP_R_RESET;
		}
	}
}

/*
 * The capture kernel's run, from the scan on; the times it measures are
 * its own, AUDIT_RUNTIME here
 */
static const struct pci_kdump_run image_run = {
	.ops = &audit_image_ops,
	.scan_all = scan_image,
	.assume_ready = assume_ready,
	.unmeasured = AUDIT_RUNTIME,
};

static void add_rid(u16 first, u16 last, void *data)
{
	struct audit_scope *s = data;
	struct audit_rids *r;

	/* At most 65536 distinct single IDs, and ranges merge below */
	r = realloc(s->rids, (s->nr_rids + 1) * sizeof(*r));
	if (!r) {
		s->lost = true;
		return;
	}
	s->rids = r;
	s->rids[s->nr_rids++] = (struct audit_rids){ first, last };
}

static int by_first(const void *x, const void *y)
{
	const struct audit_rids *a = x, *b = y;

	return (a->first > b->first) - (a->first < b->first);
}

static void merge_rids(struct audit_scope *s)
{
	unsigned int i, n = 0;

	if (!s->nr_rids)
		return;
	qsort(s->rids, s->nr_rids, sizeof(*s->rids), by_first);
	for (i = 1; i < s->nr_rids; i++) {
		struct audit_rids *last = &s->rids[n];

		if (s->rids[i].first <= last->last + 1U) {
			if (s->rids[i].last > last->last)
				last->last = s->rids[i].last;
		} else {
			s->rids[++n] = s->rids[i];
		}
	}
	s->nr_rids = n + 1;
}

/* One scope per segment of the copy: what an IOMMU for it would decide */
static int judge_scopes(struct audit_prediction *p, const struct audit_image *img)
{
	unsigned int i;

	p->scopes = calloc(img->nr ? img->nr : 1, sizeof(*p->scopes));
	if (!p->scopes)
		return -ENOMEM;
	for (i = 0; i < img->nr; i++) {
		struct audit_scope *s;

		if (i && img->fns[i].seg == img->fns[i - 1].seg)
			continue;
		s = &p->scopes[p->nr_scopes++];
		s->seg = img->fns[i].seg;
		s->clean = pci_kdump_scope_verdict(&p->st, s->seg, s->why,
						   sizeof(s->why));
		if (!s->clean)
			s->seen = pci_kdump_dirty_rids_of(&p->st, s->seg,
							  add_rid, s) &&
				  !s->lost;
		merge_rids(s);
	}
	return 0;
}

/* The debugfs report asks for the run; the audit has no debugfs to serve */
const struct pci_kdump_state *pci_kdump_get_state(void)
{
	return NULL;
}

/**
 * audit_predict - what the capture kernel would do on this fabric
 * @p: filled; free it with audit_prediction_free()
 * @img: a copy of the fabric's config space; the run writes into it
 * @cmdline: the capture kernel's command line
 * @notes: where to say what the kernel ignores without a word, or NULL
 *
 * Return: 0, or -ENOMEM.
 */
int audit_predict(struct audit_prediction *p, struct audit_image *img,
		  const char *cmdline, FILE *notes)
{
	struct pci_kdump_state *st = &p->st;
	struct audit_cmdline c;
	int ret = 0;

	p->cmdline = cmdline;
	audit_log_begin(&p->log);
	ret = audit_cmdline_parse(&c, cmdline, notes);
	/* first_run(): only a kernel that wants pci-kdump reads its options */
	st->done = true;
	st->active = !ret && (c.force || c.reset_devices);
	st->ret = -ENODEV;
	if (st->active) {
		pci_kdump_read_params(&c.params, &st->mode, &st->pol,
				      &st->dry_run);
		st->fab.ctx = img;
		st->ret = pci_kdump_run_phases(st, &image_run);
		pci_kdump_log(st);
	}
	audit_log_end();
	audit_cmdline_free(&c);
	if (ret || st->ret == -ENOMEM || p->log.nomem || judge_scopes(p, img))
		return -ENOMEM;
	return 0;
}

/**
 * audit_prediction_clean - would every IOMMU start from clean tables?
 * @p: a prediction
 */
bool audit_prediction_clean(const struct audit_prediction *p)
{
	unsigned int i;

	for (i = 0; i < p->nr_scopes; i++)
		if (!p->scopes[i].clean)
			return false;
	return true;
}

void audit_prediction_free(struct audit_prediction *p)
{
	unsigned int i;

	for (i = 0; i < p->nr_scopes; i++)
		free(p->scopes[i].rids);
	free(p->scopes);
	free(p->st.fab.fns);
	free(p->st.plan.sbr);
	audit_log_free(&p->log);
	memset(p, 0, sizeof(*p));
}
