#!/usr/bin/python3
"""pci-reset-audit's tests: fixtures, bad input, valgrind, fuzzing.

Run by `make -C tools/pci-reset-audit test`; exits non-zero on any failure.
Fixtures come from tests/fixtures/lspci (pciutils test data, GPL-2.0, see
its README.md), or $PCI_AUDIT_FIXTURES.  --update rewrites tests/expected/ from the tool's output:
review the diff, the files are the contract.
"""
import argparse
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
TOOLDIR = os.path.dirname(HERE)
TOOL = os.path.join(TOOLDIR, "pci-reset-audit")
FUZZ = os.path.join(TOOLDIR, "fuzz-dump")
EXPECTED = os.path.join(HERE, "expected")
FIXTURES = os.path.join(HERE, "fixtures", "lspci")
sys.path.insert(0, HERE)
import linux_model  # noqa: E402

VALGRIND = ["valgrind", "-q", "--error-exitcode=99", "--leak-check=full",
            "--errors-for-leak-kinds=definite,indirect"]

# Checked by hand against the fixture's -vvv text or its hex bytes, so the
# expectations do not merely restate what the tool once printed.  Each row
# cites the rule it follows: FLR is Device Capabilities bit 28 (PCIe r6.0
# sec 7.5.3.3; Linux pcie_reset_flr()), AF FLR needs TP and FLR in the AF
# capability (PCI AF ECN; pci_af_flr()), PM reset needs NoSoftRst clear
# (PCI PM r1.2 sec 3.2.4; pci_pm_reset()), bus reset needs a parent bridge
# and no sibling on the bus (pci_parent_bus_reset()), quirks are
# drivers/pci/quirks.c's PCI_DEV_FLAGS_NO_*_RESET, bridges are only
# quiesced (pci-kdump's rule: a port's reset takes its subtree down).
HAND_CHECKED = [
    # -vvv of PF 01:00.0 (82576): "IOVCtl: Enable+", "Number of VFs: 1",
    # "VF offset: 384, stride: 2, Device ID: 10ca": routing ID 0x0100 +
    # 384 = 0x0280, so its one VF is 02:10.0, 8086:10ca, on the next bus;
    # it goes down with its PF [PCIe r6.0 9.3.3.9-10; kdump-fabric.c]
    ("cap-pcie-2", "0000:02:10.0", [], "pf", True),
    # -vvv: "AFCap: TP+ FLR+"; no PM capability; bus 00 is a root bus
    # [pci_af_flr(); pci_parent_bus_reset() needs a parent bridge]
    ("cap-pci-af", "0000:00:1d.0", ["af_flr"], "af_flr", True),
    # -vvv: DevCap "FLReset+", PM "NoSoftRst+"; alone below root port
    # 00:02.0 (secondary=03), so Linux also offers a bus reset
    # [PCIe r6.0 7.5.3.3; PCI PM 3.2.4; pci_parent_bus_reset()]
    ("cap-aer-root", "0000:03:00.0", ["flr", "bus"], "flr", True),
    # Root port: a bridge, quiesced (stops forwarding), never reset
    # [pci-kdump's bridge rule, quirks-kdump.c decide_fn()]
    ("cap-aer-root", "0000:00:02.0", [], "quiesce", True),
    # Bytes: DevCap@0x6c=0x10008025 (bit 28, FLR), PMCSR@0x54=0x0008
    # (NoSoftRst+), only function on bus 04 below switch port 03:00.0
    # [PCIe r6.0 7.5.3.3; PCI PM 3.2.4; pci_parent_bus_reset()]
    ("tree-asus-p6t6", "0000:04:00.0", ["flr", "bus"], "flr", True),
    # GT218: PMCSR@0x64=0x0008 (NoSoftRst+), DevCap@0x7c=0x012c8de0 (no
    # FLR), bus 06 shared with its HDA function: no method at all.  It
    # decodes I/O+Mem and every bridge above forwards VGA: console, unsafe
    # [PCI PM 3.2.4; pci_parent_bus_reset() refuses a shared bus; the VGA
    # arbiter's boot-device test, vga_arb_select_default_device()]
    ("tree-asus-p6t6", "0000:06:00.0", [], "none", False),
    # Its HDA sibling: same facts, and the SBR it would need takes the
    # console VGA down too [as above]
    ("tree-asus-p6t6", "0000:06:00.1", [], "none", False),
    # RTL8111: PMCSR@0x44=0x0008 (NoSoftRst+), DevCap@0x74=0x002886c1 (no
    # FLR), alone on bus 07: only a secondary bus reset
    # [PCIe r6.0 7.5.3.3; PCI PM 3.2.4; pci_parent_bus_reset()]
    ("tree-asus-p6t6", "0000:07:00.0", ["bus"], "bus", True),
    # Atheros 168c:003c alone below a root port, but Linux's quirks.c marks
    # it NO_BUS_RESET; its PM reset is still there (PMCSR NoSoftRst-)
    # [quirks.c quirk_no_bus_reset(); PCI PM 3.2.4; pci_pm_reset()]
    ("tree-fsl-p2020", "0000:05:00.0", ["pm"], "pm", True),
]

failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what)


def fixtures_dir():
    return os.environ.get("PCI_AUDIT_FIXTURES") or FIXTURES


def fixtures():
    d = fixtures_dir()
    out = sorted(f for f in glob.glob(os.path.join(d, "*"))
                 if os.path.isfile(f) and not f.endswith(".md"))
    if not out:
        sys.exit("no fixtures in %s (set PCI_AUDIT_FIXTURES)" % d)
    return out


def run(args, **kw):
    return subprocess.run([TOOL] + args, capture_output=True, text=True,
                          errors="replace", timeout=120, **kw)


def key_of(slot):
    seg, bus, df = slot.split(":")
    dev, fn = df.split(".")
    return (int(seg, 16), int(bus, 16), int(dev, 16) << 3 | int(fn))


def test_fixtures(update):
    by_name = {}
    for f in fixtures():
        name = os.path.basename(f)
        r = run(["-F", f, "--json"])
        try:
            out = json.loads(r.stdout)
        except ValueError as e:
            check(False, "%s: JSON does not parse: %s" % (name, e))
            continue
        by_name[name] = out
        unsafe = sum(not o["safe"] for o in out)
        check(r.returncode == (1 if unsafe else 0),
              "%s: exit %d with %d unsafe" % (name, r.returncode, unsafe))
        got = {o["slot"]: {"methods": o["methods"], "method": o["method"],
                           "safe": o["safe"]} for o in out}
        path = os.path.join(EXPECTED, name + ".json")
        if update:
            with open(path, "w") as fp:
                json.dump(got, fp, indent=1, sort_keys=True)
                fp.write("\n")
        else:
            with open(path) as fp:
                want = json.load(fp)
            for slot in sorted(set(want) | set(got)):
                check(want.get(slot) == got.get(slot), "%s %s: want %s, got %s"
                      % (name, slot, want.get(slot), got.get(slot)))

        # Linux's methods, recomputed from the bytes by an independent model
        with open(f, errors="replace") as fp:
            fns = linux_model.parse_dump(fp.read())
        every = set(fns) | linux_model.vfs(fns)
        check(len(every) == len(out), "%s: %d functions, model finds %d"
              % (name, len(out), len(every)))
        for o in out:
            q = linux_model.QUIRKED.get((name, o["slot"]))
            want = q[0] if q else linux_model.linux_methods(fns, key_of(o["slot"]))
            check(o["methods"] == want, "%s %s: methods %s, model says %s"
                  % (name, o["slot"], o["methods"], want))
        for key in ("slot", "vendor", "device", "type", "methods", "method",
                    "safe", "reason", "vendor_name", "device_name", "class", "pf"):
            check(all(key in o for o in out), "%s: key %s missing" % (name, key))
        check(all((o["reason"] == "") == o["safe"] for o in out),
              "%s: a reason must be given exactly when unsafe" % name)
        print("  %-28s %3d functions, %2d unsafe" % (name, len(out), unsafe))

    for fx, slot, methods, method, safe in HAND_CHECKED:
        o = {x["slot"]: x for x in by_name.get(fx, [])}.get(slot)
        check(o is not None and (o["methods"], o["method"], o["safe"]) ==
              (methods, method, safe), "hand-checked %s %s: got %s" % (fx, slot, o))
    check(any("console VGA" in o["reason"] for o in by_name["tree-asus-p6t6"]),
          "tree-asus-p6t6: console VGA reason")


def test_options():
    f = os.path.join(fixtures_dir(), "tree-asus-p6t6")
    r = run(["-F", f, "--json", "--only-unsafe"])
    out = json.loads(r.stdout)
    check(out and all(not o["safe"] for o in out) and r.returncode == 1,
          "--only-unsafe lists only unsafe functions, exit 1")
    r = run(["-F", f])
    lines = r.stdout.splitlines()
    check(lines[0].startswith("SLOT") and len(lines) == 54, "text: header + 53 lines")
    check(all(len(l.split()) >= 6 for l in lines[1:]), "text: every row has columns")
    r = run(["-F", os.path.join(fixtures_dir(), "cap-pci-af")])
    check(r.returncode == 0 and "af_flr" in r.stdout, "all safe: exit 0")
    r = run(["-h"])
    check(r.returncode == 0 and "Usage" in r.stdout, "-h: usage, exit 0")
    for args in (["--bogus"], ["extra"], ["-F"]):
        r = run(args)
        check(r.returncode == 2 and "Usage" in r.stderr, "%s: exit 2" % args)


def test_json_escaping(tmp):
    ids = os.path.join(tmp, "pci.ids")
    with open(ids, "w") as fp:
        fp.write('8086  Quote " back\\slash\ttab\x01ctl\n\t3a34  dev "x"\n')
    r = run(["-F", os.path.join(fixtures_dir(), "cap-pci-af"), "-i", ids, "--json"])
    try:
        o = json.loads(r.stdout)[0]
        check(o["vendor_name"] == 'Quote " back\\slash\ttab\x01ctl' and
              o["device_name"] == 'dev "x"', "JSON escaping round-trips")
    except (ValueError, IndexError) as e:
        check(False, "JSON escaping: %s: %r" % (e, r.stdout))


