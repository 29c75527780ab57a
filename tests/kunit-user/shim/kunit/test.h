/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace stand-in for <kunit/test.h>, enough for pci-kdump's suites.
 *
 * Same names and semantics as Linux 6.12's KUnit: an EXPECT failure marks
 * the case failed and goes on, an ASSERT failure also ends the case (here
 * by longjmp() back into the runner, where the kernel ends a kthread), the
 * suite's init and exit hooks run around every case and parameter, and
 * kunit_kzalloc() memory is freed after the exit hook.  Comparisons use
 * the operands' own types, as the kernel's do.  runner.c holds the rest.
 */
#ifndef SHIM_KUNIT_TEST_H
#define SHIM_KUNIT_TEST_H

#include <setjmp.h>
#include <stddef.h>
#include <linux/kernel.h>	/* the kernel's <kunit/test.h> has it too */
#include <linux/slab.h>

#define KUNIT_PARAM_DESC_SIZE	128
#define KUNIT_STATUS_COMMENT_SIZE 256

enum kunit_status {
	KUNIT_SUCCESS,
	KUNIT_FAILURE,
	KUNIT_SKIPPED,
};

enum kunit_assert_type {
	KUNIT_ASSERTION,
	KUNIT_EXPECTATION,
};

struct kunit_user_alloc;

struct kunit {
	void *priv;
	const char *name;
	const void *param_value;
	int param_index;
	enum kunit_status status;
	char status_comment[KUNIT_STATUS_COMMENT_SIZE];
	/* runner.c only */
	struct kunit_user_alloc *allocs;
	jmp_buf *abort;
	int indent;
};

struct kunit_case {
	void (*run_case)(struct kunit *test);
	const char *name;
	const void *(*generate_params)(const void *prev, char *desc);
	enum kunit_status status;	/* set by the runner */
};

struct kunit_suite {
	const char name[256];
	int (*suite_init)(struct kunit_suite *suite);
	void (*suite_exit)(struct kunit_suite *suite);
	int (*init)(struct kunit *test);
	void (*exit)(struct kunit *test);
	struct kunit_case *test_cases;
};

