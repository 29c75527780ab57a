// SPDX-License-Identifier: GPL-2.0
/* The report for scripts: a JSON array, one object per function */
#include <linux/pci.h>
#include "audit.h"

/* RFC 8259 string: quote, backslash and control characters escaped */
void audit_json_str(FILE *out, const char *s)
{
	fputc('"', out);
	for (; *s; s++) {
		unsigned char c = *s;

		if (c == '"' || c == '\\')
			fprintf(out, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", out);
		else if (c == '\t')
			fputs("\\t", out);
		else if (c < 0x20)
			fprintf(out, "\\u%04x", c);
		else
			fputc(c, out);
	}
	fputc('"', out);
}

static void json_fn(FILE *out, const struct audit *a, unsigned int i)
{
	const struct pci_kdump_fn *fn = &a->fab.fns[i];
	const char *m[4];
	unsigned int n = audit_methods(a, fn, m, 4), j;

	fprintf(out, "  {\"slot\": \"" PCI_KDUMP_BDF_FMT "\", \"vendor\": \"%04x\", "
		"\"device\": \"%04x\", \"class\": \"%06x\",\n   \"vendor_name\": ",
		fn->seg, fn->bus, PCI_SLOT(fn->devfn), PCI_FUNC(fn->devfn),
			fn->vendor, fn->device, fn->class);
	audit_json_str(out, a->names[i].vendor);
	fputs(", \"device_name\": ", out);
	audit_json_str(out, a->names[i].device);
	fputs(",\n   \"type\": ", out);
	audit_json_str(out, audit_type(fn));
	fputs(", \"methods\": [", out);
	for (j = 0; j < n; j++)
		fprintf(out, "%s\"%s\"", j ? ", " : "", m[j]);
	fprintf(out, "], \"method\": \"%s\", \"safe\": %s, \"reason\": ",
		pci_kdump_method_name(fn->method), fn->safe ? "true" : "false");
	audit_json_str(out, fn->reason);
	/* An SR-IOV VF: the PF whose reset, or VF Enable cleared, stops it */
	if (fn->pf)
		fprintf(out, ", \"pf\": \"" PCI_KDUMP_BDF_FMT "\"", fn->pf->seg,
			fn->pf->bus, PCI_SLOT(fn->pf->devfn), PCI_FUNC(fn->pf->devfn));
	else
		fputs(", \"pf\": null", out);
	fputc('}', out);
}

void report_json(FILE *out, const struct audit *a, bool only_unsafe)
{
	unsigned int i;
	bool first = true;

	fputc('[', out);
	for (i = 0; i < a->fab.nr; i++) {
		if (only_unsafe && a->fab.fns[i].safe)
			continue;
		fputs(first ? "\n" : ",\n", out);
		json_fn(out, a, i);
		first = false;
	}
	fputs(first ? "]\n" : "\n]\n", out);
}
