// SPDX-License-Identifier: GPL-2.0
/*
 * pci-kdump raw config access for the capture kernel.
 *
 * The PCI core has not enumerated yet when pci-kdump runs, so this maps the
 * ECAM windows itself: from ACPI MCFG (every segment), from devicetree ECAM
 * host bridges, and, on x86 with neither, type-1 cycles for segment 0.
 */
#define pr_fmt(fmt) "pci_kdump: " fmt

#include <linux/acpi.h>
#include <linux/io.h>
#include <linux/kernel.h>
#include <linux/of.h>
#include <linux/of_address.h>
#include <linux/pci.h>
#include <linux/pci-acpi.h>
#include <linux/printk.h>
#include <linux/spinlock.h>
#ifdef CONFIG_X86
#include <asm/e820/api.h>
#include <asm/pci_x86.h>
#endif
#include "pci.h"
#include "kdump.h"
#include "kdump-cfg.h"
#include "kdump-clock.h"
#include "kdump-nvme.h"

static struct pci_kdump_window windows[PCI_KDUMP_MAX_WINDOWS];
static unsigned int nr_windows;
/* Windows that did not fit in @windows: their segments are unknown */
static unsigned int lost_windows;

#ifdef CONFIG_X86
/*
 * The checks arch/x86/pci/mmconfig-shared.c makes before it trusts an MCFG
 * window early: pci=nommconf or pci=conf1 turn ECAM off, and the window
 * must be reserved in the E820 map.  Linux may still accept a window later
 * from ACPI motherboard resources; pci-kdump runs too early to ask ACPI.
 */
static const char * __init x86_ecam_distrust(phys_addr_t base, u8 start, u8 end)
{
	u64 lo = base + ((u64)start << 20), hi = base + (((u64)end + 1) << 20);

	if (!(pci_probe & PCI_PROBE_MMCONF))
		return "ECAM off (pci=nommconf or pci=conf1)";
	if (!e820__mapped_all(lo, hi, E820_TYPE_RESERVED))
		return "not reserved in E820";
	return NULL;
}
#else
static const char * __init x86_ecam_distrust(phys_addr_t base, u8 start, u8 end)
{
	return NULL;
}
#endif

/* Would Linux refuse this ECAM window?  Returns why, or NULL */
static const char * __init ecam_distrust(phys_addr_t base, u8 start, u8 end)
{
	if (end < start)
		return "bus range reversed";
	if (!base)
		return "base address 0";
	if ((phys_addr_t)base != base || base + (((u64)end + 1) << 20) < base)
		return "base does not fit an address";
	if (base & ((1 << 20) - 1))
		return "base not 1 MB aligned";
	return x86_ecam_distrust(base, start, end);
}

/*
 * Record a window.  One that cannot be used is kept too, marked with why,
 * so its segment's verdict stays dirty.  @base is the ECAM base for bus 0,
 * or 0 for x86 type-1 cycles.  @refused: why the caller already knows the
 * window is not plain ECAM, or NULL.
 */
static struct pci_kdump_window * __init
add_window(u16 seg, u8 start, u8 end, u64 base, bool ecam, const char *source,
	   const char *refused)
{
	struct pci_kdump_window *w;

	if (nr_windows >= ARRAY_SIZE(windows)) {
		pr_warn("too many config windows; ignoring %s window for %04x:[bus %02x-%02x]\n",
			source, seg, start, end);
		lost_windows++;
		return NULL;
	}
	w = &windows[nr_windows++];
	w->seg = seg;
	w->bus_start = start;
	w->bus_end = end;
	w->base = ecam ? base : 0;
	w->unusable = refused ?: ecam ? ecam_distrust(base, start, end) : NULL;
	if (ecam && !w->unusable) {
		/* ECAM: 1 MB of config space per bus, from bus 0 */
		w->va = ioremap(base + ((phys_addr_t)start << 20),
				(resource_size_t)(end - start + 1) << 20);
		if (!w->va)
			w->unusable = "cannot map it";
	}
	if (w->unusable)
		pr_warn("not using %s window for %04x:[bus %02x-%02x]: %s\n",
			source, seg, start, end, w->unusable);
	else
		pr_debug("config access %04x:[bus %02x-%02x] via %s\n", seg,
			 start, end, source);
	return w;
}

static struct pci_kdump_window *find_window(u16 seg, u8 bus)
{
	unsigned int i;

	for (i = 0; i < nr_windows; i++)
		if (!windows[i].unusable && windows[i].seg == seg &&
		    bus >= windows[i].bus_start && bus <= windows[i].bus_end)
			return &windows[i];
	return NULL;
}

