#!/bin/sh
# Scenario probe for the capture kernel (tests/scenarios): list which
# driver each PCI function has (the scenario's DMA devices must have none,
# as in a kdump initramfs without their modules), fill a canary in tmpfs,
# checksum /proc/vmcore twice, a pass apart, then check the canary.
# Results go to /out/scn-capture.txt as key=value lines.
# Usage: scn-capture.sh [canary_mb] [chunk_mb]
CANARY_MB=${1:-64}
CHUNK_MB=${2:-4}
OUT=/out/scn-capture.txt
/guest/scn-drivers.sh
mkdir -p /tmp/canary
dd if=/dev/zero bs=1048576 count=1 2>/dev/null | tr '\000' '\132' >/tmp/canary/unit
i=0
: >/tmp/canary/fill
while [ $i -lt "$CANARY_MB" ]; do
	cat /tmp/canary/unit >>/tmp/canary/fill
	i=$((i + 1))
done
c1=$(md5sum </tmp/canary/fill | cut -d' ' -f1)
echo "canary_mb=$CANARY_MB" >"$OUT"

# One checksum per CHUNK_MB of /proc/vmcore (its ELF notes + RAM). Each
# chunk is read again a whole pass (tens of seconds under TCG) later.
sums() {
	size=$(stat -c %s /proc/vmcore)
	n=$(((size + CHUNK_MB * 1048576 - 1) / (CHUNK_MB * 1048576)))
	j=0
	while [ $j -lt $n ]; do
		dd if=/proc/vmcore bs=1048576 skip=$((j * CHUNK_MB)) \
			count="$CHUNK_MB" 2>/dev/null | md5sum
		j=$((j + 1))
	done
}
# the host dates the dump's start by this line's place in the serial log
echo "PCIKDUMP-MARK dump-start"
t0=$(cut -d' ' -f1 /proc/uptime)
sums >/out/vmcore-sums-1
t1=$(cut -d' ' -f1 /proc/uptime)
sleep 1
sums >/out/vmcore-sums-2
t2=$(cut -d' ' -f1 /proc/uptime)
# chunk by chunk (diff would pair repeated checksums, e.g. of zero chunks)
changed_at=$(awk 'NR == FNR { a[FNR] = $1; next }
	$1 != a[FNR] { printf "%s%d", n++ ? "," : "", FNR - 1 }' \
	/out/vmcore-sums-1 /out/vmcore-sums-2)
changed=$(echo "$changed_at" | awk -F, '{ print NF }')
{
	echo "vmcore_bytes=$(stat -c %s /proc/vmcore)"
	echo "vmcore_chunks=$(wc -l </out/vmcore-sums-1)"
	echo "vmcore_chunk_mb=$CHUNK_MB"
	echo "vmcore_changed_chunks=$changed"
	echo "vmcore_changed_at=$changed_at"
	echo "vmcore_pass_s=$t0,$t1,$t2"
} >>"$OUT"

c2=$(md5sum </tmp/canary/fill | cut -d' ' -f1)
if [ "$c1" = "$c2" ] && [ "$(md5sum </tmp/canary/unit | cut -d' ' -f1)" = \
	"$(dd if=/tmp/canary/fill bs=1048576 count=1 2>/dev/null | md5sum | cut -d' ' -f1)" ]; then
	echo "canary=intact" >>"$OUT"
else
	echo "canary=corrupt" >>"$OUT"
fi
rm -rf /tmp/canary
echo "PCIKDUMP-MARK scn-capture changed=$changed"
