// SPDX-License-Identifier: GPL-2.0
/*
 * The prediction for people (the kernel's lines, as dmesg shows them) and
 * for scripts (JSON).  The lines come from the kernel's own formatting; a
 * field only the capture kernel can measure holds AUDIT_RUNTIME, shown as
 * "?" or null.  Lines are split into fields only by their key=value shape.
 */
#include <stdlib.h>
#include <string.h>
#include <linux/pci.h>
#include "audit.h"
#include "predict.h"

#define RUNTIME_STR	"4294967295"
_Static_assert(AUDIT_RUNTIME == 4294967295U, "RUNTIME_STR is AUDIT_RUNTIME");
#define LINE_LEN	512

/* Is @v (up to @len) the run-time marker? */
static bool is_runtime(const char *v, size_t len)
{
	return len == strlen(RUNTIME_STR) && !memcmp(v, RUNTIME_STR, len);
}

/*
 * @line as shown: each "=<AUDIT_RUNTIME>" value becomes "=?", and so does
 * an <AUDIT_RUNTIME> word ("phase 1: ... quiesced in ? ms").  Returns
 * @buf, or NULL when the line does not fit (then shown as it is).
 */
static const char *shown(char *buf, size_t len, const char *line)
{
	const char *p = line;
	size_t n = 0;

	while (*p && n + 1 < len) {
		size_t v = *p == '=' ? strcspn(p + 1, " ") : 0;
		bool word = (p == line || p[-1] == ' ') &&
			    is_runtime(p, strcspn(p, " "));

		if (v && is_runtime(p + 1, v)) {
			buf[n++] = '=';
			p += 1 + v;
			if (n + 1 < len)
				buf[n++] = '?';
		} else if (word) {
			buf[n++] = '?';
			p += strlen(RUNTIME_STR);
		} else {
			buf[n++] = *p++;
		}
	}
	buf[n] = '\0';
	return *p ? NULL : buf;
}

static void put_line(FILE *out, const char *prefix, const char *line)
{
	char buf[LINE_LEN];
	const char *s = shown(buf, sizeof(buf), line);

	fprintf(out, "%s%s\n", prefix, s ? s : line);
}

static const char *why_not_run(const struct audit_prediction *p)
{
	if (!p->st.active)
		return "neither reset_devices nor pci_kdump.force is on the command line";
	if (p->st.mode == PCI_KDUMP_MODE_OFF)
		return "pci_kdump.mode=off";
	return NULL;
}

static void rid_str(char *buf, size_t len, u16 rid)
{
	snprintf(buf, len, "%02x:%02x.%d", rid >> 8, (rid >> 3) & 0x1f, rid & 7);
}

static void rid_range(char *buf, size_t len, const struct audit_rids *r)
{
	char a[16], b[16];

	rid_str(a, sizeof(a), r->first);
	rid_str(b, sizeof(b), r->last);
	if (r->first == r->last)
		snprintf(buf, len, "%s", a);
	else
		snprintf(buf, len, "%s-%s", a, b);
}

static bool dirty_in(const struct audit_prediction *p, u16 seg,
		     const struct pci_kdump_fn *fn)
{
	return fn->seg == seg &&
	       pci_kdump_outcome_of(&p->st, fn) == PCI_KDUMP_DIRTY;
}

static void scope_text(FILE *out, const struct audit_prediction *p,
		       const struct audit_scope *s)
{
	char line[LINE_LEN], r[40];
	unsigned int i;

	if (s->clean) {
		fprintf(out, "iommu: segment %04x: starts from clean tables\n",
			s->seg);
		return;
	}
	if (!s->seen) {
		fprintf(out, "iommu: segment %04x: keeps every old entry: %s\n",
			s->seg, s->why);
		return;
	}
	fprintf(out, "iommu: segment %04x: keeps old entries for", s->seg);
	for (i = 0; i < s->nr_rids; i++) {
		rid_range(r, sizeof(r), &s->rids[i]);
		fprintf(out, " %s", r);
	}
	fprintf(out, "; the rest start clean: %s\n", s->why);
	for (i = 0; i < p->st.fab.nr; i++) {
		if (!dirty_in(p, s->seg, &p->st.fab.fns[i]))
			continue;
		pci_kdump_format_fn(line, sizeof(line), &p->st, &p->st.fab.fns[i]);
		put_line(out, "iommu:   may still do DMA: ", line);
	}
}

/**
 * predict_text - the capture kernel's log for this fabric, then the IOMMUs
 * @out: where to
 * @p: the prediction
 */
void predict_text(FILE *out, const struct audit_prediction *p)
{
	const char *why = why_not_run(p);
	size_t i;

	fprintf(out, "# pci-reset-audit --predict: what the capture kernel would log\n"
		"# capture command line: %s\n"
		"# '?': measured by the capture kernel at run time; result=reset assumes each\n"
		"# planned reset completes within pci_kdump.timeout_ms\n", p->cmdline);
	for (i = 0; i < p->log.nr; i++)
		put_line(out, "", p->log.lines[i].text);
	if (why)
		fprintf(out, "# pci-kdump does not run: %s\n", why);
	for (i = 0; i < p->nr_scopes; i++)
		scope_text(out, p, &p->scopes[i]);
}

