#!/bin/bash
# Generate the pci-kdump patch series from the repo: a throwaway git repo
# holds pristine 6.12 (mk/series-base.sh, cached), each section of
# patches/series.conf becomes one commit (its patches applied in sorted
# order with patch(1) as mk/sync-tree.sh does, then its overlay files),
# and `git format-patch --cover-letter` writes the series.  Fails if any
# overlay file or patches/*.patch is not assigned to exactly one section.
#
# No working tree of the kernel is checked out: commits are built in a
# private index from blobs, so a run takes seconds once the base exists.
#
# usage: series.sh REPO PRISTINE TARBALL OUTDIR
# Writes OUTDIR/*.patch and, for the checks, build/series/{steps,files}.
set -euo pipefail
repo=$(realpath "${1:?repo}") pristine=$(realpath "${2:?pristine}")
tarball=${3:?tarball} out=${4:?outdir}
here=$(dirname "$(realpath "$0")")
B=$repo/build S=$repo/build/series
conf=$repo/patches/series.conf msgdir=$repo/patches/msg
cover=$repo/patches/cover-letter.txt
ident="pci-kdump developers <pci-kdump@example.org>"
overlay_dirs=(drivers include Documentation)
die() { echo "series: error: $*" >&2; exit 1; }

mkdir -p "$S"
base=$("$here/series-base.sh" "$tarball" "$pristine" "$S/base.git")
export GIT_DIR=$S/base.git

