#!/bin/bash
# Bring the patched kernel tree up to date with the repo, touching only
# files whose content really changes (unchanged files keep their mtime, so
# kernel rebuilds stay incremental).
#
# Files considered = overlay files (repo drivers/ include/ Documentation/)
#                  ∪ files named by patches/*.patch
#                  ∪ files we touched last time (list kept in the tree).
# Their wanted content is built in a staging dir: pristine copy, patches
# applied in sorted order, then the overlay on top.
#
# usage: sync-tree.sh REPO PRISTINE PATCHED
set -euo pipefail
repo=$(realpath "${1:?repo}") pristine=$(realpath "${2:?pristine}")
patched=$(realpath "${3:?patched}")
list=$patched/.pci-kdump-files
overlay_dirs=(drivers include Documentation)

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT

patches=()
if [ -d "$repo/patches" ]; then
	mapfile -t patches < <(find "$repo/patches" -maxdepth 1 -name '*.patch' | LC_ALL=C sort)
fi

# Paths a patch touches: both sides of each ---/+++ header, minus the a/ b/
# prefix (-p1) and /dev/null for created or deleted files.
patch_files() {
	sed -n -E 's#^(\+\+\+|---) ([^\t ]+).*#\2#p' "$@" |
		grep -v '^/dev/null$' | cut -d/ -f2- || true
}

{
	for d in "${overlay_dirs[@]}"; do
		if [ -d "$repo/$d" ]; then (cd "$repo" && find "$d" -type f); fi
	done
	if [ ${#patches[@]} -gt 0 ]; then patch_files "${patches[@]}"; fi
	if [ -f "$list" ]; then cat "$list"; fi
} | grep -v '^$' | LC_ALL=C sort -u >"$stage/.files" || true

# 1. pristine copies
while IFS= read -r f; do
	if [ -f "$pristine/$f" ]; then
		mkdir -p "$stage/tree/$(dirname "$f")"
		cp -p "$pristine/$f" "$stage/tree/$f"
	fi
done <"$stage/.files"
mkdir -p "$stage/tree"

# 2. patches, in sorted order; a failing patch fails the build
for p in "${patches[@]}"; do
	echo "  PATCH   $(basename "$p")"
	patch -d "$stage/tree" -p1 -s -f --no-backup-if-mismatch <"$p"
done

# 3. overlay
for d in "${overlay_dirs[@]}"; do
	if [ -d "$repo/$d" ]; then cp -r "$repo/$d" "$stage/tree/"; fi
done

# 4. install changed files; never write through a hardlink to pristine
n=0
while IFS= read -r f; do
	src=$stage/tree/$f dst=$patched/$f
	if [ -f "$src" ]; then
		cmp -s "$src" "$dst" 2>/dev/null && continue
		mkdir -p "$(dirname "$dst")"
		rm -f "$dst"
		cp "$src" "$dst"
		echo "  SYNC    $f"
	elif [ -e "$dst" ]; then
		rm -f "$dst"
		echo "  REMOVE  $f"
	else
		continue
	fi
	n=$((n + 1))
done <"$stage/.files"

# Remember everything we may have changed, so it is restored when dropped.
# Files that now equal pristine need not be remembered.
while IFS= read -r f; do
	if [ -f "$pristine/$f" ] && cmp -s "$pristine/$f" "$patched/$f"; then
		continue
	fi
	if [ -e "$patched/$f" ]; then echo "$f"; fi
done <"$stage/.files" >"$list.tmp"
mv "$list.tmp" "$list"
echo "  SYNC    $n file(s) changed, $(wc -l <"$list") differ from pristine"
