#!/bin/sh
# Write or look for a known pattern in CXL memory, by physical address
# through /dev/mem (busybox devmem maps it; read() of /dev/mem stops at
# the end of RAM on x86, and a CXL window lies above it).
#
#   cxl-pattern.sh fill START SIZE         write the pattern
#   cxl-pattern.sh check TAG START SIZE    count the pages that hold it
#
# The pattern: PAGES pages spread evenly over [START, START + SIZE), each
# starting with the 16 bytes "PCIKDUMP" "CXL-<page number, 4 hex digits>".
#
# Marker (check):
#   cxl-pattern <tag> start=0x... pages=N found=M word0=<page 0's first
#               8 bytes as read>
export PATH=/bin:/sbin:/usr/bin:/usr/sbin
# shellcheck disable=SC1091
. /guest/cxl-cfg.sh
PAGES=64

# le64 STRING: the 8 bytes of STRING as a little-endian 64-bit value
le64() {
	echo "0x$(printf '%s' "$1" | od -An -tx8 | tr -d ' \n')"
}

MAGIC=$(le64 PCIKDUMP)
cmd=$1
shift
[ "$cmd" = check ] && { tag=$1; shift; }
start=$(($1))
stride=$(($2 / PAGES))
found=0
i=0
while [ $i -lt $PAGES ]; do
	a=$((start + i * stride))
	tail=$(le64 "$(printf 'CXL-%04x' $i)")
	if [ "$cmd" = fill ]; then
		devmem $a 64 "$MAGIC"
		devmem $((a + 8)) 64 "$tail"
	elif [ $(($(devmem $a 64))) -eq $((MAGIC)) ] &&
		[ $(($(devmem $((a + 8)) 64))) -eq $((tail)) ]; then
		found=$((found + 1))
	fi
	i=$((i + 1))
done
[ "$cmd" = check ] &&
	mark "cxl-pattern $tag start=$(printf '0x%x' "$start") pages=$PAGES" \
		"found=$found word0=$(devmem "$start" 64)"
exit 0
