"""riskdial run: end-to-end checks on the PyPortfolioOpt stock prices (a growing universe) against independent
numpy computations, plus the CLI error contract (exit 2, nothing on stdout, one 'error:' line naming the field).

- static mix with month-end rebalancing, 10 bps costs and a 1 %/yr fee: NAV gross/net vs a units-based
  simulation (1e-10 relative), fees by month with the prorated first and last months;
- Faber 10-month SMA on five stocks: every decision vs a numpy month-end table;
- inverse volatility: weights vs numpy sd of the last 63 returns;
- TrendFolios sleeve on stocks: vote-matrix consistency (count, inclusion, inverse-TE weights).
"""
import calendar
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile

import numpy as np

CLI = os.environ["RISKDIAL_CLI"]
DATA = os.path.join(os.environ["RISKDIAL_SHARED_DATA"], "pypfopt", "stock_prices.csv")
FIX = os.path.join(os.environ["RISKDIAL_FIXTURES"], "scenarios")
failures = []


def check(cond, msg):
    if not cond:
        failures.append(msg)
        print("FAIL:", msg)


def run(scenario, data=(DATA,)):
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(scenario, f) if isinstance(scenario, dict) else f.write(scenario)
        path = f.name
    args = [CLI, "run", path] + [x for d in data for x in ("--data", d)]
    p = subprocess.run(args, capture_output=True, text=True)
    os.unlink(path)
    return p


def load_prices():
    rows = open(DATA).read().strip().split("\n")
    names = rows[0].split(",")[1:]
    dates, vals = [], []
    for line in rows[1:]:
        parts = line.split(",")
        dates.append(dt.date.fromisoformat(parts[0]))
        vals.append([float(x) if x else np.nan for x in parts[1:]])
    return dates, names, np.array(vals)


dates, names, P = load_prices()
col = {n: i for i, n in enumerate(names)}
iso = [d.isoformat() for d in dates]
month_end = [i == len(dates) - 1 or dates[i].month != dates[i + 1].month for i in range(len(dates))]

# ---------------------------------------------------------------- static mix vs units-based simulation
sc = {"version": 1, "benchmark": {"weights": {"XOM": 1.0}},
      "costs": {"fee_ann": 0.01, "tc_bps": {"default": 10}},
      "strategies": [{"name": "mix", "type": "static", "weights": {"XOM": 0.5, "JPM": 0.3, "CASH": 0.2}}]}
p = run(sc)
check(p.returncode == 0, "static run failed: " + p.stderr)
res = json.loads(p.stdout)
s = res["strategies"][0]
d0 = s["daily"]["dates"][0]
start = iso.index(d0)
check(start == 0, "static mix starts at the first (month-end) row")
assets = [col["XOM"], col["JPM"]]
tw = np.array([0.5, 0.3])
tc = 0.001
units = np.zeros(2)
cash = 0.0
# first execution from cash
nav_pre = 1.0
c0 = tc * tw.sum()
nav = nav_pre * (1 - c0)
units = tw * nav / P[start, assets]
cash = 0.2 * nav
net_scale = 1.0  # net NAV = gross NAV × net_scale (fees are proportional cuts of the net NAV)
gross, net = [nav], [nav]
fee_base = nav
fees = []
final = dates[-1]
for t in range(start + 1, len(dates)):
    g = units @ P[t, assets] + cash
    if month_end[t]:
        w_pre = np.append(units * P[t, assets], cash) / g
        w_tgt = np.array([0.5, 0.3, 0.2])
        c = tc * np.abs(w_tgt[:2] - w_pre[:2]).sum()
        g *= 1 - c
        units = tw * g / P[t, assets]
        cash = 0.2 * g
    n = g * net_scale
    if month_end[t]:
        y, m = dates[t].year, dates[t].month
        dim = calendar.monthrange(y, m)[1]
        lo = max(dates[start], dt.date(y, m, 1) - dt.timedelta(days=1))
        hi = min(dt.date(y, m, dim), final)
        days = (hi - lo).days
        fee = 0.01 / 12 * days / dim * fee_base
        fees.append((iso[t], days, fee))
        n -= fee
        net_scale = n / g
        fee_base = n
    gross.append(g)
    net.append(n)
