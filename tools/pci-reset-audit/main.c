// SPDX-License-Identifier: GPL-2.0
/*
 * pci-reset-audit: list every PCI function with the reset the pci-kdump
 * capture kernel would give it, and flag those without a safe one.
 * Read-only: it never writes config space, on this host or anywhere.
 */
#include <getopt.h>
#include <stdlib.h>
#include <unistd.h>
#include "audit.h"

enum { EXIT_SAFE = 0, EXIT_UNSAFE = 1, EXIT_INPUT = 2 };

static const char usage[] =
"Usage: pci-reset-audit [-F FILE] [-i PCI.IDS] [--json] [--only-unsafe]\n"
"\n"
"Show the reset the pci-kdump capture kernel would use for each PCI\n"
"function, and which functions have no safe reset.  Read-only.\n"
"\n"
"  -F, --file FILE     read an lspci -x/-xxx/-xxxx dump instead of this host\n"
"  -i, --ids FILE      PCI ID database (default: libpci's pci.ids)\n"
"  -j, --json          print a JSON array instead of a table\n"
"  -u, --only-unsafe   list only functions without a safe reset\n"
"  -h, --help          show this help\n"
"\n"
"Exit status: 0 every function safe, 1 some unsafe, 2 usage or input error.\n";

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "file", required_argument, NULL, 'F' },
		{ "ids", required_argument, NULL, 'i' },
		{ "json", no_argument, NULL, 'j' },
		{ "only-unsafe", no_argument, NULL, 'u' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *dump = NULL, *ids = NULL;
	bool json = false, only_unsafe = false;
	struct audit a;
	char err[512];
	int c, status;

	while ((c = getopt_long(argc, argv, "F:i:juh", longopts, NULL)) != -1) {
		switch (c) {
		case 'F':
			dump = optarg;
			break;
		case 'i':
			ids = optarg;
			break;
		case 'j':
			json = true;
			break;
		case 'u':
			only_unsafe = true;
			break;
		case 'h':
			fputs(usage, stdout);
			return EXIT_SAFE;
		default:
			fputs(usage, stderr);
			return EXIT_INPUT;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "pci-reset-audit: unexpected argument '%s'\n%s",
			argv[optind], usage);
		return EXIT_INPUT;
	}
	/* Unprivileged sysfs reads stop at 64 bytes: no capabilities at all */
	if (!dump && geteuid() != 0)
		fputs("pci-reset-audit: warning: not root, only the first 64 bytes of config space are readable; capabilities will be missed\n",
		      stderr);

	if (audit_load(&a, dump, ids, err, sizeof(err))) {
		fprintf(stderr, "pci-reset-audit: %s\n", err);
		return EXIT_INPUT;
	}
	if (a.skipped)
		fprintf(stderr, "pci-reset-audit: warning: %u functions in domains beyond 16 bits left out; pci-kdump does not reach them\n",
			a.skipped);
	if (a.fab.bad_bridges)
		fprintf(stderr, "pci-reset-audit: warning: %u bridges hold bogus bus numbers; devices behind them count as on a root bus\n",
			a.fab.bad_bridges);

	if (json)
		report_json(stdout, &a, only_unsafe);
	else
		report_text(stdout, &a, only_unsafe);
	status = audit_unsafe(&a) ? EXIT_UNSAFE : EXIT_SAFE;
	audit_free(&a);
	if (fflush(stdout) || ferror(stdout)) {
		fputs("pci-reset-audit: write error\n", stderr);
		return EXIT_INPUT;
	}
	return status;
}
