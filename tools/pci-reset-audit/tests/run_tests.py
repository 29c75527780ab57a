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
        # fuzz-dump finding: libpci writes before its buffer at these
        # (tests/fuzz/dump/crash-libpci-negative-offset)
        "negative offset": (put("neg", b"00:00.0 x\nfffffff0: 00\n"),
                            ":2: offset past the 4096 bytes"),
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
    cases += [["--predict", "-F", os.path.join(d, n), "--cmdline", PLAIN + m] + j
              for n in ("tree-asus-p6t6", "cap-pcie-2")
              for m in ("", " pci_kdump.mode=all pci_kdump.skip=zz,00:1a.7",
                        " pci_kdump.timeout_ms=20")
              for j in ([], ["--json"])]
    for args in cases:
        r = subprocess.run(VALGRIND + [TOOL] + args, capture_output=True,
                           text=True, errors="replace", timeout=600)
        check(r.returncode in (0, 1, 2), "valgrind %s: exit %d\n%s"
              % (args, r.returncode, r.stderr[-2000:]))
    print("  valgrind: %d runs" % len(cases))


KDUMP_RESET = os.path.join(TOOLDIR, "..", "..", "drivers", "pci", "kdump-reset.c")
PLAIN = "console=ttyS0 reset_devices nr_cpus=1"


def predict(args, cmdline=PLAIN, fixture="tree-asus-p6t6"):
    """--predict on a fixture: (exit status, stdout, stderr)"""
    extra = ["--cmdline", cmdline] if cmdline is not None else []
    r = run(["--predict", "-F", os.path.join(fixtures_dir(), fixture)] +
            extra + args)
    return r.returncode, r.stdout, r.stderr


def test_predict_fixtures():
    """Every fixture, every mode: the same lines in text and JSON, nothing
    measured left in, the summary counting what the lines say"""
    modes = ["", " pci_kdump.mode=all", " pci_kdump.mode=quiesce",
             " pci_kdump.dry_run", " pci_kdump.timeout_ms=20"]
    for f in fixtures():
        name = os.path.basename(f)
        for m in modes:
            rc, text, err = predict([], PLAIN + m, name)
            rcj, js, _ = predict(["--json"], PLAIN + m, name)
            try:
                j = json.loads(js)
            except ValueError as e:
                check(False, "%s%s: JSON: %s" % (name, m, e))
                continue
            lines = [l for l in text.splitlines() if l.startswith("pci_kdump: ")]
            check(rc == rcj and rc == (0 if all(s["clean"] for s in j["iommu"]) else 1),
                  "%s%s: exit %d/%d" % (name, m, rc, rcj))
            check([l["text"] for l in j["log"]] == lines,
                  "%s%s: JSON log == text lines" % (name, m))
            check(not re.search(r"\b(time|wall)_ms=\d", text),
                  "%s%s: a measured time predicted" % (name, m))
            fns = [l for l in lines if re.match(r"pci_kdump: [0-9a-f]{4}:", l)]
            summ = j["summary"]
            if "quiesce" not in m and "dry_run" not in m:
                check(summ["reset_ms"] is None and summ["wall_ms"] is None,
                      "%s%s: reset_ms and wall_ms are run time" % (name, m))
            check(summ["functions"] == len(fns) == len(j["functions"]),
                  "%s%s: %s functions, %d lines" % (name, m, summ["functions"], len(fns)))
            for key in ("reset", "unsafe", "not_ready", "skipped"):
                n = sum(" result=%s " % key in l + " " for l in fns)
                check(summ[key] == n, "%s%s: %s=%s, %d lines" % (name, m, key, summ[key], n))
            dirty = {f["slot"] for f in j["functions"] if f["verdict"] == "dirty"}
            check(dirty == {x for s in j["iommu"] for x in s["may_still_dma"]},
                  "%s%s: dirty functions == those the IOMMUs keep" % (name, m))
    rc, text, _ = predict([], PLAIN + " pci_kdump.timeout_ms=20", "cap-aer-root")
    check("result=not_ready" in text and "past pci_kdump.timeout_ms" in text,
          "timeout_ms=20: an FLR's 100 ms wait is reported not ready, as the kernel does")


