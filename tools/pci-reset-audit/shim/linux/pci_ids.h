#ifndef SHIM_LINUX_PCI_IDS_H
#define SHIM_LINUX_PCI_IDS_H
/*
 * The vendor IDs quirks-kdump.c names, with the values of Linux 6.12's
 * include/linux/pci_ids.h.  Add a line here when the quirk table gains a
 * vendor; the build fails until then.
 */
#define PCI_VENDOR_ID_SOLIDIGM		0x025e
#define PCI_VENDOR_ID_ATI		0x1002
#define PCI_VENDOR_ID_AMD		0x1022
#define PCI_VENDOR_ID_TI		0x104c
#define PCI_VENDOR_ID_NVIDIA		0x10de
#define PCI_VENDOR_ID_TTI		0x1103
#define PCI_VENDOR_ID_RICOH		0x1180
#define PCI_VENDOR_ID_MEDIATEK		0x14c3
#define PCI_VENDOR_ID_MELLANOX		0x15b3
#define PCI_VENDOR_ID_ATHEROS		0x168c
#define PCI_VENDOR_ID_CAVIUM		0x177d
#define PCI_VENDOR_ID_JMICRON		0x197b
#define PCI_VENDOR_ID_QCOM		0x17cb
#define PCI_VENDOR_ID_MARVELL_EXT	0x1b4b
#define PCI_VENDOR_ID_ASMEDIA		0x1b21
#define PCI_VENDOR_ID_GLENFLY		0x6766
#define PCI_VENDOR_ID_INTEL		0x8086
#define PCI_VENDOR_ID_ADAPTEC2		0x9005
#define PCI_VENDOR_ID_SOLIDRUN		0xd063

#define PCI_DEVICE_ID_JMICRON_JMB388_ESD 0x2392

#endif
