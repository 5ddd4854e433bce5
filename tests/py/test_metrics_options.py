#!/usr/bin/python3
"""`riskdial metrics` options year_basis / var_horizon_periods / trailing_display / inception_anchor
(spec §1.5, §2.5, §6.2), recomputed independently with numpy on PA's edhec returns and on daily prices
(pypfopt stock_prices.csv), to 1e-10 relative; plus their CLI errors (exit 2, one `error:` line)."""
import csv
import datetime as dt
import json
import math
import os
import subprocess
import sys
from statistics import NormalDist

import numpy as np

CLI = os.environ["RISKDIAL_CLI"]
DATA = os.environ["RISKDIAL_SHARED_DATA"]
EDHEC = os.path.join(DATA, "edhec_monthly_returns.csv")
PRICES = os.path.join(DATA, "pypfopt", "stock_prices.csv")
failures = []
TOL = 1e-10


def run(*args):
    p = subprocess.run([CLI, "metrics", *args], capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def doc(*args):
    rc, out, err = run(*args)
    if rc != 0:
        raise SystemExit(f"metrics {args} failed: {err}")
    return json.loads(out)


def close(got, want, label, tol=TOL):
    if got is None or not math.isclose(got, want, rel_tol=tol, abs_tol=1e-15):
        failures.append(f"{label}: got {got}, want {want}")


def check(cond, msg):
    if not cond:
        failures.append(msg)


def expect_error(args, needle):
    rc, out, err = run(*args)
    lines = err.strip().splitlines()
    if rc != 2 or out != "" or len(lines) != 1 or not lines[0].startswith("error: ") or needle not in lines[0]:
        failures.append(f"error contract for {args}: rc={rc} stdout={out[:80]!r} stderr={err!r}")


def read_csv(path):
    with open(path) as f:
        rows = list(csv.reader(f))
    names = rows[0][1:]
    dates = [dt.date.fromisoformat(r[0]) for r in rows[1:]]
    vals = np.array([[float(x) if x != "" else np.nan for x in r[1:]] for r in rows[1:]])
    return names, dates, vals


def nulls_have_flags(block, label):
    for k, v in block["metrics"].items():
        if v is None and k not in block["flags_by_metric"]:
            failures.append(f"{label}: {k} null without flag")


# ---- edhec (monthly returns input: the first NAV date is the first date minus the median spacing) -------
names, dates, vals = read_csv(EDHEC)
CA, CTA = "Convertible Arbitrage", "CTA Global"
r = vals[:, names.index(CA)]
b = vals[:, names.index(CTA)]
n = len(r)
gaps = sorted((dates[i] - dates[i - 1]).days for i in range(1, n))
m = len(gaps) // 2
median_gap = gaps[m] if len(gaps) % 2 else (gaps[m - 1] + gaps[m]) // 2
nav0 = dates[0] - dt.timedelta(days=median_gap)
check(nav0 == dt.date(1996, 12, 31), f"edhec first NAV date {nav0}")

# year_basis = calendar
d = doc(EDHEC, "--columns", CA, "--benchmark", CTA, "--year-basis", "calendar", "--no-series")
c = d["columns"][CA]
mt = c["metrics"]
check(c.get("year_basis") == "calendar", "header year_basis")
years = (dates[-1] - nav0).days / 365.25
W, Wb = np.prod(1 + r), np.prod(1 + b)
close(mt["years"], years, "years")
close(mt["return_annualized"], W ** (1 / years) - 1, "return_annualized calendar")
close(mt["return_annualized_arithmetic"], r.sum() / years, "arithmetic calendar")
close(mt["benchmark_return_annualized"], Wb ** (1 / years) - 1, "benchmark annualized calendar")
close(mt["active_premium"], W ** (1 / years) - Wb ** (1 / years), "active premium calendar")
close(mt["information_ratio"], (W ** (1 / years) - Wb ** (1 / years)) / (np.std(r - b, ddof=1) * math.sqrt(12)),
      "IR calendar")
wealth = np.cumprod(1 + r)
mdd = (wealth / np.maximum.accumulate(np.maximum(wealth, 1)) - 1).min()
close(mt["calmar_ratio"], (W ** (1 / years) - 1) / -mdd, "calmar calendar")
close(mt["volatility_annualized"], np.std(r, ddof=1) * math.sqrt(12), "vol unchanged (sqrt P)")
for k in (1, 3, 5, 10):
    st = n - 12 * k  # anchor row st - 1
    yk = (dates[-1] - dates[st - 1]).days / 365.25
    ck = wealth[-1] / wealth[st - 1]
    cbk = np.prod(1 + b[st:])
    close(mt[f"return_annualized_{k}y"], ck ** (1 / yk) - 1, f"return_annualized_{k}y calendar")
    close(mt[f"excess_return_annualized_{k}y"], ck ** (1 / yk) - cbk ** (1 / yk), f"excess_{k}y calendar")
    close(mt[f"return_cumulative_{k}y"], ck - 1, f"return_cumulative_{k}y")
roll = c["rolling"]["rolling_excess_return_3y"]
wb = np.cumprod(1 + b)
check(len(roll["values"]) == n - 35, "rolling excess 3y length")
for i, t in enumerate(range(35, n)):
    a = t - 36
    da = nav0 if a < 0 else dates[a]
    y3 = (dates[t] - da).days / 365.25
    gp = wealth[t] / (wealth[a] if a >= 0 else 1.0)
    gb = wb[t] / (wb[a] if a >= 0 else 1.0)
    close(roll["values"][i], gp ** (1 / y3) - gb ** (1 / y3), f"rolling excess 3y calendar at {dates[t]}")
nulls_have_flags(c, "calendar")

# var_horizon_periods = 12: historical on end-anchored 12-month blocks, Gaussian/Cornish-Fisher scaled moments
h = 12
d = doc(EDHEC, "--columns", CA, "--var-horizon-periods", str(h), "--p", "0.9,0.95", "--no-rolling", "--no-series")
mt = d["columns"][CA]["metrics"]
check(d["columns"][CA].get("var_horizon_periods") == h, "header var_horizon_periods")
nb = n // h
blocks = np.array([np.prod(1 + r[n - (nb - j) * h:n - (nb - j - 1) * h]) - 1 for j in range(nb)])
mu, sig = r.mean(), r.std()
m2, m3, m4 = (((r - mu) ** k).mean() for k in (2, 3, 4))
S, K = m3 / m2 ** 1.5 / math.sqrt(h), (m4 / m2 ** 2 - 3) / h
for p, s in ((0.9, "90"), (0.95, "95")):
    a = 1 - p
    z = NormalDist().inv_cdf(a)
    q = np.quantile(blocks, a)  # type 7
    close(mt[f"var_historical_{s}"], -q, f"var_historical_{s} h=12")
    tail = blocks[blocks < q]
    close(mt[f"es_historical_{s}"], -tail.mean() if len(tail) else -q, f"es_historical_{s} h=12")
    close(mt[f"var_gaussian_{s}"], -mu * h - z * sig * math.sqrt(h), f"var_gaussian_{s} h=12")
    close(mt[f"es_gaussian_{s}"], -mu * h + sig * math.sqrt(h) * math.exp(-z * z / 2) / math.sqrt(2 * math.pi) / a,
          f"es_gaussian_{s} h=12")
    zc = z + (z * z - 1) * S / 6 + (z ** 3 - 3 * z) * K / 24 - (2 * z ** 3 - 5 * z) * S * S / 36
    mv = -mu * h - zc * sig * math.sqrt(h)
    if mv > 0:
        close(mt[f"var_modified_{s}"], min(mv, 1.0), f"var_modified_{s} h=12")
    else:
        check(mt[f"var_modified_{s}"] is None, f"var_modified_{s} h=12 should be null (gain)")

# trailing_display
d_both = doc(EDHEC, "--columns", CA, "--benchmark", CTA, "--no-rolling", "--no-series")["columns"][CA]["metrics"]
cum_keys = {f"return_cumulative_{k}y" for k in (1, 3, 5, 10)}
ann_keys = {f"{base}_{k}y" for k in (1, 3, 5, 10)
            for base in ("return_annualized", "benchmark_return_annualized", "excess_return_annualized")}
for spelling in ("annualised", "annualized"):
    mt = doc(EDHEC, "--columns", CA, "--benchmark", CTA, "--no-rolling", "--no-series", "--trailing-display",
             spelling)["columns"][CA]["metrics"]
    check(set(d_both) - set(mt) == cum_keys, f"trailing_display {spelling}: dropped {set(d_both) - set(mt)}")
    check(all(mt[k] == d_both[k] for k in mt), f"trailing_display {spelling}: values changed")
mt = doc(EDHEC, "--columns", CA, "--benchmark", CTA, "--no-rolling", "--no-series", "--trailing-display",
         "cumulative")["columns"][CA]["metrics"]
check(set(d_both) - set(mt) == ann_keys, f"trailing_display cumulative: dropped {set(d_both) - set(mt)}")

# inception_anchor = 2010-12-31: since-inception keys on 2011-01 .. end; windows unchanged
d = doc(EDHEC, "--columns", CA, "--benchmark", CTA, "--inception-anchor", "2010-12-31", "--no-rolling")
c = d["columns"][CA]
mt = c["metrics"]
k0 = next(i for i, x in enumerate(dates) if x > dt.date(2010, 12, 31))
ra, ba = r[k0:], b[k0:]
na = len(ra)
check(c.get("inception_date") == "2010-12-31", "header inception_date")
close(mt["n_periods"], na, "n_periods since anchor")
close(mt["return_cumulative"], np.prod(1 + ra) - 1, "return_cumulative since anchor")
close(mt["return_annualized"], np.prod(1 + ra) ** (12 / na) - 1, "return_annualized since anchor")
close(mt["volatility_annualized"], np.std(ra, ddof=1) * math.sqrt(12), "volatility since anchor")
beta, alpha = np.polyfit(ba, ra, 1)
close(mt["beta"], beta, "beta since anchor", 1e-9)
close(mt["alpha_annualized"], (1 + alpha) ** 12 - 1, "alpha since anchor", 1e-9)
close(mt["pct_positive_periods"], (ra > 0).mean(), "pct positive since anchor")
wa = np.cumprod(1 + ra)
close(mt["max_drawdown"], (wa / np.maximum.accumulate(np.maximum(wa, 1)) - 1).min(), "max drawdown since anchor")
check(len(c["series"]["growth_of_1"]) == na and c["series"]["dates"][0] == dates[k0].isoformat(),
      "growth series starts after the anchor")
for k in ("return_cumulative_10y", "return_annualized_3y", "beta_1y", "return_ytd", "last_month_return"):
    check(mt[k] == d_both[k], f"{k} changed by the anchor")
nulls_have_flags(c, "anchor")

# ---- daily prices: the first NAV date is the first price date (row before the first return) -------------
pn, pdates, pv = read_csv(PRICES)
for col in ("AAPL", "GOOG"):  # AAPL from the first row; GOOG starts later (leading empty cells)
    px = pv[:, pn.index(col)]
    first = int(np.argmax(~np.isnan(px)))
    rets = px[first + 1:] / px[first:-1] - 1
    dd = doc(PRICES, "--columns", col, "--year-basis", "calendar", "--no-rolling", "--no-series")
    mt = dd["columns"][col]["metrics"]
    yrs = (pdates[-1] - pdates[first]).days / 365.25
    close(mt["years"], yrs, f"{col} daily years")
    close(mt["return_annualized"], np.prod(1 + rets) ** (1 / yrs) - 1, f"{col} daily return_annualized", 1e-9)

# ---- errors ---------------------------------------------------------------------------------------------
expect_error([EDHEC, "--year-basis", "days"], "--year-basis: expected periods|calendar")
expect_error([EDHEC, "--var-horizon-periods", "0"], "var_horizon_periods")
expect_error([EDHEC, "--var-horizon-periods", "253"], "var_horizon_periods")
expect_error([EDHEC, "--var-horizon-periods", "2.5"], "--var-horizon-periods")
expect_error([EDHEC, "--trailing-display", "annual"], "--trailing-display")
expect_error([EDHEC, "--inception-anchor", "2010-02-30"], "--inception-anchor")
expect_error([EDHEC, "--inception-anchor", "1996-12-30"], "before the first NAV date 1996-12-31")
expect_error([EDHEC, "--inception-anchor", "2021-05-31"], "on or after the last date")

if failures:
    print("\n".join(failures[:60]))
    print(f"{len(failures)} failure(s)")
    sys.exit(1)
print("ok")
