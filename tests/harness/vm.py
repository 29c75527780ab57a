"""Run QEMU guests: a full kdump cycle, or one boot of the first kernel."""
import os
import re
import shutil
import subprocess
import tarfile
import time
from pathlib import Path

from . import accel as _accel
from . import arm64_machine
from .dma import UdpFeeder
from .initramfs import build_images
from .paths import LOGS, bzimage
from .result import VMResult, split_console
from .topology import TOPOLOGIES

# no_timer_check: under TCG on a loaded host the IO-APIC timer check can
# miss its window and panic ("timer doesn't work through Interrupt-remapped
# IO-APIC"), as VM images commonly avoid with this flag.
FIRST_CMDLINE = ("console=ttyS0 intel_iommu=on crashkernel=256M panic=-1 "
                 "no_timer_check")
CAPTURE_CMDLINE = ("console=ttyS0 reset_devices nr_cpus=1 irqpoll panic=-1 "
                   "intel_iommu=on no_timer_check")
IOMMUS = {
    "intel": ["-device", "intel-iommu,intremap=on"],
    "amd": ["-device", "amd-iommu,intremap=on"],
    "none": [],
}
OUT_DISK_MB = 256
MARK = re.compile(r"PCIKDUMP-MARK (.*?)\r?$", re.M)


def _topology_args(topology, feeder):
    """Expand a topology (name or list of -device strings) to QEMU args."""
    devices = TOPOLOGIES[topology] if isinstance(topology, str) else topology
    args = []
    for n, dev in enumerate(devices):
        if "{net}" in dev:
            args += ["-netdev", feeder.netdev(f"net{n}")]
            dev = dev.replace("{net}", f"net{n}")
        if "{drive}" in dev:
            args += ["-drive", f"if=none,id=drv{n},driver=null-co,size=64M"]
            dev = dev.replace("{drive}", f"drv{n}")
        args += ["-device", dev]
    return args


def _pull_files(disk, dest):
    """Unpack the guest's tar archive from the output disk."""
    files = {}
    try:
        with tarfile.open(disk) as tar:
            for m in tar.getmembers():
                if m.isfile() and "/" not in m.name.lstrip("./"):
                    tar.extract(m, dest, set_attrs=False)
                    files[m.name.lstrip("./")] = dest / m.name
    except (tarfile.ReadError, FileNotFoundError):   # guest never wrote it
        pass
    return files


def _x86_machine(accel, iommu):
    """(-machine value, args after -smp) of q35."""
    machine = "q35,accel=" + accel
    if accel == "kvm" and iommu != "none":
        machine += ",kernel-irqchip=split"   # intremap=on needs it under KVM
    return machine, IOMMUS[iommu]


# The disk the guest writes its results to.  On arm64 it sits behind a root
# port, which gives it FLR: on the root bus it has no reset method, so the
# capture kernel would count it as a DMA master that may still do DMA, and
# SMMUv3, which decides for all its streams at once, would keep mainline's
# kdump behaviour in every run.  On x86, q35's AHCI controller has no reset
# either, so the disk stays on the root bus, at 00:03.0 as tests expect.
_OUT = "virtio-blk-pci,drive=out,serial=pcikdump-out"
OUT_DISK = {
    "x86": ["-device", f"{_OUT},bus=pcie.0"],
    "arm64": ["-device", "pcie-root-port,id=rpout,bus=pcie.0,chassis=30,"
              "slot=30,addr=0x1e",
              "-device", f"{_OUT},bus=rpout"],
}


# QEMU aborts that are the emulator's, not the guest's: an assertion in a
# device model where hardware has none. A run that ends in one measured
# nothing, so run_vm runs it again, once, and says so (the first run's
# logs are kept beside the second's).
QEMU_ARTEFACTS = {
    # QEMU 7.2 hw/net/e1000e_core.c:143: an interrupt-throttling timer armed
    # while MSI-X was off fires after the driver turned MSI-X on. Seen once
    # (CI rehearsal, 2026-12-05) in a vanilla capture, whose e1000e driver
    # reinitialises a NIC nobody reset.
    "e1000e_intrmgr_on_throttling_timer: Assertion":
        "QEMU 7.2's e1000e model asserted on its throttling timer",
}


def emulator_artefact(qemu_log):
    """Why QEMU aborted on its own account (QEMU_ARTEFACTS), or None."""
    return next((why for line, why in QEMU_ARTEFACTS.items()
                 if line in qemu_log), None)


def run_vm(name, **kw):
    """One QEMU run (see _run_vm_once for the arguments). A run QEMU ended
    with a known emulator abort is run again once; the result then says
    so in emulator_retry, and the first run's logs are in
    build/logs/<name>-emulator-abort/."""
    r = _run_vm_once(name, **kw)
    qlog = r.log_dir / "qemu.log"
    why = emulator_artefact(qlog.read_text(errors="replace")) \
        if qlog.exists() else None
    if why is None:
        return r
    kept = r.log_dir.with_name(f"{name}-emulator-abort")
    shutil.rmtree(kept, ignore_errors=True)
    r.log_dir.rename(kept)
    print(f"{name}: {why} (an emulator artefact, not a result); "
          f"running it again, first run in {kept}")
    r = _run_vm_once(name, **kw)
    r.emulator_retry = why
    return r


