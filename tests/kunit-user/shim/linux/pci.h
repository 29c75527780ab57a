/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The UAPI <linux/pci.h> (PCI_DEVFN() and friends) and the basics the
 * kernel's own <linux/pci.h> brings in; none of the PCI core.
 */
#ifndef SHIM_KUNIT_LINUX_PCI_H
#define SHIM_KUNIT_LINUX_PCI_H

#include_next <linux/pci.h>
#include <linux/errno.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/pci_ids.h>

/* The kernel's <linux/pci.h> has it; the UAPI header does not */
#define PCI_DEVID(bus, devfn)	((((u16)(bus)) << 8) | (devfn))

#endif /* SHIM_KUNIT_LINUX_PCI_H */