/* A value as JSON: run time is null, a plain number a number */
static void json_value(FILE *out, const char *v, size_t len)
{
	char buf[LINE_LEN];

	if (is_runtime(v, len)) {
		fputs("null", out);
		return;
	}
	if (len && len < 10 && strspn(v, "0123456789") >= len) {
		fwrite(v, 1, len, out);
		return;
	}
	snprintf(buf, sizeof(buf), "%.*s", (int)len, v);
	audit_json_str(out, buf);
}

/*
 * The key=value fields of a kernel line as JSON members; a value in
 * double quotes (reason="...") runs to the closing quote.
 */
static void json_fields(FILE *out, const char *p, bool first)
{
	while (*p) {
		const char *eq = strchr(p, '='), *v;
		size_t klen, vlen;
		char key[64];

		if (!eq)
			break;
		klen = (size_t)(eq - p);
		v = eq + 1;
		if (*v == '"') {
			v++;
			vlen = strcspn(v, "\"");
		} else {
			vlen = strcspn(v, " ");
		}
		snprintf(key, sizeof(key), "%.*s", (int)klen, p);
		fputs(first ? "" : ", ", out);
		audit_json_str(out, key);
		fputs(": ", out);
		json_value(out, v, vlen);
		first = false;
		p = v + vlen;
		p += *p == '"';
		p += strspn(p, " ");
	}
}

static void json_fn(FILE *out, const struct audit_prediction *p,
		    const struct pci_kdump_fn *fn)
{
	char line[LINE_LEN], slot[16];
	const char *fields;

	pci_kdump_format_fn(line, sizeof(line), &p->st, fn);
	fields = strchr(line, ']');
	snprintf(slot, sizeof(slot), PCI_KDUMP_BDF_FMT, fn->seg, fn->bus,
		 PCI_SLOT(fn->devfn), PCI_FUNC(fn->devfn));
	fprintf(out, "   {\"slot\": \"%s\", \"id\": \"%04x:%04x\"", slot,
		fn->vendor, fn->device);
	json_fields(out, fields ? fields + 2 : "", false);
	fputs("}", out);
}

static void json_scope(FILE *out, const struct audit_prediction *p,
		       const struct audit_scope *s)
{
	char r[40], slot[16];
	unsigned int i;
	bool first = true;

	fprintf(out, "   {\"segment\": \"%04x\", \"clean\": %s, \"keeps_all\": %s, \"why\": ",
		s->seg, s->clean ? "true" : "false",
		!s->clean && !s->seen ? "true" : "false");
	audit_json_str(out, s->why);
	fputs(", \"requester_ids\": [", out);
	for (i = 0; i < s->nr_rids; i++) {
		rid_range(r, sizeof(r), &s->rids[i]);
		fprintf(out, "%s\"%s\"", i ? ", " : "", r);
	}
	fputs("], \"may_still_dma\": [", out);
	for (i = 0; i < p->st.fab.nr; i++) {
		const struct pci_kdump_fn *fn = &p->st.fab.fns[i];

		if (!dirty_in(p, s->seg, fn))
			continue;
		snprintf(slot, sizeof(slot), PCI_KDUMP_BDF_FMT, fn->seg, fn->bus,
			 PCI_SLOT(fn->devfn), PCI_FUNC(fn->devfn));
		fprintf(out, "%s\"%s\"", first ? "" : ", ", slot);
		first = false;
	}
	fputs("]}", out);
}

/**
 * predict_json - the prediction for scripts
 * @out: where to
 * @p: the prediction
 *
 * "log" has every line the kernel code printed; "functions" and "summary"
 * split the report lines into their fields.
 */
void predict_json(FILE *out, const struct audit_prediction *p)
{
	const char *why = why_not_run(p);
	bool logged = p->st.active && !p->st.ret &&
		      p->st.mode != PCI_KDUMP_MODE_OFF;
	char line[LINE_LEN];
	size_t i;

	fputs("{\n \"cmdline\": ", out);
	audit_json_str(out, p->cmdline);
	fprintf(out, ",\n \"runs\": %s,\n \"not_run\": ", why ? "false" : "true");
	if (why)
		audit_json_str(out, why);
	else
		fputs("null", out);
	fputs(",\n \"log\": [", out);
	for (i = 0; i < p->log.nr; i++) {
		const char *text = shown(line, sizeof(line), p->log.lines[i].text);

		fprintf(out, "%s\n   {\"level\": %c, \"text\": ", i ? "," : "",
			p->log.lines[i].level);
		audit_json_str(out, text ? text : p->log.lines[i].text);
		fputc('}', out);
	}
	fputs("],\n \"functions\": [", out);
	for (i = 0; logged && i < p->st.fab.nr; i++) {
		fputs(i ? ",\n" : "\n", out);
		json_fn(out, p, &p->st.fab.fns[i]);
	}
	fputs("],\n \"summary\": ", out);
	if (logged) {
		pci_kdump_format_summary(line, sizeof(line), &p->st);
		fputc('{', out);
		json_fields(out, strchr(line, ' ') ? strchr(line, ' ') + 1 : "", true);
		fputc('}', out);
	} else {
		fputs("null", out);
	}
	fputs(",\n \"iommu\": [", out);
	for (i = 0; i < p->nr_scopes; i++) {
		fputs(i ? ",\n" : "\n", out);
		json_scope(out, p, &p->scopes[i]);
	}
	fputs("]\n}\n", out);
}
