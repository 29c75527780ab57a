# Upstream submission: the git format-patch series and its checks.
# Included from the top-level Makefile.

.PHONY: patches check check-fast check-build

# git builds and checks the series; sparse, gcc-aarch64-linux-gnu and perl
# (checkpatch, kernel-doc) are in the bed's list already.
DEPS += git perl

## make patches: git format-patch series (+ cover letter) in build/patches/
patches:
	@mk/unpack.sh /usr/src/linux-source-6.12.tar.xz $(B)/src/pristine
	mk/series.sh . $(B)/src/pristine /usr/src/linux-source-6.12.tar.xz $(B)/patches

## make check: checkpatch/kernel-doc/git-am on the series, then every step built (x86_64), W=1, sparse, arm64
check:
	JOBS=$(JOBS) mk/check.sh all

## make check-fast: only the series checks (checkpatch, kernel-doc, git am == overlay), seconds
check-fast:
	JOBS=$(JOBS) mk/check.sh fast

## make check-build: only the build checks (bisect, W=1, sparse, arm64)
check-build:
	JOBS=$(JOBS) mk/check.sh build
