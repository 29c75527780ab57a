# Coverage-guided fuzzing of pci-kdump's shared core on the simulated fabric:
# tests/fuzz/ (README there).  Builds nothing of the kernel.
#
#   make fuzz          build with clang + libFuzzer + ASan/UBSan, replay the
#                      seeds, then fuzz for FUZZ_SECONDS on FUZZ_JOBS cores;
#                      non-zero on any finding (input in build/fuzz/artifacts/)
#   make fuzz-replay   gcc build without libFuzzer, every seed once, then
#                      under valgrind when it is installed; says which of
#                      tests/fuzz/findings/ no longer fail
#
# FUZZ_ALLOW=id,... accepts known findings (ids in tests/fuzz/README).
# The working corpus grows in build/fuzz/corpus; tests/fuzz/corpus holds the
# seeds and is only read.
FUZZ_SECONDS ?= 60
FUZZ_JOBS    ?= $(shell n=$$(nproc); [ $$n -gt 2 ] && n=2; echo $$n)
FUZZ_MAX_LEN ?= 2048
FUZZ_CC      ?= clang
FUZZ_GCC     ?= gcc
FUZZ_ALLOW   ?=
FUZZ_VALGRIND ?= valgrind

FUZZ_SRC  := tests/fuzz
FUZZ_OUT  := build/fuzz
# The core as the KUnit suites run it, plus the simulation and the kernel's
# parameter parser; klib.c (tests/kunit-user) has the few lib/ functions.
FUZZ_CORE := $(addprefix drivers/pci/,kdump-fabric.c kdump-exec.c \
	     quirks-kdump.c kdump-params.c kdump-report.c kdump-alias.c \
	     kdump-sim.c) \
	     tests/kunit-user/klib.c
