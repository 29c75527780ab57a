// SPDX-License-Identifier: GPL-2.0
/*
 * Userspace runner for pci-kdump's KUnit suites: runs every suite that
 * kunit_test_suites() put in the kunit_user_suites section and prints KTAP
 * the way Linux 6.12's lib/kunit/test.c does, so tests/harness/ktap.py
 * reads both.
 *
 *   kunit-user [GLOB...]   GLOB as kunit.filter_glob: "suite" or "suite.case"
 *
 * Exit status: 0 when every case that was selected ran and passed; 1 when
 * any failed, was skipped, crashed or hung, or when nothing ran at all.
 * KUNIT_USER_TIMEOUT (seconds, default 20) bounds each case, so a mutant
 * that loops forever is reported as the case it hung in.
 */
#include <errno.h>
#include <fnmatch.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <kunit/test.h>

#define MAX_PARAMS	100000	/* a generator that never ends is a bug */

/* What a case leaves to be undone when it ends: memory, or an action */
struct kunit_user_alloc {
	struct kunit_user_alloc *next;
	void *ptr;
	kunit_action_t *action;	/* called with @ptr instead of free() */
};

struct stats {
	unsigned long passed, failed, skipped, total;
};

extern struct kunit_suite *const __start_kunit_user_suites[] __attribute__((weak));
extern struct kunit_suite *const __stop_kunit_user_suites[] __attribute__((weak));

static unsigned int case_timeout = 20;
static bool run_failed;
/* Where the run is, for a report from the signal handler */
static const char *volatile cur_suite, *volatile cur_case;
static volatile size_t cur_suite_nr, cur_case_nr;

/* Allocations live until the case and its exit hook are done */
void *kunit_kmalloc_array(struct kunit *test, size_t n, size_t size, gfp_t gfp)
{
	struct kunit_user_alloc *a = calloc(1, sizeof(*a));

	if (!a)
		return NULL;
	a->ptr = calloc(n ? n : 1, size ? size : 1);
	if (!a->ptr) {
		free(a);
		return NULL;
	}
	a->next = test->allocs;
	test->allocs = a;
	return a->ptr;
}

int kunit_add_action_or_reset(struct kunit *test, kunit_action_t *action,
			      void *ctx)
{
	struct kunit_user_alloc *a = calloc(1, sizeof(*a));

	if (!a) {
		action(ctx);
		return -ENOMEM;
	}
	a->ptr = ctx;
	a->action = action;
	a->next = test->allocs;
	test->allocs = a;
	return 0;
}

void kunit_kfree(struct kunit *test, const void *ptr)
{
	struct kunit_user_alloc **pp, *a;

	for (pp = &test->allocs; (a = *pp); pp = &a->next) {
		if (a->ptr == ptr && !a->action) {
			*pp = a->next;
			free(a->ptr);
			free(a);
			return;
		}
	}
}

static void free_allocs(struct kunit *test)
{
	while (test->allocs) {
		struct kunit_user_alloc *a = test->allocs;

		test->allocs = a->next;
		if (a->action)
			a->action(a->ptr);
		else
			free(a->ptr);
		free(a);
	}
}

/* Every diagnostic line is a KTAP comment at the case's indent */
static void vlog(const struct kunit *test, const char *fmt, va_list ap)
{
	char buf[1024];
	char *line, *save = NULL;

	vsnprintf(buf, sizeof(buf), fmt, ap);
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save))
		printf("%*s# %s\n", test->indent, "", line);
}

void kunit_user_log(struct kunit *test, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(test, fmt, ap);
	va_end(ap);
}

static void abort_case(struct kunit *test)
{
	if (test->abort)
		longjmp(*test->abort, 1);
}

void kunit_user_skip(struct kunit *test, bool abort, const char *fmt, ...)
{
	va_list ap;

	test->status = KUNIT_SKIPPED;
	va_start(ap, fmt);
	vsnprintf(test->status_comment, sizeof(test->status_comment), fmt, ap);
	va_end(ap);
	if (abort)
		abort_case(test);
}

