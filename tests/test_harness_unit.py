"""Fast checks of the harness's pure helpers (no VM, no kernel build)."""
import gzip
import shutil

import pytest

import harness
from harness.cpio import CpioWriter
from harness import qtrace, report
from harness.kunit import expected_kunit, kunit_run_problems
from harness.pcicfg import capabilities, pci_config
from harness.paths import REPO

KTAP = """\
[    1.000000] KTAP version 1
[    1.000001] 1..2
[    1.000002]     KTAP version 1
[    1.000003]     # Subtest: pci_kdump_decide
[    1.000004]     1..3
[    1.000005]     ok 1 flr_preferred
[    1.000006]     not ok 2 sbr_when_alone
[    1.000007]     ok 3 no_reset # SKIP not applicable
[    1.000008] not ok 1 pci_kdump_decide
[    1.000009]     # Subtest: pci_kdump_walk
[    1.000010]     ok 1 bottom_up
[    1.000011] ok 2 pci_kdump_walk
"""


def test_parse_ktap():
    r = harness.parse_ktap(KTAP)
    assert r == {
        "pci_kdump_decide.flr_preferred": "ok",
        "pci_kdump_decide.sbr_when_alone": "not ok",
        "pci_kdump_decide.no_reset": "skip",
        "pci_kdump_decide": "not ok",
        "pci_kdump_walk.bottom_up": "ok",
        "pci_kdump_walk": "ok",
    }


# A source in the shape of drivers/pci/kdump-test.c, and the console a
# 6.12 kernel prints when it runs (lib/kunit/test.c, executor.c).
SOURCE = """\
static struct kunit_case decide_cases[] = {
\tKUNIT_CASE_PARAM(test_choice, choice_gen_params),
\tKUNIT_CASE(test_params),
\t/* KUNIT_CASE(test_not_yet), */
\t{}
};

static struct kunit_suite decide_suite = {
\t.name = "pci_kdump_decide",
\t.init = kdump_test_init,
\t.test_cases = decide_cases,
};

static struct kunit_case reset_cases[] = {
\tKUNIT_CASE(test_bottom_up),
\tKUNIT_CASE(test_quiesce),
\t{}
};

static struct kunit_suite reset_suite = {
\t.name = "pci_kdump_reset",
\t.test_cases = reset_cases,
};

kunit_test_suites(&decide_suite, &reset_suite);
"""

GOOD_RUN = """\
[    0.900000] pci 0000:00:00.0: [8086:29c0] type 00 class 0x060000
[    1.000000] KTAP version 1
[    1.000001] 1..2
[    1.000002]     KTAP version 1
[    1.000003]     # Subtest: pci_kdump_decide
[    1.000004]     1..2
[    1.000005]         KTAP version 1
[    1.000006]         # Subtest: test_choice
[    1.000007]         ok 1 flr preferred
[    1.000008]         ok 2 quirk: no FLR (8086:1502)
[    1.000009]     # test_choice: pass:2 fail:0 skip:0 total:2
[    1.000010]     ok 1 test_choice
[    1.000011]     ok 2 test_params
[    1.000012] # pci_kdump_decide: pass:2 fail:0 skip:0 total:2
[    1.000013] # Totals: pass:3 fail:0 skip:0 total:3
[    1.000014] ok 1 pci_kdump_decide
[    1.000015]     KTAP version 1
[    1.000016]     # Subtest: pci_kdump_reset
[    1.000017]     1..2
[    1.000018]     ok 1 test_bottom_up
[    1.000019]     ok 2 test_quiesce
[    1.000020] # pci_kdump_reset: pass:2 fail:0 skip:0 total:2
[    1.000021] ok 2 pci_kdump_reset
[    1.100000] Freeing unused kernel image memory
"""


def kunit(text):
    return kunit_run_problems(harness.parse_ktap_tree(text),
                              expected_kunit(SOURCE))