def _run_vm_once(name, flavour="patched", mode="cycle", topology="minimal",
           iommu=None, first_append="", capture_append="",
           first_script=None, capture_script=None, qemu_args=(),
           dma=True, timeout=None, accel=None, capture_initrd=None,
           keep_out_disk=False, dma_rate_hz=None, dma_max_frames=None,
           arch="x86"):
    """Boot the first kernel and (mode="cycle") go through a real kdump:
    kexec -s -p, sysrq-c, capture kernel, makedumpfile, output disk.
    mode="boot" boots the first kernel once and powers off.

    first_script / capture_script: shell text run as /test/first.sh and
    /test/capture.sh (the guest's tests/guest/ helpers are in /guest/;
    files put in /out are pulled back). Extra QEMU args may use the
    placeholder {log_dir}, e.g. ["-trace", "vtd_dmar_fault",
    "-D", "{log_dir}/qemu-trace.log"]. capture_initrd: a prebuilt capture
    initramfs kexec loads instead of the busybox one (its own init must
    write the output disk and power off). keep_out_disk: leave the output
    disk at log_dir/out.img (raw, a tar archive) for the test to read.
    dma_rate_hz / dma_max_frames: pace and bound the host's UDP sender
    (default 500 frames/s, 200000 frames). arch="arm64": QEMU virt with
    the arm64 kernels (harness/arm64_machine.py); iommu is then "smmuv3"
    (default) or "none", and topology one that fits virt. timeout:
    seconds, by default 300 (x86) or arm64_machine.TIMEOUT. Returns a
    VMResult.
    """
    if arch == "x86":
        kernel = bzimage(flavour)
        iommu = iommu or "intel"
        if iommu not in IOMMUS:
            raise ValueError(f"iommu must be one of {sorted(IOMMUS)}")
        accel = accel or _accel.choose(flavour)
        timeout = timeout or 300
        machine, machine_args = _x86_machine(accel, iommu)
        qemu, first_cmdline, capture_cmdline = (
            "qemu-system-x86_64", FIRST_CMDLINE, CAPTURE_CMDLINE)
    elif arch == "arm64":
        kernel = arm64_machine.image(flavour)
        accel = "tcg"
        timeout = timeout or arm64_machine.TIMEOUT
        machine, machine_args = arm64_machine.machine(iommu or "smmuv3")
        qemu, first_cmdline, capture_cmdline = (
            arm64_machine.QEMU, arm64_machine.FIRST_CMDLINE,
            arm64_machine.CAPTURE_CMDLINE)
    else:
        raise ValueError(f"unknown arch {arch!r}")
    if not kernel.exists():
        raise FileNotFoundError(f"{kernel} missing: run make kernel / "
                                "kernel-vanilla (-arm64)")
    log_dir = LOGS / name
    shutil.rmtree(log_dir, ignore_errors=True)
    log_dir.mkdir(parents=True)

    cap_cmdline = f"{capture_cmdline} {capture_append}".strip()
    test_files = {"config": f"MODE={mode}\nCAPTURE_APPEND='{cap_cmdline}'\n"}
    if first_script is not None:
        test_files["first.sh"] = "#!/bin/sh\n" + first_script + "\n"
    if capture_script is not None:
        test_files["capture.sh"] = "#!/bin/sh\n" + capture_script + "\n"
    initrd = build_images(kernel, test_files, capture_initrd, arch)

    out_disk = log_dir / "out.img"
    with open(out_disk, "wb") as f:
        f.truncate(OUT_DISK_MB << 20)
    serial = log_dir / "serial.log"
    pace = {}
    if dma_rate_hz is not None:
        pace["rate_hz"] = dma_rate_hz
    if dma_max_frames is not None:
        pace["max_frames"] = dma_max_frames
    feeder = UdpFeeder(**pace)   # backs the {net} NICs even when not sending
    cmd = [qemu, "-machine", machine, "-nodefaults",
           "-display", "none", "-no-reboot", "-m", "1G", "-smp", "1",
           *machine_args,
           "-serial", f"file:{serial}",
           "-kernel", str(kernel), "-initrd", str(initrd),
           "-append", f"{first_cmdline} {first_append}".strip(),
           *_topology_args(topology, feeder),
           "-drive", f"if=none,id=out,format=raw,file={out_disk}",
           *OUT_DISK[arch],
           *[a.replace("{log_dir}", str(log_dir)) for a in qemu_args]]
    (log_dir / "qemu-cmd.txt").write_text(" ".join(cmd) + "\n")

    timed_out = False
    start = time.monotonic()
    with open(log_dir / "qemu.log", "wb") as qlog:
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=qlog,
                                stderr=subprocess.STDOUT)
        if dma:
            feeder.start()
        try:
            status = proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            timed_out = True
            proc.kill()
            proc.wait()
            status = None
        finally:
            feeder.stop()
    seconds = time.monotonic() - start

    text = serial.read_text(errors="replace") if serial.exists() else ""
    first, capture = split_console(text)
    files = _pull_files(out_disk, log_dir / "out")
    if not keep_out_disk:
        out_disk.unlink(missing_ok=True)   # 256M sparse; useful bytes are in out/
    return VMResult(name=name, log_dir=log_dir, serial_log=serial,
                    first_dmesg=first, capture_dmesg=capture,
                    markers=MARK.findall(text), files=files,
                    exit_status=status, timed_out=timed_out, qemu_cmd=cmd,
                    accel=accel, seconds=seconds,
                    frames_sent=feeder.sent)


def run_kdump_cycle(name, **kw):
    """Full kdump cycle with the NICs brought up (DMA in flight) first."""
    kw.setdefault("first_script", "/guest/nic-up.sh")
    return run_vm(name, mode="cycle", **kw)


def boot_once(name, **kw):
    """Boot the first kernel once and power off (e.g. for KUnit)."""
    kw.setdefault("dma", False)
    return run_vm(name, mode="boot", **kw)
