/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the capture kernel would log, collected line by line from the
 * kernel code's own printk calls (shim/log/linux/printk.h).
 */
#ifndef PCI_RESET_AUDIT_LOG_H
#define PCI_RESET_AUDIT_LOG_H

#include <stdbool.h>
#include <stddef.h>

/* KERN_ERR, for messages of kernel code the audit restates (cmdline.c) */
#define AUDIT_KERN_ERR	"\001" "3"

struct audit_line {
	char level;		/* '0'..'7', as after KERN_SOH */
	char *text;		/* without the newline */
};

struct audit_log {
	struct audit_line *lines;
	size_t nr;
	size_t max;
	bool nomem;		/* a line was lost: the output must say so */
};

void audit_log_begin(struct audit_log *log);
void audit_log_end(void);
void audit_log_free(struct audit_log *log);
void audit_printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
