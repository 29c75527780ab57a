// SPDX-License-Identifier: GPL-2.0
/*
 * Where the config bytes come from: this host through libpci's default
 * access, or an lspci -x dump through libpci's dump access.  Either way the
 * kernel's own pci_kdump_probe_fn(), pci_kdump_link() and pci_kdump_decide()
 * run on them through a read-only pci_kdump_ops.
 */
#include <ctype.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <pci/pci.h>
#include "audit.h"
#include "image.h"

/*
 * Far more functions than any real dump holds, but few enough that libpci,
 * which allocates a device per header line before we see any, stays small.
 */
#define MAX_DUMP_HEADERS	65536

struct source {
	struct pci_access *pacc;
	struct pci_dev **devs;	/* parallel to fab->fns */
	unsigned int nr;
};

/*
 * libpci reports fatal errors through a callback that must not return; the
 * default one exits.  Jump back to audit_load() instead, which owns the exit
 * status and the message.  libpci has no context pointer, hence the static.
 */
static jmp_buf *libpci_jmp;
static char libpci_msg[256];

/* libpci's own noreturn spelling, so the pointer types match exactly */
static void libpci_error(char *msg, ...) PCI_NONRET;

static void libpci_error(char *msg, ...)
{
	va_list ap;

	va_start(ap, msg);
	vsnprintf(libpci_msg, sizeof(libpci_msg), msg, ap);
	va_end(ap);
	longjmp(*libpci_jmp, 1);
}

static void libpci_warning(char *msg, ...)
{
	va_list ap;

	va_start(ap, msg);
	fputs("pci-reset-audit: warning: ", stderr);
	vfprintf(stderr, msg, ap);
	fputc('\n', stderr);
	va_end(ap);
}

static struct pci_dev *find_dev(const struct source *s, u16 seg, u8 bus,
				u8 devfn)
{
	unsigned int i;

	for (i = 0; i < s->nr; i++) {
		struct pci_dev *d = s->devs[i];

		if (d->domain == seg && d->bus == bus &&
		    d->dev == PCI_SLOT(devfn) && d->func == PCI_FUNC(devfn))
			return d;
	}
	return NULL;
}

static int ro_read(void *ctx, u16 seg, u8 bus, u8 devfn, int where, int size,
		   u32 *val)
{
	struct pci_dev *d = find_dev(ctx, seg, bus, devfn);

	*val = size == 4 ? ~0U : (1U << (size * 8)) - 1;
	if (!d)
		return 0;	/* a missing function reads all-ones */
	/* libpci calls its error callback on unaligned reads: refuse first */
	if ((size != 1 && size != 2 && size != 4) || where < 0 ||
	    where % size || where + size > PCI_CFG_SPACE_EXP_SIZE)
		return -EINVAL;
	/* Bytes beyond the dump or the readable part come back all-ones */
	if (size == 1)
		*val = pci_read_byte(d, where);
	else if (size == 2)
		*val = pci_read_word(d, where);
	else
		*val = pci_read_long(d, where);
	return 0;
}

/* The audit never changes anything: this op exists only to refuse */
static int ro_write(void *ctx, u16 seg, u8 bus, u8 devfn, int where, int size,
		    u32 val)
{
	(void)ctx, (void)seg, (void)bus, (void)devfn, (void)where, (void)size,
	(void)val;
	return -EPERM;
}

static void no_sleep(void *ctx, unsigned int ms)
{
	(void)ctx, (void)ms;
}

static u64 no_clock(void *ctx)
{
	(void)ctx;
	return 0;
}

static const struct pci_kdump_ops ro_ops = {
	.read = ro_read,
	.write = ro_write,
	.sleep_ms = no_sleep,
	.now_ms = no_clock,
};

static int by_bdf(const void *x, const void *y)
{
	const struct pci_dev *a = *(struct pci_dev * const *)x;
	const struct pci_dev *b = *(struct pci_dev * const *)y;

	if (a->domain != b->domain)
		return a->domain < b->domain ? -1 : 1;
	if (a->bus != b->bus)
		return a->bus - b->bus;
	if (a->dev != b->dev)
		return a->dev - b->dev;
	return a->func - b->func;
}

/* The device header patterns of libpci's dump parser (lib/dump.c) */
static bool is_header(const char *l)
{
	size_t n = 0;

	while (isxdigit((unsigned char)l[n]))
		n++;
	if (n == 4 || n == 5) {		/* domain */
		if (l[n] != ':')
			return false;
		l += n + 1;
		for (n = 0; isxdigit((unsigned char)l[n]); n++)
			;
	}
	return n == 2 && l[2] == ':' && isxdigit((unsigned char)l[3]) &&
	       isxdigit((unsigned char)l[4]) && l[5] == '.' &&
	       isdigit((unsigned char)l[6]) && l[7] == ' ';
}