gross, net = np.array(gross), np.array(net)
eg, en = np.array(s["daily"]["nav_gross"]), np.array(s["daily"]["nav_net"])
check(len(eg) == len(gross), "static: series length")
check(np.max(np.abs(eg / gross - 1)) < 1e-10, "static: gross NAV vs units simulation %g" % np.max(np.abs(eg / gross - 1)))
check(np.max(np.abs(en / net - 1)) < 1e-10, "static: net NAV vs simulation %g" % np.max(np.abs(en / net - 1)))
check(len(s["fees"]) == len(fees), "static: number of fees")
for f, (d, days, amount) in zip(s["fees"], fees):
    check(f["date"] == d and f["days_invested"] == days, "fee date/days %s" % d)
    check(abs(f["amount"] - amount) <= 1e-12 * max(1.0, amount) + 1e-15, "fee amount %s" % d)
last = s["fees"][-1]
check(last["date"] == iso[-1], "last fee charged at the final date")
gm, nm = np.array(s["monthly"]["gross"]), np.array(s["monthly"]["net"])
pr = np.array([f["prorate"] for f in s["fees"]])
check(np.max(np.abs(nm - (gm - 0.01 / 12 * pr))) < 1e-12, "r_net = r_gross - fee/12*prorate every month")
for tr in s["trades"]:
    check(tr["date"] in set(np.array(iso)[month_end]), "trade only at month-ends")

# ---------------------------------------------------------------- Faber vs numpy table
uni = ["AAPL", "XOM", "JPM", "GOOG", "AMD"]
sc = {"version": 1, "benchmark": {"weights": {"XOM": 1.0}},
      "strategies": [{"name": "faber", "type": "faber", "faber_universe": uni}]}
p = run(sc)
check(p.returncode == 0, "faber run failed: " + p.stderr)
s = json.loads(p.stdout)["strategies"][0]
me_rows = [i for i in range(len(dates)) if month_end[i]]
wn = s["weight_names"]
checked = 0
for dec in s["decisions"]:
    r = iso.index(dec["date"])
    k = me_rows.index(r)
    rows = me_rows[k - 9:k + 1] if k >= 9 else []
    elig = [a for a in uni if len(rows) == 10 and not np.isnan(P[rows, col[a]]).any()]
    exp = {a: 0.0 for a in uni}
    for a in elig:
        if P[r, col[a]] > P[rows, col[a]].mean():
            exp[a] = 1.0 / len(elig)
    for a in uni:
        check(abs(dec["target"][wn.index(a)] - exp[a]) < 1e-15, "faber %s %s" % (dec["date"], a))
    checked += 1
check(checked > 200, "faber decisions checked: %d" % checked)

# ---------------------------------------------------------------- inverse vol vs numpy
sc = {"version": 1, "benchmark": {"weights": {"XOM": 1.0}},
      "strategies": [{"name": "iv", "type": "inverse_vol", "assets": ["AAPL", "XOM", "JPM", "FB"]}]}
p = run(sc)
check(p.returncode == 0, "iv run failed: " + p.stderr)
s = json.loads(p.stdout)["strategies"][0]
wn = s["weight_names"]
for dec in s["decisions"][::7]:
    r = iso.index(dec["date"])
    inv = {}
    for a in ["AAPL", "XOM", "JPM", "FB"]:
        px = P[r - 63:r + 1, col[a]]
        if np.isnan(px).any():
            continue
        ret = px[1:] / px[:-1] - 1
        inv[a] = 1 / (ret.std(ddof=1) * np.sqrt(252))
    tot = sum(inv.values())
    for a in ["AAPL", "XOM", "JPM", "FB"]:
        e = inv.get(a, 0.0) / tot
        check(abs(dec["target"][wn.index(a)] - e) < 1e-12, "iv %s %s" % (dec["date"], a))

# ---------------------------------------------------------------- TrendFolios sleeve consistency
sc = {"version": 1, "benchmark": {"weights": {"XOM": 1.0}},
      "strategy": {"name": "sleeve", "type": "trend",
                   "sleeves": [{"name": "S", "assets": ["AAPL", "JPM", "GE", "AMD", "WMT", "GOOG"],
                                "benchmark": "XOM", "fallback": "XOM"}]}}
