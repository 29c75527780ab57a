#!/bin/sh
# Bring every NIC up so it DMA-receives the host's UDP-fed frames, then
# wait (bounded) until one has received something, to crash mid-DMA.
for n in /sys/class/net/eth*; do
	[ -e "$n" ] && ip link set "${n##*/}" up
done
i=0
while [ $i -lt 50 ]; do
	rx=0
	for n in /sys/class/net/eth*; do
		[ -e "$n" ] && rx=$((rx + $(cat "$n/statistics/rx_packets")))
	done
	[ $rx -gt 0 ] && break
	sleep 0.2
	i=$((i + 1))
done
echo "PCIKDUMP-MARK rx_packets=$rx"
