/* SPDX-License-Identifier: GPL-2.0 */
#ifndef SHIM_KUNIT_LINUX_BITS_H
#define SHIM_KUNIT_LINUX_BITS_H

#include_next <linux/bits.h>

#define BIT_ULL(nr)		(1ULL << (nr))
#define BITS_PER_LONG		(8 * (int)sizeof(long))
#define GENMASK(h, l)		((~0UL << (l)) & (~0UL >> (BITS_PER_LONG - 1 - (h))))
#define GENMASK_ULL(h, l)	((~0ULL << (l)) & (~0ULL >> (63 - (h))))

#endif /* SHIM_KUNIT_LINUX_BITS_H */
