#!/bin/bash
# Commit the pristine kernel tree once into a bare throwaway repo that the
# series generator and the `git am` check build on. Cached under build/,
# keyed on the tarball (name, size, mtime): the first run takes a minute
# or two (git hashes ~90k files), later runs only print the commit.
#
# usage: series-base.sh TARBALL PRISTINE GITDIR   (prints the base commit)
set -euo pipefail
tarball=${1:?tarball} pristine=$(realpath "${2:?pristine}") gitdir=${3:?gitdir}
key="$(realpath "$tarball") $(stat -c '%s %Y' "$tarball")"
if [ -f "$gitdir/pci-kdump-base" ] && [ "$(sed -n 2p "$gitdir/pci-kdump-base")" = "$key" ]; then
	sed -n 1p "$gitdir/pci-kdump-base"
	exit 0
fi
echo "  GITBASE $gitdir (committing pristine once)" >&2
rm -rf "$gitdir" "$gitdir.tmp"
git init -q --bare "$gitdir.tmp"
export GIT_DIR=$gitdir.tmp GIT_WORK_TREE=$pristine
git config core.autocrlf false
git config gc.auto 0
# -f: Debian's tarball holds files that the kernel's .gitignore names.
git add -A -f .
export GIT_AUTHOR_NAME="Linux 6.12" GIT_AUTHOR_EMAIL="linux@kernel.invalid"
export GIT_COMMITTER_NAME=$GIT_AUTHOR_NAME GIT_COMMITTER_EMAIL=$GIT_AUTHOR_EMAIL
export GIT_AUTHOR_DATE="$(stat -c %Y "$tarball") +0000" GIT_COMMITTER_DATE="$(stat -c %Y "$tarball") +0000"
tree=$(git write-tree)
base=$(git commit-tree -m "Linux 6.12 ($(basename "$tarball"))" "$tree")
git update-ref refs/heads/base "$base"
rm -f "$GIT_DIR/index"
unset GIT_DIR GIT_WORK_TREE
printf '%s\n%s\n' "$base" "$key" >"$gitdir.tmp/pci-kdump-base"
mv "$gitdir.tmp" "$gitdir"
echo "$base"