def test_kunit_source_cases():
    assert expected_kunit(SOURCE) == {
        "pci_kdump_decide": [("test_choice", True), ("test_params", False)],
        "pci_kdump_reset": [("test_bottom_up", False), ("test_quiesce", False)],
    }


def test_kunit_source_of_the_repo_parses():
    got = expected_kunit((REPO / "drivers/pci/kdump-test.c").read_text())
    assert got, "no suite found in drivers/pci/kdump-test.c"
    assert all(cases for cases in got.values())


def test_kunit_source_without_registration_is_an_error():
    with pytest.raises(ValueError):
        expected_kunit(SOURCE.replace("kunit_test_suites(&decide_suite, "
                                      "&reset_suite);", ""))


def test_kunit_good_run():
    assert kunit(GOOD_RUN) == []
    tree = harness.parse_ktap_tree(GOOD_RUN)
    assert tree.plan == 2 and [c.name for c in tree.children] == [
        "pci_kdump_decide", "pci_kdump_reset"]
    choice = tree.child("pci_kdump_decide").child("test_choice")
    assert [(c.name, c.status) for c in choice.children] == [
        ("flr preferred", "ok"), ("quirk: no FLR (8086:1502)", "ok")]


def test_kunit_missing_case():
    """A kernel built without one case: its own plan agrees, the source
    does not."""
    text = GOOD_RUN.replace("    ok 2 test_quiesce\n", "").replace(
        "pci_kdump_reset\n[    1.000017]     1..2", "pci_kdump_reset\n"
        "[    1.000017]     1..1")
    assert "    1..1" in text
    p = kunit(text)
    assert any("test_quiesce: case missing" in x for x in p), p
    assert any("pci_kdump_reset: plan 1, source has 2" in x for x in p), p


def test_kunit_missing_suite():
    text = GOOD_RUN[:GOOD_RUN.index("[    1.000015]")].replace(
        "1..2\n[    1.000002]", "1..1\n[    1.000002]")
    p = kunit(text)
    assert p == ["pci_kdump_reset: suite missing from the run"], p


def test_kunit_cut_log():
    """A hang inside test_bottom_up: no more lines after its start."""
    text = GOOD_RUN[:GOOD_RUN.index("[    1.000018]")]
    p = kunit(text)
    assert "pci_kdump_reset: no result line (log cut short?)" in p, p
    assert "(top level): plan 1..2 but 1 results" in p, p
    assert any("test_bottom_up: case missing" in x for x in p), p
    # a hang inside a parameterised case
    text = GOOD_RUN[:GOOD_RUN.index("[    1.000008]")]
    p = kunit(text)
    assert "pci_kdump_decide.test_choice: no result line (log cut short?)" \
        in p, p
    assert "(top level): plan 1..2 but 0 results" in p, p


def test_kunit_skip_and_failure():
    p = kunit(GOOD_RUN.replace("ok 2 test_params",
                               "ok 2 test_params # SKIP no sim"))
    assert p == ["pci_kdump_decide.test_params: skip"], p
    p = kunit(GOOD_RUN.replace("        ok 2 quirk", "        not ok 2 quirk"))
    assert p == ["pci_kdump_decide.test_choice.quirk: no FLR (8086:1502): "
                 "not ok"], p


def test_kunit_wrong_plan():
    p = kunit(GOOD_RUN.replace("1..2\n[    1.000002]", "1..3\n[    1.000002]"))
    assert p == ["(top level): plan 1..3 but 2 results"], p
    p = kunit(GOOD_RUN.replace("KTAP version 1\n[    1.000001] 1..2\n",
                               "KTAP version 1\n"))
    assert p == ["(top level): no plan line"], p


def test_kunit_param_case_without_params():
    text = "".join(l + "\n" for l in GOOD_RUN.splitlines()
                   if not l.startswith("[    1.00000") or
                   l[:14] not in ("[    1.000005]", "[    1.000006]",
                                  "[    1.000007]", "[    1.000008]"))
    p = kunit(text)
    assert p == ["pci_kdump_decide.test_choice: parameterised case reported "
                 "no parameter result"], p


