"""Make `import harness` work for every test in tests/, and make a skip a
failure: a test that did not run is not a pass. Skips and xfails are
allowed only when tests/allowed-skips.txt names them with a reason; the
terminal summary lists the allowed ones with their reasons and the others
as errors, and the session exits non-zero if there is any other."""
import fnmatch
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

ALLOWED_FILE = HERE / "allowed-skips.txt"


def load_allowed(path=ALLOWED_FILE):
    """[(node id pattern, reason)] from the allow-list; an entry without a
    reason is a usage error, so nothing is allowed silently."""
    out = []
    for n, line in enumerate(path.read_text().splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        pattern, *reason = line.split(None, 1)
        if not reason:
            raise pytest.UsageError(f"{path}:{n}: {pattern}: no reason given")
        out.append((pattern, reason[0]))
    return out


def allowed_reason(nodeid, allowed):
    return next((r for p, r in allowed if fnmatch.fnmatchcase(nodeid, p)),
                None)


class SkipGuard:
    def __init__(self, allowed):
        self.allowed = allowed
        self.ok = []        # (node id, what, skip reason, allow-list reason)
        self.bad = []       # (node id, what, skip reason)

    def _record(self, nodeid, what, why):
        reason = allowed_reason(nodeid, self.allowed)
        if reason is None:
            self.bad.append((nodeid, what, why))
        else:
            self.ok.append((nodeid, what, why, reason))

    @staticmethod
    def _why(report):
        if hasattr(report, "wasxfail"):
            return report.wasxfail or "(no reason)"
        lr = report.longrepr
        if isinstance(lr, tuple) and len(lr) == 3:   # (file, line, message)
            return lr[2]
        return str(lr)

    @pytest.hookimpl(trylast=True)
    def pytest_runtest_logreport(self, report):
        if hasattr(report, "wasxfail"):     # xfailed, or xpassed
            self._record(report.nodeid, "xfail", self._why(report))
        elif report.skipped:
            self._record(report.nodeid, "skip", self._why(report))

    @pytest.hookimpl(trylast=True)
    def pytest_collectreport(self, report):
        # a module-level pytest.skip() or importorskip()
        if report.skipped:
            self._record(report.nodeid or ".", "skip (collection)",
                         self._why(report))

    def pytest_terminal_summary(self, terminalreporter):
        tr = terminalreporter
        if self.ok:
            tr.write_sep("=", "allowed skips (tests/allowed-skips.txt)")
            for nodeid, what, why, reason in self.ok:
                tr.write_line(f"{what} {nodeid}: {why} -- allowed: {reason}")
        if self.bad:
            tr.write_sep("=", "ERROR: skips not on tests/allowed-skips.txt",
                         red=True, bold=True)
            for nodeid, what, why in self.bad:
                tr.write_line(f"ERROR {what} {nodeid}: {why}", red=True)
            tr.write_line(f"{len(self.bad)} test(s) did not run: the session "
                          "fails (a skip is not a pass)", red=True, bold=True)

    @pytest.hookimpl(trylast=True)
    def pytest_sessionfinish(self, session):
        if self.bad and session.exitstatus in (pytest.ExitCode.OK,
                                               pytest.ExitCode.NO_TESTS_COLLECTED):
            session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_configure(config):
    config.pluginmanager.register(SkipGuard(load_allowed()), "pci-kdump-skip-guard")
