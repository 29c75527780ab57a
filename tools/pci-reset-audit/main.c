// SPDX-License-Identifier: GPL-2.0
/*
 * pci-reset-audit: list every PCI function with the reset the pci-kdump
 * capture kernel would give it, and flag those without a safe one.
 * Read-only: it never writes config space, on this host or anywhere.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "audit.h"
#include "kdumpconf.h"
#include "predict.h"

enum { EXIT_SAFE = 0, EXIT_UNSAFE = 1, EXIT_INPUT = 2 };

static const char usage[] =
"Usage: pci-reset-audit [-F FILE] [-i PCI.IDS] [--json] [--only-unsafe]\n"
"       pci-reset-audit --predict [-F FILE] [--json]\n"
"                       [--cmdline LINE | --kdump-config FILE]\n"
"\n"
"Show the reset the pci-kdump capture kernel would use for each PCI\n"
"function, and which functions have no safe reset.  Read-only.\n"
"\n"
"  -F, --file FILE     read an lspci -x/-xxx/-xxxx dump instead of this host\n"
"  -i, --ids FILE      PCI ID database (default: libpci's pci.ids)\n"
"  -j, --json          print JSON instead of text\n"
"  -u, --only-unsafe   list only functions without a safe reset\n"
"  -p, --predict       print what the capture kernel would log: each\n"
"                      function, the summary, and each IOMMU's handoff\n"
"  -c, --cmdline LINE  the capture kernel's command line (--predict)\n"
"  -k, --kdump-config FILE\n"
"                      read it from FILE's KDUMP_CMDLINE_APPEND or\n"
"                      KDUMP_COMMANDLINE_APPEND (default: /etc/default/kdump-tools,\n"
"                      else /etc/sysconfig/kdump)\n"
"  -h, --help          show this help\n"
"\n"
"Exit status: 0 every function safe (--predict: every IOMMU starts clean),\n"
"1 some unsafe (--predict: some IOMMU keeps old entries, or pci-kdump does\n"
"not run), 2 usage or input error.\n";

/* The command line --predict works on, to be freed */
static char *capture_cmdline(const char *line, const char *conf)
{
	char err[512], *s;

	if (line) {
		s = strdup(line);
		if (!s)
			fputs("pci-reset-audit: out of memory\n", stderr);
		return s;
	}
	s = audit_kdump_append(conf, err, sizeof(err));
	if (!s)
		fprintf(stderr, "pci-reset-audit: %s\n", err);
	return s;
}

static int predict(struct audit_image *img, const char *line, bool json)
{
	struct audit_prediction p = { 0 };
	int status = EXIT_INPUT;

	if (audit_predict(&p, img, line, stderr)) {
		fputs("pci-reset-audit: out of memory\n", stderr);
	} else {
		if (json)
			predict_json(stdout, &p);
		else
			predict_text(stdout, &p);
		status = audit_prediction_clean(&p) ? EXIT_SAFE : EXIT_UNSAFE;
	}
	audit_prediction_free(&p);
	return status;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "file", required_argument, NULL, 'F' },
		{ "ids", required_argument, NULL, 'i' },
		{ "json", no_argument, NULL, 'j' },
		{ "only-unsafe", no_argument, NULL, 'u' },
		{ "predict", no_argument, NULL, 'p' },
		{ "cmdline", required_argument, NULL, 'c' },
		{ "kdump-config", required_argument, NULL, 'k' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *dump = NULL, *ids = NULL, *line = NULL, *conf = NULL;
	bool json = false, only_unsafe = false, want_predict = false;
	struct audit_image img;
	char err[512], *cmdline = NULL;
	struct audit a;
	int c, status;

	while ((c = getopt_long(argc, argv, "F:i:jupc:k:h", longopts, NULL)) != -1) {
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
		case 'p':
			want_predict = true;
			break;
		case 'c':
			line = optarg;
			break;
		case 'k':
			conf = optarg;
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
	if ((line || conf) && !want_predict) {
		fprintf(stderr, "pci-reset-audit: --cmdline and --kdump-config go with --predict\n%s",
			usage);
		return EXIT_INPUT;
	}
	if (want_predict && (only_unsafe || (line && conf))) {
		fprintf(stderr, "pci-reset-audit: --predict takes neither --only-unsafe nor both --cmdline and --kdump-config\n%s",
			usage);
		return EXIT_INPUT;
	}
	if (want_predict) {
		cmdline = capture_cmdline(line, conf);
		if (!cmdline)
			return EXIT_INPUT;
	}
	/* Unprivileged sysfs reads stop at 64 bytes: no capabilities at all */
	if (!dump && geteuid() != 0)
		fputs("pci-reset-audit: warning: not root, only the first 64 bytes of config space are readable; capabilities will be missed\n",
		      stderr);

	if (audit_load(&a, dump, ids, want_predict ? &img : NULL, err,
		       sizeof(err))) {
		fprintf(stderr, "pci-reset-audit: %s\n", err);
		free(cmdline);
		return EXIT_INPUT;
	}
	if (a.skipped)
		fprintf(stderr, "pci-reset-audit: warning: %u functions in domains beyond 16 bits left out; pci-kdump does not reach them\n",
			a.skipped);
	if (a.fab.bad_bridges)
		fprintf(stderr, "pci-reset-audit: warning: %u bridges hold bogus bus numbers; devices behind them count as on a root bus\n",
			a.fab.bad_bridges);

	if (want_predict) {
		status = predict(&img, cmdline, json);
		audit_image_free(&img);
		free(cmdline);
	} else {
		if (json)
			report_json(stdout, &a, only_unsafe);
		else
			report_text(stdout, &a, only_unsafe);
		status = audit_unsafe(&a) ? EXIT_UNSAFE : EXIT_SAFE;
	}
	audit_free(&a);
	if (fflush(stdout) || ferror(stdout)) {
		fputs("pci-reset-audit: write error\n", stderr);
		return EXIT_INPUT;
	}
	return status;
}
