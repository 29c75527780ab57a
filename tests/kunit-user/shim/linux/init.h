/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Initcalls are kept (so the functions they name are compiled, referenced
 * and warning-free) but nothing calls them.
 */
#ifndef SHIM_LINUX_INIT_H
#define SHIM_LINUX_INIT_H

#include <linux/compiler_types.h>

#define __init
#define __exit
#define __initdata
#define __initconst
#define __ro_after_init

typedef int (*initcall_t)(void);

#define __kunit_user_initcall(fn) \
	static initcall_t __kunit_user_initcall_##fn __used = fn
#define early_initcall(fn)		__kunit_user_initcall(fn)
#define core_initcall(fn)		__kunit_user_initcall(fn)
#define arch_initcall(fn)		__kunit_user_initcall(fn)
#define subsys_initcall(fn)		__kunit_user_initcall(fn)
#define fs_initcall(fn)			__kunit_user_initcall(fn)
#define rootfs_initcall(fn)		__kunit_user_initcall(fn)
#define device_initcall(fn)		__kunit_user_initcall(fn)
#define late_initcall(fn)		__kunit_user_initcall(fn)
#define late_initcall_sync(fn)		__kunit_user_initcall(fn)

#endif /* SHIM_LINUX_INIT_H */