# (command line, lines the capture kernel logs (in order), exit status)
CMDLINES = [
    ("reset_devices pci_kdump.timeout_ms=abc",
     ["Booting kernel: `abc' invalid for parameter `pci_kdump.timeout_ms'"], 1),
    ("reset_devices pci_kdump.mode",
     ["Booting kernel: `' invalid for parameter `pci_kdump.mode'"], 1),
    ("reset_devices pci_kdump.mode=" + "x" * 1025,
     ["pci_kdump.mode: string parameter too long",
      "Booting kernel: `%s' too large for parameter `pci_kdump.mode'" % ("x" * 1025)], 1),
    ("reset_devices pci_kdump.mode=bogus",
     ["pci_kdump: ignoring pci_kdump.mode=bogus: not off, quiesce, reset or all; using reset",
      "pci_kdump: summary: mode=reset"], 1),
    ("reset_devices pci_kdump.timeout_ms=0",
     ["pci_kdump: ignoring pci_kdump.timeout_ms=0; using 10000"], 1),
    ("reset_devices pci_kdump.skip=zz:00.0,00:1a.7 pci_kdump.method=00:1a.0:teleport",
     ["pci_kdump: ignoring 'zz:00.0': not [seg:]bus:dev.fn or vendor:device",
      "pci_kdump: ignoring '00:1a.0:teleport': unknown reset method",
      "method=skip result=skipped"], 1),
    # dashes are underscores, quotes are stripped, base 0 for numbers
    ('reset_devices "pci-kdump.dry-run" pci_kdump.timeout_ms=0x10 pci_kdump.skip="00:1a.7"',
     ["0000:00:1a.7 [8086:3a3c] entry=bme,intx,mem method=skip result=planned",
      "pci_kdump: summary: mode=reset dry_run=1"], 1),
    # reset_devices is a __setup() prefix: any value, any suffix
    ("reset_devices=0", ["pci_kdump: summary: mode=reset"], 1),
    ("reset_devicesfoo", ["pci_kdump: summary: mode=reset"], 1),
    ("pci_kdump.force pci_kdump.mode=quiesce", ["pci_kdump: summary: mode=quiesce"], 1),
    # not run: no reset_devices, or it goes to init after --
    ("console=ttyS0", ["# pci-kdump does not run: neither reset_devices"], 1),
    ("-- reset_devices", ["# pci-kdump does not run: neither reset_devices"], 1),
    ("reset_devices pci_kdump.mode=off", ["# pci-kdump does not run: pci_kdump.mode=off"], 1),
]


def test_predict_cmdline():
    for cmdline, want, status in CMDLINES:
        rc, out, err = predict([], cmdline)
        got = out.splitlines()
        at = 0
        for w in want:
            hit = next((i for i in range(at, len(got)) if w in got[i]), None)
            check(hit is not None, "cmdline %r: no %r in order:\n%s"
                  % (cmdline[:80], w[:80], out[-2000:]))
            at = (hit or 0) + 1
        check(rc == status, "cmdline %r: exit %d" % (cmdline[:80], rc))
    rc, out, err = predict([], "reset_devices pci_kdump.fooo=1")
    check("pci_kdump.fooo=1 is not a pci-kdump parameter" in err and rc == 1,
          "unknown pci_kdump.* parameter: a note on stderr, as the kernel says nothing")


def test_param_table():
    """cmdline.c knows every module parameter kdump-reset.c declares"""
    with open(KDUMP_RESET) as fp:
        declared = re.findall(r"module_param(?:_named)?\((\w+),(?: \w+,)? (\w+),", fp.read())
    check(len(declared) >= 6, "kdump-reset.c: %d module parameters" % len(declared))
    bad = {"charp": "", "uint": "x", "bool": "maybe"}
    for name, kind in declared:
        rc, out, err = predict([], "reset_devices pci_kdump.%s=%s" % (name, bad[kind]))
        want = "Booting kernel: `%s' invalid for parameter `pci_kdump.%s'" % (bad[kind], name)
        if kind == "charp":   # an empty string is a value
            check(want not in out, "pci_kdump.%s= is accepted" % name)
        else:
            check(want in out, "pci_kdump.%s (%s): %r" % (name, kind, out[-500:]))


