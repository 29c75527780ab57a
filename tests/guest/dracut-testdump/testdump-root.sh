#!/bin/sh
# cmdline hook: a kdump initramfs has no root to mount, but dracut's init
# dies without root=; claim a dummy one. The dump runs at pre-mount and
# powers off, so it is never mounted. Sourced: variables go to init.
# shellcheck disable=SC2034
root=pcikdump-testdump
# shellcheck disable=SC2034
rootok=1
