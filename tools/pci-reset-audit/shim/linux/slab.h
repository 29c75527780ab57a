/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace stand-in for the kernel's allocators: calloc() and free() */
#ifndef SHIM_LINUX_SLAB_H
#define SHIM_LINUX_SLAB_H

#include <stdlib.h>
#include <string.h>

#define GFP_KERNEL	0U
#define GFP_ATOMIC	1U
#define GFP_NOWAIT	2U

/* The flags say how to wait for memory; calloc() knows only one way */
#define kcalloc(n, size, gfp)		calloc((n), (size))
#define kzalloc(size, gfp)		kcalloc(1, (size), (gfp))
#define kvcalloc(n, size, gfp)		kcalloc((n), (size), (gfp))
#define kmalloc(size, gfp)		kzalloc((size), (gfp))
#define kmalloc_array(n, size, gfp)	kcalloc((n), (size), (gfp))
#define kfree(ptr)			free((void *)(ptr))
#define kvfree(ptr)			kfree(ptr)

static inline void *kvmemdup(const void *src, size_t len, unsigned int gfp)
{
	void *p = malloc(len);

	return p ? memcpy(p, src, len) : NULL;
}

#endif /* SHIM_LINUX_SLAB_H */
