// SPDX-License-Identifier: GPL-2.0
/*
 * The capture kernel's command line, split and applied the way Linux 6.12
 * does it at boot: lib/cmdline.c next_arg() splits it, kernel/params.c
 * parse_args() sets the pci_kdump.* module parameters (declared in
 * drivers/pci/kdump-reset.c) with the standard setters, and init/main.c
 * hands what is left to the __setup() handlers, one of which is
 * reset_devices.  The messages are the kernel's, through audit_printk().
 * What pci-kdump then makes of the values is kdump-params.c's business.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "cmdline.h"
#include "log.h"

/* lib/kstrtox.c, with the kernel's semantics (tests/kunit-user/klib.c) */
int kstrtouint(const char *s, unsigned int base, unsigned int *res);
int kstrtobool(const char *s, bool *res);

#define MAX_CHARP	1024	/* param_set_charp()'s limit */

/* lib/ctype.c's spaces: the C ones plus Latin-1 NBSP */
static bool kspace(char c)
{
	unsigned char u = c;

	return u == ' ' || (u >= '\t' && u <= '\r') || u == 0xa0;
}

static char *skip_spaces(char *s)
{
	while (kspace(*s))
		s++;
	return s;
}

/* lib/cmdline.c next_arg(): param[=val], with double quotes */
static char *next_arg(char *args, char **param, char **val)
{
	unsigned int i, equals = 0;
	int in_quote = 0, quoted = 0;

	if (*args == '"') {
		args++;
		in_quote = 1;
		quoted = 1;
	}
	for (i = 0; args[i]; i++) {
		if (kspace(args[i]) && !in_quote)
			break;
		if (equals == 0 && args[i] == '=')
			equals = i;
		if (args[i] == '"')
			in_quote = !in_quote;
	}
	*param = args;
	if (!equals) {
		*val = NULL;
	} else {
		args[equals] = '\0';
		*val = args + equals + 1;
		/* Don't include quotes in value */
		if (**val == '"') {
			(*val)++;
			if (args[i - 1] == '"')
				args[i - 1] = '\0';
		}
	}
	if (quoted && i > 0 && args[i - 1] == '"')
		args[i - 1] = '\0';
	if (args[i]) {
		args[i] = '\0';
		args += i + 1;
	} else {
		args += i;
	}
	return skip_spaces(args);
}

/* kernel/params.c parameqn(): dashes and underscores are the same */
static bool parameqn(const char *a, const char *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((a[i] == '-' ? '_' : a[i]) != (b[i] == '-' ? '_' : b[i]))
			return false;
	return true;
}

enum ptype { P_CHARP, P_UINT, P_BOOL };

/*
 * kdump-reset.c's module_param() lines; tests/run_tests.py checks this
 * table against them
 */
static const struct {
	const char *name;
	enum ptype type;
	size_t off;
} params[] = {
	{ "pci_kdump.mode", P_CHARP, offsetof(struct audit_cmdline, params.mode) },
	{ "pci_kdump.skip", P_CHARP, offsetof(struct audit_cmdline, params.skip) },
	{ "pci_kdump.method", P_CHARP, offsetof(struct audit_cmdline, params.method) },
	{ "pci_kdump.timeout_ms", P_UINT,
	  offsetof(struct audit_cmdline, params.timeout_ms) },
	{ "pci_kdump.dry_run", P_BOOL, offsetof(struct audit_cmdline, params.dry_run) },
	{ "pci_kdump.force", P_BOOL, offsetof(struct audit_cmdline, force) },
};

/* param_set_charp(), param_set_uint(), param_set_bool() */
static int set(struct audit_cmdline *c, unsigned int i, const char *val)
{
	void *arg = (char *)c + params[i].off;

	switch (params[i].type) {
	case P_CHARP:
		if (strnlen(val, MAX_CHARP + 1) == MAX_CHARP + 1) {
			audit_printk(AUDIT_KERN_ERR "%s: string parameter too long\n",
				     params[i].name);
			return -ENOSPC;
		}
		*(const char **)arg = val;
		return 0;
	case P_UINT:
		return kstrtouint(val, 0, arg);
	default:
		return kstrtobool(val ? val : "1", arg);
	}
}

/* kernel/params.c parse_one(), for the parameters pci-kdump declares */
static int parse_one(struct audit_cmdline *c, const char *param,
		     const char *val, FILE *notes)
{
	unsigned int i;

	for (i = 0; i < sizeof(params) / sizeof(params[0]); i++) {
		if (!parameqn(param, params[i].name, strlen(param) + 1))
			continue;
		/* Only bool takes no value (KERNEL_PARAM_OPS_FL_NOARG) */
		if (!val && params[i].type != P_BOOL)
			return -EINVAL;
		return set(c, i, val);
	}
	/*
	 * init/main.c unknown_bootoption(): obsolete_checksetup() runs every
	 * __setup() handler whose name is a prefix, and reset_devices' sets
	 * the flag whatever follows; a dotted name left over is silently an
	 * unused module parameter.
	 */
	if (parameqn(param, "reset_devices", strlen("reset_devices")))
		c->reset_devices = true;
	else if (notes && parameqn(param, "pci_kdump.", strlen("pci_kdump.")))
		fprintf(notes, "pci-reset-audit: note: %s%s%s is not a pci-kdump parameter; the capture kernel ignores it without a word\n",
			param, val ? "=" : "", val ? val : "");
	return 0;
}

/**
 * audit_cmdline_parse - apply a capture command line as the kernel would
 * @c: filled; free it with audit_cmdline_free()
 * @line: the command line
 * @notes: where to say what the kernel ignores without a message, or NULL
 *
 * The kernel's messages about bad values go to audit_printk().
 *
 * Return: 0, or -ENOMEM.
 */
int audit_cmdline_parse(struct audit_cmdline *c, const char *line, FILE *notes)
{
	char *args, *param, *val;
	int ret;

	memset(c, 0, sizeof(*c));
	c->params.timeout_ms = PCI_KDUMP_TIMEOUT_MS;
	c->buf = strdup(line);
	if (!c->buf)
		return -ENOMEM;
	args = skip_spaces(c->buf);
	while (*args) {
		args = next_arg(args, &param, &val);
		/* Everything after -- is init's */
		if (!val && !strcmp(param, "--"))
			break;
		ret = parse_one(c, param, val, notes);
		if (ret == -ENOSPC)
			audit_printk(AUDIT_KERN_ERR "Booting kernel: `%s' too large for parameter `%s'\n",
				     val ? val : "", param);
		else if (ret)
			audit_printk(AUDIT_KERN_ERR "Booting kernel: `%s' invalid for parameter `%s'\n",
				     val ? val : "", param);
	}
	return 0;
}

void audit_cmdline_free(struct audit_cmdline *c)
{
	free(c->buf);
	memset(c, 0, sizeof(*c));
}
