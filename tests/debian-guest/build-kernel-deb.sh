#!/bin/bash
# The Debian guest's kernel as a linux-image .deb: build/src/patched (as
# `make kernel` synced it) configured with the guest fragment on top of
# the test kernel's, compiled in its own object dir and packaged by the
# kernel's own `make bindeb-pkg`.
#
# Packaging is redone only when the kernel image or its config changed,
# so an unchanged kernel keeps its .deb and the guest image stays cached.
# For that the build number is pinned: by default each make run links a
# new "#N" into the kernel and bindeb-pkg numbers the package after it.
#
# Locks as mk/build-kernel.sh takes them: the object dir's exclusively,
# the patched tree's shared (nobody syncs the tree under our compiler).
#
# usage: build-kernel-deb.sh OBJ OUT FRAGMENT...   (env: JOBS)
set -euo pipefail
cd "$(dirname "$0")/../.."
obj=${1:?obj dir} out=${2:?out dir}
shift 2
B=build src=build/src/patched
mkdir -p "$obj" "$out"
exec 9>"$B/.lock-${obj##*/}"
flock 9
exec 8>"$B/.lock-src-patched"
flock -s 8
mk/configure.sh "$src" "$obj" "$@"
mk/check-config.sh "$obj/.config" "$@"
kmake=(make -C "$src" O="$(realpath "$obj")" CC="ccache gcc" -j"${JOBS:-$(nproc)}"
	KBUILD_BUILD_VERSION=1)
"${kmake[@]}" -s bzImage

sum=$(cat "$obj/arch/x86/boot/bzImage" "$obj/.config" | sha256sum)
if [ "$(cat "$out/kernel.sha256" 2>/dev/null)" = "$sum" ] &&
	compgen -G "$out/linux-image-*.deb" >/dev/null; then
	echo "  KDEB    $(echo "$out"/linux-image-*.deb) (up to date)"
	exit 0
fi
log=$out/kernel-deb.log
rm -f "$out"/*.deb "$out/kernel.sha256"
# The release the build wrote, not "make -s kernelrelease": under a
# recursive make (CI's make test) that prints "Entering directory" lines too
release=$(cat "$obj/include/config/kernel.release")
"${kmake[@]}" KDEB_PKGVERSION="$release-1" bindeb-pkg >"$log" 2>&1 ||
	{ tail -n 30 "$log"; echo "build-kernel-deb.sh: bindeb-pkg failed, see $log" >&2; exit 1; }
# dpkg-buildpackage writes beside the object dir; only the image is ours
parent=$(dirname "$obj")
mv "$parent"/linux-image-*.deb "$out/"
rm -f "$parent"/linux-libc-dev_*.deb "$parent"/linux-headers-*.deb \
	"$parent"/linux-upstream_*.buildinfo "$parent"/linux-upstream_*.changes
echo "$sum" >"$out/kernel.sha256"
echo "  KDEB    $(echo "$out"/linux-image-*.deb)"
