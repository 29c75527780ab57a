/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FUZZ_DUMP_INPUT_H
#define FUZZ_DUMP_INPUT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "audit.h"
#include "image.h"

/*
 * What a libFuzzer target does with a dump that loaded: @img is NULL
 * unless the target asked for a copy of config space; output goes to
 * @out, which discards it.
 */
typedef void (*fuzz_dump_use_t)(struct audit *a, struct audit_image *img,
				size_t size, FILE *out);

void fuzz_dump_input(const uint8_t *data, size_t size, int want_image,
		     fuzz_dump_use_t use);

#endif