/**
 * pci_kdump_cfg_bus_to_cpu - where the CPU reaches a bus address
 * @seg: PCI segment of the device
 * @bus: its bus
 * @bus_addr: an address from one of its BARs
 * @cpu: set to the CPU physical address
 *
 * Devicetree host bridges say how they translate in their ranges.  With
 * ACPI the offsets are in _TRA of resources nobody has parsed this early;
 * x86 host bridges do not translate memory, other architectures may.
 *
 * Return: 0, or -ENODEV when the address cannot be known.
 */
int pci_kdump_cfg_bus_to_cpu(u16 seg, u8 bus, u64 bus_addr, phys_addr_t *cpu)
{
	const struct pci_kdump_window *w = find_window(seg, bus);
	unsigned int i;

	if (!w)
		return -ENODEV;
	if (!w->translates) {
		if (!IS_ENABLED(CONFIG_X86))
			return -ENODEV;
		*cpu = bus_addr;
		return 0;
	}
	for (i = 0; i < w->nr_mem; i++) {
		if (bus_addr >= w->mem[i].bus &&
		    bus_addr - w->mem[i].bus < w->mem[i].size) {
			*cpu = w->mem[i].cpu + (bus_addr - w->mem[i].bus);
			return 0;
		}
	}
	return -ENODEV;
}

/**
 * pci_kdump_cfg_lost - were config windows dropped for want of room?
 *
 * Return: the number of windows not recorded at all.
 */
unsigned int pci_kdump_cfg_lost(void)
{
	return lost_windows;
}

#ifdef CONFIG_ACPI
static int __init parse_mcfg(struct acpi_table_header *hdr)
{
	struct acpi_table_mcfg *mcfg = (struct acpi_table_mcfg *)hdr;
	struct acpi_mcfg_allocation *a = (struct acpi_mcfg_allocation *)&mcfg[1];
	void *end = (void *)hdr + hdr->length;

	for (; (void *)&a[1] <= end; a++) {
		/* Linux reaches these buses through a SoC's own accessors */
		bool quirk = pci_mcfg_quirk_applies(hdr, a->pci_segment,
						    a->start_bus_number,
						    a->end_bus_number);

		add_window(a->pci_segment, a->start_bus_number,
			   a->end_bus_number, a->address, true, "MCFG",
			   quirk ? "not plain ECAM (MCFG quirk)" : NULL);
	}
	return 0;
}

static void __init find_mcfg(void)
{
	if (!acpi_disabled)
		acpi_table_parse(ACPI_SIG_MCFG, parse_mcfg);
}
#else
static void __init find_mcfg(void) { }
#endif

#ifdef CONFIG_OF
/* The memory windows of the host bridge @w was added for */
static void __init add_dt_ranges(struct pci_kdump_window *w,
				 struct device_node *np)
{
	struct of_pci_range_parser parser;
	struct of_pci_range range;

	if (!w || of_pci_range_parser_init(&parser, np))
		return;
	for_each_of_pci_range(&parser, &range) {
		if (!(range.flags & IORESOURCE_MEM) ||
		    w->nr_mem >= ARRAY_SIZE(w->mem))
			continue;
		w->mem[w->nr_mem].bus = range.pci_addr;
		w->mem[w->nr_mem].cpu = range.cpu_addr;
		w->mem[w->nr_mem].size = range.size;
		w->nr_mem++;
	}
	w->translates = true;
}

static void __init find_dt_ecam(void)
{
	struct device_node *np;
	int domain = 0;

	for_each_compatible_node(np, NULL, "pci-host-ecam-generic") {
		struct resource res;
		struct resource buses = DEFINE_RES_NAMED(0, 256, NULL,
							 IORESOURCE_BUS);
		struct pci_kdump_window *w;
		int seg;

		if (!of_device_is_available(np) ||
		    of_address_to_resource(np, 0, &res))
			continue;
		/* No bus-range property means all 256 buses */
		of_pci_parse_bus_range(np, &buses);
		if (buses.end > 255)
			continue;
		seg = of_get_pci_domain_nr(np);
		if (seg < 0)
			seg = domain++;
		/* The reg window starts at the first bus of bus-range */
		w = add_window(seg, buses.start, buses.end,
			       res.start - ((phys_addr_t)buses.start << 20),
			       true, "devicetree", NULL);
		add_dt_ranges(w, np);
	}
}
#else
static void __init find_dt_ecam(void) { }
#endif

/**
 * pci_kdump_cfg_init - find how to reach config space
 *
 * Return: the number of windows found.
 */
unsigned int __init pci_kdump_cfg_init(void)
{
	pci_kdump_clock_init();
	find_mcfg();
	if (!nr_windows)
		find_dt_ecam();
#ifdef CONFIG_X86
	/* As Linux does when it cannot use ECAM: type 1 for segment 0 */
	if (!find_window(0, 0))
		add_window(0, 0, 255, 0, false, "type 1", NULL);
#endif
	return nr_windows;
}

