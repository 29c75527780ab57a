#!/bin/sh
# Commit a persistent-memory region over the first CXL memory device with
# the kernel's cxl sysfs ABI (Documentation/ABI/testing/sysfs-bus-cxl),
# the steps `cxl create-region -t pmem` takes: a region under the root
# decoder (the CEDT's fixed memory window), its geometry and size, the
# endpoint decoder's DPA, then commit (which programs and commits the
# HDM decoders of host bridge and device) and bind the region driver.
# QEMU 7.2's cxl-type3 has persistent capacity only, so a pmem region.
#
# Writes "START SIZE" of the region to /tmp/cxl-region. Markers:
#   cxl-region <name> start=0x... size=0x... decoder=<endpoint decoder>
#              commit=0|1 driver=<bound driver>|none
#   cxl-region-failed <why>
export PATH=/bin:/sbin:/usr/bin:/usr/sbin
# shellcheck disable=SC1091
. /guest/cxl-cfg.sh
CXL=/sys/bus/cxl/devices
UUID=9a1c4cb6-4c25-4c1e-9a3a-1c2d5e0f7a11   # pmem regions need one

fail() {
	mark "cxl-region-failed $*"
	exit 1
}

put() {
	echo "$2" >"$1" 2>/dev/null || fail "echo $2 > $1"
}

# decoder_with ATTR: the first decoder that has sysfs attribute ATTR
decoder_with() {
	for d in "$CXL"/decoder*; do
		[ -e "$d/$1" ] && { echo "$d"; return; }
	done
}

# cxl_pci and cxl_acpi probe asynchronously: wait for the endpoint
# decoder (the last piece the driver stack adds), at most 60 s
n=0
while [ -z "$(decoder_with dpa_size)" ] && [ $n -lt 120 ]; do
	sleep 0.5
	n=$((n + 1))
done
mem=$CXL/mem0
[ -e "$mem" ] || fail "no mem0: the CXL driver stack found no memory device"
root=$(decoder_with create_pmem_region)
[ -n "$root" ] || fail "no root decoder (cxl_acpi, CEDT)"
ep=$(decoder_with dpa_size)
[ -n "$ep" ] || fail "no endpoint decoder below mem0"
size=$(cat "$mem/pmem/size")

region=$(cat "$root/create_pmem_region")
put "$root/create_pmem_region" "$region"
r=$CXL/$region
put "$r/interleave_granularity" "$(cat "$root/interleave_granularity")"
put "$r/interleave_ways" 1
put "$r/uuid" "$UUID"
put "$r/size" "$size"
put "$ep/mode" pmem
put "$ep/dpa_size" "$size"
put "$r/target0" "${ep##*/}"
put "$r/commit" 1
[ -e "$r/driver" ] ||
	echo "$region" >/sys/bus/cxl/drivers/cxl_region/bind 2>/dev/null
drv=none
[ -e "$r/driver" ] && drv=$(basename "$(readlink -f "$r/driver")")
echo "$(cat "$r/resource") $(cat "$r/size")" >/tmp/cxl-region
mark "cxl-region $region start=$(cat "$r/resource") size=$(cat "$r/size")" \
	"decoder=${ep##*/} commit=$(cat "$r/commit") driver=$drv"
