"""Parse KUnit's KTAP output from a kernel console log.

KTAP nests by indentation (4 spaces a level). A subtest opens with
"KTAP version 1" and "# Subtest: name" at the indent of its children,
may give a plan "1..N" there, and ends with its own "ok N name" line one
level out. parse_ktap_tree() keeps that structure, so a check can tell a
case that never reported (log cut by a hang) from one that passed, and
compare each plan with the results really printed under it.
"""
import re
from dataclasses import dataclass, field

from .result import dmesg_lines

_RESULT = re.compile(r"^(\s*)(ok|not ok) (\d+) ([^#]*?)\s*(?:#\s*(.*))?$")
_SUBTEST = re.compile(r"^(\s*)#\s*Subtest:\s*(\S+)")
_VERSION = re.compile(r"^(\s*)K?TAP version \d+")
_PLAN = re.compile(r"^(\s*)1\.\.(\d+)\s*$")


@dataclass
class KtapNode:
    name: str = ""            # "" for the document root
    indent: int = 0           # indent of this node's children
    status: str = None        # "ok" | "not ok" | "skip"; None: no result line
    plan: int = None          # N of the "1..N" among its children
    children: list = field(default_factory=list)

    def child(self, name):
        return next((c for c in self.children if c.name == name), None)

    def walk(self, path=()):
        """(dotted path, node) of every node below this one, depth first."""
        for c in self.children:
            p = path + (c.name,)
            yield ".".join(p), c
            yield from c.walk(p)


def _indent(line):
    return len(line) - len(line.lstrip(" "))


def parse_ktap_tree(text):
    """The KTAP document in a console log as a KtapNode tree (the root has
    the top-level plan and the suites as children); None if there is no
    "KTAP version" line at indent 0."""
    root = None
    stack = []
    for line in dmesg_lines(text):
        line = line.expandtabs(8)
        m = _VERSION.match(line)
        if m:
            d = _indent(line)
            if d == 0:
                if root is None:
                    root = KtapNode()
                    stack = [root]
                continue
            if root is not None:
                _open(stack, d)
            continue
        if root is None:
            continue
        m = _SUBTEST.match(line)
        if m:
            d = _indent(line)
            node = _open(stack, d)
            if node.name:   # the open one was cut short: a new sibling
                node = _open(stack, d, force=True)
            node.name = m.group(2)
            continue
        m = _PLAN.match(line)
        if m:
            _open(stack, _indent(line)).plan = int(m.group(2))
            continue
        m = _RESULT.match(line)
        if not m:
            continue
        d = _indent(line)
        status, name, directive = m.group(2), m.group(4).strip(), m.group(5)
        if directive and directive.upper().startswith("SKIP"):
            status = "skip"
        # deeper nodes left open never printed their result: cut short
        while len(stack) > 1 and stack[-1].indent > d + 4:
            stack.pop()
        top = stack[-1]
        if len(stack) > 1 and top.indent == d + 4:
            # the result line of the open subtest: it closes it
            stack.pop()
            if top.name and top.name != name:
                top.status = f"mismatch: result line names {name!r}"
            else:
                top.name = top.name or name
                top.status = status
        else:
            _open(stack, d).children.append(KtapNode(name=name, indent=d + 4,
                                                     status=status))
    return root


def _open(stack, indent, force=False):
    """The open node whose children sit at indent, opening an anonymous
    subtest there if there is none (or force)."""
    while len(stack) > 1 and stack[-1].indent > indent:
        stack.pop()
    if stack[-1].indent == indent and not force:
        return stack[-1]
    if force and stack[-1].indent == indent and len(stack) > 1:
        stack.pop()
    node = KtapNode(indent=indent)
    stack[-1].children.append(node)
    stack.append(node)
    return node


def ktap_problems(root):
    """Everything in a KTAP tree that is not a complete, passing run: a
    missing document, a result that is not "ok" (skips included), a
    subtest that never printed its result, a plan that does not match the
    results under it. [] when the run is complete and clean."""
    if root is None:
        return ["no KTAP output (no \"KTAP version\" line)"]
    problems = []
    nodes = [("(top level)", root)] + list(root.walk())
    for path, node in nodes:
        if node is not root:
            if node.status is None:
                problems.append(f"{path}: no result line (log cut short?)")
            elif node.status != "ok":
                problems.append(f"{path}: {node.status}")
        results = sum(c.status is not None for c in node.children)
        if node.plan is not None and node.plan != results:
            problems.append(f"{path}: plan 1..{node.plan} but "
                            f"{results} results")
    if root.plan is None:
        problems.append("(top level): no plan line")
    return problems


def parse_ktap(text):
    """Return {"suite.test": "ok" | "not ok" | "skip", ...} plus each suite's
    own line as {"suite": ...}; a subtest whose result never came maps to
    None."""
    root = parse_ktap_tree(text)
    return dict((p, n.status) for p, n in root.walk()) if root else {}
