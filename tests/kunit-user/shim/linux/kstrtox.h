/* SPDX-License-Identifier: GPL-2.0 */
/* The kernel's strict string-to-integer parsers, in klib.c */
#ifndef SHIM_LINUX_KSTRTOX_H
#define SHIM_LINUX_KSTRTOX_H

#include <linux/compiler_types.h>
#include <linux/types.h>

int __must_check kstrtoull(const char *s, unsigned int base,
			   unsigned long long *res);
int __must_check kstrtoll(const char *s, unsigned int base, long long *res);
int __must_check kstrtouint(const char *s, unsigned int base,
			    unsigned int *res);
int __must_check kstrtoint(const char *s, unsigned int base, int *res);
int __must_check kstrtou16(const char *s, unsigned int base, u16 *res);
int __must_check kstrtou8(const char *s, unsigned int base, u8 *res);
int __must_check kstrtobool(const char *s, bool *res);

static inline int __must_check kstrtoul(const char *s, unsigned int base,
					unsigned long *res)
{
	return kstrtoull(s, base, (unsigned long long *)res);
}

#endif /* SHIM_LINUX_KSTRTOX_H */
