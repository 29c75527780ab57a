// SPDX-License-Identifier: GPL-2.0
/* Words shared by the text and JSON reports */
#include "audit.h"

/**
 * audit_type - what kind of function this is, from its PCIe capability
 * @fn: a probed function
 *
 * Without a PCIe capability the header type tells bridges from the rest.
 * VFs are named as such.
 */
const char *audit_type(const struct pci_kdump_fn *fn)
{
	static const char * const pcie[16] = {
		[PCI_EXP_TYPE_ENDPOINT] = "endpoint",
		[PCI_EXP_TYPE_LEG_END] = "legacy endpoint",
		[PCI_EXP_TYPE_ROOT_PORT] = "root port",
		[PCI_EXP_TYPE_UPSTREAM] = "upstream port",
		[PCI_EXP_TYPE_DOWNSTREAM] = "downstream port",
		[PCI_EXP_TYPE_PCI_BRIDGE] = "PCIe-to-PCI bridge",
		[PCI_EXP_TYPE_PCIE_BRIDGE] = "PCI-to-PCIe bridge",
		[PCI_EXP_TYPE_RC_END] = "RCiEP",
		[PCI_EXP_TYPE_RC_EC] = "RC event collector",
	};

	/* Found from its PF: VFs need not answer a read of their header */
	if (fn->pf)
		return "SR-IOV VF";
	if (fn->exp_cap) {
		const char *t = pcie[(fn->exp_flags & PCI_EXP_FLAGS_TYPE) >> 4];

		return t ? t : "PCIe (unknown type)";
	}
	if (fn->hdr_type == PCI_HEADER_TYPE_BRIDGE)
		return "PCI bridge";
	if (fn->hdr_type == PCI_HEADER_TYPE_CARDBUS)
		return "CardBus bridge";
	return "PCI";
}

/**
 * audit_methods - Linux's reset methods for a function, as sysfs names them
 * @a: the audit
 * @fn: one of its functions
 * @names: filled with up to @max names, in Linux's order
 * @max: room in @names
 *
 * Return: the number of names written.
 */
unsigned int audit_methods(const struct audit *a, const struct pci_kdump_fn *fn,
			   const char **names, unsigned int max)
{
	static const struct {
		unsigned int bit;
		const char *name;
	} linux_order[] = {
		{ PCI_KDUMP_LINUX_FLR, "flr" },
		{ PCI_KDUMP_LINUX_AF_FLR, "af_flr" },
		{ PCI_KDUMP_LINUX_PM, "pm" },
		{ PCI_KDUMP_LINUX_BUS, "bus" },
	};
	unsigned int mask = pci_kdump_linux_methods(&a->fab, fn);
	unsigned int i, n = 0;

	for (i = 0; i < sizeof(linux_order) / sizeof(linux_order[0]); i++)
		if ((mask & linux_order[i].bit) && n < max)
			names[n++] = linux_order[i].name;
	return n;
}

unsigned int audit_unsafe(const struct audit *a)
{
	unsigned int i, n = 0;

	for (i = 0; i < a->fab.nr; i++)
		n += !a->fab.fns[i].safe;
	return n;
}