def bad_inputs(tmp):
    """name -> (path, message expected on stderr)"""
    def put(name, data):
        p = os.path.join(tmp, name)
        with open(p, "wb") as fp:
            fp.write(data)
        return p
    asus = open(os.path.join(fixtures_dir(), "tree-asus-p6t6"), "rb").read()
    return {
        "empty": (put("empty", b""), "no PCI functions in"),
        "text only": (put("text", b"hello\nworld\n"), "no PCI functions in"),
        "truncated mid-line": (put("trunc", asus[:5000]), "unterminated"),
        "garbage": (put("garbage", b"00:00.0 x\n00: 86 80 zz\n"), "Malformed"),
        "binary junk": (put("junk", os.urandom(1 << 20)), "libpci"),
        "offset past 4096": (put("big", b"00:00.0 x\n1000: 00\n"), "4096"),
        "header flood": (put("flood", b"00:00.0 x\n" * 70000), "more than"),
        "missing": (os.path.join(tmp, "nonexistent"), "No such file"),
        "directory": (tmp, "Is a directory"),
    }


def test_bad_input(tmp):
    for name, (path, msg) in bad_inputs(tmp).items():
        r = run(["-F", path])
        check(r.returncode == 2 and msg in r.stderr and
              r.stderr.startswith("pci-reset-audit: ") and not r.stdout,
              "bad input %s: exit %d, stderr %r" % (name, r.returncode, r.stderr[:200]))
    # 50 MB of junk: fails fast, no crash
    p = os.path.join(tmp, "huge")
    with open(p, "wb") as fp:
        for _ in range(50):
            fp.write(os.urandom(1 << 20))
    r = run(["-F", p])
    check(r.returncode == 2 and r.stderr, "50 MB junk: exit 2 with a message")
    os.unlink(p)
    # Fuzzer finding: a PF with VFs in a domain pci-kdump cannot address
    # left an empty table, and making room for no VFs freed it
    ea = open(os.path.join(fixtures_dir(), "cap-ea-1"), "rb").read()
    p = os.path.join(tmp, "vmd-pf")
    with open(p, "wb") as fp:
        fp.write(ea.replace(b"0002:01:00.0", b"10002:01:00.0"))
    r = run(["-F", p])
    check(r.returncode == 0 and "beyond 16 bits left out" in r.stderr,
          "PF in a 32-bit domain: exit %d, stderr %r" % (r.returncode, r.stderr))
    # A plain lspci -x dump (64 bytes per function) is valid input
    with open(os.path.join(fixtures_dir(), "tree-asus-p6t6")) as fp:
        short = "".join(l + "\n" for l in fp.read().splitlines()
                        if not re.match(r"^[4-9a-f]0: ", l))
    p = os.path.join(tmp, "short")
    with open(p, "w") as fp:
        fp.write(short)
    r = run(["-F", p, "--json"])
    check(r.returncode in (0, 1) and len(json.loads(r.stdout or "[]")) == 53,
          "64-byte dump: all 53 functions, exit %d" % r.returncode)


def test_valgrind(tmp):
    if not shutil.which("valgrind"):
        check(False, "valgrind not installed")
        return
    d = fixtures_dir()
    cases = [["-F", os.path.join(d, n), "--json"] for n in
             ("tree-asus-p6t6", "cap-pci-af", "PCI-X-bridges-and-domains")]
    cases += [["-F", os.path.join(d, "tree-fujitsu-p8010")]]
    cases += [["-F", p] for p, _ in bad_inputs(tmp).values()]
    for args in cases:
        r = subprocess.run(VALGRIND + [TOOL] + args, capture_output=True,
                           text=True, errors="replace", timeout=600)
        check(r.returncode in (0, 1, 2), "valgrind %s: exit %d\n%s"
              % (args, r.returncode, r.stderr[-2000:]))
    print("  valgrind: %d runs" % len(cases))


def test_fuzz(tmp, seconds):
    corpus = os.path.join(tmp, "corpus")
    os.mkdir(corpus)
    r = subprocess.run([FUZZ, "-max_total_time=%d" % seconds, "-max_len=65536",
                        "-artifact_prefix=%s/" % tmp, corpus, fixtures_dir()],
                       capture_output=True, text=True, errors="replace",
                       timeout=seconds + 300)
    runs = re.findall(r"Done (\d+) runs", r.stderr)
    check(r.returncode == 0, "fuzzer: exit %d\n%s" % (r.returncode, r.stderr[-3000:]))
    print("  fuzz: %s execs in %d s" % (runs[-1] if runs else "?", seconds))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--update", action="store_true")
    ap.add_argument("--fuzz-seconds", type=int, default=20)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        print("fixtures (%s):" % fixtures_dir())
        test_fixtures(args.update)
        test_options()
        test_json_escaping(tmp)
        test_bad_input(tmp)
        test_valgrind(tmp)
        if args.fuzz_seconds > 0:
            test_fuzz(tmp, args.fuzz_seconds)
    print("%d failures" % len(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
