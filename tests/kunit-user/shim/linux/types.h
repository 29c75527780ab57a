/* SPDX-License-Identifier: GPL-2.0 */
/* The audit shim's u8..u64, plus the rest of <linux/types.h> kernel code uses */
#ifndef SHIM_KUNIT_LINUX_TYPES_H
#define SHIM_KUNIT_LINUX_TYPES_H

#include_next <linux/types.h>
#include <stddef.h>
#include <sys/types.h>

typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;
typedef unsigned int gfp_t;

#endif /* SHIM_KUNIT_LINUX_TYPES_H */