/**
 * pci_kdump_cfg_windows - the windows pci_kdump_cfg_init() found
 * @w: set to the array
 *
 * Return: the number of entries.
 */
unsigned int pci_kdump_cfg_windows(const struct pci_kdump_window **w)
{
	*w = windows;
	return nr_windows;
}

#ifdef CONFIG_X86
static DEFINE_RAW_SPINLOCK(type1_lock);

static int type1_rw(u8 bus, u8 devfn, int where, int size, u32 *val,
		    bool write)
{
	unsigned long flags;
	u16 port = 0xcfc + (where & 3);

	if (where >= PCI_CFG_SPACE_SIZE) {
		*val = ~0U;
		return write ? -EINVAL : 0;
	}
	raw_spin_lock_irqsave(&type1_lock, flags);
	outl(0x80000000 | (bus << 16) | (devfn << 8) | (where & 0xfc), 0xcf8);
	if (write) {
		if (size == 1)
			outb(*val, port);
		else if (size == 2)
			outw(*val, port);
		else
			outl(*val, port);
	} else {
		*val = size == 1 ? inb(port) : size == 2 ? inw(port) : inl(port);
	}
	raw_spin_unlock_irqrestore(&type1_lock, flags);
	return 0;
}
#else
static int type1_rw(u8 bus, u8 devfn, int where, int size, u32 *val,
		    bool write)
{
	return -ENODEV;
}
#endif

#ifdef CONFIG_X86
/*
 * AMD family 10h and later need config MMIO done through EAX, which only
 * the mmio_config_*() accessors promise.
 */
static u32 ecam_read(void __iomem *addr, int size)
{
	return size == 1 ? mmio_config_readb(addr) :
	       size == 2 ? mmio_config_readw(addr) : mmio_config_readl(addr);
}

static void ecam_write(void __iomem *addr, int size, u32 val)
{
	if (size == 1)
		mmio_config_writeb(addr, val);
	else if (size == 2)
		mmio_config_writew(addr, val);
	else
		mmio_config_writel(addr, val);
}
#else
static u32 ecam_read(void __iomem *addr, int size)
{
	return size == 1 ? readb(addr) : size == 2 ? readw(addr) : readl(addr);
}

static void ecam_write(void __iomem *addr, int size, u32 val)
{
	if (size == 1)
		writeb(val, addr);
	else if (size == 2)
		writew(val, addr);
	else
		writel(val, addr);
}
#endif

static int hw_rw(u16 seg, u8 bus, u8 devfn, int where, int size, u32 *val,
		 bool write)
{
	struct pci_kdump_window *w = find_window(seg, bus);
	void __iomem *addr;

	if (!w || where < 0 || where + size > PCI_CFG_SPACE_EXP_SIZE ||
	    (where & (size - 1))) {
		*val = ~0U;
		return -EINVAL;
	}
	if (!w->base)
		return type1_rw(bus, devfn, where, size, val, write);

	addr = w->va + ((bus - w->bus_start) << 20) + (devfn << 12) + where;
	if (write)
		ecam_write(addr, size, *val);
	else
		*val = ecam_read(addr, size);
	return 0;
}

static int hw_read(void *ctx, u16 seg, u8 bus, u8 devfn, int where, int size,
		   u32 *val)
{
	return hw_rw(seg, bus, devfn, where, size, val, false);
}

static int hw_write(void *ctx, u16 seg, u8 bus, u8 devfn, int where, int size,
		    u32 val)
{
	return hw_rw(seg, bus, devfn, where, size, &val, true);
}

static u64 hw_now_ms(void *ctx)
{
	return pci_kdump_clock_ms();
}

static void hw_sleep_ms(void *ctx, unsigned int ms)
{
	pci_kdump_clock_sleep_ms(ms);
}

static int hw_prepare(struct pci_kdump_fabric *fab, struct pci_kdump_fn *fn)
{
	switch (fn->quirk->prepare) {
	case PCI_KDUMP_PREP_NVME_DISABLE:
		return pci_kdump_nvme_disable(fab, fn);
	default:
		return 0;
	}
}

static int hw_prepare_done(struct pci_kdump_fabric *fab,
			   struct pci_kdump_fn *fn, bool give_up)
{
	switch (fn->quirk->prepare) {
	case PCI_KDUMP_PREP_NVME_DISABLE:
		return pci_kdump_nvme_disabled(fab, fn, give_up);
	default:
		return 0;
	}
}

const struct pci_kdump_ops pci_kdump_hw_ops = {
	.read = hw_read,
	.write = hw_write,
	.sleep_ms = hw_sleep_ms,
	.now_ms = hw_now_ms,
	.prepare = hw_prepare,
	.prepare_done = hw_prepare_done,
};
