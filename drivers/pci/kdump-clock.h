/* SPDX-License-Identifier: GPL-2.0 */
#ifndef DRIVERS_PCI_KDUMP_CLOCK_H
#define DRIVERS_PCI_KDUMP_CLOCK_H

#include <linux/types.h>

bool pci_kdump_clock_init(void);
u64 pci_kdump_clock_ms(void);
void pci_kdump_clock_sleep_ms(unsigned int ms);

#endif /* DRIVERS_PCI_KDUMP_CLOCK_H */