/*
 * A data line as libpci's dump parser takes it: 2 to 8 hex digits, ": ".
 * It reads the offset into an int and checks only that it is below 4096,
 * so an offset of 0x80000000 or more writes before its buffer (pciutils
 * 3.9.0 lib/dump.c dump_init(); found by fuzz-dump).  Returns true for
 * such a line.
 */
static bool negative_offset(const char *l)
{
	size_t n = 0;

	while (isxdigit((unsigned char)l[n]))
		n++;
	return n >= 2 && n <= 8 && l[n] == ':' && l[n + 1] == ' ' &&
	       strtoul(l, NULL, 16) >= 0x80000000UL;
}

/*
 * libpci allocates a device for every header line before returning, so a
 * hostile file of header lines could eat gigabytes.  Count them first, and
 * refuse the lines libpci would mishandle; this also turns a missing or
 * unreadable file into a plain message.
 */
static int precheck_dump(const char *name, char *err, size_t errlen)
{
	unsigned long headers = 0, nr = 0;
	char line[256];
	FILE *f = fopen(name, "r");
	int bad;

	if (!f) {
		snprintf(err, errlen, "%s: %s", name, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		nr++;
		if (is_header(line) && ++headers > MAX_DUMP_HEADERS)
			break;
		if (negative_offset(line)) {
			fclose(f);
			snprintf(err, errlen, "%s:%lu: offset past the 4096 bytes of config space",
				 name, nr);
			return -1;
		}
	}
	bad = ferror(f) ? errno : 0;
	fclose(f);
	if (bad) {
		snprintf(err, errlen, "%s: %s", name, strerror(bad));
		return -1;
	}
	if (headers > MAX_DUMP_HEADERS) {
		snprintf(err, errlen, "%s: more than %d functions", name,
			 MAX_DUMP_HEADERS);
		return -1;
	}
	return 0;
}

static void lookup_names(struct pci_access *pacc, const struct pci_kdump_fn *fn,
			 struct audit_names *nm)
{
	/* pci.ids only: udev's hwdb would make output depend on the host */
	const int mode = PCI_LOOKUP_NO_NUMBERS | PCI_LOOKUP_NO_HWDB;

	if (!pci_lookup_name(pacc, nm->vendor, sizeof(nm->vendor),
			     mode | PCI_LOOKUP_VENDOR, fn->vendor))
		nm->vendor[0] = '\0';
	if (!pci_lookup_name(pacc, nm->device, sizeof(nm->device),
			     mode | PCI_LOOKUP_DEVICE, fn->vendor, fn->device))
		nm->device[0] = '\0';
}

/*
 * The capture kernel finds VFs from their PF's SR-IOV capability, not by
 * a scan; Linux lists them, so the input usually has them already, and
 * the kernel's own pci_kdump_add_vfs() only marks them.  Room is made for
 * the ones it does not have.
 */
static int add_vfs(struct audit *a)
{
	struct pci_kdump_fabric *fab = &a->fab;
	unsigned int i, nr = fab->nr, room = fab->nr;
	struct audit_names *names;
	struct pci_kdump_fn *fns;

	/* At most 65535 VFs each, so this stays far below UINT_MAX */
	for (i = 0; i < nr; i++)
		if (fab->fns[i].entry & PCI_KDUMP_ENTRY_VFS)
			room += (u16)pci_kdump_rd(fab, &fab->fns[i],
						  fab->fns[i].sriov_cap +
						  PCI_SRIOV_NUM_VF, 2);
	/* Also spares realloc() a size of 0, which would free the table */
	if (room == nr)
		return 0;
	fns = realloc(fab->fns, room * sizeof(*fns));
	if (!fns)
		return -1;
	fab->fns = fns;
	fab->max = room;
	names = realloc(a->names, room * sizeof(*names));
	if (!names)
		return -1;
	a->names = names;
	for (i = 0; i < nr; i++)
		if (fab->fns[i].entry & PCI_KDUMP_ENTRY_VFS)
			pci_kdump_add_vfs(fab, &fab->fns[i]);
	return 0;
}

/*
 * Copy every function's config space for the prediction, once, through
 * libpci's reads (bytes it cannot read stay all-ones, as ro_read() gives
 * them), in the order of @s->devs.
 */
static int copy_image(const struct source *s, struct audit_image *img)
{
	unsigned int i;
	int off;

	img->fns = calloc(s->nr ? s->nr : 1, sizeof(*img->fns));
	if (!img->fns)
		return -1;
	for (i = 0; i < s->nr; i++) {
		struct audit_image_fn *f = &img->fns[i];

		f->seg = s->devs[i]->domain;
		f->bus = s->devs[i]->bus;
		f->devfn = PCI_DEVFN(s->devs[i]->dev, s->devs[i]->func);
		memset(f->cfg, 0xff, sizeof(f->cfg));
		/* Dumps and unprivileged reads stop at a 16-byte line */
		for (off = 0; off < PCI_CFG_SPACE_EXP_SIZE; off += 16)
			if (!pci_read_block(s->devs[i], off, f->cfg + off, 16))
				break;
	}
	img->nr = s->nr;
	return 0;
}

/*
 * Everything that may end in libpci_error().  Returns NULL, or an error
 * format with one %s for the input's name.
 */
static const char *load(struct audit *a, struct source *s, const char *dump,
			const char *ids, struct audit_image *img)
{
	struct pci_kdump_policy none = { 0 };
	struct pci_kdump_fabric *fab = &a->fab;
	struct pci_dev *d;
	unsigned int n = 0, i;

	if (dump) {
		s->pacc->method = PCI_ACCESS_DUMP;
		/* libpci copies the value; its prototypes just lack const */
		pci_set_param(s->pacc, "dump.name", (char *)dump);
	}
	if (ids)
		pci_set_name_list_path(s->pacc, (char *)ids, 0);
	pci_init(s->pacc);
	pci_scan_bus(s->pacc);

	for (d = s->pacc->devices; d; d = d->next)
		n++;
	if (!n)
		return "no PCI functions in %s";
	s->devs = calloc(n, sizeof(*s->devs));
	if (!s->devs)
		return "%s: out of memory";
	for (d = s->pacc->devices; d; d = d->next) {
		/* pci-kdump addresses 16-bit segments (MCFG); VMD's are not */
		if (d->domain < 0 || d->domain > 0xffff)
			a->skipped++;
		else
			s->devs[s->nr++] = d;
	}
	/* Scan order, as the capture kernel finds them: seg, bus, devfn */
	qsort(s->devs, s->nr, sizeof(*s->devs), by_bdf);
	for (i = 1; i < s->nr; i++)
		if (!by_bdf(&s->devs[i - 1], &s->devs[i]))
			return "%s: a function is listed twice";
	if (img && copy_image(s, img))
		return "%s: out of memory";

	/* The capture kernel sizes its table from the scan: nothing is left out */
	fab->max = s->nr;
	fab->ops = &ro_ops;
	fab->ctx = s;
	fab->fns = calloc(fab->max ? fab->max : 1, sizeof(*fab->fns));
	a->names = calloc(fab->max ? fab->max : 1, sizeof(*a->names));
	if (!fab->fns || !a->names)
		return "%s: out of memory";
	s->nr = fab->max;
	for (i = 0; i < fab->max; i++) {
		struct pci_kdump_fn *fn = &fab->fns[fab->nr++];

		fn->seg = s->devs[i]->domain;
		fn->bus = s->devs[i]->bus;
		fn->devfn = PCI_DEVFN(s->devs[i]->dev, s->devs[i]->func);
		pci_kdump_probe_fn(fab, fn);
	}
	if (add_vfs(a))
		return "%s: out of memory";
	pci_kdump_link(fab);
	pci_kdump_decide(fab, &none);
	for (i = 0; i < fab->nr; i++)
		lookup_names(s->pacc, &fab->fns[i], &a->names[i]);
	return NULL;
}

int audit_load(struct audit *a, const char *dump, const char *ids,
	       struct audit_image *img, char *err, size_t errlen)
{
	const char *what = dump ? dump : "this host";
	const char *fmt;
	struct source *s;
	jmp_buf jb;

	memset(a, 0, sizeof(*a));
	if (img)
		memset(img, 0, sizeof(*img));
	if (dump && precheck_dump(dump, err, errlen))
		return -1;
	/*
	 * On the heap, not in this frame: after longjmp() only objects this
	 * function did not change since setjmp() keep their values.
	 */
	s = calloc(1, sizeof(*s));
	if (!s) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	s->pacc = pci_alloc();
	s->pacc->error = libpci_error;
	s->pacc->warning = libpci_warning;
	libpci_jmp = &jb;
	if (setjmp(jb)) {
		snprintf(err, errlen, "%s: libpci: %s", what, libpci_msg);
		fmt = "";
	} else {
		fmt = load(a, s, dump, ids, img);
		if (fmt)
			snprintf(err, errlen, fmt, what);
	}
	libpci_jmp = NULL;
	pci_cleanup(s->pacc);
	free(s->devs);
	free(s);
	a->fab.ctx = NULL;	/* the accessor went with libpci */
	if (fmt) {
		audit_free(a);
		if (img)
			audit_image_free(img);
		return -1;
	}
	return 0;
}

void audit_free(struct audit *a)
{
	free(a->fab.fns);
	free(a->names);
	memset(a, 0, sizeof(*a));
}
