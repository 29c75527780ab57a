#!/bin/bash
# Build one kernel flavour: patched (pristine + project overlay/patches +
# pci-kdump fragment) or vanilla (pristine, base fragment only), for x86
# (bzImage in build/obj-FLAVOUR) or arm64 (Image in build/obj-arm64-FLAVOUR,
# cross-built from the same source trees).
# Several people share one work tree, so builds take two locks:
#  - the object dir's: a second build of the same flavour and arch waits
#    instead of corrupting the first one's object files;
#  - the source tree's: exclusive while the tree is unpacked or synced with
#    the repo, shared while it is compiled, so an x86 and an arm64 build of
#    one tree compile at once but neither syncs under the other's compiler.
#
# usage: build-kernel.sh patched|vanilla [x86|arm64]   (env: JOBS)
set -euo pipefail
cd "$(dirname "$0")/.."
flavour=${1:?flavour} arch=${2:-x86}
B=build src=$B/src/$flavour
case $arch in
x86)
	obj=$B/obj-$flavour base=configs/kdump-vm.config
	kdir=x86 cc="ccache gcc" target=bzImage
	lock=$B/.lock-$flavour what=$flavour
	;;
arm64)
	obj=$B/obj-arm64-$flavour base=configs/kdump-vm-arm64.config
	kdir=arm64 cc="ccache aarch64-linux-gnu-gcc" target=Image
	lock=$B/.lock-arm64-$flavour what="arm64 $flavour"
	# the kernel's make, configure.sh and merge_config.sh read these
	export ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu-
	;;
*) echo "unknown arch $arch" >&2; exit 2 ;;
esac
kdump=configs/pci-kdump.config
mkdir -p "$B"
exec 9>"$lock"
if ! flock -n 9; then
	echo "  WAIT    another build of the $what kernel is running"
	flock 9
fi

# fd 8: the source tree lock (build/.lock-src-pristine or -patched)
take_tree() { # tree-name [-s (shared) | -x (exclusive, default)]
	exec 8>"$B/.lock-src-$1"
	if ! flock -n "${2:--x}" 8; then
		echo "  WAIT    the $1 source tree is in use by another build"
		flock "${2:--x}" 8
	fi
}

# pristine never changes once unpacked: exclusive only to unpack it
if [ -e $B/src/pristine.stamp ]; then take_tree pristine -s; else take_tree pristine; fi
mk/unpack.sh /usr/src/linux-source-6.12.tar.xz $B/src/pristine
case $flavour in
patched)
	take_tree patched
	mk/patched-tree.sh $B/src/pristine "$src"
	mk/sync-tree.sh . $B/src/pristine "$src"
	frags=("$base" "$kdump")
	;;
vanilla)
	src=$B/src/pristine
	frags=("$base")
	;;
*) echo "unknown flavour $flavour" >&2; exit 2 ;;
esac
flock -s 8   # compile: other builds may read the tree, none may sync it
mk/configure.sh "$src" "$obj" "${frags[@]}"
mk/check-config.sh "$obj/.config" "${frags[@]}"
make -s -C "$src" O="$(realpath "$obj")" CC="$cc" -j"${JOBS:-$(nproc)}" $target
echo "  KERNEL  $obj/arch/$kdir/boot/$target"