# --- 1. the manifest: sections in order, each with its files --------------
sections=()
declare -A files_of owner
cd "$repo"
shopt -s nullglob
section=
lineno=0
while IFS= read -r line || [ -n "$line" ]; do
	lineno=$((lineno + 1))
	line=${line%%#*}
	line=$(echo "$line" | sed 's/[[:space:]]*$//; s/^[[:space:]]*//')
	[ -z "$line" ] && continue
	if [[ $line =~ ^\[([A-Za-z0-9._-]+)\]$ ]]; then
		section=${BASH_REMATCH[1]}
		[ -n "${files_of[$section]+x}" ] && die "series.conf:$lineno: section [$section] twice"
		sections+=("$section")
		files_of[$section]=
		continue
	fi
	[ -z "$section" ] && die "series.conf:$lineno: path outside a section: $line"
	# shellcheck disable=SC2206 # the glob is the point
	matches=($line)
	for f in "${matches[@]}"; do
		[ -f "$f" ] || die "series.conf:$lineno: $f: no such file (use a glob for a file still to come)"
		case $f in
		patches/*.patch) [[ $f == patches/*/* ]] && die "series.conf:$lineno: $f: only patches/*.patch are applied" ;;
		drivers/* | include/* | Documentation/*) ;;
		*) die "series.conf:$lineno: $f is neither an overlay file nor patches/*.patch" ;;
		esac
		if [ -n "${owner[$f]+x}" ]; then
			[ "${owner[$f]}" = "$section" ] && continue
			die "$f is in both [${owner[$f]}] and [$section]"
		fi
		owner[$f]=$section
		files_of[$section]+="$f"$'\n'
	done
done <"$conf"
shopt -u nullglob

# Every input of the overlay build must be in the series.
missing=()
while IFS= read -r f; do
	[ -n "${owner[$f]+x}" ] || missing+=("$f")
done < <({ for d in "${overlay_dirs[@]}"; do [ -d "$d" ] && find "$d" -type f; done
	find patches -maxdepth 1 -name '*.patch'; } | LC_ALL=C sort)
if [ ${#missing[@]} -gt 0 ]; then
	printf 'series: error: not assigned to any section of patches/series.conf: %s\n' "${missing[@]}" >&2
	exit 1
fi

# --- 2. stage: pristine copies of every path the series touches ----------
patch_files() {
	sed -n -E 's#^(\+\+\+|---) ([^\t ]+).*#\2#p' "$@" |
		grep -v '^/dev/null$' | cut -d/ -f2- || true
}
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/tree"
for s in "${sections[@]}"; do
	while IFS= read -r f; do
		[ -z "$f" ] && continue
		case $f in
		patches/*) patch_files "$f" ;;
		*) echo "$f" ;;
		esac
	done <<<"${files_of[$s]}" | LC_ALL=C sort -u >"$stage/paths.$s"
done
cat "$stage"/paths.* | LC_ALL=C sort -u >"$stage/paths"
while IFS= read -r f; do
	if [ -f "$pristine/$f" ]; then
		mkdir -p "$stage/tree/$(dirname "$f")"
		cp -p "$pristine/$f" "$stage/tree/$f"
	fi
done <"$stage/paths"

# Patches are applied section by section; mk/sync-tree.sh applies them in
# plain sorted order.  Say so when the two orders differ (the `git am`
# check in `make check` tells whether the trees still agree).
for s in "${sections[@]}"; do grep '^patches/' <<<"${files_of[$s]}" | LC_ALL=C sort; done >"$stage/order.series"
LC_ALL=C sort "$stage/order.series" >"$stage/order.sorted"
cmp -s "$stage/order.series" "$stage/order.sorted" ||
	echo "  NOTE    series order of patches/*.patch differs from sorted order" >&2

# --- 3. one commit per section --------------------------------------------
date=$(git -C "$repo" --git-dir="$repo/.git" log -1 --format=%cd --date=raw 2>/dev/null || date +'%s +0000')
export GIT_AUTHOR_NAME="pci-kdump developers" GIT_AUTHOR_EMAIL="pci-kdump@example.org"
export GIT_COMMITTER_NAME=$GIT_AUTHOR_NAME GIT_COMMITTER_EMAIL=$GIT_AUTHOR_EMAIL
export GIT_AUTHOR_DATE=$date GIT_COMMITTER_DATE=$date
export GIT_INDEX_FILE=$stage/index
git read-tree "$base"
head=$base
: >"$S/steps.tmp"
n=0
for s in "${sections[@]}"; do
	if [ -z "${files_of[$s]}" ]; then
		echo "  SERIES  [$s] no files, not in the series"
		continue
	fi
	msg=$msgdir/$s.txt
	[ -f "$msg" ] || die "no commit message $msg for [$s]"
	while IFS= read -r p; do
		patch -d "$stage/tree" -p1 -s -f --no-backup-if-mismatch <"$p" ||
			die "$p does not apply at step [$s]"
	done < <(grep '^patches/' <<<"${files_of[$s]}" | LC_ALL=C sort)
	while IFS= read -r f; do
		mkdir -p "$stage/tree/$(dirname "$f")"
		cp "$f" "$stage/tree/$f"
	done < <(grep -v '^patches/' <<<"${files_of[$s]}" | grep -v '^$' || true)
	while IFS= read -r f; do
		if [ -f "$stage/tree/$f" ]; then
			mode=100644
			[ -x "$stage/tree/$f" ] && mode=100755
			git update-index --add --cacheinfo "$mode,$(git hash-object -w "$stage/tree/$f"),$f"
		else
			git update-index --force-remove "$f"
		fi
	done <"$stage/paths.$s"
	tree=$(git write-tree)
	head=$(printf '%s\n\nSigned-off-by: %s\n' "$(cat "$msg")" "$ident" |
		git commit-tree -p "$head" -F - "$tree")
	n=$((n + 1))
	printf '%02d %s %s\n' "$n" "$s" "$head" >>"$S/steps.tmp"
done
git update-ref refs/heads/series "$head"
mv "$S/steps.tmp" "$S/steps"
cp "$stage/paths" "$S/files"

# --- 4. format-patch and the cover letter ---------------------------------
mkdir -p "$out"
rm -f "$out"/*.patch
git format-patch -q --cover-letter --no-signature -o "$out" "$base..$head" >/dev/null
cl=$(ls "$out"/0000-cover-letter.patch)
summary=
if [ -f "$B/logs/demo/serial.log" ]; then
	summary=$(grep -a 'pci_kdump: summary:' "$B/logs/demo/serial.log" | tail -1 |
		sed -E 's/^\[[ 0-9.]+\] //' || true)
fi
if [ -n "$summary" ]; then
	results="From \`make demo\` (QEMU q35, VT-d, 22 functions behind root ports
and switches, NICs receiving UDP traffic when the first kernel panics),
the capture kernel logs:

  $summary

reset_ms is what the overlapped reset took, serial_ms what resetting the
same functions one after another would have cost at least (the sum of
their mandatory delays), wall_ms the whole run including the scan; the
IOMMU started from clean tables and makedumpfile wrote the vmcore.

With 32 functions doing DMA the overlapped reset took 107 ms against a
3200 ms serial lower bound.  With VT-d off in the crashed kernel and on
in the capture kernel, a NIC receiving across the crash raised 864 DMAR
faults in the vanilla capture kernel and none with this series; see the
results section of the documentation patch."
	results=$(sed -E "s/22 functions/$(sed -nE 's/.* functions=([0-9]+).*/\1/p' <<<"$summary") functions/" <<<"$results")
else
	results="[RESULTS PLACEHOLDER: no build/logs/demo/serial.log with a
'pci_kdump: summary:' line; run \`make demo\`, then \`make patches\`.]"
fi
subject=$(sed -n 1p "$cover")
python3 - "$cl" "$cover" "$subject" "$results" <<'PY'
import sys
path, cover, subject, results = sys.argv[1:]
body = open(cover).read().split("\n", 1)[1].strip("\n").replace("@RESULTS@", results)
text = open(path).read()
text = text.replace("*** SUBJECT HERE ***", subject, 1)
text = text.replace("*** BLURB HERE ***", body, 1)
open(path, "w").write(text)
PY
echo "  SERIES  $n patches + cover letter in $out"
for f in "$out"/*.patch; do
	printf '          %s\n' "$(sed -n '/^Subject: /,/^[^ S]/p' "$f" | sed '$d' |
		tr -d '\n' | sed 's/^Subject: //')"
done
