// SPDX-License-Identifier: GPL-2.0
/*
 * Runs the fuzz target once on each file named, without libFuzzer, so the
 * harness builds and runs with gcc and under valgrind too.  A violated
 * invariant aborts, as it does under the fuzzer.
 */
#include <stdio.h>
#include <stdlib.h>
#include "fuzz_verdict.h"

/* Larger than any input worth running: libFuzzer's -max_len is far below */
#define MAX_INPUT	(1 << 16)

static u8 buf[MAX_INPUT];

int main(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		FILE *f = fopen(argv[i], "rb");
		size_t n;

		if (!f) {
			perror(argv[i]);
			return 2;
		}
		n = fread(buf, 1, sizeof(buf), f);
		fclose(f);
		LLVMFuzzerTestOneInput(buf, n);
	}
	printf("fuzz-replay: %d inputs, every invariant held\n", argc - 1);
	return 0;
}
