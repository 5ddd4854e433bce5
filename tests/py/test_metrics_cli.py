#!/usr/bin/python3
"""`riskdial metrics` CLI contract: errors (exit 2, nothing on stdout, one `error:` line), prices input,
daily frequency inference, edge-case flags through JSON (null ⇒ flag), fee → net block, and docs/metrics.md
listing every emitted key (the docs stay in step with the code)."""
import json
import math
import os
import re
import subprocess
import sys
import tempfile

import numpy as np

CLI = os.environ["RISKDIAL_CLI"]
DATA = os.environ["RISKDIAL_SHARED_DATA"]
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
failures = []


def run(*args):
    p = subprocess.run([CLI, "metrics", *args], capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def expect_error(args, needle):
    rc, out, err = run(*args)
    lines = err.strip().splitlines()
    if rc != 2 or out != "" or len(lines) != 1 or not lines[0].startswith("error: ") or needle not in lines[0]:
        failures.append(f"error contract for {args}: rc={rc} stdout={out[:80]!r} stderr={err!r}")


def check(cond, msg):
    if not cond:
        failures.append(msg)


def nulls_have_flags(doc, label):
    cols = dict(doc["columns"])
    if doc.get("benchmark"):
        cols["<benchmark>"] = doc["benchmark"]
    for name, col in cols.items():
        for block in [col] + ([col["net"]] if "net" in col else []):
            for k, v in block["metrics"].items():
                if v is None and k not in block["flags_by_metric"]:
                    failures.append(f"{label}/{name}: {k} null without flag")


mgr = os.path.join(DATA, "managers_monthly_returns.csv")
R = ["--kind", "returns"]  # the importer's auto detection calls the all-positive T-bill column prices
expect_error([mgr, "--bogus", "1"], "unknown option --bogus")
expect_error(["/nonexistent/file.csv"], "cannot open file")
expect_error([mgr, *R, "--benchmark", "NOPE"], "NOPE")
expect_error([mgr, "--p", "1.5"], "tail level")
expect_error([mgr, "--rf", "0.01", "--rf-column", "US 3m TR"], "mutually exclusive")
expect_error([mgr, "--rf", "abc"], "--rf: expected a number")
expect_error([mgr, *R, "--columns", "HAM1,ZZZ"], "ZZZ")
expect_error([mgr, "--pa-version", "1.0"], "--pa-version")
expect_error([mgr, "--trailing-years", "0"], "trailing_years")

with tempfile.TemporaryDirectory() as tmp:
    # Prices → returns (kind prices), daily weekdays → P = 252.
    rng = np.random.default_rng(5)
    n = 600
    days = []
    d = np.datetime64("2020-01-01")
    while len(days) < n:
        if np.is_busday(d):
            days.append(str(d))
        d += 1
    px = 100 * np.cumprod(1 + rng.normal(0.0004, 0.01, n))
    bx = 50 * np.cumprod(1 + rng.normal(0.0003, 0.012, n))
    path = os.path.join(tmp, "prices.csv")
    with open(path, "w") as f:
        f.write("Date,P,B\n")
        for t in range(n):
            f.write(f"{days[t]},{px[t]!r},{bx[t]!r}\n")
    rc, out, err = run(path, "--kind", "prices", "--benchmark", "B")
    check(rc == 0, f"prices run failed: {err}")
    if rc == 0:
        doc = json.loads(out)
        check(doc["periods_per_year"] == 252 and doc["frequency"] == "daily", "daily inference")
        r = px[1:] / px[:-1] - 1
        m = doc["columns"]["P"]["metrics"]
        check(m["n_periods"] == n - 1, "prices: first row has no return")
        check(abs(m["return_cumulative"] - (px[-1] / px[0] - 1)) <= 1e-10 * abs(px[-1] / px[0] - 1),
              f"prices cumulative {m['return_cumulative']}")
        check(abs(m["volatility_annualized"] - np.std(r, ddof=1) * math.sqrt(252)) <= 1e-10 * m["volatility_annualized"],
              "prices volatility")
        ex = doc["columns"]["P"]["rolling"]["rolling_excess_return_1y"]
        rows = days[1:]
        month_end = {rows[i] for i in range(len(rows)) if i + 1 == len(rows) or rows[i + 1][:7] != rows[i][:7]}
        check(len(ex["dates"]) > 0 and all(x in month_end for x in ex["dates"]), "rolling excess at month-ends")
        check(len(doc["columns"]["P"]["rolling"]["rolling_beta_12m"]["values"]) == n - 1 - 251, "rolling beta length")
        nulls_have_flags(doc, "prices")

    # Edge cases through the CLI: constant column, all-positive column, short column, zero-variance benchmark.
    path = os.path.join(tmp, "edge.csv")
    with open(path, "w") as f:
        f.write("Date,CONST,POS,SHORT,BENCH\n")
        for t in range(30):
            y, mo = 2015 + (t // 12), t % 12 + 1
            dd = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1]
            short = "" if t < 22 else repr(0.01 * ((t % 3) - 1))
            f.write(f"{y}-{mo:02d}-{dd},0.01,{0.001 * (1 + t % 5)!r},{short},0.002\n")
    rc, out, err = run(path, *R, "--benchmark", "BENCH")
    check(rc == 0, f"edge run failed: {err}")
    if rc == 0:
        doc = json.loads(out)
        c = doc["columns"]
        fb = lambda col, k: c[col]["flags_by_metric"].get(k, [])
        check(c["CONST"]["metrics"]["sharpe_per_period"] is None and "zero_variance" in fb("CONST", "sharpe_per_period"),
              "constant: Sharpe null + zero_variance")
        check(c["CONST"]["metrics"]["beta"] is None and "zero_variance" in fb("CONST", "beta"),
              "zero-variance benchmark: beta null + zero_variance")
        check(c["POS"]["metrics"]["sortino_ratio"] is None and "no_downside" in fb("POS", "sortino_ratio"),
              "no negative returns: Sortino null + no_downside")
        check(c["POS"]["metrics"]["calmar_ratio"] is None and "no_drawdown" in fb("POS", "calmar_ratio"),
              "no drawdown: Calmar null + no_drawdown")
        check(c["SHORT"]["metrics"]["n_periods"] == 8, "NaN rows dropped")
        check(c["SHORT"]["metrics"]["return_cumulative_1y"] is None
              and "insufficient_data" in fb("SHORT", "return_cumulative_1y"), "short: trailing 1y insufficient")
        check("insufficient_data" in fb("SHORT", "rolling_volatility_12m"), "short: rolling insufficient")
        check(c["SHORT"]["metrics"]["kurtosis_excess"] is not None, "8 obs: kurtosis defined")
        check(c["CONST"]["calendar_returns"]["2017"]["partial"] is True, "partial last year")
        check(c["CONST"]["calendar_returns"]["2015"]["partial"] is False, "full first year")
        nulls_have_flags(doc, "edge")

# Fee → net block; every null flagged; document lists every key.
rc, out, err = run(mgr, *R, "--benchmark", "SP500 TR", "--rf-column", "US 3m TR", "--fee", "0.0055")
check(rc == 0, err)
doc = json.loads(out)
check("net" in doc["columns"]["HAM1"], "fee → net")
h, hn = doc["columns"]["HAM1"]["metrics"], doc["columns"]["HAM1"]["net"]["metrics"]
check(abs((h["return_annualized_arithmetic"] - hn["return_annualized_arithmetic"]) - 0.0055) < 1e-12,
      "net arithmetic return = gross − fee")
check(doc["benchmark"]["name"] == "SP500 TR" and "beta" not in doc["benchmark"]["metrics"], "benchmark block")
nulls_have_flags(doc, "managers")

docs = open(os.path.join(ROOT, "docs", "metrics.md")).read()
documented = set(re.findall(r"`([a-z][A-Za-z0-9_]*)`", docs))
keys = set(h) | set(doc["columns"]["HAM1"]["rolling"])
for k in sorted(keys):
    generic = re.sub(r"_(1|3|5|10)y$", "_{k}y", k)
    generic = re.sub(r"_(95|99)$", "_{p}", generic)
    if k not in documented and generic.replace("{k}", "K").replace("{p}", "P") not in documented:
        failures.append(f"key {k} not documented in docs/metrics.md")
flags = set()
for col in doc["columns"].values():
    for fl in col["flags_by_metric"].values():
        flags |= set(fl)
for f in flags:
    if f not in documented:
        failures.append(f"flag {f} not documented")

if failures:
    print(f"{len(failures)} failures:")
    for f in failures:
        print("  ", f)
    sys.exit(1)
print("ok")
