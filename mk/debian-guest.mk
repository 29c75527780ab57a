# A Debian 12 guest that runs pci-kdump the way an administrator gets it:
# kdump-tools from Debian, pci-kdump's packages from `make deb`, and the
# patched kernel installed as a linux-image .deb (tests/test_debian_guest.py).
#
# The kernel is a flavour of its own: build/src/patched (synced by `make
# kernel`) configured with configs/debian-guest.config on top of the test
# kernel's fragments, built in build/obj-debian by the kernel's own
# `make bindeb-pkg`. The disk image is built by
# tests/debian-guest/build-image.sh (mmdebstrap + mke2fs -d, no root
# mounts) and rebuilt only when its inputs change.
DEBIAN_GUEST    := $(B)/debian-guest
DEBIAN_OBJ      := $(B)/obj-debian
DEBIAN_FRAGS    := configs/kdump-vm.config configs/pci-kdump.config \
		   configs/debian-guest.config
DEBIAN_KDEB     := $(DEBIAN_GUEST)/kernel
DEPS += mmdebstrap dpkg-dev e2fsprogs

.PHONY: debian-guest debian-guest-kernel test-debian

## make debian-guest-kernel: patched kernel as a linux-image .deb (bindeb-pkg, build/obj-debian) in build/debian-guest/kernel/
# Always re-run, as `make kernel`: the kernel's make decides what to
# rebuild, and build-kernel-deb.sh repackages only a changed kernel.
debian-guest-kernel: kernel
	JOBS=$(JOBS) tests/debian-guest/build-kernel-deb.sh $(DEBIAN_OBJ) $(DEBIAN_KDEB) $(DEBIAN_FRAGS)

## make debian-guest: Debian 12 disk image with kdump-tools, pci-kdump's .debs and the kernel .deb (build/debian-guest/disk.img, cached)
debian-guest: debian-guest-kernel deb
	tests/debian-guest/build-image.sh $(DEBIAN_GUEST) $(DEBIAN_KDEB)/*.deb $(DEB_OUT)/*.deb

## make test-debian: the administrator's path in the Debian guest: kdump-config, sysrq-c under DMA, dump and report under /var/crash
test-debian: debian-guest
	$(PYTHON) -m pytest -v -rs tests/test_debian_guest.py
