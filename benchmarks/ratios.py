#!/usr/bin/env python3
"""The ratio table of the standard workloads (see ../shared/bench/WORKLOADS.md), called by ratios.sh.

  ratios.py expand W1,W4-W11           the workload list, ranges expanded ("all": every workload)
  ratios.py includes W1,W2 [--group G]  JMH include regexes of those workloads, one a line; group
                                          peers (W1-W3: Ravel, DJL, ND4J) or ravel (W4-W11: Ravel only)
  ratios.py table --jmh J [--jmh J2]    one table per workload: median time of Ravel, PyTorch,
        --torch T [--workloads W1,W2]     DJL and ND4J (where timed), Ravel's ratio to each, rates,
        [--quick] [--json out.json]       and for W4-W11 the goal on Ravel/PyTorch with PASS/FAIL

Standard library only, so that any python3 can run it (the torch side is measured separately by
torch_reference.py, whose JSON this reads).

A new workload plugs in with a benchmark class dev.ravel.benchmarks.W<k><Name> (a `lib` parameter
with the values ravel, djl, nd4j; Ravel-only classes have no `lib` parameter) and one ROWS entry per
table row: the JMH method, the JMH parameters that pick the row, the name torch_reference.py prints
for the same computation, and the libraries that time it.
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
    "W4": "Conv2d 3x3 pad 1, forward + backward, batch 64",
    "W5": "seed MNIST MLP train step (784-256-128-10, Dropout 0.2), batch 64, Adam 1e-3",
    "W6": "seed MNIST CNN train step (conv 32, conv 64, fc 128, Dropout 0.5), batch 64, Adam 1e-3",
    "W7": "seed CIFAR-10 CNN train step (conv 32, conv 64, fc 256), batch 128, AdamW(1e-3, wd 1e-4)",
    "W8": "seed BiLSTM classifier step (vocab 10000, embed 128, hidden 256 x 2), batch 32, seq 100, Adam 1e-3",
    "W9": "TinyTransformer LM step (1 pre-norm layer d 256, 4 heads, ff 1024, causal), batch 16, seq 128, AdamW 3e-4",
    "W10": "inference latency, batch 1, no grad, eval mode",
    "W11": "autograd overhead: 100 x tanh(y*1.01 + 0.1) on [16] + backward = 300 ops",
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
    libs: tuple = ("ravel", "torch", "djl", "nd4j")  # who times it (ravel first)
    unit: str = "ms"     # how times are shown: ms, us, or us/op (then divided by per)
    per: int = 1         # ops in one timed call (W11: 300), for the us/op unit
    goal: float = None   # the goal on Ravel/PyTorch (PASS when the ratio is at most this)


N4M = 1 << 22
RAVEL_ONLY = ("ravel", "torch")
ROWS = [
    *[Row("W1", f"n={n}", "W1Matmul.matmul", f"matmul {n}x{n}x{n} f32", {"n": str(n)},
          "GFLOP/s", 2 * n ** 3 / 1e9) for n in (64, 256, 1024)],
    Row("W2", "x*y + x", "W2Elementwise.mulAdd", "elementwise x*y+x, 4M f32", {},
        "GB/s", 4 * N4M * 4 / 1e9),  # 4 passes over 4M floats, as torch_reference.py counts
    Row("W2", "gelu(x)", "W2Elementwise.gelu", "gelu 4M f32", {}, "GB/s", 2 * N4M * 4 / 1e9),
    Row("W3", "sum(dim=-1)", "W3Reductions.sumLastDim", "sum(dim=-1) [4096,1024]", {},
        "GB/s", 4096 * 1024 * 4 / 1e9),
    Row("W3", "softmax(dim=-1)", "W3Reductions.softmaxLastDim", "softmax(dim=-1) [4096,1024]"),
    # The same W2/W3 calls in Ravel with no result closed (left to the GC): fresh memory every call.
    Row("W2", "x*y + x, nothing closed", "ResultsLeftToGc.mulAdd", "elementwise x*y+x, 4M f32", {},
        "GB/s", 4 * N4M * 4 / 1e9, libs=RAVEL_ONLY),
    Row("W2", "gelu(x), not closed", "ResultsLeftToGc.gelu", "gelu 4M f32", {}, "GB/s", 2 * N4M * 4 / 1e9,
        libs=RAVEL_ONLY),
    Row("W3", "sum(dim=-1), not closed", "ResultsLeftToGc.sumLastDim", "sum(dim=-1) [4096,1024]", {},
        "GB/s", 4096 * 1024 * 4 / 1e9, libs=RAVEL_ONLY),
    Row("W3", "softmax(dim=-1), not closed", "ResultsLeftToGc.softmaxLastDim", "softmax(dim=-1) [4096,1024]",
        libs=RAVEL_ONLY),
    # W4-W11: Ravel only (no lib parameter), against PyTorch, each with its goal on Ravel/PyTorch.
    *[Row("W4", f"{cin}->{cout} on [64,{cin},{hw},{hw}]", "W4Conv2d.convForwardBackward",
          f"conv2d {cin}->{cout} 3x3 p1 on 64x{cin}x{hw}x{hw} fwd+bwd", {"cin": str(cin)},
          libs=RAVEL_ONLY, goal=1.0) for cin, cout, hw in ((1, 32, 28), (32, 64, 14))],
    Row("W5", "MLP step", "W5MlpStep.trainStep", "MNIST MLP train step, batch 64, Adam",
        libs=RAVEL_ONLY, goal=0.7),
    Row("W6", "CNN step", "W6CnnStep.trainStep", "MNIST CNN train step, batch 64, Adam",
        libs=RAVEL_ONLY, goal=1.0),
    Row("W7", "CIFAR CNN step", "W7CifarStep.trainStep", "CIFAR-10 CNN train step, batch 128, AdamW",
        libs=RAVEL_ONLY, goal=1.0),
    Row("W8", "BiLSTM step", "W8LstmStep.trainStep", "BiLSTM classifier step, batch 32, seq 100, Adam",
        libs=RAVEL_ONLY, goal=0.5),
    Row("W9", "Transformer step", "W9TransformerStep.trainStep",
        "Transformer layer LM step, batch 16, seq 128, AdamW", libs=RAVEL_ONLY, goal=1.0),
    Row("W10", "MLP, batch 1", "W10Inference.mlp", "MNIST MLP inference, batch 1",
        libs=RAVEL_ONLY, unit="us", goal=0.5),
    Row("W10", "CNN, batch 1", "W10Inference.cnn", "MNIST CNN inference, batch 1",
        libs=RAVEL_ONLY, unit="us", goal=0.5),
    Row("W11", "300 tiny ops fwd+bwd", "W11AutogradOverhead.tinyOps", "autograd overhead: 300 tiny ops fwd+bwd",
        libs=RAVEL_ONLY, unit="us/op", per=300, goal=0.5),
]

UNIT_TO_MS = {"s/op": 1e3, "ms/op": 1.0, "us/op": 1e-3, "ns/op": 1e-6}
DISPLAY_SCALE = {"ms": 1.0, "us": 1e3, "us/op": 1e3}  # from ms


def known_workloads():
    return sorted({r.workload for r in ROWS}, key=lambda w: int(w[1:]))


def expand(workloads):
    """'W1,W4-W6' -> ['W1', 'W4', 'W5', 'W6']; 'all' -> every workload with rows."""
    known = known_workloads()
    wanted = []
    for part in (p.strip().upper() for p in workloads.split(",")):
        if not part:
            continue
        if part == "ALL":
            wanted += known
        elif "-" in part:
            lo, hi = (int(x.strip().lstrip("W")) for x in part.split("-", 1))
            wanted += [f"W{k}" for k in range(lo, hi + 1)]
        else:
            wanted.append(part)
    unknown = [w for w in wanted if w not in known]
    if unknown:
        sys.exit(f"ratios.py: no benchmarks for {', '.join(unknown)} (have {', '.join(known)})")
    return sorted(set(wanted), key=lambda w: int(w[1:]))


def selected(workloads):
    wanted = expand(workloads)
    return [r for r in ROWS if r.workload in wanted], wanted


def cmd_expand(args):
    print(",".join(expand(args.workloads)))


def ravel_only(row):
    return not any(lib in row.libs for lib in ("djl", "nd4j"))


def cmd_includes(args):
    rows, _ = selected(args.workloads)
    if args.group == "peers":
        rows = [r for r in rows if not ravel_only(r)]
    elif args.group == "ravel":
        rows = [r for r in rows if ravel_only(r)]
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
        if res["benchmark"] != name or params.get("lib", "ravel") != lib:  # Ravel-only: no lib param
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


def fmt_time(v):
    if v is None:
        return "-"
    return f"{v:.4f}" if v < 1 else f"{v:.3f}" if v < 100 else f"{v:.1f}"


def fmt_ratio(a, b):
    return "-" if a is None or b is None or b == 0 else f"{a / b:.2f}"


def verdict(ratio, goal):
    if goal is None or ratio is None:
        return "-"
    return "PASS" if ratio <= goal else "FAIL"


def cmd_table(args):
    rows, wanted = selected(args.workloads)
    jmh = []
    for path in args.jmh:
        with open(path) as f:
            jmh += json.load(f)
    torch = {"results": [], "torch": "not run"}
    if args.torch:
        with open(args.torch) as f:
            torch = json.load(f)

    out = {"quick": args.quick, "torch_version": torch.get("torch"), "rows": []}
    missing = []
    verdicts = []
    if args.quick:
        print("QUICK MODE: a smoke test with 1 short fork per case. The numbers are noisy; do not quote them.\n")
    print("Median time per call (lower is better), in ms unless the header says us. Ratio = Ravel time / other"
          " library's time:\nbelow 1 Ravel is faster, above 1 it is slower. Goal: the most Ravel/PyTorch may be"
          " (PASS when at most that).")
    print(f"PyTorch: torch {torch.get('torch')} via torch_reference.py; DJL and ND4J (W1-W3): JMH, same run as Ravel;"
          " W4-W11: Ravel only.\n")
    for w in wanted:
        wrows = [r for r in rows if r.workload == w]
        if not wrows:
            continue
        libs = [(key, label) for key, label in LIBS if any(key in r.libs for r in wrows)]
        unit = wrows[0].unit
        scale = DISPLAY_SCALE[unit]
        has_goal = any(r.goal is not None for r in wrows)
        rate_units = sorted({r.rate_unit for r in wrows if r.rate_unit})
        header = ["case"] + [f"{label} {unit}" for _, label in libs] + \
                 [f"Ravel/{label}" for key, label in libs if key != "ravel"]
        if has_goal:
            header += ["goal", "verdict"]
        for rate_unit in rate_units:
            header += [f"{label} {rate_unit}" for _, label in libs]
        table = [header]
        for r in wrows:
            ms = {}
            for key, _ in LIBS:
                if key not in r.libs:
                    ms[key] = None
                    continue
                ms[key] = torch_median_ms(torch["results"], r) if key == "torch" else jmh_median_ms(jmh, r, key)
                if ms[key] is None and (key != "torch" or args.torch):
                    missing.append(f"{w} {r.label} {key}")
            shown = {key: (None if v is None else v * scale / (r.per if unit == "us/op" else 1))
                     for key, v in ms.items()}
            vs_torch = ms["ravel"] / ms["torch"] if ms["ravel"] and ms["torch"] else None
            line = [r.label] + [fmt_time(shown[key]) for key, _ in libs] + \
                   [fmt_ratio(ms["ravel"], ms[key]) for key, _ in libs if key != "ravel"]
            if has_goal:
                line += ["-" if r.goal is None else f"<= {r.goal:.1f}", verdict(vs_torch, r.goal)]
                if r.goal is not None:
                    verdicts.append((f"{w} {r.label}", vs_torch, r.goal, verdict(vs_torch, r.goal)))
            for rate_unit in rate_units:
                for key, _ in libs:
                    v = ms[key]
                    line.append("-" if v is None or r.rate_unit != rate_unit else f"{r.rate_amount / (v / 1e3):.1f}")
            table.append(line)
            out["rows"].append({"workload": w, "case": r.label, "median_ms": ms,
                                "shown": {"unit": unit, **shown},
                                "ravel_over": {key: (ms["ravel"] / ms[key] if ms["ravel"] and ms[key] else None)
                                               for key, _ in LIBS if key != "ravel"},
                                "goal": r.goal, "verdict": verdict(vs_torch, r.goal) if r.goal is not None else None,
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
    if verdicts:
        counts = {v: sum(1 for *_, x in verdicts if x == v) for v in ("PASS", "FAIL", "-")}
        print(f"goals (Ravel/PyTorch at most the goal): {counts['PASS']} PASS, {counts['FAIL']} FAIL"
              + (f", {counts['-']} not measured" if counts["-"] else "")
              + (" -- QUICK MODE, noisy" if args.quick else ""))
        failing = [f"{name} {ratio:.2f} > {goal:.1f}" for name, ratio, goal, v in verdicts if v == "FAIL"]
        if failing:
            print("  FAIL: " + "; ".join(failing))
    if missing:
        print("missing results (failed or not selected): " + ", ".join(missing))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(out, f, indent=1)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    exp = sub.add_parser("expand")
    exp.add_argument("workloads")
    inc = sub.add_parser("includes")
    inc.add_argument("workloads")
    inc.add_argument("--group", choices=["all", "peers", "ravel"], default="all")
    tab = sub.add_parser("table")
    tab.add_argument("--jmh", action="append", required=True, help="JMH JSON result file (repeatable)")
    tab.add_argument("--torch", default="")
    tab.add_argument("--workloads", default="all")
    tab.add_argument("--quick", action="store_true")
    tab.add_argument("--json", default="")
    args = p.parse_args()
    {"expand": cmd_expand, "includes": cmd_includes, "table": cmd_table}[args.cmd](args)


if __name__ == "__main__":
    main()