/* Header, then the comparison, then the test's own message */
static void failed(struct kunit *test, enum kunit_assert_type type,
		   const char *file, int line, const char *what,
		   const char *fmt, va_list ap)
{
	test->status = KUNIT_FAILURE;
	kunit_user_log(test, "%s: %s FAILED at %s:%d", test->name,
		       type == KUNIT_ASSERTION ? "ASSERTION" : "EXPECTATION",
		       file, line);
	if (what)
		kunit_user_log(test, "%s", what);
	if (fmt)
		vlog(test, fmt, ap);
}

#define FAILED(test, type, file, line, what, fmt)			\
do {									\
	va_list ap;							\
									\
	va_start(ap, fmt);						\
	failed(test, type, file, line, what, fmt, ap);			\
	va_end(ap);							\
	if (type == KUNIT_ASSERTION)					\
		abort_case(test);					\
} while (0)

void kunit_user_fail(struct kunit *test, enum kunit_assert_type type,
		     const char *file, int line, const char *what,
		     const char *fmt, ...)
{
	FAILED(test, type, file, line, what, fmt);
}

void kunit_user_int_fail(struct kunit *test, enum kunit_assert_type type,
			 const char *file, int line, const char *left,
			 const char *op, const char *right, long long lval,
			 long long rval, const char *fmt, ...)
{
	char what[1024];

	snprintf(what, sizeof(what),
		 "Expected %s %s %s, but\n    %s == %lld (0x%llx)\n    %s == %lld (0x%llx)",
		 left, op, right, left, lval, (unsigned long long)lval,
		 right, rval, (unsigned long long)rval);
	FAILED(test, type, file, line, what, fmt);
}

void kunit_user_ptr_fail(struct kunit *test, enum kunit_assert_type type,
			 const char *file, int line, const char *left,
			 const char *op, const char *right, const void *lval,
			 const void *rval, const char *fmt, ...)
{
	char what[1024];

	snprintf(what, sizeof(what),
		 "Expected %s %s %s, but\n    %s == %p\n    %s == %p",
		 left, op, right, left, lval, right, rval);
	FAILED(test, type, file, line, what, fmt);
}

void kunit_user_str_fail(struct kunit *test, enum kunit_assert_type type,
			 const char *file, int line, const char *left,
			 const char *op, const char *right, const char *lval,
			 const char *rval, const char *fmt, ...)
{
	char what[1024];

	snprintf(what, sizeof(what),
		 "Expected %s %s %s, but\n    %s == \"%s\"\n    %s == \"%s\"",
		 left, op, right, left, lval ? lval : "(null)",
		 right, rval ? rval : "(null)");
	FAILED(test, type, file, line, what, fmt);
}

/*
 * A crash or a hang ends the run: close the case and its suite in KTAP,
 * naming the signal, and fail.  Only write() and _exit() are trusted here;
 * snprintf() is used knowing the process is about to end anyway.
 */
static void died(int sig)
{
	const char *what = sig == SIGALRM ? "timed out (KUNIT_USER_TIMEOUT)" :
			   strsignal(sig);
	char buf[512];
	int n;

	n = snprintf(buf, sizeof(buf),
		     "    # %s: %s\n    not ok %zu %s # died\nnot ok %zu %s # died in %s\n",
		     cur_case ? cur_case : "?", what, (size_t)cur_case_nr,
		     cur_case ? cur_case : "?", (size_t)cur_suite_nr,
		     cur_suite ? cur_suite : "?", cur_case ? cur_case : "?");
	if (n > 0 && write(STDOUT_FILENO, buf, min_t(size_t, n, sizeof(buf) - 1)) < 0)
		_exit(3);
	_exit(2);
}

