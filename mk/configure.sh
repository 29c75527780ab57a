#!/bin/bash
# Configure a kernel build dir: tinyconfig + merged fragments + olddefconfig.
# Redone only when the inputs change: the fragments, and the Kconfig files
# the project adds or patches (a fragment symbol that did not exist at the
# last merge was dropped by olddefconfig, so a new Kconfig needs a re-merge).
#
# usage: configure.sh SRC OBJ FRAGMENT...
set -euo pipefail
src=$(realpath "${1:?src}") obj=${2:?obj}
shift 2
mkdir -p "$obj"
obj=$(realpath "$obj")
frags=()
for f in "$@"; do frags+=("$(realpath "$f")"); done

kconfigs=()
if [ -f "$src/.pci-kdump-files" ]; then
	mapfile -t kconfigs < <(grep -E '(^|/)Kconfig[^/]*$' "$src/.pci-kdump-files" | sed "s#^#$src/#")
fi
sum=$( (cat "${frags[@]}"; printf '%s\n' "${kconfigs[@]}"
	for k in "${kconfigs[@]}"; do cat "$k" 2>/dev/null || true; done) | sha256sum)
stamp=$obj/.config-inputs
if [ -f "$obj/.config" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$sum" ]; then
	exit 0
fi
echo "  CONFIG  $obj"
rm -f "$stamp"
make -s -C "$src" O="$obj" tinyconfig >/dev/null
(cd "$src" && scripts/kconfig/merge_config.sh -m -O "$obj" "$obj/.config" "${frags[@]}") >"$obj/merge_config.log" 2>&1 ||
	{ cat "$obj/merge_config.log"; exit 1; }
make -s -C "$src" O="$obj" olddefconfig
echo "$sum" >"$stamp"