p = run(sc)
check(p.returncode == 0, "trend run failed: " + p.stderr)
s = json.loads(p.stdout)["strategies"][0]
wn = s["weight_names"]
n_inc = 0
for dec in s["decisions"]:
    sl = dec["audit"]["sleeves"][0]
    inc = [a for a in sl["assets"] if a["included"]]
    for a in sl["assets"]:
        if not a["eligible"]:
            check(dec["target"][wn.index(a["asset"])] == 0.0, "ineligible asset has weight 0")
            continue
        v = sum(x for x in a["momentum"] if x is not None) + sum(x for x in a["trend"] if x is not None)
        check(v == a["votes"], "vote count")
        check(a["included"] == (2 * a["votes"] > a["valid_votes"]), "strict majority")
    if inc:
        inv = np.array([1 / a["te"] for a in inc])
        for a, e in zip(inc, inv / inv.sum()):
            check(abs(dec["target"][wn.index(a["asset"])] - e) < 1e-12, "inverse TE weight")
        n_inc += 1
    else:
        check(dec["target"][wn.index("XOM")] == 1.0, "fallback holds XOM")
    check(abs(sum(dec["target"]) - 1) < 1e-12, "weights sum to 1")
check(n_inc > 10, "some decisions include assets")
dd = [dt.date.fromisoformat(d["date"]) for d in s["decisions"]]
wk = [(d - dt.date(1970, 1, 5)).days // 7 for d in dd]
check(all((b - a) % 2 == 0 and b > a for a, b in zip(wk, wk[1:])), "biweekly cadence (absolute week index)")
# the decision is the last master date of its week
for d in s["decisions"]:
    r = iso.index(d["date"])
    week = lambda x: (x - dt.date(1970, 1, 5)).days // 7
    check(r == len(iso) - 1 or week(dates[r + 1]) > week(dates[r]), "decision on the last master date of its week")

# ---------------------------------------------------------------- monthly returns file (edhec), 50/50 mix
EDHEC = os.path.join(os.environ["RISKDIAL_SHARED_DATA"], "edhec_monthly_returns.csv")
lines = open(EDHEC).read().strip().split("\n")
hdr = lines[0].split(",")
R = np.array([[float(x) for x in l.split(",")[1:]] for l in lines[1:]])
a, b = hdr.index("Convertible Arbitrage") - 1, hdr.index("CTA Global") - 1
sc = {"version": 1, "data": {"frequency": "monthly", "kind": "returns"},
      "benchmark": {"weights": {"Convertible Arbitrage": 1.0}},
      "strategies": [{"name": "mix", "type": "static", "weights": {"Convertible Arbitrage": 0.5, "CTA Global": 0.5}}]}
p = run(sc, data=(EDHEC,))
check(p.returncode == 0, "edhec run failed: " + p.stderr)
s = json.loads(p.stdout)["strategies"][0]
rp = 0.5 * R[1:, a] + 0.5 * R[1:, b]  # rebalanced every month-end, from the first month-end on
check(np.max(np.abs(np.array(s["monthly"]["gross"]) - rp)) < 1e-13, "edhec monthly gross = 50/50 of the returns")
check(np.max(np.abs(np.array(s["monthly"]["net"]) - (rp - 0.0055 / 12))) < 1e-13, "edhec net = gross - fee/12")
check(np.max(np.abs(np.array(s["monthly"]["benchmark"]) - R[1:, a])) < 1e-13, "edhec benchmark returns")

# ---------------------------------------------------------------- error contract
def expect_error(scenario, must_contain, data=(DATA,)):
    p = run(scenario, data)
    check(p.returncode == 2, "exit status 2 for %s (got %d)" % (must_contain, p.returncode))
    check(p.stdout == "", "nothing on stdout for %s" % must_contain)
    lines = p.stderr.strip().split("\n")
    check(len(lines) == 1 and lines[0].startswith("error: "), "one error line: %r" % p.stderr)
    check(must_contain in p.stderr, "error mentions %r: %r" % (must_contain, p.stderr))


expect_error(open(os.path.join(FIX, "risk_target_bad_field.json")).read(), "strategy.rule: unknown field")
expect_error({"version": 1, "strategies": [{"type": "trend", "tf_fusion": "x"}]},
             "strategies[0].tf_fusion: expected one of pooled_majority, two_stage")
expect_error({"version": 1, "strategies": [{"type": "faber", "faber_universe": ["NOPE"]}]},
             "strategies[0].faber_universe[0]: no data column named \"NOPE\"")
expect_error({"version": 1, "strategies": [{"type": "static", "weights": {"XOM": 1}}]}, "no data", data=())
expect_error("{", "not valid JSON")

if failures:
    print("%d failures" % len(failures))
    sys.exit(1)
print("ok")