KDUMP_CONFIGS = [
    # (file name, its text, capture command line it gives, or an error)
    ("kdump-tools", 'KDUMP_CMDLINE_APPEND="reset_devices pci_kdump.skip=00:1a.7"\n',
     "reset_devices pci_kdump.skip=00:1a.7", None),
    # kdump-config's default when unset or empty
    ("kdump-tools", "# the shipped file\n#KDUMP_CMDLINE_APPEND=\"x\"\n",
     "reset_devices systemd.unit=kdump-tools-dump.service nr_cpus=1 irqpoll usbcore.nousb", None),
    ("kdump-tools", "KDUMP_CMDLINE_APPEND=\n",
     "reset_devices systemd.unit=kdump-tools-dump.service nr_cpus=1 irqpoll usbcore.nousb", None),
    ("kdump", "export KDUMP_COMMANDLINE_APPEND='irqpoll reset_devices' # Fedora\n",
     "irqpoll reset_devices", None),
    ("kdump", "# nothing set\n", "", None),
    ("kdump.conf", "KDUMP_COMMANDLINE_APPEND=\"a b\"\n", "a b", None),
    ("kdump-tools", 'KDUMP_CMDLINE_APPEND=a\nKDUMP_CMDLINE_APPEND="b \\"c\\""\n', 'b "c"', None),
    ("kdump-tools", 'KDUMP_CMDLINE_APPEND="reset_devices\n  nr_cpus=1"\n',
     "reset_devices\n  nr_cpus=1", None),
    ("kdump-tools", 'X=1\nKDUMP_CMDLINE_APPEND="$EXTRA reset_devices"\n', None,
     ":2: KDUMP_CMDLINE_APPEND uses shell expansion"),
    ("kdump-tools", 'KDUMP_CMDLINE_APPEND="reset_devices\n', None, "unterminated quote"),
    ("other", "FOO=1\n", None, "sets neither KDUMP_CMDLINE_APPEND nor KDUMP_COMMANDLINE_APPEND"),
]


def test_kdump_config(tmp):
    for fname, text, cmdline, error in KDUMP_CONFIGS:
        conf = os.path.join(tmp, fname)
        with open(conf, "w") as fp:
            fp.write(text)
        r = run(["--predict", "-F", os.path.join(fixtures_dir(), "cap-pci-af"),
                 "--kdump-config", conf, "--json"])
        if error:
            check(r.returncode == 2 and error in r.stderr and not r.stdout,
                  "kdump config %r: exit %d, %r" % (text, r.returncode, r.stderr))
        else:
            got = json.loads(r.stdout)["cmdline"] if r.stdout else None
            check(got == cmdline, "kdump config %r: %r" % (text, got))
    for args, msg in ((["--kdump-config", os.path.join(tmp, "none")], "No such file"),
                      (["--kdump-config", tmp], "Is a directory"),
                      (["--cmdline", "x", "--kdump-config", conf], "both"),
                      (["--only-unsafe"], "--only-unsafe")):
        r = run(["--predict", "-F", os.path.join(fixtures_dir(), "cap-pci-af")] + args)
        check(r.returncode == 2 and msg in r.stderr, "%s: exit %d %r" % (args, r.returncode, r.stderr))
    r = run(["--cmdline", "reset_devices"])
    check(r.returncode == 2 and "go with --predict" in r.stderr, "--cmdline alone: exit 2")


FUZZ_SEEDS = os.path.join(HERE, "fuzz")


def test_fuzz(tmp, seconds):
    """Each harness: its kept seeds and regression cases once, then a short
    run (`make fuzz-audit` runs them long)"""
    for name, extra in (("dump", ["-max_len=65536", fixtures_dir()]),
                        ("params", ["-max_len=4096", "-dict=%s"
                                    % os.path.join(TOOLDIR, "fuzz-params.dict")]),
                        ("predict", ["-max_len=65536", fixtures_dir()])):
        exe = os.path.join(TOOLDIR, "fuzz-" + name)
        corpus = os.path.join(tmp, "corpus-" + name)
        os.mkdir(corpus)
        r = subprocess.run([exe, "-max_total_time=%d" % seconds,
                            "-artifact_prefix=%s/" % tmp, corpus,
                            os.path.join(FUZZ_SEEDS, name)] + extra,
                           capture_output=True, text=True, errors="replace",
                           timeout=seconds + 300)
        runs = re.findall(r"Done (\d+) runs", r.stderr)
        check(r.returncode == 0, "fuzz-%s: exit %d\n%s" % (name, r.returncode, r.stderr[-3000:]))
        print("  fuzz-%s: %s execs in %d s" % (name, runs[-1] if runs else "?", seconds))


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
        test_predict_fixtures()
        test_predict_cmdline()
        test_param_table()
        test_kdump_config(tmp)
        test_valgrind(tmp)
        if args.fuzz_seconds > 0:
            test_fuzz(tmp, args.fuzz_seconds)
    print("%d failures" % len(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
