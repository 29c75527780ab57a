# arm64 / SMMUv3 bed: the kernels cross-built for QEMU virt, Debian's arm64
# busybox/kexec/makedumpfile as guest userspace, tests/test_arm64.py.
# docs/arm64-bed.rst explains it.
DEPS += qemu-system-arm gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu
# UEFI firmware for the ACPI boot (harness/arm64_machine.py)
DEPS += qemu-efi-aarch64
.PHONY: kernel-arm64 kernel-vanilla-arm64 kernels-arm64 arm64-multiarch arm64-side-by-side \
	arm64-userspace

## make kernel-arm64: patched kernel for arm64, build/obj-arm64-patched/arch/arm64/boot/Image
kernel-arm64:
	JOBS=$(JOBS) mk/build-kernel.sh patched arm64

## make kernel-vanilla-arm64: unmodified 6.12 for arm64, build/obj-arm64-vanilla/...
kernel-vanilla-arm64:
	JOBS=$(JOBS) mk/build-kernel.sh vanilla arm64

kernels-arm64: kernel-arm64 kernel-vanilla-arm64

# apt-get download PKG:arm64 needs dpkg to know the architecture before
# deps' apt-get update fetches the package lists; nothing arm64 is installed
deps: arm64-multiarch
arm64-multiarch:
	dpkg --add-architecture arm64

## make arm64-userspace: Debian arm64 busybox, kexec, makedumpfile and their libraries in build/arm64-root
arm64-userspace:
	cd tests && $(PYTHON) -c 'from harness import arm64_userspace; arm64_userspace.ensure()'

## make arm64-side-by-side: the arm64 rows of make scenarios only (SMMUv3, patched vs vanilla); build/scenarios-arm64.txt
arm64-side-by-side: kernels-arm64 arm64-userspace
	SCN_ARCH=arm64 $(PYTHON) tests/scenarios/run.py
