/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A copy of every function's config space, taken once through libpci:
 * the fabric the prediction runs the capture kernel's code on.
 */
#ifndef PCI_RESET_AUDIT_IMAGE_H
#define PCI_RESET_AUDIT_IMAGE_H

#include "kdump.h"

struct audit_image_fn {
	u16 seg;
	u8 bus;
	u8 devfn;
	u8 cfg[PCI_CFG_SPACE_EXP_SIZE];
};

/**
 * struct audit_image - config space copies, sorted by segment, bus, devfn
 * @fns: the functions
 * @nr: entries in @fns
 * @now: the simulated clock, in ms
 */
struct audit_image {
	struct audit_image_fn *fns;
	unsigned int nr;
	u64 now;
};

extern const struct pci_kdump_ops audit_image_ops;

void audit_image_free(struct audit_image *img);

#endif
