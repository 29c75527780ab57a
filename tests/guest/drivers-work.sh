#!/bin/sh
# In the capture kernel, after pci-kdump reset the devices: does each NIC
# receive the host's frames and send, and does the NVMe namespace read?
# Prints "PCIWORKS <what> <slot-or-dev> <ok|fail> <detail>" lines.
stat() { cat "/sys/class/net/$1/statistics/$2"; }

for n in /sys/class/net/eth*; do
	[ -e "$n" ] || continue
	dev=${n##*/}
	# virtio NICs hang off a virtio device below the PCI function
	slot=$(readlink -f "$n/device")
	case ${slot##*/} in virtio*) slot=${slot%/*} ;; esac
	slot=${slot##*/}
	echo "PCIWORKS-START nic $slot $dev"
	timeout 10 ip link set "$dev" up
	ip addr add "10.77.$((${dev#eth} + 1)).2/24" dev "$dev"
	rx0=$(stat "$dev" rx_packets)
	tx0=$(stat "$dev" tx_packets)
	# ARP requests for an absent peer are real transmits
	timeout 5 ping -c 2 -W 1 "10.77.$((${dev#eth} + 1)).1" >/dev/null 2>&1
	i=0
	while [ $i -lt 25 ] && [ "$(stat "$dev" rx_packets)" -le "$rx0" ]; do
		sleep 0.2
		i=$((i + 1))
	done
	rx=$(($(stat "$dev" rx_packets) - rx0))
	tx=$(($(stat "$dev" tx_packets) - tx0))
	ok=fail
	[ $rx -gt 0 ] && [ $tx -gt 0 ] && ok=ok
	echo "PCIWORKS nic $slot $ok rx=$rx tx=$tx"
done
for b in /dev/nvme*n1; do
	[ -e "$b" ] || continue
	if timeout 10 dd if="$b" of=/dev/null bs=4096 count=16 2>/dev/null; then
		echo "PCIWORKS nvme ${b##*/} ok"
	else
		echo "PCIWORKS nvme ${b##*/} fail"
	fi
done
