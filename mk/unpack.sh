#!/bin/bash
# Unpack Debian's linux-source tarball once into DEST (build/src/pristine).
# A stamp file marks a complete unpack, so an interrupted one is redone.
set -euo pipefail
tarball=${1:?tarball} dest=${2:?dest}
stamp=$dest.stamp
[ -e "$stamp" ] && exit 0
rm -rf "$dest" "$dest.tmp"
mkdir -p "$dest.tmp"
echo "  UNPACK  $tarball"
tar -xJf "$tarball" -C "$dest.tmp" --strip-components=1
mv "$dest.tmp" "$dest"
touch "$stamp"