def test_kunit_no_output():
    assert kunit("[    1.0] Linux version 6.12\n") == [
        "no KTAP output (no \"KTAP version\" line)"]


# A capture side as QEMU 7.2 traces it (hw/pci/trace-events): the crash
# marker, then NVMe FLR, SBR of two bridges (16- and 32-bit writes), the
# release, and the readiness reads.
TRACE = """\
pci_cfg_read mch 00:00.0 @0x0 -> 0x29c08086
pci_cfg_read mch 00:00.0 @0xff -> 0x0
pci_cfg_read nvme 02:00.0 @0x0 -> 0x101b36
pci_cfg_read nvme 02:00.0 @0x88 -> 0x2810
pci_cfg_write nvme 02:00.0 @0x88 <- 0xa810
pci_cfg_read e1000e 01:00.0 @0x0 -> 0x10d38086
pci_cfg_read pcie-root-port 00:01.0 @0x3e -> 0x0
pci_cfg_write pcie-root-port 00:01.0 @0x3e <- 0x40
pci_cfg_write pcie-pci-bridge 07:00.0 @0x3c <- 0x4001ff
pci_cfg_write pcie-root-port 00:01.0 @0x3e <- 0x0
vtd_dmar_fault sid 0x100 fault 6 addr 0x1000 write 1
pci_cfg_read nvme 02:00.0 @0x0 -> 0x101b36
pci_cfg_read e1000e 01:00.0 @0x0 -> 0x10d38086
pci_cfg_read e1000 08:01.0 @0x0 -> 0x100e8086
"""
RESETS = {"02:00.0": ("flr", None), "01:00.0": ("bus", "00:01.0"),
          "08:01.0": ("bus", "07:00.0")}
NVME_CAPS = {"02:00.0": {0x01: 0x60, 0x10: 0x80}}


def _trace(tmp_path, text):
    (tmp_path / "trace.log").write_text(text)
    return qtrace.require_trace(tmp_path / "trace.log", "pci_cfg_read")


def _order(tmp_path, text, resets=RESETS):
    events = _trace(tmp_path, text)
    cap = [c for c in qtrace.cfg_accesses(events)
           if c.index > qtrace.crash_index(events)]
    return qtrace.reset_order(cap, resets, NVME_CAPS)


def test_reset_order_one_block(tmp_path):
    trig, ready, problems = _order(tmp_path, TRACE)
    assert problems == []
    assert trig == {"02:00.0": 4, "01:00.0": 7, "08:01.0": 8}
    assert ready == {"02:00.0": 11, "01:00.0": 12, "08:01.0": 13}


def test_reset_order_poll_between_triggers(tmp_path):
    """FLR, then wait and poll the NVMe, then the SBRs: one wait per reset."""
    text = TRACE.replace("pci_cfg_read e1000e 01:00.0 @0x0 -> 0x10d38086\n",
                         "pci_cfg_read nvme 02:00.0 @0x0 -> 0x101b36\n", 1)
    _, _, problems = _order(tmp_path, text)
    assert len(problems) == 1 and "02:00.0 polled (event 5) before 08:01.0" \
        in problems[0], problems


def test_reset_order_missing_trigger_or_poll(tmp_path):
    text = TRACE.replace("pci_cfg_write nvme 02:00.0 @0x88 <- 0xa810\n", "")
    _, _, problems = _order(tmp_path, text)
    assert problems == ["02:00.0: no flr trigger write to 02:00.0 traced"]
    text = TRACE.replace("pci_cfg_read e1000 08:01.0 @0x0 -> 0x100e8086\n", "")
    _, _, problems = _order(tmp_path, text)
    assert len(problems) == 1 and "08:01.0: never polled" in problems[0]
    _, _, problems = _order(tmp_path, TRACE, dict(RESETS, **{
        "03:00.0": ("flr", None), "04:00.0": ("bus", None)}))
    assert problems == [
        "03:00.0: no capability list to find its flr register",
        "04:00.0: method=bus but no by= bridge reported"], problems


