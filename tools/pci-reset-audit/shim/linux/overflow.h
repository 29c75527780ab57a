/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace stand-in for the kernel's array_size(): SIZE_MAX on overflow */
#ifndef SHIM_LINUX_OVERFLOW_H
#define SHIM_LINUX_OVERFLOW_H

#include <stddef.h>
#include <stdint.h>

static inline size_t array_size(size_t n, size_t size)
{
	size_t bytes;

	return __builtin_mul_overflow(n, size, &bytes) ? SIZE_MAX : bytes;
}

#endif /* SHIM_LINUX_OVERFLOW_H */
