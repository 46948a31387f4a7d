#!/usr/bin/env python3
"""The ratio table of the standard workloads (see ../shared/bench/WORKLOADS.md), called by ratios.sh.

  ratios.py includes W1,W2            JMH include regexes of those workloads, one a line
  ratios.py table --jmh J --torch T   one table per workload: median time of Ravel, PyTorch,
        [--workloads W1,W2] [--quick]    DJL and ND4J, Ravel's ratio to each, and rates
        [--json out.json]

Standard library only, so that any python3 can run it (the torch side is measured separately by
torch_reference.py, whose JSON this reads).

A new workload plugs in with a benchmark class dev.ravel.benchmarks.W<k><Name> (a `lib` parameter
with the values ravel, djl, nd4j) and one ROWS entry per table row: the JMH method, the JMH
parameters that pick the row, and the name torch_reference.py prints for the same computation.
"""
import argparse
import json
import sys
from dataclasses import dataclass, field

PACKAGE = "dev.ravel.benchmarks"
LIBS = [("ravel", "Ravel"), ("torch", "PyTorch"), ("djl", "DJL"), ("nd4j", "ND4J")]

TITLES = {
    "W1": "matmul [n,n] @ [n,n], float32",
    "W2": "elementwise on 4M float32",
    "W3": "reductions over the last dim of [4096, 1024] float32",
}


@dataclass
class Row:
    workload: str        # W1 ...
    label: str           # the row's name in the table
    benchmark: str       # JMH Class.method, in PACKAGE
    torch_name: str      # the "name" torch_reference.py gives the same computation
    params: dict = field(default_factory=dict)  # JMH parameters (besides lib) that select the row
    rate_unit: str = ""  # e.g. GFLOP/s: rate = rate_amount / seconds
    rate_amount: float = 0.0


N4M = 1 << 22
ROWS = [
    *[Row("W1", f"n={n}", "W1Matmul.matmul", f"matmul {n}x{n}x{n} f32", {"n": str(n)},
          "GFLOP/s", 2 * n ** 3 / 1e9) for n in (64, 256, 1024)],
    Row("W2", "x*y + x", "W2Elementwise.mulAdd", "elementwise x*y+x, 4M f32", {},
        "GB/s", 4 * N4M * 4 / 1e9),  # 4 passes over 4M floats, as torch_reference.py counts
    Row("W2", "gelu(x)", "W2Elementwise.gelu", "gelu 4M f32", {}, "GB/s", 2 * N4M * 4 / 1e9),
    Row("W3", "sum(dim=-1)", "W3Reductions.sumLastDim", "sum(dim=-1) [4096,1024]", {},
        "GB/s", 4096 * 1024 * 4 / 1e9),
    Row("W3", "softmax(dim=-1)", "W3Reductions.softmaxLastDim", "softmax(dim=-1) [4096,1024]"),
]

UNIT_TO_MS = {"s/op": 1e3, "ms/op": 1.0, "us/op": 1e-3, "ns/op": 1e-6}


def selected(workloads):
    wanted = [w.strip() for w in workloads.split(",") if w.strip()]
    known = sorted({r.workload for r in ROWS}, key=lambda w: int(w[1:]))
    unknown = [w for w in wanted if w not in known]
    if unknown:
        sys.exit(f"ratios.py: no benchmarks for {', '.join(unknown)} yet (have {', '.join(known)})")
    return [r for r in ROWS if r.workload in wanted], wanted


def cmd_includes(args):
    rows, _ = selected(args.workloads)
    seen = []
    for r in rows:
        regex = "^" + (PACKAGE + "." + r.benchmark).replace(".", r"\.") + "$"
        if regex not in seen:
            seen.append(regex)
    print("\n".join(seen))


def jmh_median_ms(jmh, row, lib):
    """The median (p50) of the sampled times, in ms, of the JMH result for this row and library."""
    name = PACKAGE + "." + row.benchmark
    for res in jmh:
        params = res.get("params", {})
        if res["benchmark"] != name or params.get("lib") != lib:
            continue
        if any(params.get(k) != v for k, v in row.params.items()):
            continue
        metric = res["primaryMetric"]
        scale = UNIT_TO_MS.get(metric["scoreUnit"])
        if scale is None:
            sys.exit(f"ratios.py: unexpected JMH unit {metric['scoreUnit']} (use a time per op)")
        value = metric.get("scorePercentiles", {}).get("50.0", metric["score"])
        return value * scale
    return None


