/* SPDX-License-Identifier: GPL-2.0 */
#ifndef SHIM_LINUX_SLAB_H
#define SHIM_LINUX_SLAB_H

#include <stdlib.h>
#include <linux/types.h>

#define GFP_KERNEL	0U
#define GFP_ATOMIC	1U
#define GFP_NOWAIT	2U

static inline void *kzalloc(size_t size, gfp_t gfp)
{
	return calloc(1, size);
}

static inline void *kcalloc(size_t n, size_t size, gfp_t gfp)
{
	return calloc(n, size);
}

#define kmalloc(size, gfp)		kzalloc(size, gfp)
#define kmalloc_array(n, size, gfp)	kcalloc(n, size, gfp)
#define kfree(ptr)			free((void *)(ptr))

#endif /* SHIM_LINUX_SLAB_H */
