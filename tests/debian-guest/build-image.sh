#!/bin/bash
# Build the Debian 12 guest disk: mmdebstrap from this machine's apt
# sources into a directory, pci-kdump's .debs and the linux-image .deb
# installed with dpkg inside it (so initramfs-tools and kdump-tools build
# /boot/initrd.img-* and /var/lib/kdump/initrd.img-* with their own
# postinst.d hooks), then an ext4 image made from the directory with
# mke2fs -d: no loop mount.
#
# Outputs in OUT: disk.img (raw ext4, the guest's /dev/vda), boot/vmlinuz
# and boot/initrd.img (copies of the installed /boot files, which QEMU
# boots as the bootloader would), build-image.log, inputs.sha256. Skipped
# when the inputs (this script, the guest's files, the package list, the
# apt sources and the .debs) are unchanged.
#
# usage: build-image.sh OUT LINUX_IMAGE.deb PCI_KDUMP.deb...
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${1:?out dir}
shift
kernel_deb=${1:?linux-image .deb}
shift
here=tests/debian-guest
sources=/etc/apt/sources.list.d/debian.sources
# Lean: what kdump-tools needs to load and save a dump under systemd
# (procps: kdump-config sets kernel.panic_on_oops with sysctl), and busybox
# for the test script's "ip link set up" of the NIC.
packages=systemd,systemd-sysv,udev,kdump-tools,makedumpfile,kexec-tools,initramfs-tools,pciutils,busybox,kmod,libpci3,zstd,procps

# Only the packages a Debian kdump host needs: the initramfs-tools side
# and the audit tool (pci-kdump-dracut and debug symbols stay out).
debs=("$kernel_deb")
for d in "$@"; do
	case ${d##*/} in
	pci-kdump-initramfs_*.deb | pci-reset-audit_[0-9]*.deb) debs+=("$d") ;;
	esac
done

mkdir -p "$out"
sum=$( (echo "$packages"; cat "$sources"
	find "$here" -type f | LC_ALL=C sort | xargs sha256sum
	sha256sum "${debs[@]}" | sed 's#  .*/#  #') | sha256sum)
if [ -f "$out/disk.img" ] && [ -f "$out/inputs.sha256" ] &&
	[ "$(cat "$out/inputs.sha256")" = "$sum" ]; then
	echo "  IMAGE   $out/disk.img (up to date)"
	exit 0
fi
rm -f "$out/inputs.sha256" "$out/disk.img"
root=$out/rootfs
rm -rf "$root" "${out:?}/boot"
mkdir -p "$out/boot"
log=$out/build-image.log
echo "  IMAGE   $out/disk.img (mmdebstrap, log: $log)"
start=$(date +%s)

# Our packages first, then the kernel: the kernel's postinst.d hooks then
# build a kdump initrd that already has pci-kdump's pieces, as on a host
# where the administrator installed pci-kdump before the new kernel. The
# chroot sees this machine's /sys, so pci-kdump's hook is pointed at no
# audit tool: the build machine's PCI functions are none of the guest's
# business (the guest's first "kdump-config load" rebuilds that initrd
# anyway: kdump-tools does so while /var/lib/kdump has no latest_sysctls).
ours=()
for d in "${debs[@]:1}"; do ours+=("/tmp/debs/${d##*/}"); done
mmdebstrap --mode=root --variant=apt --format=directory \
	--aptopt='APT::Install-Recommends "false"' \
	--dpkgopt='path-exclude=/usr/share/doc/*' \
	--dpkgopt='path-exclude=/usr/share/locale/*' \
	--dpkgopt='path-exclude=/usr/share/man/*' \
	--include="$packages" \
	--customize-hook="sync-in $here/rootfs /" \
	--customize-hook="mkdir -p \"\$1/tmp/debs\"" \
	--customize-hook="copy-in ${debs[*]} /tmp/debs" \
	--customize-hook="chroot \"\$1\" dpkg -i ${ours[*]}" \
	--customize-hook="chroot \"\$1\" env PCI_RESET_AUDIT=/nonexistent dpkg -i /tmp/debs/${kernel_deb##*/}" \
	--customize-hook="rm -rf \"\$1/tmp/debs\"" \
	--customize-hook="$here/customize.sh \"\$1\"" \
	bookworm "$root" "$sources" >"$log" 2>&1 ||
	{ tail -n 40 "$log"; echo "build-image.sh: mmdebstrap failed, see $log" >&2; exit 1; }

cp "$root"/boot/vmlinuz-* "$out/boot/vmlinuz"
cp "$root"/boot/initrd.img-* "$out/boot/initrd.img"
# 2 GiB, sparse: the system takes ~0.4 GiB, the rest holds the dumps
mke2fs -q -t ext4 -L debian-guest -d "$root" "$out/disk.img" 2G >>"$log" 2>&1
rm -rf "$root"
echo "$sum" >"$out/inputs.sha256"
echo "  IMAGE   $out/disk.img built in $(($(date +%s) - start)) s"