static void catch_deaths(void)
{
	static const int sigs[] = {
#ifndef __SANITIZE_ADDRESS__
		/* ASan reports these better itself */
		SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT,
#endif
		SIGALRM,
	};
	struct sigaction sa = { .sa_handler = died };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(sigs); i++)
		sigaction(sigs[i], &sa, NULL);
}

/* One run of one case (or one parameter): init, case, exit, free */
static void run_one(struct kunit_suite *suite, struct kunit_case *c,
		    struct kunit *test)
{
	jmp_buf env;

	test->abort = &env;
	alarm(case_timeout);
	if (!setjmp(env)) {
		int err = suite->init ? suite->init(test) : 0;

		if (err) {
			kunit_user_log(test, "%s: failed to initialize: %d",
				       test->name, err);
			test->status = KUNIT_FAILURE;
		} else {
			c->run_case(test);
		}
	}
	if (suite->exit && !setjmp(env))
		suite->exit(test);
	alarm(0);
	test->abort = NULL;
	free_allocs(test);
}

static void count(struct stats *s, enum kunit_status status)
{
	s->total++;
	if (status == KUNIT_SUCCESS)
		s->passed++;
	else if (status == KUNIT_FAILURE)
		s->failed++;
	else
		s->skipped++;
}

static void print_result(int indent, enum kunit_status status, size_t n,
			 const char *name, const char *comment)
{
	printf("%*s%s %zu %s%s%s\n", indent, "",
	       status == KUNIT_FAILURE ? "not ok" : "ok", n, name,
	       status == KUNIT_SKIPPED ? " # SKIP " : "",
	       status == KUNIT_SKIPPED ? comment : "");
}

static void print_stats(int indent, const char *name, const struct stats *s)
{
	printf("%*s# %s: pass:%lu fail:%lu skip:%lu total:%lu\n", indent, "",
	       name, s->passed, s->failed, s->skipped, s->total);
}

static bool selected(const char *suite, const char *tcase, int nglobs,
		     char **globs)
{
	char full[512];
	int i;

	if (!nglobs)
		return true;
	for (i = 0; i < nglobs; i++) {
		if (strchr(globs[i], '.')) {
			if (!tcase)
				continue;
			snprintf(full, sizeof(full), "%s.%s", suite, tcase);
			if (!fnmatch(globs[i], full, 0))
				return true;
		} else if (!fnmatch(globs[i], suite, 0)) {
			return true;
		}
	}
	return false;
}

static bool suite_selected(const struct kunit_suite *suite, int nglobs,
			   char **globs)
{
	const struct kunit_case *c;

	for (c = suite->test_cases; c->run_case; c++)
		if (selected(suite->name, c->name, nglobs, globs))
			return true;
	return false;
}

/* A parameterised case: one KTAP subtest, a result per parameter */
static void run_params(struct kunit_suite *suite, struct kunit_case *c,
		       struct kunit *test, struct stats *ps)
{
	char desc[KUNIT_PARAM_DESC_SIZE] = "";

	printf("        KTAP version 1\n        # Subtest: %s\n", c->name);
	test->indent = 8;
	test->param_value = c->generate_params(NULL, desc);
	while (test->param_value && ps->total < MAX_PARAMS) {
		run_one(suite, c, test);
		if (!desc[0])
			snprintf(desc, sizeof(desc), "param-%d",
				 test->param_index);
		print_result(8, test->status, test->param_index + 1, desc,
			     test->status_comment);
		count(ps, test->status);
		desc[0] = '\0';
		test->param_value = c->generate_params(test->param_value, desc);
		test->param_index++;
		test->status = KUNIT_SUCCESS;
		test->status_comment[0] = '\0';
		test->priv = NULL;
	}
	test->indent = 4;
	if (!ps->total)
		kunit_user_log(test, "%s: no parameters", c->name);
	if (test->param_value)
		kunit_user_log(test, "%s: more than %d parameters", c->name,
			       MAX_PARAMS);
	/* No parameter at all, or an endless generator, is not a pass */
	c->status = ps->failed || !ps->total || test->param_value ?
		    KUNIT_FAILURE : ps->passed ? KUNIT_SUCCESS : KUNIT_SKIPPED;
	print_stats(4, c->name, ps);
}

