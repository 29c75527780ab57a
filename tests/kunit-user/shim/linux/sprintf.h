/* SPDX-License-Identifier: GPL-2.0 */
/* libc's snprintf() (audit shim) plus scnprintf(), in klib.c */
#ifndef SHIM_KUNIT_LINUX_SPRINTF_H
#define SHIM_KUNIT_LINUX_SPRINTF_H

#include_next <linux/sprintf.h>
#include <stdarg.h>
#include <linux/compiler_types.h>

__printf(3, 4) int scnprintf(char *buf, size_t size, const char *fmt, ...);
__printf(3, 0) int vscnprintf(char *buf, size_t size, const char *fmt,
			      va_list args);

#endif /* SHIM_KUNIT_LINUX_SPRINTF_H */
