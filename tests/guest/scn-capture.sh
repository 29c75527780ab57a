#!/bin/sh
# Scenario probe for the capture kernel (tests/scenarios): fill a canary
# in tmpfs first, checksum /proc/vmcore twice a second apart, then check the
# canary. Results go to /out/scn-capture.txt as key=value lines.
# Usage: scn-capture.sh [canary_mb] [chunk_mb]
CANARY_MB=${1:-64}
CHUNK_MB=${2:-64}
OUT=/out/scn-capture.txt
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

# One checksum per CHUNK_MB of /proc/vmcore (its ELF notes + RAM).
sums() {
	size=$(stat -c %s /proc/vmcore)
	n=$(((size + CHUNK_MB * 1048576 - 1) / (CHUNK_MB * 1048576)))
	j=0
	while [ $j -lt $n ]; do
		dd if=/proc/vmcore bs=1048576 skip=$((j * CHUNK_MB)) \
			count="$CHUNK_MB" 2>/dev/null | md5sum | cut -d' ' -f1
		j=$((j + 1))
	done
}
t0=$(cut -d' ' -f1 /proc/uptime)
sums >/out/vmcore-sums-1
t1=$(cut -d' ' -f1 /proc/uptime)
sleep 1
sums >/out/vmcore-sums-2
t2=$(cut -d' ' -f1 /proc/uptime)
changed=$(diff /out/vmcore-sums-1 /out/vmcore-sums-2 | grep -c '^+[0-9a-f]')
{
	echo "vmcore_bytes=$(stat -c %s /proc/vmcore)"
	echo "vmcore_chunks=$(wc -l </out/vmcore-sums-1)"
	echo "vmcore_changed_chunks=$changed"
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
