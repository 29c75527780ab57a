"""Parse KUnit's KTAP output from a kernel console log."""
import re

from .result import dmesg_lines

_RESULT = re.compile(r"^(\s*)(ok|not ok) (\d+) ([^#]*?)\s*(?:#\s*(.*))?$")
_SUBTEST = re.compile(r"^\s*#\s*Subtest:\s*(\S+)")


def parse_ktap(text):
    """Return {"suite.test": "ok" | "not ok" | "skip", ...} plus each suite's
    own line as {"suite": ...}. A "# Subtest:" header sits at the indent of
    its children, so a result's parents are the open headers at or above
    its indent."""
    results = {}
    stack = []  # (indent, name) of open subtests
    for line in dmesg_lines(text):
        m = _SUBTEST.match(line)
        if m:
            indent = len(line) - len(line.lstrip())
            stack = [s for s in stack if s[0] < indent]
            stack.append((indent, m.group(1)))
            continue
        m = _RESULT.match(line)
        if not m:
            continue
        indent, status, _, name, directive = m.groups()
        indent = len(indent)
        stack = [s for s in stack if s[0] <= indent]
        parents = [s[1] for s in stack]
        if directive and directive.upper().startswith("SKIP"):
            status = "skip"
        results[".".join(parents + [name.strip()])] = status
    return results
