#!/bin/bash
# Build one kernel flavour: patched (pristine + project overlay/patches +
# pci-kdump fragment) or vanilla (pristine, base fragment only).
# Several people share one work tree, so each flavour's tree and object
# dir are guarded by a lock: a second build waits instead of corrupting
# the first one's object files.
#
# usage: build-kernel.sh patched|vanilla   (env: JOBS)
set -euo pipefail
cd "$(dirname "$0")/.."
flavour=${1:?flavour}
B=build src=$B/src/$flavour obj=$B/obj-$flavour
base=configs/kdump-vm.config kdump=configs/pci-kdump.config
mkdir -p "$B"
exec 9>"$B/.lock-$flavour"
if ! flock -n 9; then
	echo "  WAIT    another build of the $flavour kernel is running"
	flock 9
fi

mk/unpack.sh /usr/src/linux-source-6.12.tar.xz $B/src/pristine
case $flavour in
patched)
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
mk/configure.sh "$src" "$obj" "${frags[@]}"
mk/check-config.sh "$obj/.config" "${frags[@]}"
make -s -C "$src" O="$(realpath "$obj")" CC="ccache gcc" -j"${JOBS:-$(nproc)}" bzImage
echo "  KERNEL  $obj/arch/x86/boot/bzImage"