def torch_median_ms(torch_results, row):
    for res in torch_results:
        if res["id"] == row.workload and res["name"] == row.torch_name:
            return res["median_ms"]
    return None


def fmt_ms(v):
    if v is None:
        return "-"
    return f"{v:.4f}" if v < 1 else f"{v:.3f}" if v < 100 else f"{v:.1f}"


def fmt_ratio(a, b):
    return "-" if a is None or b is None or b == 0 else f"{a / b:.2f}"


def cmd_table(args):
    rows, wanted = selected(args.workloads)
    with open(args.jmh) as f:
        jmh = json.load(f)
    torch = {"results": [], "torch": "not run"}
    if args.torch:
        with open(args.torch) as f:
            torch = json.load(f)

    out = {"quick": args.quick, "torch_version": torch.get("torch"), "rows": []}
    missing = []
    if args.quick:
        print("QUICK MODE: a smoke test with 1 short fork per case. The numbers are noisy; do not quote them.\n")
    print("Median time per op in ms (lower is better). Ratio = Ravel time / other library's time:"
          " below 1 Ravel is faster, above 1 it is slower.")
    print(f"PyTorch: torch {torch.get('torch')} via torch_reference.py; DJL and ND4J: JMH, same run as Ravel.\n")
    for w in wanted:
        wrows = [r for r in rows if r.workload == w]
        if not wrows:
            continue
        rate_units = sorted({r.rate_unit for r in wrows if r.rate_unit})
        header = ["case"] + [f"{label} ms" for _, label in LIBS] + \
                 [f"Ravel/{label}" for key, label in LIBS if key != "ravel"]
        for unit in rate_units:
            header += [f"{label} {unit}" for _, label in LIBS]
        table = [header]
        for r in wrows:
            ms = {}
            for key, _ in LIBS:
                ms[key] = torch_median_ms(torch["results"], r) if key == "torch" else jmh_median_ms(jmh, r, key)
                if ms[key] is None and (key != "torch" or args.torch):
                    missing.append(f"{w} {r.label} {key}")
            line = [r.label] + [fmt_ms(ms[key]) for key, _ in LIBS] + \
                   [fmt_ratio(ms["ravel"], ms[key]) for key, _ in LIBS if key != "ravel"]
            for unit in rate_units:
                for key, _ in LIBS:
                    v = ms[key]
                    line.append("-" if v is None or r.rate_unit != unit else f"{r.rate_amount / (v / 1e3):.1f}")
            table.append(line)
            out["rows"].append({"workload": w, "case": r.label, "median_ms": ms,
                                "ravel_over": {key: (ms["ravel"] / ms[key] if ms["ravel"] and ms[key] else None)
                                               for key, _ in LIBS if key != "ravel"},
                                "rate_unit": r.rate_unit or None,
                                "rate": {key: (r.rate_amount / (ms[key] / 1e3) if r.rate_unit and ms[key] else None)
                                         for key, _ in LIBS}})
        widths = [max(len(row[i]) for row in table) for i in range(len(header))]
        print(f"{w}  {TITLES.get(w, '')}")
        for k, row in enumerate(table):
            print("  " + "  ".join(c.ljust(widths[i]) if i == 0 else c.rjust(widths[i]) for i, c in enumerate(row)))
            if k == 0:
                print("  " + "  ".join("-" * wd for wd in widths))
        print()
    if missing:
        print("missing results (failed or not selected): " + ", ".join(missing))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(out, f, indent=1)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    inc = sub.add_parser("includes")
    inc.add_argument("workloads")
    tab = sub.add_parser("table")
    tab.add_argument("--jmh", required=True)
    tab.add_argument("--torch", default="")
    tab.add_argument("--workloads", default="W1,W2,W3")
    tab.add_argument("--quick", action="store_true")
    tab.add_argument("--json", default="")
    args = p.parse_args()
    {"includes": cmd_includes, "table": cmd_table}[args.cmd](args)


if __name__ == "__main__":
    main()
