// SPDX-License-Identifier: GPL-2.0
/*
 * pci-kdump's clock.
 *
 * pci-kdump runs from start_kernel() right after the memory allocators are
 * up, before timekeeping, timer interrupts and delay-loop calibration:
 * local_clock() may not advance there and mdelay() may run on an
 * uncalibrated loop, so every wait after a reset would be cut short.  Two
 * counters run from power-on at a rate the hardware states:
 *
 * - x86: the ACPI PM timer, 3.579545 MHz, 24 bits (wraps every 4.7 s; every
 *   wait here reads it far more often than that);
 * - arm64: the architected virtual counter, at the rate in CNTFRQ_EL0.
 *
 * Without either, pci_kdump_clock_init() says so, and pci-kdump waits for
 * an IOMMU driver or its early initcall, where the kernel's own clock runs.
 */
#include <linux/acpi_pmtmr.h>
#include <linux/delay.h>
#include <linux/kernel.h>
#include <linux/math64.h>
#include <linux/sched/clock.h>
#ifdef CONFIG_ARM64
#include <asm/arch_timer.h>
#endif
#include "kdump-clock.h"

static bool early_clock;

#if defined(CONFIG_X86_PM_TIMER)
static u32 pm_last;
static u64 pm_ticks;

static bool __init early_counter_init(void)
{
	if (!pmtmr_ioport)
		return false;
	pm_last = acpi_pm_read_early();
	return true;
}

static u64 early_counter_ms(void)
{
	u32 now = acpi_pm_read_early();

	pm_ticks += (now - pm_last) & ACPI_PM_MASK;
	pm_last = now;
	return div_u64(pm_ticks, PMTMR_TICKS_PER_SEC / MSEC_PER_SEC);
}
#elif defined(CONFIG_ARM64)
static u32 counter_khz;

static bool __init early_counter_init(void)
{
	/* Firmware must set CNTFRQ_EL0; a zero leaves the rate unknown */
	counter_khz = arch_timer_get_cntfrq() / 1000;
	return counter_khz;
}

static u64 early_counter_ms(void)
{
	return div_u64(__arch_counter_get_cntvct(), counter_khz);
}
#else
static bool __init early_counter_init(void)
{
	return false;
}

static u64 early_counter_ms(void)
{
	return 0;
}
#endif

/**
 * pci_kdump_clock_init - choose the clock for this run
 *
 * Return: true when a clock runs, false before the scheduler on a machine
 * with no counter pci-kdump can read that early.
 */
bool __init pci_kdump_clock_init(void)
{
	if (system_state >= SYSTEM_SCHEDULING)
		return true;
	early_clock = early_counter_init();
	return early_clock;
}

/**
 * pci_kdump_clock_ms - milliseconds from an arbitrary start
 */
u64 pci_kdump_clock_ms(void)
{
	if (early_clock)
		return early_counter_ms();
	return div_u64(local_clock(), NSEC_PER_MSEC);
}

/**
 * pci_kdump_clock_sleep_ms - wait: busy before the scheduler runs, asleep after
 * @ms: milliseconds
 */
void pci_kdump_clock_sleep_ms(unsigned int ms)
{
	u64 t0;

	if (early_clock) {
		t0 = early_counter_ms();
		while (early_counter_ms() - t0 < ms)
			cpu_relax();
	} else if (system_state < SYSTEM_SCHEDULING) {
		mdelay(ms);
	} else {
		msleep(ms);
	}
}
