/* SPDX-License-Identifier: GPL-2.0 */
/* libc's string functions (audit shim) plus the kernel's own, in klib.c */
#ifndef SHIM_KUNIT_LINUX_STRING_H
#define SHIM_KUNIT_LINUX_STRING_H

#include_next <linux/string.h>
/* What 6.12's <linux/string.h> includes, kernel code may rely on */
#include <stdarg.h>
#include <linux/array_size.h>
#include <linux/compiler.h>
#include <linux/err.h>
#include <linux/errno.h>
#include <linux/types.h>

ssize_t sized_strscpy(char *dest, const char *src, size_t count);
/* 6.12's strscpy(dst, src[, size]): the size defaults to sizeof(dst) */
#define __kunit_user_strscpy0(dst, src, ...)	\
	sized_strscpy(dst, src, sizeof(dst))
#define __kunit_user_strscpy1(dst, src, size)	sized_strscpy(dst, src, size)
#define __kunit_user_nargs(_0, _1, _2, n, ...)	n
#define __kunit_user_cat2(a, b)			a##b
#define __kunit_user_cat(a, b)			__kunit_user_cat2(a, b)
#define strscpy(dst, src, ...)						\
	__kunit_user_cat(__kunit_user_strscpy,				\
			 __kunit_user_nargs(, ##__VA_ARGS__, 2, 1, 0))	\
		(dst, src, __VA_ARGS__)
int match_string(const char * const *array, size_t n, const char *string);

#endif /* SHIM_KUNIT_LINUX_STRING_H */
