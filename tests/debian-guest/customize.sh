#!/bin/sh
# mmdebstrap customize hook of build-image.sh: settings a disk image needs
# and a debootstrap tree lacks. $1 is the new root.
set -eu
root=${1:?root}
# A fixed machine id: an empty one makes systemd treat every boot as the
# first (systemd-firstboot, preset-all).
echo 5f8e2b8c0d7a4c1e9b3a6d2f4e1c7a90 >"$root/etc/machine-id"
# root logs in on the serial console without a password (test VM only)
chroot "$root" passwd -d root
chroot "$root" systemctl enable pci-kdump-guest-test.service
# Nothing here needs them, and each costs seconds of a TCG boot.
chroot "$root" systemctl mask apt-daily.timer apt-daily-upgrade.timer \
	e2scrub_all.timer e2scrub_reap.service fstrim.timer dpkg-db-backup.timer \
	systemd-timesyncd.service 2>/dev/null || :
# What the first "kdump-config load" leaves: without it kdump-tools
# rebuilds its initrd at every first boot of the image (check_sysctl_change),
# ~95 s under TCG, before the test rebuilds it on purpose anyway.
for v in "$root"/lib/modules/*; do
	cp "$root/etc/kdump/sysctl.conf" "$root/var/lib/kdump/latest_sysctls-${v##*/}"
done
