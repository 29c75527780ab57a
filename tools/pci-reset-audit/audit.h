/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pci-reset-audit: what the pci-kdump capture kernel would do to every PCI
 * function, computed by the kernel's own decision code (drivers/pci/).
 */
#ifndef PCI_RESET_AUDIT_H
#define PCI_RESET_AUDIT_H

#include <stdio.h>
#include "kdump.h"

#define AUDIT_NAME_LEN	128

/* Names from pci.ids, looked up while libpci is still open */
struct audit_names {
	char vendor[AUDIT_NAME_LEN];
	char device[AUDIT_NAME_LEN];
};

/**
 * struct audit - a decided fabric, detached from libpci
 * @fab: functions, linked and decided with an empty policy
 * @names: @fab.nr entries, parallel to @fab.fns
 * @skipped: functions left out because pci-kdump cannot address them
 */
struct audit {
	struct pci_kdump_fabric fab;
	struct audit_names *names;
	unsigned int skipped;
};

struct audit_image;

/**
 * audit_load - read a fabric and decide every function
 * @a: filled on success
 * @dump: lspci -x dump file, or NULL for this host (read-only)
 * @ids: pci.ids file, or NULL for libpci's default
 * @img: when not NULL, filled with a copy of every function's config
 *	space, for the prediction
 * @err: set to a message on failure
 *
 * Return: 0, or -1 with @err set (an input error).
 */
int audit_load(struct audit *a, const char *dump, const char *ids,
	       struct audit_image *img, char *err, size_t errlen);
void audit_free(struct audit *a);

/* describe.c: words both reports use */
const char *audit_type(const struct pci_kdump_fn *fn);
unsigned int audit_methods(const struct audit *a, const struct pci_kdump_fn *fn,
			   const char **names, unsigned int max);
unsigned int audit_unsafe(const struct audit *a);

/* report_text.c, report_json.c */
void audit_json_str(FILE *out, const char *s);
void report_text(FILE *out, const struct audit *a, bool only_unsafe);
void report_json(FILE *out, const struct audit *a, bool only_unsafe);

#endif
