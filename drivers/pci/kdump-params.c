// SPDX-License-Identifier: GPL-2.0
/*
 * pci-kdump parameter parsing.  A capture kernel must boot whatever the
 * command line says, so a bad token is reported by name and dropped; the
 * rest of the value still applies.  pci-reset-audit runs this file too, so
 * it warns about a bad option with the capture kernel's own words.
 */
#define pr_fmt(fmt) "pci_kdump: " fmt

#include <linux/kernel.h>
#include <linux/kstrtox.h>
#include <linux/printk.h>
#include <linux/string.h>
#include "kdump.h"
#include "kdump-params.h"

static const char * const mode_names[] = {
	[PCI_KDUMP_MODE_OFF] = "off",
	[PCI_KDUMP_MODE_QUIESCE] = "quiesce",
	[PCI_KDUMP_MODE_RESET] = "reset",
	[PCI_KDUMP_MODE_ALL] = "all",
};

/**
 * pci_kdump_parse_mode - parse pci_kdump.mode
 * @val: off, quiesce, reset or all; NULL means the default
 * @mode: set on success, untouched on error
 *
 * Return: 0, or -EINVAL when @val names no mode.
 */
int pci_kdump_parse_mode(const char *val, enum pci_kdump_mode *mode)
{
	int i;

	if (!val)
		return 0;
	i = match_string(mode_names, ARRAY_SIZE(mode_names), val);
	if (i < 0)
		return -EINVAL;
	*mode = i;
	return 0;
}

const char *pci_kdump_mode_name(enum pci_kdump_mode mode)
{
	return mode_names[mode];
}

static int parse_hex(const char *s, size_t len, unsigned int max, u32 *out)
{
	char buf[9];
	unsigned int v;

	if (!len || len >= sizeof(buf))
		return -EINVAL;
	memcpy(buf, s, len);
	buf[len] = '\0';
	if (kstrtouint(buf, 16, &v) || v > max)
		return -EINVAL;
	*out = v;
	return 0;
}

/**
 * pci_kdump_parse_match - parse "[seg:]bus:dev.fn" or "vendor:device"
 * @tok: the token, not NUL-terminated
 * @len: its length
 * @m: filled on success
 *
 * A dot makes it a slot; otherwise it is a vendor:device pair, where the
 * device may be "*" for every device of the vendor.
 *
 * Return: 0 or -EINVAL.
 */
static int pci_kdump_parse_match(const char *tok, size_t len,
				 struct pci_kdump_match *m)
{
	const char *end = tok + len;
	const char *dot = memchr(tok, '.', len);
	const char *c1 = memchr(tok, ':', len);
	const char *c2 = c1 ? memchr(c1 + 1, ':', end - c1 - 1) : NULL;
	u32 seg = 0, bus, dev, fn, vendor, device;

	memset(m, 0, sizeof(*m));
	if (!c1)
		return -EINVAL;
	if (!dot) {
		if (c2 || parse_hex(tok, c1 - tok, 0xffff, &vendor))
			return -EINVAL;
		if (end - c1 - 1 == 1 && c1[1] == '*')
			device = PCI_KDUMP_ANY_ID;
		else if (parse_hex(c1 + 1, end - c1 - 1, 0xffff, &device))
			return -EINVAL;
		m->by_id = true;
		m->vendor = vendor;
		m->device = device;
		return 0;
	}
	if (c2) {
		if (parse_hex(tok, c1 - tok, 0xffff, &seg))
			return -EINVAL;
		tok = c1 + 1;
		c1 = c2;
	}
	if (dot < c1 || parse_hex(tok, c1 - tok, 0xff, &bus) ||
	    parse_hex(c1 + 1, dot - c1 - 1, 0x1f, &dev) ||
	    parse_hex(dot + 1, end - dot - 1, 7, &fn))
		return -EINVAL;
	m->seg = seg;
	m->bus = bus;
	m->devfn = (dev << 3) | fn;
	return 0;
}

