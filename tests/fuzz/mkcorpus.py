#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Write the seed corpus of the pci-kdump fuzzer (tests/fuzz/corpus/) and
the reproducers of its findings (tests/fuzz/findings/).

Each seed is a small fabric in the layout of fuzz_verdict.h, built from the
descriptions below, so a seed can be read and changed here rather than in
hex.  Run it from anywhere: ./tests/fuzz/mkcorpus.py
"""
import os
import struct

RP, UP, DOWN, EP, RCIEP, PCI_BRIDGE, CONV = 4, 5, 6, 0, 9, 7, 0xff
FLR, AF_FLR, PM, PM_NOSOFT, MSI, IMM_READY, MFD, BRIDGE = (
    1, 2, 4, 8, 16, 32, 64, 0x80)
RRS, DEAD, GHOST, BUSY, MSI_ON, SBR_HELD, SRIOV, RTR = (
    1, 2, 4, 8, 16, 32, 64, 0x80)
MSIX, FAST_LINK, LINK_UP, ARI, SLOT, PM_IMM_D0, VGA = (
    1, 2, 4, 8, 16, 32, 64)
VFE_OFF, VFE_STUCK, KEEPS_VFE = 0x20, 0x40, 0x80
BME = 0x0006            # Bus Master + Memory
RESET, ALL, QUIESCE = 0, 1, 2
DRY_RUN, RESCAN, FROZEN, SMALL_SBR, UNREACHED, LEGACY = 4, 8, 16, 32, 64, 128
ROOT = 0xff


def devfn(dev, fn=0):
    return dev << 3 | fn


def vfs(total, num, offset=1, stride=1, device=0x10ed, cmd=0, flags=0):
    """FK_SRIOV: TotalVFs 1-4 (VFs simulated), NumVFs 0-7, offset and
    stride 0-255, the VF Device ID, every VF's Command register; flags
    VFE_OFF (no VFs at entry), VFE_STUCK, KEEPS_VFE."""
    assert 1 <= total <= 4 and 0 <= num <= 7
    return (total - 1 | num << 2 | flags, offset, stride, device, cmd)


def fn(parent=ROOT, bus=0, df=0, vendor=0x1af4, device=0x1041,
       cls=0x020000, typ=EP, caps=0, sec=0, sub=0, cmd=0, reset_ms=5,
       knobs=0, busy=0, prepare=0, rtr=(0, 0, 0), knobs2=0, sriov=None):
    """One function record (FUZZ_FN_SIZE bytes); sriov=vfs(...) makes it
    a PF."""
    if sriov:
        knobs |= SRIOV
    return struct.pack('<BBBHHHBBBBBHBBBBHHHBBBBHH', parent, bus, df, vendor,
                       device, cls & 0xffff, cls >> 16, typ, caps, sec, sub,
                       cmd, reset_ms, knobs, busy, prepare, *rtr, knobs2,
                       *(sriov or (0, 0, 0, 0, 0)))


def bridge(parent, bus, df, typ, sec, sub, cmd=0, caps=PM, knobs=0,
           knobs2=0):
    return fn(parent, bus, df, 0x8086, 0x1000 + df, 0x060400, typ,
              caps | BRIDGE, sec, sub, cmd, knobs=knobs, knobs2=knobs2)


def seed(fns, timeout=2000, flags=RESET, fmax=0, max_sbr=0, window=(0, 255),
         skips=(), overrides=(), pokes=()):
    """A whole input: header, functions, rules (kind, fn, method), pokes."""
    out = struct.pack('<BHBBBBBBB', len(fns), timeout - 1, flags, fmax,
                      max_sbr, window[0], window[1], len(skips),
                      len(overrides))
    out += b''.join(fns)
    rules = list(skips) + list(overrides)
    rules += [(0, 0, 0)] * (8 - len(rules))
    out += b''.join(struct.pack('<BBB', *r) for r in rules)
    for idx, where, size, val, state in pokes:
        code = {1: 0, 2: 1, 4: 2}[size] | (0x80 if state else 0)
        out += struct.pack('<BBHI', idx, code, where, val)
    return out


SEEDS = {
    # Root port -> switch with an embedded endpoint needing the root port's
    # SBR; a NIC that only a bus reset stops, an NVMe with FLR
    'switch-sbr': seed([
        bridge(ROOT, 0, devfn(0x1c), RP, 1, 4,
               knobs2=FAST_LINK | LINK_UP | SLOT),
        bridge(0, 1, devfn(0), UP, 2, 4, caps=PM | MFD),
        fn(0, 1, devfn(0, 1), 0x10b5, 0x87b0, 0x088000, EP, 0, cmd=BME),
        bridge(1, 2, devfn(0), DOWN, 3, 3),
        bridge(1, 2, devfn(1), DOWN, 4, 4),
        fn(3, 3, 0, 0x8086, 0x10d3, 0x020000, EP, PM_NOSOFT | MSI,
           cmd=BME, knobs=MSI_ON, knobs2=MSIX),
        fn(4, 4, 0, 0x1b36, 0x0010, 0x010802, EP, FLR, cmd=BME,
           prepare=20),
    ]),
    # Root ports on 8 GT/s links, one that showed Link Active at entry and
    # one that did not (1 s more); quirks that forbid a bus reset below a
    # bridge, the console VGA behind VGA-forwarding bridges
    'links-quirks': seed([
        bridge(ROOT, 0, devfn(1), RP, 1, 1, knobs2=FAST_LINK | LINK_UP),
        bridge(ROOT, 0, devfn(2), RP, 2, 2, knobs2=FAST_LINK),
        fn(0, 1, 0, 0x8086, 0x10d3, 0x020000, EP, PM_NOSOFT, cmd=BME),
        fn(1, 2, 0, caps=PM_NOSOFT, cmd=BME, knobs2=PM_IMM_D0),
        bridge(ROOT, 0, devfn(3), RP, 3, 3),
        fn(4, 3, devfn(0, 0), 0x168c, 0x0030, 0x028000, EP, MFD, cmd=BME),
        fn(4, 3, devfn(0, 1), caps=PM_NOSOFT, cmd=BME),
        bridge(ROOT, 0, devfn(4), RP, 4, 4, knobs2=VGA),
        fn(7, 4, 0, 0x10de, 0x2345, 0x030000, EP, PM, cmd=BME | 1),
    ]),
    # SR-IOV PFs whose VFs were doing DMA: an NVMe with FLR (its VFs at
    # 00:02.1-2 go with the reset), a NIC with no reset at all (VF Enable
    # cleared; VFs at 00:04.0-1), a NIC below an ARI root port with FLR
    # and Readiness Time Reporting (VFs at 01:10.0, 01:10.2), a PF whose
    # VFs are off.  Can come out clean.
    'sriov': seed([
        fn(ROOT, 0, devfn(2), 0x1b36, 0x0010, 0x010802, RCIEP, FLR,
           sriov=vfs(3, 2, 1, 1, 0x0011, cmd=BME)),
        fn(ROOT, 0, devfn(3), 0x8086, 0x10ca, 0x020000, RCIEP, 0,
           sriov=vfs(2, 2, 8, 1, 0x10ca, cmd=BME)),
        bridge(ROOT, 0, devfn(5), RP, 1, 1, knobs2=ARI),
        fn(2, 1, 0, 0x8086, 0x1572, 0x020000, EP, FLR, cmd=BME, knobs=RTR,
           rtr=(0x8000 | 5, 3, 2), sriov=vfs(2, 2, 0x80, 2, 0x154c,
                                              cmd=BME)),
        fn(ROOT, 0, devfn(6), 0x8086, 0x10ca, 0x020000, RCIEP, FLR,
           cmd=BME, sriov=vfs(1, 1, 1, 1, cmd=BME, flags=VFE_OFF)),
    ]),
    # SR-IOV hardware that does not simply go: VF Enable stuck (dirty),
    # VF Enable left set by a PF FLR (QEMU 7.2), and a PF with no FLR
    # below a root port: its bus reset takes the VFs too
    'sriov-odd': seed([
        fn(ROOT, 0, devfn(2), 0x8086, 0x10ca, 0x020000, RCIEP, FLR,
           sriov=vfs(2, 2, 1, 1, cmd=BME, flags=VFE_STUCK)),
        fn(ROOT, 0, devfn(3), 0x1b36, 0x0010, 0x010802, RCIEP, FLR,
           sriov=vfs(2, 2, 1, 1, 0x0011, cmd=BME, flags=KEEPS_VFE)),
        bridge(ROOT, 0, devfn(4), RP, 2, 2, knobs2=FAST_LINK | LINK_UP),
        fn(2, 2, 0, 0x8086, 0x10d3, 0x020000, EP, PM_NOSOFT | MFD,
           sriov=vfs(3, 3, 1, 1, cmd=BME)),
    ]),
    # SR-IOV numbers no VF can have: more VFs than TotalVFs, offset 0,
    # stride 0 with two VFs, past bus 255 (ff:1f.0 + 8)
    'sriov-bogus': seed([
        fn(ROOT, 0, devfn(2), caps=FLR, typ=RCIEP, sriov=vfs(2, 3, cmd=BME)),
        fn(ROOT, 0, devfn(3), caps=FLR, typ=RCIEP,
           sriov=vfs(2, 2, 0, 1, cmd=BME)),
        fn(ROOT, 0, devfn(4), caps=FLR, typ=RCIEP,
           sriov=vfs(2, 2, 1, 0, cmd=BME)),
        fn(ROOT, 0xff, devfn(0x1f), caps=FLR, typ=RCIEP,
           sriov=vfs(2, 2, 8, 1, cmd=BME)),
    ]),
    # Request Retry Status at scan time: one settles, one never does; a
    # function that never answers after its FLR
    'rrs': seed([
        fn(ROOT, 0, devfn(2), caps=FLR, typ=RCIEP, cmd=BME, reset_ms=175,
           knobs=RRS | BUSY, busy=37),
        fn(ROOT, 0, devfn(3), caps=FLR, typ=RCIEP, cmd=BME, reset_ms=0xff,
           knobs=RRS | BUSY, busy=255),
        fn(ROOT, 0, devfn(4), caps=FLR, typ=RCIEP, cmd=BME, knobs=DEAD),
    ], timeout=1500),
    # The same, with only the settling one: can come out clean
    'rrs-clean': seed([
        fn(ROOT, 0, devfn(2), caps=FLR, typ=RCIEP, cmd=BME, reset_ms=175,
           knobs=RRS | BUSY, busy=37),
        fn(ROOT, 0, devfn(5), caps=FLR | IMM_READY, typ=RCIEP, cmd=BME,
           reset_ms=0),
        fn(ROOT, 0, devfn(6), caps=PM | IMM_READY, typ=RCIEP, cmd=BME,
           knobs2=PM_IMM_D0, reset_ms=0),
    ], timeout=1500),
    # Bridges with bogus, overlapping and escaping bus numbers
    'bogus-bridges': seed([
        bridge(ROOT, 0, devfn(1), RP, 0, 0),
        bridge(ROOT, 0, devfn(2), RP, 5, 3),
        bridge(ROOT, 0, devfn(3), RP, 6, 7),
        bridge(ROOT, 0, devfn(4), RP, 7, 7),
        fn(2, 6, 0, caps=FLR, cmd=BME),
        fn(3, 7, 0, caps=PM_NOSOFT, cmd=BME),
        fn(ROOT, 0, devfn(6), caps=FLR, typ=RCIEP, cmd=BME),
    ]),
    # A conventional PCI bridge (1 s after SBR), multi-function devices,
    # AF FLR, a console VGA
    'conventional': seed([
        bridge(ROOT, 0, devfn(0x1e), PCI_BRIDGE, 1, 1),
        fn(0, 1, devfn(1, 0), 0x8086, 0x100e, 0x020000, CONV, MFD,
           cmd=BME),
        fn(0, 1, devfn(1, 1), 0x8086, 0x100e, 0x020000, CONV, AF_FLR,
           cmd=BME),
        fn(ROOT, 0, devfn(2), 0x1234, 0x1111, 0x030000, CONV, PM,
           cmd=BME | 1),
    ], timeout=3000),
    # Readiness Time Reporting: a long FLR time, a short reset time; RTR
    # at an odd place through a poke chain
    'rtr': seed([
        bridge(ROOT, 0, devfn(1), RP, 1, 1),
        fn(0, 1, 0, caps=PM_NOSOFT, cmd=BME, knobs=RTR,
           rtr=(0x8000 | 20, 0x1ff | 7 << 9, 1)),
        fn(ROOT, 0, devfn(3), caps=FLR, typ=RCIEP, cmd=BME, knobs=RTR,
           rtr=(0x8000 | 1, 50 | 3 << 9, 0)),
    ], timeout=1000, pokes=[
        (2, 0x100, 4, 0x0b | 1 << 16 | 0xff8 << 20, False),
        (2, 0xff8, 4, 0x22 | 1 << 16, False),
    ]),
    # Capacity: a table of 2 for 3 functions, one SBR for two
    'capacity': seed([
        fn(ROOT, 0, devfn(2), caps=FLR, typ=RCIEP, cmd=BME),
        fn(ROOT, 0, devfn(3), caps=FLR, typ=RCIEP),
        fn(ROOT, 0, devfn(4), caps=FLR, typ=RCIEP),
        bridge(ROOT, 0, devfn(5), RP, 1, 1),
        bridge(ROOT, 0, devfn(6), RP, 2, 2),
        fn(3, 1, 0, 0x8086, 0x100e, 0x020000, CONV, 0, cmd=BME),
        fn(4, 2, 0, 0x8086, 0x100e, 0x020000, CONV, 0, cmd=BME),
    ], flags=SMALL_SBR, fmax=2, max_sbr=1),
    # The kernel's rescan sizes the table from the first pass
    'rescan': seed([
        fn(ROOT, 0, devfn(d), caps=FLR, typ=RCIEP, cmd=BME)
        for d in range(2, 7)
    ], flags=RESCAN, fmax=2),
    # ARI Forwarding on a downstream port; functions 0, 1 and 8 (1.0)
    'ari': seed([
        bridge(ROOT, 0, devfn(1), RP, 1, 1, knobs2=ARI),
        fn(0, 1, devfn(0, 0), caps=FLR, cmd=BME),
        fn(0, 1, devfn(0, 1), caps=FLR, cmd=BME),
        fn(0, 1, devfn(1, 0), caps=PM, cmd=BME),
    ]),
    # Skip and method rules through the parameter parser, all mode
    'policy': seed([
        fn(ROOT, 0, devfn(2), caps=FLR | PM, typ=RCIEP, cmd=BME),
        fn(ROOT, 0, devfn(3), 0x8086, 0x1502, caps=FLR | PM, typ=RCIEP,
           cmd=BME),
        bridge(ROOT, 0, devfn(4), RP, 1, 1),
        fn(2, 1, 0, caps=PM_NOSOFT, cmd=BME),
    ], flags=ALL, skips=[(0, 2, 0)], overrides=[(1, 1, 3), (0, 0, 0)]),
    # A bridge found inside a bus reset the crashed kernel started
    'sbr-held': seed([
        bridge(ROOT, 0, devfn(1), RP, 1, 1, knobs=SBR_HELD),
        fn(0, 1, 0, caps=FLR, cmd=BME),
        fn(ROOT, 0, devfn(2), caps=FLR, typ=RCIEP, cmd=BME),
    ]),
    # A clock that does not run; windows that could not be used
    'frozen': seed([
        fn(ROOT, 0, devfn(2), caps=FLR, typ=RCIEP, cmd=BME),
    ], flags=FROZEN, timeout=500),
    'windows': seed([
        fn(ROOT, 0, devfn(2), caps=FLR, typ=RCIEP, cmd=BME),
    ], flags=UNREACHED | LEGACY),
    # A bus window that leaves the root port's bus unscanned
    'unscanned': seed([
        bridge(ROOT, 0x10, devfn(1), RP, 0x40, 0x40),
        fn(0, 0x40, 0, caps=FLR, cmd=BME),
        fn(ROOT, 0x10, devfn(2), caps=FLR, typ=RCIEP, cmd=BME),
    ], window=(0x10, 0x3f)),
    # A full table: 28 functions, then a PF at 00:1f.0 whose 4 VFs are cut
    # to the 2 there is room for, at 01:00.0-1 (a bus of its host bridge
    # no bridge forwards), and a PF with room for none: VF Enable set,
    # TotalVFs and NumVFs 0
    'sriov-full': seed([
        fn(ROOT, 0, devfn(d), caps=FLR, typ=RCIEP) for d in range(2, 30)
    ] + [
        fn(ROOT, 0, devfn(31), 0x8086, 0x1572, 0x020000, RCIEP, FLR,
           sriov=vfs(4, 2, 8, 1, 0x154c, cmd=BME)),
        fn(ROOT, 0x10, devfn(2), 0x8086, 0x1572, 0x020000, RCIEP, FLR,
           sriov=vfs(1, 0)),
    ]),
}


# Reproducers of what the fuzzer found, one per FUZZ_ALLOW id (README)
FINDINGS = {
    # ARI: functions need not be contiguous; function 12 (1.4) exists
    # without function 8 (1.0), and the scan never probes 1.1-1.7
    'ari-scan': seed([
        bridge(ROOT, 0, devfn(1), RP, 1, 1, knobs2=ARI),
        fn(0, 1, devfn(0, 0), caps=FLR, cmd=BME),
        fn(0, 1, devfn(1, 4), caps=FLR, cmd=BME),
    ]),
    # A bridge whose bus range leaves its parent's: its root port never
    # forwards bus 2, so the master there is unreachable, and unseen
    'hidden-range': seed([
        bridge(ROOT, 0, devfn(1), RP, 1, 1),
        bridge(0, 1, devfn(0), PCI_BRIDGE, 2, 2),
        fn(1, 2, 0, 0x8086, 0x100e, 0x020000, CONV, 0, cmd=BME),
    ]),
    # Function 0 answers RRS at scan time; function 1, a master, is never
    # probed: the retry adds function 0 alone
    'rrs-siblings': seed([
        fn(ROOT, 0, devfn(2, 0), caps=FLR | MFD, typ=RCIEP, reset_ms=20,
           knobs=RRS | BUSY, busy=6),
        fn(ROOT, 0, devfn(2, 1), caps=FLR, typ=RCIEP, cmd=BME),
    ]),
    # Immediate Readiness in Status, none on return to D0: polled at once
    # after D3hot->D0, 10 ms early
    'pm-imm-ready': seed([
        fn(ROOT, 0, devfn(5), caps=PM | IMM_READY, typ=RCIEP, cmd=BME,
           reset_ms=0),
    ]),
    # Two root ports claim bus 1; the scan takes the first in scan order,
    # 00:1a.0, for the parent, resets its secondary bus and reports the
    # function reset; config requests for bus 1 reach it through 00:1c.0
    'ambiguous-parent': seed([
        bridge(ROOT, 0, devfn(0x1c), RP, 1, 1),
        fn(0, 1, 0, 0x8086, 0x10d3, 0x020000, EP, PM_NOSOFT, cmd=BME),
        bridge(ROOT, 0, devfn(0x1a), RP, 1, 1),
    ]),
    # A PF whose AF FLR takes longer than the timeout (100 ms, 25 allowed)
    # is left not_ready; stop_vfs() then read its SR-IOV Control at once,
    # 0 ms into the 100 ms after its FLR.  Decoded from
    # crash-082fec4c3cbca919db425f191c82565efd44bc3f (2026-12-05), an
    # input of the old layout: a PF with AF FLR on the root bus, its VFs
    # enabled, timeout 25 ms
    'stop-vfs-early': seed([
        fn(ROOT, 0, devfn(2), caps=AF_FLR, typ=RCIEP,
           sriov=vfs(2, 2, 1, 1, cmd=BME)),
    ], timeout=25),
    # A type 0 function of class 06 00 (host bridge) is a PF, its VFs
    # enabled, idle.  pci_kdump_outcome_of() called method quiesce idle
    # before it looked at VF Enable, so a dry run (nothing touched) came
    # out clean with VF Enable set; so did a real run where VF Enable
    # does not clear (VFE_STUCK).  Found 2026-12-05, fixed the same day.
    'quiesce-pf': seed([
        fn(ROOT, 0, devfn(2), 0x8086, 0x0c00, 0x060000, RCIEP, FLR,
           sriov=vfs(2, 2)),
    ], flags=DRY_RUN),
}


# Reproducers of findings not fixed yet, one per FUZZ_ALLOW id (README):
# they go to findings/, and to FINDINGS (corpus/) once fixed
OPEN = {}


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    # The findings in FINDINGS are fixed: their reproducers are seeds now
    for sub, inputs in (('corpus', SEEDS), ('corpus', FINDINGS),
                        ('findings', OPEN)):
        out = os.path.join(here, sub)
        os.makedirs(out, exist_ok=True)
        for name, data in inputs.items():
            with open(os.path.join(out, name), 'wb') as f:
                f.write(data)


if __name__ == '__main__':
    main()
