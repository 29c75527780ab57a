/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel's printk for the files pci-reset-audit runs: every line goes
 * to audit_printk() (log.c), so the prediction is what the capture kernel's
 * own pr_warn() and pr_info() calls say.  Searched before the KUnit shim's
 * printk.h, which compiles them to nothing.
 */
#ifndef AUDIT_SHIM_LINUX_PRINTK_H
#define AUDIT_SHIM_LINUX_PRINTK_H

#ifndef pr_fmt
#define pr_fmt(fmt) fmt
#endif

/* The kernel's level prefixes: SOH, then the level digit */
#define KERN_SOH	"\001"
#define KERN_EMERG	KERN_SOH "0"
#define KERN_ALERT	KERN_SOH "1"
#define KERN_CRIT	KERN_SOH "2"
#define KERN_ERR	KERN_SOH "3"
#define KERN_WARNING	KERN_SOH "4"
#define KERN_NOTICE	KERN_SOH "5"
#define KERN_INFO	KERN_SOH "6"
#define KERN_DEBUG	KERN_SOH "7"
#define KERN_CONT	KERN_SOH "c"

void audit_printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#define printk(fmt, ...)	audit_printk(fmt, ##__VA_ARGS__)
#define pr_emerg(fmt, ...)	audit_printk(KERN_EMERG pr_fmt(fmt), ##__VA_ARGS__)
#define pr_alert(fmt, ...)	audit_printk(KERN_ALERT pr_fmt(fmt), ##__VA_ARGS__)
#define pr_crit(fmt, ...)	audit_printk(KERN_CRIT pr_fmt(fmt), ##__VA_ARGS__)
#define pr_err(fmt, ...)	audit_printk(KERN_ERR pr_fmt(fmt), ##__VA_ARGS__)
#define pr_warn(fmt, ...)	audit_printk(KERN_WARNING pr_fmt(fmt), ##__VA_ARGS__)
#define pr_notice(fmt, ...)	audit_printk(KERN_NOTICE pr_fmt(fmt), ##__VA_ARGS__)
#define pr_info(fmt, ...)	audit_printk(KERN_INFO pr_fmt(fmt), ##__VA_ARGS__)
/* Debug output is off in the capture kernel (no DYNAMIC_DEBUG) */
#define pr_debug(fmt, ...)	do { } while (0)

#endif /* AUDIT_SHIM_LINUX_PRINTK_H */
