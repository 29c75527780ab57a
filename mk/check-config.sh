#!/bin/bash
# Fail if a symbol a fragment asks for is not =y in the final .config.
# Symbols no Kconfig in SRC defines are skipped (pci-kdump's own symbols
# appear only once the project's Kconfig changes land); for the base
# fragment everything must be defined, so pass -s to not skip anything.
#
# usage: check-config.sh SRC OBJ/.config [--strict FRAG | FRAG]...
set -euo pipefail
src=${1:?src} config=${2:?config}
shift 2
missing=()
strict=0
for arg in "$@"; do
	if [ "$arg" = --strict ]; then strict=1; continue; fi
	while IFS= read -r sym; do
		grep -qx "CONFIG_$sym=y" "$config" && continue
		if [ $strict = 0 ] &&
			! grep -rqsE --include='Kconfig*' "^[[:space:]]*(menu)?config[[:space:]]+$sym\$" "$src"; then
			echo "  CHECK   CONFIG_$sym not defined by any Kconfig yet, skipped"
			continue
		fi
		missing+=("CONFIG_$sym")
	done < <(sed -n -E 's/^CONFIG_([A-Za-z0-9_]+)=y.*/\1/p' "$arg")
	strict=0
done
if [ ${#missing[@]} -gt 0 ]; then
	echo "error: $config lacks requested symbols: ${missing[*]}" >&2
	exit 1
fi