def test_trace_must_exist_and_be_alive(tmp_path):
    with pytest.raises(AssertionError, match="no QEMU trace"):
        qtrace.require_trace(tmp_path / "none.log", "pci_cfg_read")
    (tmp_path / "t.log").write_text("vtd_dmar_fault sid 0x100 fault 6\n")
    with pytest.raises(AssertionError, match="tracing did not work"):
        qtrace.require_trace(tmp_path / "t.log", "vtd_reg_write_gcmd")
    # with timestamps (-msg timestamp=on)
    (tmp_path / "t.log").write_text(
        "1234@1700000000.000001:vtd_reg_write_gcmd status 0x0 value 0x1\n")
    assert qtrace.require_trace(tmp_path / "t.log", "vtd_reg_write_gcmd") == [
        (1700000000.000001, "vtd_reg_write_gcmd", "status 0x0 value 0x1")]


def test_crash_marker_must_be_unique(tmp_path):
    with pytest.raises(AssertionError, match="0 crash marker reads"):
        qtrace.crash_index(_trace(tmp_path, TRACE.replace("@0xff", "@0xfc")))
    twice = TRACE + "pci_cfg_read mch 00:00.0 @0xff -> 0x0\n"
    with pytest.raises(AssertionError, match="2 crash marker reads"):
        qtrace.crash_index(_trace(tmp_path, twice))


def test_sets_bit_any_width():
    w = qtrace.Cfg(0, True, "x", "00:01.0", 0x3c, 0x4001ff)  # 32-bit at 0x3c
    assert qtrace.sets_bit(w, 0x3e, 6)
    assert not qtrace.sets_bit(w, 0x3e, 5)
    w = qtrace.Cfg(0, True, "x", "02:00.0", 0x89, 0xa8)      # byte at 0x89
    assert qtrace.sets_bit(w, 0x88, 15)
    r = qtrace.Cfg(0, False, "x", "02:00.0", 0x88, 0x8000)   # reads never
    assert not qtrace.sets_bit(r, 0x88, 15)


def test_pci_config_capabilities(tmp_path):
    cfg = bytearray(256)
    cfg[0:4] = bytes.fromhex("361b1000")
    cfg[0x06] = 0x10                       # capability list present
    cfg[0x34] = 0x60
    cfg[0x60:0x62] = bytes([0x01, 0x80])   # PM -> 0x80
    cfg[0x80:0x82] = bytes([0x10, 0x00])   # PCIe, end
    (tmp_path / "pci-config").write_text(
        "0000:02:00.0 " + " ".join(f"{b:02x}" for b in cfg) + "\n"
        "0000:00:00.0 " + " ".join(["00"] * 256) + "\n")
    got = pci_config(tmp_path / "pci-config")
    assert capabilities(got["0000:02:00.0"]) == {0x01: 0x60, 0x10: 0x80}
    assert capabilities(got["0000:00:00.0"]) == {}
    cfg[0x81] = 0x60                       # a loop ends, not hangs
    assert capabilities(bytes(cfg)) == {0x01: 0x60, 0x10: 0x80}


def test_split_console():
    text = "x\n[0.0] Linux version 6.12 a\nfirst\n[0.0] Linux version 6.12 b\ncap\n"
    first, cap = harness.split_console(text)
    assert "first" in first and "cap" not in first
    assert cap.startswith("[0.0] Linux version 6.12 b")
    assert harness.split_console("only one Linux version x") == (
        "only one Linux version x", "")


def test_dmesg_lines_strip_timestamps():
    assert harness.dmesg_lines("[   12.345678] pci_kdump: summary: x\n") == [
        "pci_kdump: summary: x"]


