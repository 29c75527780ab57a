#!/bin/sh
# NVMe writes in flight at the crash (tests/scenarios): bring the NICs up,
# then write a known pattern to /dev/nvme0n1 with parallel O_DIRECT writers
# (the host throttles the drive) and return after SECONDS, so the kernel
# crashes mid-write. Block i of the pattern is 256 lines of
# "NEW %08d" padded to 15 chars + "\n" (4096 bytes).
# Usage: scn-nvme-write.sh blocks writers seconds
BLOCKS=${1:-2048}
WRITERS=${2:-4}
SECONDS_=${3:-3}
/guest/nic-up.sh
dev=/dev/nvme0n1
i=0
while [ ! -b $dev ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
awk -v n="$BLOCKS" 'BEGIN { for (i = 0; i < n; i++) for (j = 0; j < 256; j++)
	printf "%-15s\n", sprintf("NEW %08d", i) }' >/tmp/pattern
per=$((BLOCKS / WRITERS))
w=0
while [ $w -lt "$WRITERS" ]; do
	dd if=/tmp/pattern of=$dev bs=4096 skip=$((w * per)) seek=$((w * per)) \
		count=$per oflag=direct 2>/dev/null &
	w=$((w + 1))
done
sleep "$SECONDS_"
echo "PCIKDUMP-MARK nvme-writing"
