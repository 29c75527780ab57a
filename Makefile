# pci-kdump test bed. `make help` lists the targets; README.md explains them.
SHELL := /bin/bash
.DEFAULT_GOAL := help

B        := build
JOBS     ?= $(shell nproc)
# Debian's python, not whatever python3 comes first in PATH: pytest is
# installed from Debian packages.
PYTHON   := /usr/bin/python3
# Paths below the repo are hashed relative to it, so a clone elsewhere (CI)
# hits the ccache this machine's builds filled.
export CCACHE_BASEDIR := $(CURDIR)

DEPS := linux-source-6.12 build-essential bc bison flex libelf-dev libssl-dev \
	cpio xz-utils ccache qemu-system-x86 kexec-tools makedumpfile \
	busybox-static dracut-core libpci-dev pciutils pkg-config clang sparse \
	gcc-aarch64-linux-gnu shellcheck valgrind python3 python3-pytest kmod \
	rsync libclang-rt-14-dev zstd e2fsprogs patch debhelper lintian

.PHONY: help deps kernel kernel-vanilla kernels demo test test-full clean

help:
	@sed -n 's/^## //p' Makefile mk/*.mk

## make deps: install the Debian packages the bed needs (idempotent)
deps:
	apt-get update
	DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $(DEPS)

## make kernel: patched kernel, build/obj-patched/arch/x86/boot/bzImage
# Always re-run: each step is cheap when nothing changed and keeps mtimes,
# so the kernel's own make decides what to rebuild.
kernel:
	JOBS=$(JOBS) mk/build-kernel.sh patched

## make kernel-vanilla: unmodified 6.12, build/obj-vanilla/...
kernel-vanilla:
	JOBS=$(JOBS) mk/build-kernel.sh vanilla

kernels: kernel kernel-vanilla

## make demo: kdump cycle of the patched kernel under DMA, with a summary
demo: kernel
	$(PYTHON) tests/demo.py

## make test: what CI runs (about 40 min on 2 cores, ccache warm): both kernels for x86 and arm64, audit tool, KUnit in userspace, mutants, fuzz, make check, the Debian guest, pytest
test: kernels kernels-arm64 arm64-userspace
	@rc=0; \
	$(MAKE) -C tools/pci-reset-audit test || rc=1; \
	$(MAKE) kunit || rc=1; \
	$(MAKE) mutants || rc=1; \
	$(MAKE) fuzz || rc=1; \
	$(MAKE) check || rc=1; \
	$(MAKE) debian-guest || rc=1; \
	$(PYTHON) -m pytest -v -rs tests || rc=1; \
	exit $$rc

## make test-full: make test, then every DMA scenario on both kernels, the benchmarks and a longer fuzz run
test-full: test
	@rc=0; \
	$(MAKE) scenarios || rc=1; \
	$(MAKE) bench || rc=1; \
	$(MAKE) fuzz FUZZ_SECONDS=600 || rc=1; \
	exit $$rc

include mk/upstream.mk
include mk/scenarios.mk
include mk/kunit.mk
include mk/fuzz.mk
include mk/deb.mk
include mk/debian-guest.mk
include mk/arm64.mk

## make clean: remove build outputs (ccache, in ~/.cache/ccache, is kept)
clean:
	rm -rf $(B)
	mkdir -p $(B)
