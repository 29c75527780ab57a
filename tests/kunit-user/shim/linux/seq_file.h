/* SPDX-License-Identifier: GPL-2.0 */
/* seq_file output goes nowhere; DEFINE_SHOW_ATTRIBUTE() keeps its show() */
#ifndef SHIM_LINUX_SEQ_FILE_H
#define SHIM_LINUX_SEQ_FILE_H

#include <linux/compiler_types.h>

struct seq_file {
	void *private;
};

struct file_operations {
	int (*show)(struct seq_file *m, void *v);
};

static inline void seq_puts(struct seq_file *m, const char *s)
{
}

static inline void seq_putc(struct seq_file *m, char c)
{
}

static inline __printf(2, 3) void seq_printf(struct seq_file *m,
					     const char *fmt, ...)
{
}

#define DEFINE_SHOW_ATTRIBUTE(__name)					\
	static const struct file_operations __name##_fops = {		\
		.show = __name##_show,					\
	}

#endif /* SHIM_LINUX_SEQ_FILE_H */
