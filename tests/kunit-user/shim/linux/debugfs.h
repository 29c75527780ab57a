/* SPDX-License-Identifier: GPL-2.0 */
/* debugfs as when CONFIG_DEBUG_FS=n: every call succeeds and does nothing */
#ifndef SHIM_LINUX_DEBUGFS_H
#define SHIM_LINUX_DEBUGFS_H

#include <linux/seq_file.h>
#include <linux/types.h>

struct dentry;

static inline struct dentry *debugfs_create_dir(const char *name,
						struct dentry *parent)
{
	return NULL;
}

static inline struct dentry *
debugfs_create_file(const char *name, unsigned short mode,
		    struct dentry *parent, void *data,
		    const struct file_operations *fops)
{
	return NULL;
}

static inline void debugfs_create_u32(const char *name, unsigned short mode,
				      struct dentry *parent, u32 *value)
{
}

static inline void debugfs_create_bool(const char *name, unsigned short mode,
				       struct dentry *parent, bool *value)
{
}

static inline void debugfs_remove(struct dentry *dentry)
{
}

#define debugfs_remove_recursive debugfs_remove

#endif /* SHIM_LINUX_DEBUGFS_H */
