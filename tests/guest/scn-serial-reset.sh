#!/bin/sh
# Mainline's serial reset for the bench (tests/scenarios/bench.py): write 1
# to /sys/bus/pci/devices/*/reset of every virtio-net function (1af4:1041)
# one after another, timed with the guest clock (/proc/uptime, 10 ms).
n=0
t0=$(cut -d' ' -f1 /proc/uptime)
for d in /sys/bus/pci/devices/*; do
	if [ "$(cat "$d/vendor")" != 0x1af4 ] || [ "$(cat "$d/device")" != 0x1041 ]; then
		continue
	fi
	echo 1 >"$d/reset" && n=$((n + 1))
done
t1=$(cut -d' ' -f1 /proc/uptime)
echo "PCIKDUMP-MARK serial-reset n=$n ms=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%d", (b - a) * 1000 }')"
