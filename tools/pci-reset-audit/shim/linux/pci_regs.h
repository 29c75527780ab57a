#ifndef SHIM_LINUX_PCI_REGS_H
#define SHIM_LINUX_PCI_REGS_H
/*
 * The register layout comes from the UAPI header linux-libc-dev installs.
 * Debian 12 ships 6.1 headers, which predate the few names 6.12 added;
 * those are filled in here with the values of 6.12's
 * include/uapi/linux/pci_regs.h, and only when missing.
 */
#include_next <linux/pci_regs.h>

#ifndef PCI_HEADER_TYPE_MFD
#define PCI_HEADER_TYPE_MFD	0x80	/* Multi-Function Device (possible) */
#endif

#endif