/* Runs the selected cases of a suite; returns how many */
static size_t run_suite(struct kunit_suite *suite, size_t nr, int nglobs,
			char **globs, struct stats *all)
{
	struct stats suite_stats = { 0 }, totals = { 0 };
	struct kunit_case *c;
	size_t n = 0, planned = 0;
	int err = 0;

	for (c = suite->test_cases; c->run_case; c++)
		planned += selected(suite->name, c->name, nglobs, globs);
	cur_suite = suite->name;
	cur_suite_nr = nr;
	printf("    KTAP version 1\n    # Subtest: %s\n    1..%zu\n",
	       suite->name, planned);
	if (suite->suite_init)
		err = suite->suite_init(suite);
	if (err)
		printf("    # %s: failed to initialize (%d)\n", suite->name, err);
	for (c = suite->test_cases; !err && c->run_case; c++) {
		struct kunit test = { .name = c->name, .indent = 4 };
		struct stats ps = { 0 };

		if (!selected(suite->name, c->name, nglobs, globs))
			continue;
		cur_case = c->name;
		cur_case_nr = ++n;
		if (c->generate_params) {
			run_params(suite, c, &test, &ps);
		} else {
			run_one(suite, c, &test);
			c->status = test.status;
			count(&ps, test.status);
		}
		print_result(4, c->status, n, c->name, test.status_comment);
		count(&suite_stats, c->status);
		totals.passed += ps.passed;
		totals.failed += ps.failed;
		totals.skipped += ps.skipped;
		totals.total += ps.total;
	}
	cur_case = NULL;
	if (!err && suite->suite_exit)
		suite->suite_exit(suite);
	print_stats(0, suite->name, &suite_stats);
	print_stats(0, "Totals", &totals);
	print_result(0, err || suite_stats.failed ? KUNIT_FAILURE :
		     suite_stats.passed ? KUNIT_SUCCESS : KUNIT_SKIPPED,
		     nr, suite->name, "no case ran");
	/* A case can fail without a failed parameter (none, or endless) */
	if (err || suite_stats.failed || n < planned)
		run_failed = true;
	all->passed += totals.passed;
	all->failed += totals.failed;
	all->skipped += totals.skipped;
	all->total += totals.total;
	return n;
}

int main(int argc, char **argv)
{
	struct kunit_suite *const *s;
	struct stats all = { 0 };
	size_t nr = 0, i = 0, cases = 0;
	const char *env = getenv("KUNIT_USER_TIMEOUT");

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (env && atoi(env) > 0)
		case_timeout = atoi(env);
	catch_deaths();
	if (!__start_kunit_user_suites) {
		printf("Bail out! no KUnit suite is linked in\n");
		return 1;
	}
	for (s = __start_kunit_user_suites; s < __stop_kunit_user_suites; s++)
		nr += suite_selected(*s, argc - 1, argv + 1);
	printf("KTAP version 1\n1..%zu\n", nr);
	for (s = __start_kunit_user_suites; s < __stop_kunit_user_suites; s++)
		if (suite_selected(*s, argc - 1, argv + 1))
			cases += run_suite(*s, ++i, argc - 1, argv + 1, &all);
	printf("# kunit-user: %zu suites, %zu cases, %lu results: pass:%lu fail:%lu skip:%lu\n",
	       nr, cases, all.total, all.passed, all.failed, all.skipped);
	if (!all.total) {
		printf("# kunit-user: no test ran\n");
		return 1;
	}
	return run_failed || all.failed || all.skipped ? 1 : 0;
}
