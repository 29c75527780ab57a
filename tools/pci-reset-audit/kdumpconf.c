// SPDX-License-Identifier: GPL-2.0
/*
 * Where the administrator puts the capture kernel's command line: Debian's
 * kdump-tools reads KDUMP_CMDLINE_APPEND from /etc/default/kdump-tools,
 * Fedora's kdumpctl KDUMP_COMMANDLINE_APPEND from /etc/sysconfig/kdump.
 * Both files are shell; this reads their assignments without running
 * anything, and refuses what only a shell could evaluate.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "kdumpconf.h"

/* Files larger than this are not a kdump configuration */
#define MAX_CONF	(1 << 20)

static const struct {
	const char *path;
	const char *var;
	/* what the tools use when it is unset or empty */
	const char *unset;
} confs[] = {
	/* kdump-config: ${KDUMP_CMDLINE_APPEND:="reset_devices ..."} */
	{ "/etc/default/kdump-tools", "KDUMP_CMDLINE_APPEND",
	  "reset_devices systemd.unit=kdump-tools-dump.service nr_cpus=1 irqpoll usbcore.nousb" },
	{ "/etc/sysconfig/kdump", "KDUMP_COMMANDLINE_APPEND", "" },
};

static char *slurp(const char *path, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	char *buf;
	size_t n;

	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	buf = malloc(MAX_CONF + 1);
	if (!buf) {
		fclose(f);
		snprintf(err, errlen, "%s: out of memory", path);
		return NULL;
	}
	n = fread(buf, 1, MAX_CONF + 1, f);
	if (ferror(f) || n > MAX_CONF || memchr(buf, '\0', n)) {
		snprintf(err, errlen, "%s: %s", path, ferror(f) ? strerror(errno) :
			 "not a kdump configuration file");
		fclose(f);
		free(buf);
		return NULL;
	}
	fclose(f);
	buf[n] = '\0';
	return buf;
}

/*
 * One shell word from *@p into @out (room for strlen(*@p) + 1): quotes
 * removed, backslash escapes applied.  Returns NULL, or why it cannot be
 * read without a shell.
 */
static const char *word(const char **p, char *out)
{
	const char *s = *p;
	char q = 0;

	for (; *s && (q || (*s != ' ' && *s != '\t' && *s != '\n' &&
			    *s != ';' && *s != '#')); s++) {
		if (q == '\'') {
			if (*s == '\'')
				q = 0;
			else
				*out++ = *s;
		} else if (*s == '$' || *s == '`') {
			return "uses shell expansion";
		} else if (*s == '\\') {
			if (!s[1])
				break;
			s++;
			/* Inside "", a backslash escapes only $ ` " \ and newline */
			if (q && !strchr("$`\"\\\n", *s))
				*out++ = '\\';
			if (*s != '\n')
				*out++ = *s;
		} else if (*s == '"' || (!q && *s == '\'')) {
			q = q ? 0 : *s;
		} else {
			*out++ = *s;
		}
	}
	*out = '\0';
	*p = s;
	return q ? "has an unterminated quote" : NULL;
}

/*
 * The last assignment to @var in @text, as the shell would leave it:
 * NULL with @err empty when there is none.
 */
static char *find_var(const char *text, const char *var, const char *path,
		      char *err, size_t errlen)
{
	size_t len = strlen(var);
	const char *l, *why;
	char *val = NULL, *w;
	unsigned int line = 1;

	for (l = text; *l; line++) {
		const char *s = l + strspn(l, " \t");

		if (!strncmp(s, "export", 6) && (s[6] == ' ' || s[6] == '\t'))
			s += 6 + strspn(s + 6, " \t");
		if (!strncmp(s, var, len) && s[len] == '=') {
			s += len + 1;
			w = malloc(strlen(s) + 1);
			if (!w) {
				snprintf(err, errlen, "out of memory");
				free(val);
				return NULL;
			}
			why = word(&s, w);
			if (why) {
				snprintf(err, errlen, "%s:%u: %s %s; give the capture kernel's command line with --cmdline",
					 path, line, var, why);
				free(w);
				free(val);
				return NULL;
			}
			free(val);
			val = w;
		}
		/* A quoted value may span lines: count them all */
		for (; l < s; l++)
			line += *l == '\n';
		l += strcspn(l, "\n");
		if (*l)
			l++;
	}
	return val;
}

#define NR_CONFS	(sizeof(confs) / sizeof(confs[0]))

/*
 * The value of confs[@i].var in @path, or its tool's default when unset;
 * with @i == NR_CONFS, of whichever variable the file sets.
 */
static char *from_file(const char *path, unsigned int i, char *err,
		       size_t errlen)
{
	char *text = slurp(path, err, errlen), *val = NULL;
	unsigned int j;

	if (!text)
		return NULL;
	err[0] = '\0';
	for (j = 0; j < NR_CONFS && !val && !err[0]; j++) {
		if (i == NR_CONFS || i == j)
			val = find_var(text, confs[j].var, path, err, errlen);
		if (val && !val[0] && i == j) {
			free(val);
			val = NULL;
		}
		if (!val && !err[0] && i == j)
			val = strdup(confs[j].unset);
	}
	free(text);
	if (!val && !err[0])
		snprintf(err, errlen, "%s: sets neither KDUMP_CMDLINE_APPEND nor KDUMP_COMMANDLINE_APPEND",
			 path);
	return val;
}

/* A file named by hand is read as its name says, else as either kind */
static unsigned int kind_of(const char *path)
{
	const char *base = strrchr(path, '/');
	unsigned int i;

	base = base ? base + 1 : path;
	for (i = 0; i < NR_CONFS; i++)
		if (!strcmp(base, strrchr(confs[i].path, '/') + 1))
			return i;
	return NR_CONFS;
}

/**
 * audit_kdump_append - what the kdump tools append to the capture command line
 * @path: a kdump-tools or kdumpctl configuration file, or NULL for the
 *	first of /etc/default/kdump-tools and /etc/sysconfig/kdump that exists
 * @err: set to a message when NULL is returned
 * @errlen: size of @err
 *
 * Return: the command line, to be freed, or NULL.
 */
char *audit_kdump_append(const char *path, char *err, size_t errlen)
{
	unsigned int i;
	char *val;

	if (path) {
		val = from_file(path, kind_of(path), err, errlen);
	} else {
		for (i = 0; i < NR_CONFS; i++)
			if (!access(confs[i].path, F_OK))
				break;
		if (i == NR_CONFS) {
			snprintf(err, errlen, "no /etc/default/kdump-tools or /etc/sysconfig/kdump: give the capture kernel's command line with --cmdline");
			return NULL;
		}
		val = from_file(confs[i].path, i, err, errlen);
	}
	if (!val && !err[0])
		snprintf(err, errlen, "out of memory");
	return val;
}
