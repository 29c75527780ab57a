"""What a KUnit run must contain, read from the test source itself.

The suites and cases are taken from the C file (`static struct kunit_case
x[] = { KUNIT_CASE(a), KUNIT_CASE_PARAM(b, gen), {} };`, `struct
kunit_suite` with `.name` and `.test_cases`, `kunit_test_suites(...)`), so
a case added to the source is expected without a test edit, and a case
that does not run is a failure.
"""
import re

from .ktap import ktap_problems

_COMMENT = re.compile(r"/\*.*?\*/|//[^\n]*", re.S)
_CASES = re.compile(r"struct\s+kunit_case\s+(\w+)\s*\[\s*\]\s*=\s*\{(.*?)\n\s*\}\s*;",
                    re.S)
_CASE = re.compile(r"\b(KUNIT_CASE\w*)\s*\(\s*(\w+)")
_SUITE = re.compile(r"struct\s+kunit_suite\s+(\w+)\s*=\s*\{(.*?)\}\s*;", re.S)
_REGISTER = re.compile(r"\bkunit_test_suites?\s*\(([^;]*)\)\s*;")


def expected_kunit(source_text):
    """{suite name: [(case name, parameterised), ...]} of the suites the
    file registers, in source order. Raises ValueError when the file does
    not parse as expected, so a parser gap is a failure, not a pass."""
    src = _COMMENT.sub(" ", source_text)
    arrays = {}
    for name, body in _CASES.findall(src):
        arrays[name] = [(case, "PARAM" in macro)
                        for macro, case in _CASE.findall(body)]
    suites = {}
    for var, body in _SUITE.findall(src):
        name = re.search(r"\.name\s*=\s*\"([^\"]+)\"", body)
        cases = re.search(r"\.test_cases\s*=\s*(\w+)", body)
        if not (name and cases and cases.group(1) in arrays):
            raise ValueError(f"kunit_suite {var}: no .name or known .test_cases")
        suites[var] = (name.group(1), arrays[cases.group(1)])
    registered = []
    for args in _REGISTER.findall(src):
        registered += [a.strip().lstrip("&") for a in args.split(",") if a.strip()]
    if not registered:
        raise ValueError("no kunit_test_suite(s)(...) registration")
    out = {}
    for var in registered:
        if var not in suites:
            raise ValueError(f"registered suite {var} not defined")
        name, cases = suites[var]
        if not cases:
            raise ValueError(f"suite {name} has no KUNIT_CASE")
        out[name] = cases
    return out


def kunit_run_problems(root, expected, prefix="pci_kdump"):
    """Problems of a KTAP tree against expected (from expected_kunit): the
    generic ones (ktap_problems), plus every expected suite and case must
    have run, in full, and the suites whose name starts with prefix must be
    exactly the expected ones. A parameterised case needs at least one
    parameter result. [] means every case ran and passed."""
    problems = ktap_problems(root)
    if root is None:
        return problems
    ran = [c.name for c in root.children if c.name.startswith(prefix)]
    for extra in sorted(set(ran) - set(expected)):
        problems.append(f"{extra}: suite ran but is not in the source")
    for suite, cases in expected.items():
        node = root.child(suite)
        if node is None:
            problems.append(f"{suite}: suite missing from the run")
            continue
        if node.plan != len(cases):
            problems.append(f"{suite}: plan {node.plan}, source has "
                            f"{len(cases)} cases")
        got = [c.name for c in node.children]
        for case, param in cases:
            c = node.child(case)
            if c is None:
                problems.append(f"{suite}.{case}: case missing from the run")
            elif param and not c.children:
                problems.append(f"{suite}.{case}: parameterised case "
                                "reported no parameter result")
        for extra in sorted(set(got) - {c for c, _ in cases}):
            problems.append(f"{suite}.{extra}: ran but is not in the source")
    return problems
