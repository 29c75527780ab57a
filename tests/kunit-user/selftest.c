// SPDX-License-Identifier: GPL-2.0
/*
 * Tests of the shim itself, linked with runner.c instead of the pci-kdump
 * suites.  Cases named pass_* must pass and fail_* must fail; the Makefile's
 * selftest target checks each verdict, so a check macro that never fires
 * (and would let every mutant live) is caught here first.
 */
#include <kunit/test.h>

enum colour { RED, GREEN };

struct selftest_ctx {
	int init_runs;
	int *exit_seen;
};

static int exit_calls, after_assert;

static int selftest_init(struct kunit *test)
{
	struct selftest_ctx *ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, ctx);
	ctx->init_runs++;
	test->priv = ctx;
	return 0;
}

static void selftest_exit(struct kunit *test)
{
	exit_calls++;
}

static void pass_checks(struct kunit *test)
{
	struct selftest_ctx *ctx = test->priv;
	enum colour c = GREEN;
	u64 big = 1ULL << 40;
	u8 byte = 200;
	char buf[8];

	KUNIT_EXPECT_EQ(test, ctx->init_runs, 1);
	KUNIT_EXPECT_EQ(test, c, GREEN);
	KUNIT_EXPECT_NE(test, c, RED);
	KUNIT_EXPECT_GT(test, big, (u64)UINT32_MAX);
	KUNIT_EXPECT_GE(test, byte, 200);
	KUNIT_EXPECT_LT(test, -1, 0);
	KUNIT_EXPECT_LE(test, 0U, 0U);
	KUNIT_EXPECT_TRUE(test, byte == 200);
	KUNIT_EXPECT_FALSE_MSG(test, byte != 200, "byte %u", byte);
	KUNIT_EXPECT_PTR_EQ(test, ctx, test->priv);
	KUNIT_EXPECT_PTR_NE(test, ctx, NULL);
	KUNIT_EXPECT_NULL(test, NULL);
	KUNIT_EXPECT_NOT_ERR_OR_NULL(test, ctx);
	KUNIT_EXPECT_STREQ(test, "abc", "abc");
	KUNIT_EXPECT_STRNEQ(test, "abc", "abd");
	KUNIT_EXPECT_MEMEQ(test, "abc", "abc", 3);
	KUNIT_EXPECT_EQ(test, strscpy(buf, "0123456789"), -E2BIG);
	KUNIT_EXPECT_STREQ(test, buf, "0123456");
	KUNIT_EXPECT_EQ(test, scnprintf(buf, sizeof(buf), "%s", "0123456789"), 7);
	KUNIT_ASSERT_EQ(test, exit_calls, 0);
}

static void pass_exit_ran(struct kunit *test)
{
	/* Every case before this one had its exit hook, each parameter too */
	KUNIT_EXPECT_EQ(test, exit_calls, 1 + 10 + 1 + 1);
	KUNIT_EXPECT_EQ(test, after_assert, 0);
}

static const int params[] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 };

static void param_desc(const int *p, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "value %d", *p);
}

KUNIT_ARRAY_PARAM(params, params, param_desc);

static int params_seen;

static void pass_every_param(struct kunit *test)
{
	const int *p = test->param_value;

	KUNIT_EXPECT_EQ(test, *p, params_seen);
	params_seen++;
}

static void pass_count_params(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, params_seen, (int)ARRAY_SIZE(params));
}

static void fail_expect_eq(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, 1 + 1, 3);
}

static void fail_expect_mixed_sign(struct kunit *test)
{
	/* The kernel compares in the operands' types too: -1 < 0U is false */
	KUNIT_EXPECT_LT(test, -1, 0U);
}

static void fail_assert_stops(struct kunit *test)
{
	KUNIT_ASSERT_TRUE(test, false);
	after_assert = 1;
}

static void fail_streq_null(struct kunit *test)
{
	KUNIT_EXPECT_STRNEQ(test, (const char *)NULL, "x");
}

static void fail_memeq(struct kunit *test)
{
	KUNIT_EXPECT_MEMEQ(test, "abc", "abd", 3);
}

static void fail_kunit_fail(struct kunit *test)
{
	KUNIT_FAIL(test, "on purpose %d", 1);
}

static void fail_ptr(struct kunit *test)
{
	KUNIT_EXPECT_NOT_NULL_MSG(test, NULL, "message %s", "shown");
}

static const int three[] = { 1, 2, 3 };

KUNIT_ARRAY_PARAM(three, three, NULL);

static void fail_one_param(struct kunit *test)
{
	KUNIT_EXPECT_NE(test, *(const int *)test->param_value, 2);
}

static const void *no_params_gen(const void *prev, char *desc)
{
	return NULL;
}

static void fail_no_params(struct kunit *test)
{
}

static void fail_skip(struct kunit *test)
{
	kunit_skip(test, "a skip is not a pass");
}

static struct kunit_case selftest_cases[] = {
	KUNIT_CASE(pass_checks),
	KUNIT_CASE_PARAM(pass_every_param, params_gen_params),
	KUNIT_CASE(pass_count_params),
	KUNIT_CASE(fail_assert_stops),
	KUNIT_CASE(pass_exit_ran),
	KUNIT_CASE(fail_expect_eq),
	KUNIT_CASE(fail_expect_mixed_sign),
	KUNIT_CASE(fail_streq_null),
	KUNIT_CASE(fail_memeq),
	KUNIT_CASE(fail_kunit_fail),
	KUNIT_CASE(fail_ptr),
	KUNIT_CASE_PARAM(fail_one_param, three_gen_params),
	KUNIT_CASE_PARAM(fail_no_params, no_params_gen),
	KUNIT_CASE(fail_skip),
	{}
};

static struct kunit_suite selftest_suite = {
	.name = "kunit_user_selftest",
	.init = selftest_init,
	.exit = selftest_exit,
	.test_cases = selftest_cases,
};

/* Run one at a time: each ends the process */
static void hang(struct kunit *test)
{
	for (;;)
		;
}

static void segv(struct kunit *test)
{
	*(volatile int *)test->param_value = 1;
}

static struct kunit_case death_cases[] = {
	KUNIT_CASE(hang),
	KUNIT_CASE(segv),
	{}
};

static struct kunit_suite death_suite = {
	.name = "kunit_user_death",
	.test_cases = death_cases,
};

kunit_test_suites(&selftest_suite);
kunit_test_suite(death_suite);
