"""riskdial run --weights-csv FILE: the long-format weights (date,strategy,asset,kind,weight) equal the result
document's wide weights exactly (decisions[].target, trades[].post, weights_eod), every asset on every date,
zero weights included, nothing skipped; the JSON document on stdout is the same with and without the flag.
Also sleeve_rebalance=month_end through the CLI on two stock sleeves: sleeve_shares sum to 1, equal the sleeve
weights at month-end trades, and the executed weights equal sum_s share_s * sleeve weights of the audit.
"""
import csv
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile

CLI = os.environ["RISKDIAL_CLI"]
DATA = os.path.join(os.environ["RISKDIAL_SHARED_DATA"], "pypfopt", "stock_prices.csv")
failures = []


def check(cond, msg):
    if not cond:
        failures.append(msg)
        print("FAIL:", msg)


def run(scenario, extra=()):
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(scenario, f)
        path = f.name
    p = subprocess.run([CLI, "run", path, "--data", DATA, *extra], capture_output=True, text=True)
    os.unlink(path)
    return p


sleeves = [{"name": "A", "assets": ["AAPL", "JPM", "GE", "AMD"], "benchmark": "XOM", "weight": 0.7},
           {"name": "B", "assets": ["WMT", "GOOG", "PFE", "AAPL"], "benchmark": "T", "weight": 0.3}]
sc = {"version": 1, "benchmark": {"weights": {"XOM": 0.5, "T": 0.5}},
      "costs": {"fee_ann": 0.01, "tc_bps": 5},
      "strategies": [{"name": "two sleeves, month_end", "type": "trend", "sleeves": sleeves,
                      "sleeve_rebalance": "month_end"},
                     {"name": "with_sleeves", "type": "trend", "sleeves": sleeves},
                     {"name": "static", "type": "static", "weights": {"XOM": 0.6, "CASH": 0.4}}]}

plain = run(sc)
check(plain.returncode == 0, "run failed: " + plain.stderr)
with tempfile.TemporaryDirectory() as tmp:
    out = os.path.join(tmp, "w.csv")
    p = run(sc, ["--weights-csv", out])
    check(p.returncode == 0, "run --weights-csv failed: " + p.stderr)
    check(p.stdout == plain.stdout, "the result document does not change with --weights-csv")
    with open(out, newline="") as f:
        rows = list(csv.reader(f))
doc = json.loads(plain.stdout)

check(rows[0] == ["date", "strategy", "asset", "kind", "weight"], "header")
expected = []
for s in doc["strategies"]:
    wn = s["weight_names"]
    for d in s["decisions"]:
        expected += [[d["date"], s["name"], a, "target", x] for a, x in zip(wn, d["target"])]
    for t in s["trades"]:
        expected += [[t["date"], s["name"], a, "executed", x] for a, x in zip(wn, t["post"])]
    for date, w in zip(s["daily"]["dates"], s["weights_eod"]):
        expected += [[date, s["name"], a, "drifted", x] for a, x in zip(wn, w)]
check(len(rows) - 1 == len(expected), "row count %d vs %d" % (len(rows) - 1, len(expected)))
bad = 0
zeros = 0
for got, exp in zip(rows[1:], expected):
    same = got[:4] == exp[:4] and float(got[4]) == exp[4]  # exact: both are shortest round-trip texts
    bad += not same
    zeros += float(got[4]) == 0.0
check(bad == 0, "%d long rows differ from the wide matrices" % bad)
check(zeros > 0, "zero weights are emitted")
check(rows[1][1] == "two sleeves, month_end", "a strategy name with a comma is quoted and reads back")

# ---------------------------------------------------------------- sleeve_rebalance = month_end via the CLI
me, ws = doc["strategies"][0], doc["strategies"][1]
wn = me["weight_names"]
dates = me["daily"]["dates"]
month_end = {d for i, d in enumerate(dates)
             if i == len(dates) - 1 or dt.date.fromisoformat(d).month != dt.date.fromisoformat(dates[i + 1]).month}
decisions = {d["date"]: d for d in me["decisions"]}
resets = drifted = 0
for t in me["trades"]:
    sh = t["sleeve_shares"]
    check(abs(sum(sh) - 1) < 1e-14, "shares sum to 1")
    if t["cause"] == "sleeve_rebalance" or t["date"] in month_end or t is me["trades"][0]:
        check(sh == [0.7, 0.3], "target shares at %s (%s)" % (t["date"], t["cause"]))
        resets += t["cause"] == "sleeve_rebalance"
        check(t["cause"] != "sleeve_rebalance" or t["date"] in month_end, "resets only at month-ends")
    else:
        drifted += 1
    if t["cause"] == "rebalance":
        d = decisions[t["decision_date"]]
        check(d["sleeve_shares"] == sh, "decision shows the shares used")
        comb = [0.0] * len(wn)
        for share, sl in zip(sh, d["audit"]["sleeves"]):
            for a in sl["assets"]:
                if a["included"]:
                    comb[wn.index(a["asset"])] += share * a["weight"]
            if sl["fallback_used"]:
                comb[wn.index(sl["benchmark"])] += share
        check(max(abs(x - y) for x, y in zip(comb, t["post"])) < 1e-12, "executed = sum share * sleeve weights")
check(resets > 10 and drifted > 10, "month-end resets (%d) and drifted executions (%d)" % (resets, drifted))
check([d["target"] for d in me["decisions"]] == [d["target"] for d in ws["decisions"]],
      "targets identical in both modes")
check(all("sleeve_shares" not in t for t in ws["trades"]) and all("sleeve_shares" not in d for d in ws["decisions"]),
      "with_sleeves documents carry no sleeve_shares")
check(me["daily"]["nav_net"][-1] != ws["daily"]["nav_net"][-1], "the modes differ")

# Error contract: an unwritable --weights-csv path → exit 2, nothing on stdout, one error line.
p = run(sc, ["--weights-csv", "/nonexistent-dir/w.csv"])
check(p.returncode == 2 and p.stdout == "" and p.stderr.startswith("error: ") and "/nonexistent-dir/w.csv" in p.stderr,
      "unwritable --weights-csv: %d %r %r" % (p.returncode, p.stdout[:80], p.stderr))

if failures:
    print("%d failures" % len(failures))
    sys.exit(1)
print("ok")
