# In-flight DMA scenarios and benchmarks (tests/scenarios/). Not part of
# `make test`, which runs only the bounded subset in tests/test_scenarios.py.
.PHONY: scenarios bench

## make scenarios: DMA scenarios on patched vs vanilla, x86 and arm64 (about 26 min on 2 cores); table in build/scenarios.txt (+ .json)
scenarios: kernels kernels-arm64 arm64-userspace
	$(PYTHON) tests/scenarios/run.py

## make bench: parallel vs serial reset (1/8/32 functions), capture boot time; build/bench.txt
bench: kernels
	$(PYTHON) tests/scenarios/bench.py
