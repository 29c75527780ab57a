# Debian packages of the userspace parts (debian/): pci-reset-audit,
# pci-kdump-initramfs (initramfs-tools hook and script, kdump-tools
# drop-in) and pci-kdump-dracut.  dpkg-buildpackage runs on a copy of the
# tree (tracked files plus new, not ignored ones) in build/deb/src, so no
# build product lands in the repo; the .debs, .changes, .buildinfo, the
# build log and lintian's output end up in build/deb/.  The packages are
# rebuilt only when a file they are built from changes.  Needs debhelper,
# lintian, libpci-dev, pkgconf (make deps installs them).
B ?= build
DEB_OUT := $(B)/deb
DEB_SRC := $(DEB_OUT)/src/pci-kdump
# What the packages are built from (new files count too). Their checksums
# are the prerequisite, not their mtimes: a file put back with an old mtime
# (rsync -a, cp -p, tar) or removed still means a rebuild.
DEB_INPUTS := $(wildcard $(shell git ls-files -co --exclude-standard -- \
	debian tools/pci-reset-audit dracut initramfs-tools drivers/pci \
	include/linux/pci-kdump.h tests/kunit-user 2>/dev/null)) mk/deb.mk
DEB_SUMS := $(B)/deb-inputs.sha256
DEB_TOOLS := dpkg-buildpackage dh lintian rsync

.PHONY: deb deb-inputs-force

## make deb: Debian packages of the userspace parts in build/deb/ (dpkg-buildpackage on a copy of the tree), lintian must be clean
deb: $(DEB_OUT)/.done

$(DEB_SUMS): deb-inputs-force
	@mkdir -p $(@D)
	@sha256sum $(DEB_INPUTS) >$@.tmp
	@if cmp -s $@.tmp $@; then rm $@.tmp; else mv $@.tmp $@; fi

$(DEB_OUT)/.done: $(DEB_SUMS)
	@for t in $(DEB_TOOLS); do command -v $$t >/dev/null || { \
		echo "make deb: $$t not found: run make deps (apt-get install debhelper lintian rsync)" >&2; \
		exit 1; }; done
	rm -rf $(DEB_OUT)
	mkdir -p $(DEB_SRC)
	git ls-files -z -co --exclude-standard | \
		rsync -a --from0 --files-from=- --ignore-missing-args ./ $(DEB_SRC)/
	@echo "dpkg-buildpackage -us -uc -b in $(DEB_SRC) (log: $(DEB_OUT)/build.log)"
	@cd $(DEB_SRC) && dpkg-buildpackage -us -uc -b >../../build.log 2>&1 || \
		{ tail -n 40 ../../build.log; echo "make deb: dpkg-buildpackage failed, see $(DEB_OUT)/build.log" >&2; exit 1; }
	mv $(DEB_OUT)/src/*.deb $(DEB_OUT)/src/*.changes $(DEB_OUT)/src/*.buildinfo $(DEB_OUT)/
	@rc=0; lintian --info --fail-on error,warning $(DEB_OUT)/*.changes \
		>$(DEB_OUT)/lintian.txt 2>&1 || rc=$$?; \
	cat $(DEB_OUT)/lintian.txt; \
	if [ $$rc -ne 0 ] || grep -q '^[EW]: ' $(DEB_OUT)/lintian.txt; then \
		echo "make deb: lintian reports errors or warnings (exit $$rc), see $(DEB_OUT)/lintian.txt" >&2; \
		exit 1; fi
	rm -rf $(DEB_OUT)/src
	@ls -1 $(DEB_OUT)/*.deb
	touch $@
