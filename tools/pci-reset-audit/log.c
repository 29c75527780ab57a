// SPDX-License-Identifier: GPL-2.0
/*
 * The sink of the kernel code's printk calls.  printk has no context, so
 * the log being filled is a static, set for the span of one prediction.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "log.h"

static struct audit_log *sink;

void audit_log_begin(struct audit_log *log)
{
	memset(log, 0, sizeof(*log));
	sink = log;
}

void audit_log_end(void)
{
	sink = NULL;
}

void audit_log_free(struct audit_log *log)
{
	size_t i;

	for (i = 0; i < log->nr; i++)
		free(log->lines[i].text);
	free(log->lines);
	memset(log, 0, sizeof(*log));
}

static void add(struct audit_log *log, char level, const char *fmt, va_list ap)
{
	struct audit_line *l;
	va_list again;
	int n;

	va_copy(again, ap);
	n = vsnprintf(NULL, 0, fmt, ap);
	if (log->nr == log->max) {
		size_t max = log->max ? 2 * log->max : 64;

		l = realloc(log->lines, max * sizeof(*l));
		if (!l)
			goto lost;
		log->lines = l;
		log->max = max;
	}
	l = &log->lines[log->nr];
	l->text = n < 0 ? NULL : malloc((size_t)n + 1);
	if (!l->text)
		goto lost;
	vsnprintf(l->text, (size_t)n + 1, fmt, again);
	/* One line per call, as every caller ends its format with \n */
	if (n && l->text[n - 1] == '\n')
		l->text[n - 1] = '\0';
	l->level = level;
	log->nr++;
	va_end(again);
	return;
lost:
	log->nomem = true;
	va_end(again);
}

void audit_printk(const char *fmt, ...)
{
	char level = '4';	/* the kernel's default, MESSAGE_LOGLEVEL_DEFAULT */
	va_list ap;

	if (!sink)
		return;
	if (fmt[0] == '\001' && fmt[1] >= '0' && fmt[1] <= '7') {
		level = fmt[1];
		fmt += 2;
	}
	va_start(ap, fmt);
	add(sink, level, fmt, ap);
	va_end(ap);
}
