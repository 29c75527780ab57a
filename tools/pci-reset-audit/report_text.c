// SPDX-License-Identifier: GPL-2.0
/* The report for people: one aligned line per function */
#include <string.h>
#include <linux/pci.h>
#include "audit.h"

#define NAME_COLS	40

void report_text(FILE *out, const struct audit *a, bool only_unsafe)
{
	unsigned int i, j;

	fprintf(out, "%-12s %-9s %-18s %-16s %-7s %-4s %-*s %s\n", "SLOT", "ID",
		"TYPE", "LINUX", "METHOD", "SAFE", NAME_COLS, "NAME", "REASON");
	for (i = 0; i < a->fab.nr; i++) {
		const struct pci_kdump_fn *fn = &a->fab.fns[i];
		const struct audit_names *nm = &a->names[i];
		const char *m[4];
		unsigned int n = audit_methods(a, fn, m, 4);
		char list[32] = "", name[2 * AUDIT_NAME_LEN + 2];

		if (only_unsafe && fn->safe)
			continue;
		for (j = 0; j < n; j++) {
			if (j)
				strcat(list, ",");
			strcat(list, m[j]);
		}
		if (!n)
			strcpy(list, "-");
		snprintf(name, sizeof(name), "%s%s%s", nm->vendor,
			 nm->vendor[0] && nm->device[0] ? " " : "", nm->device);
		/* Long names are cut so the reason column stays in view */
		fprintf(out, PCI_KDUMP_BDF_FMT " %04x:%04x %-18s %-16s %-7s %-4s %-*.*s %s\n",
			fn->seg, fn->bus, PCI_SLOT(fn->devfn), PCI_FUNC(fn->devfn),
			fn->vendor, fn->device,
			audit_type(fn), list,
			pci_kdump_method_name(fn->method),
			fn->safe ? "yes" : "NO", fn->safe ? 0 : NAME_COLS, NAME_COLS, name,
			fn->safe ? "" : fn->reason);
	}
}
