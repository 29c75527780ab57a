# pci-kdump test bed. `make help` lists the targets; README.md explains them.
SHELL := /bin/bash
.DEFAULT_GOAL := help

B        := build
TARBALL  := /usr/src/linux-source-6.12.tar.xz
PRISTINE := $(B)/src/pristine
PATCHED  := $(B)/src/patched
JOBS     ?= $(shell nproc)
# Debian's python, not whatever python3 comes first in PATH: pytest is
# installed from Debian packages.
PYTHON   := /usr/bin/python3

DEPS := linux-source-6.12 build-essential bc bison flex libelf-dev libssl-dev \
	cpio xz-utils ccache qemu-system-x86 kexec-tools makedumpfile \
	busybox-static dracut-core libpci-dev pciutils pkg-config clang sparse \
	gcc-aarch64-linux-gnu shellcheck valgrind python3 python3-pytest kmod \
	rsync libclang-rt-14-dev zstd e2fsprogs patch

BASE_FRAG := configs/kdump-vm.config
KDUMP_FRAG := configs/pci-kdump.config

# $(call kbuild,SRC,OBJ): build bzImage out of tree with ccache
kbuild = $(MAKE) -s -C $(1) O=$(abspath $(2)) CC="ccache gcc" -j$(JOBS) bzImage

.PHONY: help deps kernel kernel-vanilla kernels demo test clean

help:
	@sed -n 's/^## //p' Makefile

## make deps: install the Debian packages the bed needs (idempotent)
deps:
	apt-get update
	DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $(DEPS)

$(PRISTINE).stamp:
	mk/unpack.sh $(TARBALL) $(PRISTINE)

$(PATCHED).stamp: $(PRISTINE).stamp
	mk/patched-tree.sh $(PRISTINE) $(PATCHED)

# Always re-run: each step is cheap when nothing changed and keeps mtimes,
# so the kernel's own make decides what to rebuild.
## make kernel: patched kernel, build/obj-patched/arch/x86/boot/bzImage
kernel: $(PATCHED).stamp
	mk/sync-tree.sh . $(PRISTINE) $(PATCHED)
	mk/configure.sh $(PATCHED) $(B)/obj-patched $(BASE_FRAG) $(KDUMP_FRAG)
	mk/check-config.sh $(PATCHED) $(B)/obj-patched/.config --strict $(BASE_FRAG) $(KDUMP_FRAG)
	$(call kbuild,$(PATCHED),$(B)/obj-patched)
	@echo "  KERNEL  $(B)/obj-patched/arch/x86/boot/bzImage"

## make kernel-vanilla: unmodified 6.12, build/obj-vanilla/...
kernel-vanilla: $(PRISTINE).stamp
	mk/configure.sh $(PRISTINE) $(B)/obj-vanilla $(BASE_FRAG)
	mk/check-config.sh $(PRISTINE) $(B)/obj-vanilla/.config --strict $(BASE_FRAG)
	$(call kbuild,$(PRISTINE),$(B)/obj-vanilla)
	@echo "  KERNEL  $(B)/obj-vanilla/arch/x86/boot/bzImage"

kernels: kernel kernel-vanilla

## make demo: kdump cycle of the patched kernel under DMA, with a summary
demo: kernel
	$(PYTHON) tests/demo.py

## make test: build both kernels, then run every test; non-zero on failure
test: kernels
	@rc=0; \
	if [ -f tools/pci-reset-audit/Makefile ]; then \
		$(MAKE) -C tools/pci-reset-audit test || rc=1; \
	fi; \
	$(PYTHON) -m pytest -v -rs tests || rc=1; \
	exit $$rc

## make clean: remove build outputs (ccache, in ~/.cache/ccache, is kept)
clean:
	rm -rf $(B)
	mkdir -p $(B)
