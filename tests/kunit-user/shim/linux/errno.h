/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The UAPI errno values are the kernel's; add the kernel-only ones.  libc's
 * <errno.h> includes <linux/errno.h> too, and gets this file: fine.
 */
#ifndef SHIM_LINUX_ERRNO_H
#define SHIM_LINUX_ERRNO_H

#include_next <linux/errno.h>

#define ERESTARTSYS	512
#define ENOTSUPP	524

#endif /* SHIM_LINUX_ERRNO_H */