FUZZ_HARNESS := $(FUZZ_SRC)/fuzz_verdict.c
FUZZ_DEPS := $(FUZZ_CORE) $(FUZZ_HARNESS) $(FUZZ_SRC)/fuzz_verdict.h \
	     $(FUZZ_SRC)/replay.c $(wildcard drivers/pci/*.h include/linux/pci-kdump.h \
	     tests/kunit-user/shim/*/*.h tools/pci-reset-audit/shim/linux/*.h) \
	     mk/fuzz.mk
FUZZ_CPPFLAGS := -Itests/kunit-user/shim -Itools/pci-reset-audit/shim \
	-Iinclude -Idrivers/pci -include linux/compiler_types.h \
	-DCONFIG_PCI_KDUMP=1 -DKBUILD_MODNAME='"pci_kdump"'
# The kernel's code generation; its files get the kernel's warning set,
# the harness every warning but unused parameters (ops callbacks, and the
# kernel headers' inline stubs, have them)
FUZZ_CFLAGS := -std=gnu11 -g -O1 -Wall -Wextra -Werror -Wno-unused-parameter \
	-fno-strict-aliasing \
	-fno-strict-overflow -fno-delete-null-pointer-checks -funsigned-char \
	-fno-common
FUZZ_KFLAGS := -Wno-sign-compare \
	-Wno-missing-field-initializers -Wno-type-limits -Wno-shift-negative-value

.PHONY: fuzz fuzz-replay fuzz-build

fuzz-build: $(FUZZ_OUT)/fuzz-verdict $(FUZZ_OUT)/fuzz-replay

# One compiler run per file, so each gets its own warnings
define fuzz_compile
	@mkdir -p $(dir $@)
	@set -e; for f in $(FUZZ_CORE); do \
		$(1) $(FUZZ_CPPFLAGS) $(FUZZ_CFLAGS) $(FUZZ_KFLAGS) $(2) -c $$f \
			-o $(dir $@)$$(basename $$f .c).o; \
	done
	@set -e; for f in $(FUZZ_HARNESS) $(3); do \
		$(1) $(FUZZ_CPPFLAGS) $(FUZZ_CFLAGS) $(2) -c $$f \
			-o $(dir $@)$$(basename $$f .c).o; \
	done
	$(1) $(2) -o $@ $(foreach f,$(FUZZ_CORE) $(FUZZ_HARNESS) $(3),$(dir $@)$(basename $(notdir $(f))).o)
endef

FUZZ_SAN := -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all

$(FUZZ_OUT)/fuzz-verdict: $(FUZZ_DEPS)
	$(call fuzz_compile,$(FUZZ_CC),$(FUZZ_SAN),)

$(FUZZ_OUT)/replay/fuzz-replay: $(FUZZ_DEPS)
	$(call fuzz_compile,$(FUZZ_GCC),,$(FUZZ_SRC)/replay.c)

$(FUZZ_OUT)/fuzz-replay: $(FUZZ_OUT)/replay/fuzz-replay
	cp $< $@

## make fuzz-replay: the fuzz harness built with gcc, every seed once, then under valgrind
fuzz-replay: $(FUZZ_OUT)/fuzz-replay
	FUZZ_ALLOW=$(FUZZ_ALLOW) $< $(FUZZ_SRC)/corpus/*
	@if command -v $(FUZZ_VALGRIND) >/dev/null; then \
		FUZZ_ALLOW=$(FUZZ_ALLOW) $(FUZZ_VALGRIND) -q --error-exitcode=1 \
			--leak-check=full $< $(FUZZ_SRC)/corpus/*; \
	else \
		echo "fuzz-replay: valgrind run skipped"; \
	fi
	@for f in $(wildcard $(FUZZ_SRC)/findings/*); do \
		if (FUZZ_ALLOW= $< $$f; exit $$?) >/dev/null 2>&1; then \
			echo "fuzz-replay: $$f no longer fails: fixed? move it to corpus/"; \
		fi; \
	done

## make fuzz: libFuzzer on pci-kdump's verdict, FUZZ_SECONDS (60) on up to 2 cores; non-zero on a finding
fuzz: $(FUZZ_OUT)/fuzz-verdict
	@mkdir -p $(FUZZ_OUT)/corpus $(FUZZ_OUT)/artifacts
	FUZZ_ALLOW=$(FUZZ_ALLOW) $< -runs=0 $(FUZZ_SRC)/corpus
	FUZZ_ALLOW=$(FUZZ_ALLOW) $< -fork=$(FUZZ_JOBS) \
		-max_total_time=$(FUZZ_SECONDS) -max_len=$(FUZZ_MAX_LEN) \
		-timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
		-artifact_prefix=$(FUZZ_OUT)/artifacts/ \
		$(FUZZ_OUT)/corpus $(FUZZ_SRC)/corpus

# pci-reset-audit's input parsers under libFuzzer, ASan and UBSan, for a
# fixed number of executions each, one after the other: the lspci dump
# parser (tools/pci-reset-audit/fuzz.c), the kernel's parameter parser
# behind the capture command line (fuzz-params.c), and --predict, the
# capture kernel's own code on a dump (fuzz-predict.c).  Each keeps its seeds
# and regression cases in tools/pci-reset-audit/tests/fuzz/<name>/ (only
# read); the working corpus grows in build/fuzz-audit/<name>/.  Non-zero
# on any finding, whose input is then in build/fuzz-audit/<name>-crash-*.
FUZZ_RUNS ?= 100000
# Longest dump input; the pciutils fixtures that seed it reach 285 KiB
FUZZ_DUMP_MAX_LEN ?= 65536
FUZZ_AUDIT := tools/pci-reset-audit
FUZZ_AUDIT_OUT := build/fuzz-audit
FUZZ_AUDIT_SEEDS := $(FUZZ_AUDIT)/tests/fuzz

.PHONY: fuzz-audit fuzz-audit-dump fuzz-audit-params fuzz-audit-predict

## make fuzz-audit: libFuzzer on pci-reset-audit's dump parser, the kernel's parameter parser and --predict, FUZZ_RUNS executions each
fuzz-audit: fuzz-audit-dump fuzz-audit-params fuzz-audit-predict

# $(1): harness name, $(2): extra seed directory, $(3): libFuzzer options
define fuzz_audit_run
	$(MAKE) -C $(FUZZ_AUDIT) fuzz-$(1)
	@mkdir -p $(FUZZ_AUDIT_OUT)/$(1)
	$(FUZZ_AUDIT)/fuzz-$(1) -runs=$(FUZZ_RUNS) $(3) -timeout=10 \
		-rss_limit_mb=2048 -print_final_stats=1 \
		-artifact_prefix=$(FUZZ_AUDIT_OUT)/$(1)- \
		$(FUZZ_AUDIT_OUT)/$(1) $(FUZZ_AUDIT_SEEDS)/$(1) $(2)
endef

fuzz-audit-dump:
	$(call fuzz_audit_run,dump,$(FUZZ_AUDIT)/tests/fixtures/lspci,-max_len=$(FUZZ_DUMP_MAX_LEN))

fuzz-audit-params:
	$(call fuzz_audit_run,params,,-max_len=4096 -dict=$(FUZZ_AUDIT)/fuzz-params.dict)

fuzz-audit-predict:
	$(call fuzz_audit_run,predict,$(FUZZ_AUDIT)/tests/fixtures/lspci,-max_len=$(FUZZ_DUMP_MAX_LEN))
