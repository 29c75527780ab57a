/* SPDX-License-Identifier: GPL-2.0 */
/* The capture command line the distribution's kdump tools append */
#ifndef PCI_RESET_AUDIT_KDUMPCONF_H
#define PCI_RESET_AUDIT_KDUMPCONF_H

#include <stddef.h>

char *audit_kdump_append(const char *path, char *err, size_t errlen);

#endif
