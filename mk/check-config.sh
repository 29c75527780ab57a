#!/bin/bash
# Fail if a symbol a fragment asks for is not =y in the final .config: a
# symbol no Kconfig defines (a typo, or a Kconfig change that did not
# apply) fails too, since olddefconfig drops it silently.
#
# --if-defined SRC skips symbols no Kconfig in SRC defines: only for
# make check's bisect builds, where early steps of the series do not
# define pci-kdump's symbols yet.
#
# usage: check-config.sh [--if-defined SRC] OBJ/.config FRAG...
set -euo pipefail
src=
if [ "${1:-}" = --if-defined ]; then
	src=${2:?src}
	shift 2
fi
config=${1:?config}
shift
missing=()
for frag in "$@"; do
	while IFS= read -r sym; do
		grep -qx "CONFIG_$sym=y" "$config" && continue
		if [ -n "$src" ] &&
			! grep -rqsE --include='Kconfig*' "^[[:space:]]*(menu)?config[[:space:]]+$sym\$" "$src"; then
			continue
		fi
		missing+=("CONFIG_$sym")
	done < <(sed -n -E 's/^CONFIG_([A-Za-z0-9_]+)=y.*/\1/p' "$frag")
done
if [ ${#missing[@]} -gt 0 ]; then
	echo "error: $config lacks requested symbols: ${missing[*]}" >&2
	exit 1
fi