def test_cpio_newc_layout():
    w = CpioWriter()
    w.file("a/b/init", b"hello", 0o755)
    w.chardev("dev/console", 5, 1)
    raw = gzip.decompress(w.gzip_bytes())
    assert raw.startswith(b"070701")
    assert b"a/b\0" in raw and b"a/b/init\0" in raw and b"hello" in raw
    assert raw.rstrip(b"\0").endswith(b"TRAILER!!!")
    # every header starts 4-byte aligned
    assert all(i % 4 == 0 for i in _offsets(raw, b"070701"))


def _offsets(raw, pat):
    i = raw.find(pat)
    while i >= 0:
        yield i
        i = raw.find(pat, i + 1)


# Two report lines and the summary, as kdump-report.c prints them on a
# console (a reason may itself hold "key=value")
REPORT = (
    "[    0.1] pci_kdump: 0000:02:00.0 [1b36:0010] entry=bme,msix method=flr "
    "result=not_ready verdict=dirty time_ms=305 "
    'reason="no answer within pci_kdump.timeout_ms=300 of its reset"\r\n'
    "[    0.1] pci_kdump: 0000:03:00.1 [1b36:0011] entry=bme method=pf "
    "result=reset verdict=clean by=0000:03:00.0\r\n"
    "[    0.2] pci_kdump: summary: mode=reset functions=2 not_ready=1\r\n")


def test_report_lines_parse():
    fns = report.per_function(REPORT)
    assert fns["0000:02:00.0"] == {
        "id": "1b36:0010", "entry": "bme,msix", "method": "flr",
        "result": "not_ready", "verdict": "dirty", "time_ms": "305",
        "by": None,
        "reason": "no answer within pci_kdump.timeout_ms=300 of its reset"}
    assert fns["0000:03:00.1"]["by"] == "0000:03:00.0"
    assert fns["0000:03:00.1"]["reason"] is None
    assert report.summary(REPORT) == {"mode": "reset", "functions": "2",
                                      "not_ready": "1"}


def test_report_without_summary_fails():
    with pytest.raises(AssertionError):
        report.summary(REPORT.splitlines()[0])


# The line QEMU 7.2 printed when it aborted a vanilla run in CI's rehearsal
E1000E_ABORT = ("qemu-system-x86_64: ../../hw/net/e1000e_core.c:143: "
                "e1000e_intrmgr_on_throttling_timer: Assertion "
                "`!msix_enabled(timer->core->owner)' failed.\n")


def test_emulator_artefact_is_recognised():
    from harness import vm
    assert vm.emulator_artefact(E1000E_ABORT)
    assert vm.emulator_artefact("qemu-system-x86_64: terminating on signal 15\n") is None
    assert vm.emulator_artefact("") is None


def test_run_vm_runs_again_once_after_an_emulator_abort(monkeypatch, tmp_path):
    from harness import vm
    from harness.result import VMResult
    runs = []

    def once(name, **kw):
        log_dir = tmp_path / name
        log_dir.mkdir()
        (log_dir / "qemu.log").write_text(E1000E_ABORT if not runs else "")
        runs.append(kw)
        return VMResult(name=name, log_dir=log_dir, serial_log=log_dir / "s",
                        first_dmesg="", capture_dmesg="", markers=[])

    monkeypatch.setattr(vm, "_run_vm_once", once)
    r = vm.run_vm("x", flavour="vanilla")
    assert len(runs) == 2 and runs[1] == {"flavour": "vanilla"}
    assert r.emulator_retry
    assert (tmp_path / "x-emulator-abort" / "qemu.log").read_text() == E1000E_ABORT
    # an abort in the second run is the test's to report: no third run
    runs.clear()
    monkeypatch.setattr(vm, "emulator_artefact", lambda text: "always")
    shutil.rmtree(tmp_path / "x")
    vm.run_vm("x")
    assert len(runs) == 2
