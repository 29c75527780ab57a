#!/bin/bash
# Create the patched tree as a hardlink copy of pristine (cheap, ~no space).
# Files are only ever replaced by rm + new file (mk/sync-tree.sh), never
# written through a link, so pristine stays pristine.
set -euo pipefail
pristine=${1:?pristine} patched=${2:?patched}
stamp=$patched.stamp
[ -e "$stamp" ] && exit 0
rm -rf "$patched" "$patched.tmp"
cp -al "$pristine" "$patched.tmp"
mv "$patched.tmp" "$patched"
touch "$stamp"
