"""In-flight DMA scenarios, patched vs vanilla (`make scenarios`, `make
bench`, tests/test_scenarios.py). See Documentation/admin-guide/kdump/pci-kdump-reset.rst,
"Results", for what the columns mean."""
from .core import Scenario, Outcome, harm, run_scenario, run_many  # noqa: F401
from .defs import CONTROLS, SCENARIOS, TEST_SUBSET, by_name  # noqa: F401
from .table import render, to_json  # noqa: F401
