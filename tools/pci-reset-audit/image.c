// SPDX-License-Identifier: GPL-2.0
/*
 * The prediction's config accessor.  The capture kernel's code reads and
 * writes config space; here both go to a private copy taken before it
 * runs (source.c), so its writes land in memory and are read back as a
 * function holding them would, and no write can reach a device: libpci is
 * closed by then.  The clock is simulated, so every wait the code makes
 * ends at once and deterministically.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "image.h"

static int by_addr(const void *key, const void *elem)
{
	const struct audit_image_fn *a = key, *b = elem;

	if (a->seg != b->seg)
		return a->seg < b->seg ? -1 : 1;
	if (a->bus != b->bus)
		return a->bus < b->bus ? -1 : 1;
	return a->devfn < b->devfn ? -1 : a->devfn > b->devfn;
}

static bool valid(int where, int size)
{
	return (size == 1 || size == 2 || size == 4) && where >= 0 &&
	       !(where % size) && where + size <= PCI_CFG_SPACE_EXP_SIZE;
}

/* The copy of the bytes at @where, NULL when the function is not there */
static u8 *at(void *ctx, u16 seg, u8 bus, u8 devfn, int where)
{
	const struct audit_image *img = ctx;
	struct audit_image_fn key = { .seg = seg, .bus = bus, .devfn = devfn };
	struct audit_image_fn *fn;

	fn = bsearch(&key, img->fns, img->nr, sizeof(*fn), by_addr);
	return fn ? fn->cfg + where : NULL;
}

/* Little-endian, as config space is */
static int image_read(void *ctx, u16 seg, u8 bus, u8 devfn, int where,
		      int size, u32 *val)
{
	u8 *p;
	int i;

	*val = ~0U;
	if (!valid(where, size))
		return -EINVAL;
	p = at(ctx, seg, bus, devfn, where);
	/* A missing function reads all-ones, as on hardware */
	*val = size == 4 ? ~0U : (1U << (size * 8)) - 1;
	if (!p)
		return 0;
	*val = 0;
	for (i = size - 1; i >= 0; i--)
		*val = *val << 8 | p[i];
	return 0;
}

static int image_write(void *ctx, u16 seg, u8 bus, u8 devfn, int where,
		       int size, u32 val)
{
	u8 *p;
	int i;

	if (!valid(where, size))
		return -EINVAL;
	p = at(ctx, seg, bus, devfn, where);
	if (!p)
		return 0;	/* dropped, as by a function that is not there */
	for (i = 0; i < size; i++, val >>= 8)
		p[i] = val;
	return 0;
}

static void image_sleep(void *ctx, unsigned int ms)
{
	((struct audit_image *)ctx)->now += ms;
}

static u64 image_now(void *ctx)
{
	return ((struct audit_image *)ctx)->now;
}

/*
 * No prepare: a device-specific quiesce (an NVMe controller disable) is
 * run time; the prediction takes it to succeed, which logs nothing.
 */
const struct pci_kdump_ops audit_image_ops = {
	.read = image_read,
	.write = image_write,
	.sleep_ms = image_sleep,
	.now_ms = image_now,
};

void audit_image_free(struct audit_image *img)
{
	free(img->fns);
	memset(img, 0, sizeof(*img));
}
