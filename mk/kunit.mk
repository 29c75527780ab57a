# pci-kdump's KUnit suites in userspace (tests/kunit-user/), and mutation
# testing of the core against them (tests/mutants/).  Neither builds a
# kernel; both finish in well under a minute.
PYTHON ?= /usr/bin/python3
.PHONY: kunit mutants

## make kunit: KUnit suites in userspace, KTAP output, then under valgrind; objects in build/kunit-user/
kunit:
	$(MAKE) -C tests/kunit-user

## make mutants: each mutant of tests/mutants/mutants.py built and run against the suites; killed/survived and score
mutants:
	$(PYTHON) tests/mutants/run_mutants.py -j 2
