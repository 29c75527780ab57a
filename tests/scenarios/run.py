#!/usr/bin/python3
"""`make scenarios`: every scenario on the patched and the vanilla kernel;
prints the table and writes build/scenarios.txt and build/scenarios.json
(build/scenarios-ARCH.* with SCN_ARCH).
SCN_JOBS (default 2) VMs run in parallel; SCN_ONLY=name,... and
SCN_ARCH=x86|arm64 restrict.
Exits non-zero if a patched row failed, or if any row cannot show that its
workload ran (Outcome.problems)."""
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from scenarios import SCENARIOS, render, run_many, to_json  # noqa: E402
from harness.paths import BUILD  # noqa: E402


def main():
    only = [s for s in os.environ.get("SCN_ONLY", "").split(",") if s]
    arch = os.environ.get("SCN_ARCH")
    pairs = [(s, f) for s in SCENARIOS for f in s.flavours
             if (not only or s.name in only) and arch in (None, s.arch)]
    t0 = time.monotonic()
    outs = run_many(pairs, jobs=int(os.environ.get("SCN_JOBS", "2")))
    took = time.monotonic() - t0
    table = render(outs, title=f"pci-kdump scenarios ({len(pairs)} rows, "
                   f"{took:.0f} s, {time.strftime('%Y-%m-%d')})")
    print(table)
    BUILD.mkdir(exist_ok=True)
    out = BUILD / ("scenarios" + (f"-{arch}" if arch else ""))
    out.with_suffix(".txt").write_text(table)
    out.with_suffix(".json").write_text(to_json(outs))
    print(f"wrote {out}.txt and .json")
    # a row whose workload did not run proves nothing, whichever kernel
    ok = all(o.ok for o in outs if o.flavour == "patched") and \
        not any(o.problems for o in outs)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
