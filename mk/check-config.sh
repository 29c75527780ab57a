#!/bin/bash
# Fail if a symbol a fragment asks for is not =y in the final .config: a
# symbol no Kconfig defines (a typo, or a Kconfig change that did not
# apply) fails too, since olddefconfig drops it silently.
#
# usage: check-config.sh OBJ/.config FRAG...
set -euo pipefail
config=${1:?config}
shift
missing=()
for frag in "$@"; do
	while IFS= read -r sym; do
		grep -qx "CONFIG_$sym=y" "$config" || missing+=("CONFIG_$sym")
	done < <(sed -n -E 's/^CONFIG_([A-Za-z0-9_]+)=y.*/\1/p' "$frag")
done
if [ ${#missing[@]} -gt 0 ]; then
	echo "error: $config lacks requested symbols: ${missing[*]}" >&2
	exit 1
fi
