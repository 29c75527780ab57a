# In-flight DMA scenarios and benchmarks (tests/scenarios/). Not part of
# `make test`, which runs only the bounded subset in tests/test_scenarios.py.
.PHONY: scenarios bench

## make scenarios: DMA scenarios on patched vs vanilla (about 21 min on 2 cores); table in build/scenarios.txt (+ .json)
scenarios: kernels
	$(PYTHON) tests/scenarios/run.py

## make bench: parallel vs serial reset (1/8/32 functions), capture boot time; build/bench.txt
bench: kernels
	$(PYTHON) tests/scenarios/bench.py
