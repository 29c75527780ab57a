/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Force-included into every file, as the kernel force-includes its own
 * compiler_types.h: the attributes kernel code may use without including
 * anything.
 */
#ifndef SHIM_LINUX_COMPILER_TYPES_H
#define SHIM_LINUX_COMPILER_TYPES_H

#define __printf(a, b)		__attribute__((format(printf, a, b)))
#define __scanf(a, b)		__attribute__((format(scanf, a, b)))
#define __maybe_unused		__attribute__((unused))
#define __always_unused		__attribute__((unused))
#define __used			__attribute__((used))
#define __always_inline		inline __attribute__((always_inline))
#define noinline		__attribute__((noinline))
#define __must_check		__attribute__((warn_unused_result))
#define __packed		__attribute__((packed))
#define __aligned(x)		__attribute__((aligned(x)))
#define __cold			__attribute__((cold))
#define __counted_by(member)
#define __nonstring
#define __user
#define __iomem
#define __force
#define __bitwise
#define fallthrough		__attribute__((fallthrough))

#endif /* SHIM_LINUX_COMPILER_TYPES_H */