static int parse_method(const char *s, size_t len, enum pci_kdump_method *m)
{
	static const enum pci_kdump_method allowed[] = {
		PCI_KDUMP_M_FLR, PCI_KDUMP_M_AF_FLR, PCI_KDUMP_M_PM,
		PCI_KDUMP_M_BUS, PCI_KDUMP_M_NONE,
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(allowed); i++) {
		const char *name = pci_kdump_method_name(allowed[i]);

		if (strlen(name) == len && !memcmp(name, s, len)) {
			*m = allowed[i];
			return 0;
		}
	}
	return -EINVAL;
}

static const char *last_colon(const char *s, size_t len)
{
	while (len--)
		if (s[len] == ':')
			return s + len;
	return NULL;
}

/**
 * pci_kdump_parse_list - parse a comma-separated skip or method list
 * @val: the parameter's value; NULL adds nothing
 * @pol: the policy to add rules to
 * @methods: tokens are "MATCH:method" (pci_kdump.method), not bare matches
 * @warn: called with each rejected token, its length and why
 *
 * Return: the number of tokens rejected.
 */
unsigned int pci_kdump_parse_list(const char *val, struct pci_kdump_policy *pol,
				  bool methods, pci_kdump_warn_t warn)
{
	unsigned int bad = 0;

	while (val && *val) {
		size_t len = strcspn(val, ",");
		const char *why = NULL;
		struct pci_kdump_match m;
		enum pci_kdump_method method = PCI_KDUMP_M_NONE;
		size_t match_len = len;

		if (methods) {
			const char *c = last_colon(val, len);

			if (!c || parse_method(c + 1, val + len - c - 1, &method))
				why = "unknown reset method";
			else
				match_len = c - val;
		}
		if (!why && pci_kdump_parse_match(val, match_len, &m))
			why = "not [seg:]bus:dev.fn or vendor:device";
		if (!why && (methods ? pol->nr_overrides : pol->nr_skip) >=
			    PCI_KDUMP_MAX_RULES)
			why = "too many rules";

		if (why) {
			if (len)
				warn(val, len, why);
			bad += len != 0;
		} else if (methods) {
			pol->overrides[pol->nr_overrides].match = m;
			pol->overrides[pol->nr_overrides++].method = method;
		} else {
			pol->skip[pol->nr_skip++] = m;
		}
		val += len;
		if (*val == ',')
			val++;
	}
	return bad;
}

static void warn_token(const char *tok, size_t len, const char *why)
{
	pr_warn("ignoring '%.*s': %s\n", (int)len, tok, why);
}

/**
 * pci_kdump_read_params - turn the pci_kdump.* values into the run's settings
 * @p: the values as the command line set them
 * @mode: set to pci_kdump.mode, or reset when it names no mode
 * @pol: gets the skip list, the overrides, the timeout and reset_all
 * @dry_run: set to pci_kdump.dry_run
 *
 * Every bad value is logged and replaced by its default; nothing here
 * fails.
 */
void pci_kdump_read_params(const struct pci_kdump_params *p,
			   enum pci_kdump_mode *mode,
			   struct pci_kdump_policy *pol, bool *dry_run)
{
	*mode = PCI_KDUMP_MODE_RESET;
	if (pci_kdump_parse_mode(p->mode, mode))
		pr_warn("ignoring pci_kdump.mode=%s: not off, quiesce, reset or all; using reset\n",
			p->mode);
	pci_kdump_parse_list(p->skip, pol, false, warn_token);
	pci_kdump_parse_list(p->method, pol, true, warn_token);
	pol->timeout_ms = p->timeout_ms;
	if (!pol->timeout_ms) {
		pr_warn("ignoring pci_kdump.timeout_ms=0; using %u\n",
			PCI_KDUMP_TIMEOUT_MS);
		pol->timeout_ms = PCI_KDUMP_TIMEOUT_MS;
	}
	pol->reset_all = *mode == PCI_KDUMP_MODE_ALL;
	*dry_run = p->dry_run;
}
