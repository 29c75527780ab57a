/* SPDX-License-Identifier: GPL-2.0 */
/* What the capture kernel would do and log, from its own code */
#ifndef PCI_RESET_AUDIT_PREDICT_H
#define PCI_RESET_AUDIT_PREDICT_H

#include <stdio.h>
#include "kdump-report.h"
#include "image.h"
#include "log.h"

/*
 * What the capture kernel measures on its clock (time_ms, reset_ms,
 * wall_ms) holds this in a prediction, and is shown as "?" or null
 */
#define AUDIT_RUNTIME	0xffffffffU

struct audit_rids {
	u16 first;
	u16 last;
};

/**
 * struct audit_scope - what an IOMMU translating for one segment would do
 * @seg: the segment
 * @clean: it starts from clean tables
 * @seen: pci-kdump saw the segment whole, so @rids is all it must keep;
 *	otherwise it keeps every old entry
 * @why: why it is not clean, in the kernel's words
 * @rids: requester ID ranges whose old entries it keeps, sorted, merged
 * @nr_rids: entries in @rids
 * @lost: no memory for a range: @seen is then cleared, which is safe
 */
struct audit_scope {
	u16 seg;
	bool clean;
	bool seen;
	bool lost;
	char why[128];
	struct audit_rids *rids;
	unsigned int nr_rids;
};

/**
 * struct audit_prediction - one predicted run of the capture kernel
 * @cmdline: the capture command line it was predicted for
 * @log: the lines the kernel code printed, in order
 * @st: the run, as kdump-reset.c keeps it
 * @scopes: one per segment of the fabric, ascending
 * @nr_scopes: entries in @scopes
 */
struct audit_prediction {
	const char *cmdline;
	struct audit_log log;
	struct pci_kdump_state st;
	struct audit_scope *scopes;
	unsigned int nr_scopes;
};

int audit_predict(struct audit_prediction *p, struct audit_image *img,
		  const char *cmdline, FILE *notes);
void audit_prediction_free(struct audit_prediction *p);
bool audit_prediction_clean(const struct audit_prediction *p);

/* predict_report.c */
void predict_text(FILE *out, const struct audit_prediction *p);
void predict_json(FILE *out, const struct audit_prediction *p);

#endif
