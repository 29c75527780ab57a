/* SPDX-License-Identifier: GPL-2.0 */
/*
 * min()/max() without the kernel's compile-time signedness checks: the
 * kernel build does those checks on the same files.
 */
#ifndef SHIM_LINUX_MINMAX_H
#define SHIM_LINUX_MINMAX_H

#define __kunit_user_cmp(op, x, y) \
	({ typeof(x) __x = (x); typeof(y) __y = (y); __x op __y ? __x : __y; })

#define min(x, y)		__kunit_user_cmp(<, x, y)
#define max(x, y)		__kunit_user_cmp(>, x, y)
#define umin(x, y)		min((unsigned long long)(x), (unsigned long long)(y))
#define umax(x, y)		max((unsigned long long)(x), (unsigned long long)(y))
#define min_t(type, x, y)	min((type)(x), (type)(y))
#define max_t(type, x, y)	max((type)(x), (type)(y))
#define clamp(val, lo, hi)	min(max(val, lo), hi)
#define clamp_t(type, val, lo, hi) min_t(type, max_t(type, val, lo), hi)
#define swap(a, b) \
	do { typeof(a) __tmp = (a); (a) = (b); (b) = __tmp; } while (0)

#endif /* SHIM_LINUX_MINMAX_H */
