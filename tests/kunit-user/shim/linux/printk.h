/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pr_*() compile to nothing, with their formats still checked: the runner
 * reports through KTAP, and what the kernel logs is tested by the VM tests.
 */
#ifndef SHIM_LINUX_PRINTK_H
#define SHIM_LINUX_PRINTK_H

#include <linux/compiler_types.h>

#ifndef pr_fmt
#define pr_fmt(fmt) fmt
#endif

#define KERN_EMERG	""
#define KERN_ALERT	""
#define KERN_CRIT	""
#define KERN_ERR	""
#define KERN_WARNING	""
#define KERN_NOTICE	""
#define KERN_INFO	""
#define KERN_DEBUG	""
#define KERN_CONT	""

static inline __printf(1, 2) int no_printk(const char *fmt, ...)
{
	return 0;
}

#define printk(fmt, ...)	no_printk(fmt, ##__VA_ARGS__)
#define pr_emerg(fmt, ...)	no_printk(pr_fmt(fmt), ##__VA_ARGS__)
#define pr_alert(fmt, ...)	no_printk(pr_fmt(fmt), ##__VA_ARGS__)
#define pr_crit(fmt, ...)	no_printk(pr_fmt(fmt), ##__VA_ARGS__)
#define pr_err(fmt, ...)	no_printk(pr_fmt(fmt), ##__VA_ARGS__)
#define pr_warn(fmt, ...)	no_printk(pr_fmt(fmt), ##__VA_ARGS__)
#define pr_notice(fmt, ...)	no_printk(pr_fmt(fmt), ##__VA_ARGS__)
#define pr_info(fmt, ...)	no_printk(pr_fmt(fmt), ##__VA_ARGS__)
#define pr_debug(fmt, ...)	no_printk(pr_fmt(fmt), ##__VA_ARGS__)
#define pr_cont(fmt, ...)	no_printk(fmt, ##__VA_ARGS__)
#define pr_err_once		pr_err
#define pr_warn_once		pr_warn
#define pr_info_once		pr_info
#define pr_warn_ratelimited	pr_warn

#endif /* SHIM_LINUX_PRINTK_H */
