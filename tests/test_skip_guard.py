"""tests/conftest.py fails a session in which a test skips or xfails unless
tests/allowed-skips.txt names it. Checked by running pytest on a scratch
copy of the conftest with small test files (no VM)."""
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

TESTS = '''
import pytest

def test_passes():
    pass

def test_skips():
    pytest.skip("dependency missing")

@pytest.mark.skipif(True, reason="never here")
def test_skipif():
    pass

@pytest.mark.xfail(reason="known bad")
def test_xfails():
    assert False
'''


def session(tmp_path, allowed="", tests=TESTS):
    shutil.copy(HERE / "conftest.py", tmp_path / "conftest.py")
    (tmp_path / "allowed-skips.txt").write_text(allowed)
    (tmp_path / "test_x.py").write_text(tests)
    p = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider",
                        "-q", str(tmp_path)], capture_output=True, text=True,
                       cwd=tmp_path)
    return p.returncode, p.stdout + p.stderr


def test_disallowed_skips_fail_the_session(tmp_path):
    rc, out = session(tmp_path)
    assert rc == 1, out
    assert "ERROR: skips not on tests/allowed-skips.txt" in out, out
    for name, why in (("test_skips", "dependency missing"),
                      ("test_skipif", "never here"),
                      ("test_xfails", "known bad")):
        assert f"test_x.py::{name}: " in out and why in out, (name, out)
    assert "3 test(s) did not run" in out, out


def test_allowed_skips_pass_and_are_listed(tmp_path):
    allowed = ("# comment\n"
               "test_x.py::test_skip*  arm64 KVM only\n"
               "test_x.py::test_xfails\tupstream bug 123\n")
    rc, out = session(tmp_path, allowed)
    assert rc == 0, out
    assert "allowed skips" in out and "ERROR" not in out, out
    assert "arm64 KVM only" in out and "upstream bug 123" in out, out


def test_module_level_skip_fails(tmp_path):
    rc, out = session(tmp_path, tests="import pytest\n"
                      "pytest.importorskip('no_such_module_here')\n")
    assert rc != 0, out
    assert "skip (collection)" in out, out


def test_entry_without_reason_is_an_error(tmp_path):
    rc, out = session(tmp_path, "test_x.py::test_skips\n")
    assert rc != 0 and "no reason given" in out, out


def test_all_passing_session_is_unaffected(tmp_path):
    rc, out = session(tmp_path, tests="def test_ok():\n    pass\n")
    assert rc == 0 and "skips" not in out, out
