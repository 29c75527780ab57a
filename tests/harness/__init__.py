"""pci-kdump VM test harness (stdlib only). The top-level README.md
("Writing VM tests") documents the API re-exported here."""
from .ktap import ktap_problems, parse_ktap, parse_ktap_tree
from .paths import bzimage, kconfig
from .result import VMResult, dmesg_lines, split_console
from .topology import TOPOLOGIES
from .vm import boot_once, run_kdump_cycle, run_vm

__all__ = ["parse_ktap", "parse_ktap_tree", "ktap_problems", "bzimage",
           "kconfig", "VMResult", "dmesg_lines", "split_console",
           "TOPOLOGIES", "boot_once", "run_kdump_cycle", "run_vm"]