#define KUNIT_CASE(test_name) \
	{ .run_case = test_name, .name = #test_name }
/* Slow cases run here as any other: the runner has no speed filter */
#define KUNIT_CASE_SLOW(test_name)	KUNIT_CASE(test_name)
#define KUNIT_CASE_PARAM(test_name, gen_params) \
	{ .run_case = test_name, .name = #test_name, \
	  .generate_params = gen_params }

/* The same generators as the kernel's, so every array element runs */
#define KUNIT_ARRAY_PARAM(name, array, get_desc)				\
	static const void *name##_gen_params(const void *prev, char *desc)	\
	{									\
		typeof((array)[0]) *__next = prev ?				\
			((typeof(__next))prev) + 1 : (array);			\
		if (__next - (array) < ARRAY_SIZE((array))) {			\
			void (*__get_desc)(typeof(__next), char *) = get_desc;	\
			if (__get_desc)						\
				__get_desc(__next, desc);			\
			return __next;						\
		}								\
		return NULL;							\
	}

#define KUNIT_ARRAY_PARAM_DESC(name, array, desc_member)			\
	static const void *name##_gen_params(const void *prev, char *desc)	\
	{									\
		typeof((array)[0]) *__next = prev ?				\
			((typeof(__next))prev) + 1 : (array);			\
		if (__next - (array) < ARRAY_SIZE((array))) {			\
			strscpy(desc, __next->desc_member,			\
				KUNIT_PARAM_DESC_SIZE);				\
			return __next;						\
		}								\
		return NULL;							\
	}

/*
 * The kernel collects suites in a linker section; so does this, and the
 * runner walks __start_/__stop_kunit_user_suites.
 */
#define __KUNIT_USER_CAT2(a, b)	a##b
#define __KUNIT_USER_CAT(a, b)	__KUNIT_USER_CAT2(a, b)
#define kunit_test_suites(...)						\
	static struct kunit_suite *const				\
	__KUNIT_USER_CAT(__kunit_user_suites_, __COUNTER__)[]		\
	__attribute__((used, section("kunit_user_suites"),		\
		       aligned(sizeof(void *)))) = { __VA_ARGS__ }
#define kunit_test_suite(suite)		kunit_test_suites(&(suite))
#define kunit_test_init_section_suites(...) kunit_test_suites(__VA_ARGS__)

#define MODULE_DESCRIPTION(x)
#define MODULE_LICENSE(x)
#define MODULE_AUTHOR(x)
#define MODULE_IMPORT_NS(x)
#define VISIBLE_IF_KUNIT
#define EXPORT_SYMBOL_IF_KUNIT(sym)

typedef void (kunit_action_t)(void *);

/* A function taking one pointer, as an action; the kernel's, in resource.h */
#define KUNIT_DEFINE_ACTION_WRAPPER(wrapper, orig, arg_type)	\
	static void wrapper(void *in)				\
	{							\
		arg_type arg = (arg_type)in;			\
		orig(arg);					\
	}

/* runner.c; actions and memory are undone last in, first out, as there */
int kunit_add_action_or_reset(struct kunit *test, kunit_action_t *action,
			      void *ctx);
void *kunit_kmalloc_array(struct kunit *test, size_t n, size_t size, gfp_t gfp);
void kunit_kfree(struct kunit *test, const void *ptr);
void kunit_user_log(struct kunit *test, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void kunit_user_skip(struct kunit *test, bool abort, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void kunit_user_fail(struct kunit *test, enum kunit_assert_type type,
		     const char *file, int line, const char *what,
		     const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));
void kunit_user_int_fail(struct kunit *test, enum kunit_assert_type type,
			 const char *file, int line, const char *left,
			 const char *op, const char *right, long long lval,
			 long long rval, const char *fmt, ...)
	__attribute__((format(printf, 10, 11)));
void kunit_user_ptr_fail(struct kunit *test, enum kunit_assert_type type,
			 const char *file, int line, const char *left,
			 const char *op, const char *right, const void *lval,
			 const void *rval, const char *fmt, ...)
	__attribute__((format(printf, 10, 11)));
void kunit_user_str_fail(struct kunit *test, enum kunit_assert_type type,
			 const char *file, int line, const char *left,
			 const char *op, const char *right, const char *lval,
			 const char *rval, const char *fmt, ...)
	__attribute__((format(printf, 10, 11)));

static inline void *kunit_kmalloc(struct kunit *test, size_t size, gfp_t gfp)
{
	return kunit_kmalloc_array(test, 1, size, gfp);
}

/* Memory comes zeroed in any case: calloc() underneath */
#define kunit_kzalloc(test, size, gfp)	kunit_kmalloc(test, size, gfp)
#define kunit_kcalloc(test, n, size, gfp) kunit_kmalloc_array(test, n, size, gfp)

#define kunit_info(test, fmt, ...)	kunit_user_log(test, fmt, ##__VA_ARGS__)
#define kunit_warn(test, fmt, ...)	kunit_user_log(test, fmt, ##__VA_ARGS__)
#define kunit_err(test, fmt, ...)	kunit_user_log(test, fmt, ##__VA_ARGS__)
#define kunit_mark_skipped(test, fmt, ...) \
	kunit_user_skip(test, false, fmt, ##__VA_ARGS__)
#define kunit_skip(test, fmt, ...) \
	kunit_user_skip(test, true, fmt, ##__VA_ARGS__)

#define KUNIT_SUCCEED(test)	do { } while (0)
#define KUNIT_FAIL(test, fmt, ...) \
	kunit_user_fail(test, KUNIT_EXPECTATION, __FILE__, __LINE__, NULL, \
			fmt, ##__VA_ARGS__)

/* @ok must hold; the report shows @expr */
#define KUNIT_USER_UNARY(test, type, ok, expr, what, fmt, ...)		\
do {									\
	if (!(ok))							\
		kunit_user_fail(test, type, __FILE__, __LINE__,		\
				"Expected " expr " " what, fmt,		\
				##__VA_ARGS__);				\
} while (0)

#define KUNIT_USER_INT(test, type, left, op, right, fmt, ...)		\
do {									\
	const typeof(left) __left = (left);				\
	const typeof(right) __right = (right);				\
									\
	if (!(__left op __right))					\
		kunit_user_int_fail(test, type, __FILE__, __LINE__,	\
				    #left, #op, #right,			\
				    (long long)__left,			\
				    (long long)__right, fmt,		\
				    ##__VA_ARGS__);			\
} while (0)

#define KUNIT_USER_PTR(test, type, left, op, right, fmt, ...)		\
do {									\
	const void *__left = (left);					\
	const void *__right = (right);					\
									\
	if (!(__left op __right))					\
		kunit_user_ptr_fail(test, type, __FILE__, __LINE__,	\
				    #left, #op, #right, __left,		\
				    __right, fmt, ##__VA_ARGS__);	\
} while (0)

/* A NULL string or buffer fails either comparison, as in the kernel */
#define KUNIT_USER_STR(test, type, left, op, right, fmt, ...)		\
do {									\
	const char *__left = (left);					\
	const char *__right = (right);					\
									\
	if (!(__left && __right && strcmp(__left, __right) op 0))	\
		kunit_user_str_fail(test, type, __FILE__, __LINE__,	\
				    #left, #op, #right, __left, __right, \
				    fmt, ##__VA_ARGS__);		\
} while (0)

#define KUNIT_USER_MEM(test, type, left, op, right, size, fmt, ...)	\
do {									\
	const void *__left = (left);					\
	const void *__right = (right);					\
									\
	if (!(__left && __right && memcmp(__left, __right, (size)) op 0)) \
		kunit_user_fail(test, type, __FILE__, __LINE__,		\
				"Expected " #left " " #op " " #right	\
				" over " #size " bytes", fmt,		\
				##__VA_ARGS__);				\
} while (0)

#define KUNIT_USER_NOT_ERR_OR_NULL(test, type, ptr, fmt, ...)		\
	KUNIT_USER_UNARY(test, type, (ptr) &&				\
			 (unsigned long)(ptr) < (unsigned long)-4095, #ptr, \
			 "to be neither NULL nor an error pointer",	\
			 fmt, ##__VA_ARGS__)

/*
 * Every public check, as EXPECT and ASSERT, each with a _MSG form; the
 * plain form passes a NULL message, like the kernel's.
 */
#define KUNIT_EXPECT_TRUE_MSG(t, c, fmt, ...) \
	KUNIT_USER_UNARY(t, KUNIT_EXPECTATION, c, #c, "to be true", \
			 fmt, ##__VA_ARGS__)
#define KUNIT_EXPECT_FALSE_MSG(t, c, fmt, ...) \
	KUNIT_USER_UNARY(t, KUNIT_EXPECTATION, !(c), #c, "to be false", \
			 fmt, ##__VA_ARGS__)
#define KUNIT_EXPECT_EQ_MSG(t, l, r, fmt, ...) \
	KUNIT_USER_INT(t, KUNIT_EXPECTATION, l, ==, r, fmt, ##__VA_ARGS__)
#define KUNIT_EXPECT_NE_MSG(t, l, r, fmt, ...) \
	KUNIT_USER_INT(t, KUNIT_EXPECTATION, l, !=, r, fmt, ##__VA_ARGS__)
#define KUNIT_EXPECT_LT_MSG(t, l, r, fmt, ...) \
	KUNIT_USER_INT(t, KUNIT_EXPECTATION, l, <, r, fmt, ##__VA_ARGS__)
#define KUNIT_EXPECT_LE_MSG(t, l, r, fmt, ...) \
	KUNIT_USER_INT(t, KUNIT_EXPECTATION, l, <=, r, fmt, ##__VA_ARGS__)
#define KUNIT_EXPECT_GT_MSG(t, l, r, fmt, ...) \
	KUNIT_USER_INT(t, KUNIT_EXPECTATION, l, >, r, fmt, ##__VA_ARGS__)
#define KUNIT_EXPECT_GE_MSG(t, l, r, fmt, ...) \
	KUNIT_USER_INT(t, KUNIT_EXPECTATION, l, >=, r, fmt, ##__VA_ARGS__)
#define KUNIT_EXPECT_PTR_EQ_MSG(t, l, r, fmt, ...) \
	KUNIT_USER_PTR(t, KUNIT_EXPECTATION, l, ==, r, fmt, ##__VA_ARGS__)
#define KUNIT_EXPECT_PTR_NE_MSG(t, l, r, fmt, ...) \
	KUNIT_USER_PTR(t, KUNIT_EXPECTATION, l, !=, r, fmt, ##__VA_ARGS__)
#define KUNIT_EXPECT_NULL_MSG(t, p, fmt, ...) \
	KUNIT_USER_PTR(t, KUNIT_EXPECTATION, p, ==, NULL, fmt, ##__VA_ARGS__)
#define KUNIT_EXPECT_NOT_NULL_MSG(t, p, fmt, ...) \
	KUNIT_USER_PTR(t, KUNIT_EXPECTATION, p, !=, NULL, fmt, ##__VA_ARGS__)
#define KUNIT_EXPECT_NOT_ERR_OR_NULL_MSG(t, p, fmt, ...) \
	KUNIT_USER_NOT_ERR_OR_NULL(t, KUNIT_EXPECTATION, p, fmt, ##__VA_ARGS__)
#define KUNIT_EXPECT_STREQ_MSG(t, l, r, fmt, ...) \
	KUNIT_USER_STR(t, KUNIT_EXPECTATION, l, ==, r, fmt, ##__VA_ARGS__)
#define KUNIT_EXPECT_STRNEQ_MSG(t, l, r, fmt, ...) \
	KUNIT_USER_STR(t, KUNIT_EXPECTATION, l, !=, r, fmt, ##__VA_ARGS__)
#define KUNIT_EXPECT_MEMEQ_MSG(t, l, r, n, fmt, ...) \
	KUNIT_USER_MEM(t, KUNIT_EXPECTATION, l, ==, r, n, fmt, ##__VA_ARGS__)
#define KUNIT_EXPECT_MEMNEQ_MSG(t, l, r, n, fmt, ...) \
	KUNIT_USER_MEM(t, KUNIT_EXPECTATION, l, !=, r, n, fmt, ##__VA_ARGS__)

#define KUNIT_ASSERT_TRUE_MSG(t, c, fmt, ...) \
	KUNIT_USER_UNARY(t, KUNIT_ASSERTION, c, #c, "to be true", \
			 fmt, ##__VA_ARGS__)
#define KUNIT_ASSERT_FALSE_MSG(t, c, fmt, ...) \
	KUNIT_USER_UNARY(t, KUNIT_ASSERTION, !(c), #c, "to be false", \
			 fmt, ##__VA_ARGS__)
#define KUNIT_ASSERT_EQ_MSG(t, l, r, fmt, ...) \
	KUNIT_USER_INT(t, KUNIT_ASSERTION, l, ==, r, fmt, ##__VA_ARGS__)
#define KUNIT_ASSERT_NE_MSG(t, l, r, fmt, ...) \
	KUNIT_USER_INT(t, KUNIT_ASSERTION, l, !=, r, fmt, ##__VA_ARGS__)
#define KUNIT_ASSERT_LT_MSG(t, l, r, fmt, ...) \
	KUNIT_USER_INT(t, KUNIT_ASSERTION, l, <, r, fmt, ##__VA_ARGS__)
#define KUNIT_ASSERT_LE_MSG(t, l, r, fmt, ...) \
	KUNIT_USER_INT(t, KUNIT_ASSERTION, l, <=, r, fmt, ##__VA_ARGS__)
#define KUNIT_ASSERT_GT_MSG(t, l, r, fmt, ...) \
	KUNIT_USER_INT(t, KUNIT_ASSERTION, l, >, r, fmt, ##__VA_ARGS__)
#define KUNIT_ASSERT_GE_MSG(t, l, r, fmt, ...) \
	KUNIT_USER_INT(t, KUNIT_ASSERTION, l, >=, r, fmt, ##__VA_ARGS__)
#define KUNIT_ASSERT_PTR_EQ_MSG(t, l, r, fmt, ...) \
	KUNIT_USER_PTR(t, KUNIT_ASSERTION, l, ==, r, fmt, ##__VA_ARGS__)
#define KUNIT_ASSERT_PTR_NE_MSG(t, l, r, fmt, ...) \
	KUNIT_USER_PTR(t, KUNIT_ASSERTION, l, !=, r, fmt, ##__VA_ARGS__)
#define KUNIT_ASSERT_NULL_MSG(t, p, fmt, ...) \
	KUNIT_USER_PTR(t, KUNIT_ASSERTION, p, ==, NULL, fmt, ##__VA_ARGS__)
#define KUNIT_ASSERT_NOT_NULL_MSG(t, p, fmt, ...) \
	KUNIT_USER_PTR(t, KUNIT_ASSERTION, p, !=, NULL, fmt, ##__VA_ARGS__)
#define KUNIT_ASSERT_NOT_ERR_OR_NULL_MSG(t, p, fmt, ...) \
	KUNIT_USER_NOT_ERR_OR_NULL(t, KUNIT_ASSERTION, p, fmt, ##__VA_ARGS__)
#define KUNIT_ASSERT_STREQ_MSG(t, l, r, fmt, ...) \
	KUNIT_USER_STR(t, KUNIT_ASSERTION, l, ==, r, fmt, ##__VA_ARGS__)
#define KUNIT_ASSERT_STRNEQ_MSG(t, l, r, fmt, ...) \
	KUNIT_USER_STR(t, KUNIT_ASSERTION, l, !=, r, fmt, ##__VA_ARGS__)
#define KUNIT_ASSERT_MEMEQ_MSG(t, l, r, n, fmt, ...) \
	KUNIT_USER_MEM(t, KUNIT_ASSERTION, l, ==, r, n, fmt, ##__VA_ARGS__)
#define KUNIT_ASSERT_MEMNEQ_MSG(t, l, r, n, fmt, ...) \
	KUNIT_USER_MEM(t, KUNIT_ASSERTION, l, !=, r, n, fmt, ##__VA_ARGS__)

#define KUNIT_EXPECT_TRUE(t, c)		KUNIT_EXPECT_TRUE_MSG(t, c, NULL)
#define KUNIT_EXPECT_FALSE(t, c)	KUNIT_EXPECT_FALSE_MSG(t, c, NULL)
#define KUNIT_EXPECT_EQ(t, l, r)	KUNIT_EXPECT_EQ_MSG(t, l, r, NULL)
#define KUNIT_EXPECT_NE(t, l, r)	KUNIT_EXPECT_NE_MSG(t, l, r, NULL)
#define KUNIT_EXPECT_LT(t, l, r)	KUNIT_EXPECT_LT_MSG(t, l, r, NULL)
#define KUNIT_EXPECT_LE(t, l, r)	KUNIT_EXPECT_LE_MSG(t, l, r, NULL)
#define KUNIT_EXPECT_GT(t, l, r)	KUNIT_EXPECT_GT_MSG(t, l, r, NULL)
#define KUNIT_EXPECT_GE(t, l, r)	KUNIT_EXPECT_GE_MSG(t, l, r, NULL)
#define KUNIT_EXPECT_PTR_EQ(t, l, r)	KUNIT_EXPECT_PTR_EQ_MSG(t, l, r, NULL)
#define KUNIT_EXPECT_PTR_NE(t, l, r)	KUNIT_EXPECT_PTR_NE_MSG(t, l, r, NULL)
#define KUNIT_EXPECT_NULL(t, p)		KUNIT_EXPECT_NULL_MSG(t, p, NULL)
#define KUNIT_EXPECT_NOT_NULL(t, p)	KUNIT_EXPECT_NOT_NULL_MSG(t, p, NULL)
#define KUNIT_EXPECT_NOT_ERR_OR_NULL(t, p) \
	KUNIT_EXPECT_NOT_ERR_OR_NULL_MSG(t, p, NULL)
#define KUNIT_EXPECT_STREQ(t, l, r)	KUNIT_EXPECT_STREQ_MSG(t, l, r, NULL)
#define KUNIT_EXPECT_STRNEQ(t, l, r)	KUNIT_EXPECT_STRNEQ_MSG(t, l, r, NULL)
#define KUNIT_EXPECT_MEMEQ(t, l, r, n)	KUNIT_EXPECT_MEMEQ_MSG(t, l, r, n, NULL)
#define KUNIT_EXPECT_MEMNEQ(t, l, r, n)	KUNIT_EXPECT_MEMNEQ_MSG(t, l, r, n, NULL)

#define KUNIT_ASSERT_TRUE(t, c)		KUNIT_ASSERT_TRUE_MSG(t, c, NULL)
#define KUNIT_ASSERT_FALSE(t, c)	KUNIT_ASSERT_FALSE_MSG(t, c, NULL)
#define KUNIT_ASSERT_EQ(t, l, r)	KUNIT_ASSERT_EQ_MSG(t, l, r, NULL)
#define KUNIT_ASSERT_NE(t, l, r)	KUNIT_ASSERT_NE_MSG(t, l, r, NULL)
#define KUNIT_ASSERT_LT(t, l, r)	KUNIT_ASSERT_LT_MSG(t, l, r, NULL)
#define KUNIT_ASSERT_LE(t, l, r)	KUNIT_ASSERT_LE_MSG(t, l, r, NULL)
#define KUNIT_ASSERT_GT(t, l, r)	KUNIT_ASSERT_GT_MSG(t, l, r, NULL)
#define KUNIT_ASSERT_GE(t, l, r)	KUNIT_ASSERT_GE_MSG(t, l, r, NULL)
#define KUNIT_ASSERT_PTR_EQ(t, l, r)	KUNIT_ASSERT_PTR_EQ_MSG(t, l, r, NULL)
#define KUNIT_ASSERT_PTR_NE(t, l, r)	KUNIT_ASSERT_PTR_NE_MSG(t, l, r, NULL)
#define KUNIT_ASSERT_NULL(t, p)		KUNIT_ASSERT_NULL_MSG(t, p, NULL)
#define KUNIT_ASSERT_NOT_NULL(t, p)	KUNIT_ASSERT_NOT_NULL_MSG(t, p, NULL)
#define KUNIT_ASSERT_NOT_ERR_OR_NULL(t, p) \
	KUNIT_ASSERT_NOT_ERR_OR_NULL_MSG(t, p, NULL)
#define KUNIT_ASSERT_STREQ(t, l, r)	KUNIT_ASSERT_STREQ_MSG(t, l, r, NULL)
#define KUNIT_ASSERT_STRNEQ(t, l, r)	KUNIT_ASSERT_STRNEQ_MSG(t, l, r, NULL)
#define KUNIT_ASSERT_MEMEQ(t, l, r, n)	KUNIT_ASSERT_MEMEQ_MSG(t, l, r, n, NULL)
#define KUNIT_ASSERT_MEMNEQ(t, l, r, n)	KUNIT_ASSERT_MEMNEQ_MSG(t, l, r, n, NULL)

#endif /* SHIM_KUNIT_TEST_H */
