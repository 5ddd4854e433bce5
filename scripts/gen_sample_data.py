#!/usr/bin/python3
"""Generate the bundled SYNTHETIC sample data (fixed seed, deterministic): daily business-day prices.

    /usr/bin/python3 scripts/gen_sample_data.py      # rewrites public/data/sample_prices.csv + tests/web/fixtures/*

Nothing here is market data. The series are simulated from a small factor model so that later features
(risk targeting, trend following, metrics) have plausible inputs:
  * factors: equity (global), US vs international equity spread, rates (duration), credit spread, inflation,
    gold, commodity, real estate; each with its own annual volatility and drift, correlated through loadings;
  * volatility regimes: calm (×0.8), normal (×1), stressed (×1.8) as a seeded Markov chain, plus two scripted
    crises: a 2008-like one (equities −50 % peak to trough, high yield −30 %, treasuries rally) and a
    2020-like crash (−33 % in a month, then recovery), and a 2022-like bond bear market (core bonds −15 %);
  * assets start on different dates (leading empty cells), as real funds do;
  * SIM_BOND_INDEX and SIM_EQUITY_INDEX are the bond and equity benchmarks.
Target annual volatilities: bonds 3–7 %, equities 15–22 %, gold ~15 %, commodities ~18 %.
"""
import os
import numpy as np

SEED = 20260101
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
START, END = np.datetime64("2003-01-02"), np.datetime64("2025-12-31")

# name, first date, (loadings on factors), idiosyncratic annual vol, annual drift (log), start price
FACTORS = ["equity", "us_intl", "rates", "credit", "inflation", "gold", "commodity", "real_estate"]
ASSETS = [
    # name                  start         eq     usint  rates  credit infl  gold  comm  re     idio   drift  p0
    ("SIM_CORE_BOND",       "2003-01-02", 0.00,  0.00,  1.00,  0.15, 0.00, 0.00, 0.00, 0.00,  0.004, 0.030, 100.0),
    ("SIM_SHORT_TREASURY",  "2003-01-02", 0.00,  0.00,  0.25,  0.00, 0.00, 0.00, 0.00, 0.00,  0.002, 0.022, 50.0),
    ("SIM_TIPS",            "2004-03-01", 0.00,  0.00,  0.85,  0.00, 1.00, 0.00, 0.00, 0.00,  0.006, 0.030, 100.0),
    ("SIM_HY_BOND",         "2007-04-11", 0.18,  0.00,  0.35,  1.00, 0.00, 0.00, 0.00, 0.00,  0.008, 0.055, 25.0),
    ("SIM_US_EQUITY",       "2003-01-02", 1.00,  0.50,  0.00,  0.00, 0.00, 0.00, 0.00, 0.00,  0.030, 0.085, 90.0),
    ("SIM_INTL_EQUITY",     "2005-06-01", 1.00, -0.50,  0.00,  0.00, 0.00, 0.00, 0.00, 0.00,  0.045, 0.055, 40.0),
    ("SIM_EM_EQUITY",       "2008-01-15", 1.15, -0.60,  0.00,  0.00, 0.00, 0.00, 0.20, 0.00,  0.090, 0.050, 30.0),
    ("SIM_REAL_ESTATE",     "2006-09-18", 0.75,  0.20,  0.45,  0.00, 0.00, 0.00, 0.00, 1.00,  0.040, 0.065, 60.0),
    ("SIM_GOLD",            "2004-11-18", 0.00,  0.00,  0.20,  0.00, 0.30, 1.00, 0.00, 0.00,  0.020, 0.060, 44.0),
    ("SIM_COMMODITY",       "2006-02-03", 0.25,  0.00,  0.00,  0.00, 0.40, 0.15, 1.00, 0.00,  0.040, 0.010, 25.0),
    ("SIM_BOND_INDEX",      "2003-01-02", 0.00,  0.00,  0.95,  0.25, 0.05, 0.00, 0.00, 0.00,  0.002, 0.030, 1000.0),
    ("SIM_EQUITY_INDEX",    "2003-01-02", 1.00,  0.15,  0.00,  0.00, 0.00, 0.00, 0.00, 0.00,  0.010, 0.075, 1000.0),
]
# factor annual vols (calm-normal regime) and drifts (log, per year)
F_VOL = np.array([0.140, 0.045, 0.038, 0.035, 0.020, 0.140, 0.150, 0.140])
F_DRIFT = np.array([0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0])


def business_days():
    days = np.arange(START, END + np.timedelta64(1, "D"), dtype="datetime64[D]")
    weekday = (days.astype(np.int64) + 3) % 7  # 1970-01-01 was a Thursday → Monday = 0
    days = days[weekday < 5]
    # a few fixed market holidays (1 Jan, 25 Dec) so the calendar is not perfectly regular
    md = np.array([str(d)[5:] for d in days])
    return days[(md != "01-01") & (md != "12-25")]


def in_window(days, a, b):
    return (days >= np.datetime64(a)) & (days <= np.datetime64(b))


def simulate(days, rng):
    n, k = len(days), len(FACTORS)
    dt = 1.0 / 252.0
    # Markov volatility regime: 0 calm, 1 normal, 2 stressed
    trans = np.array([[0.995, 0.005, 0.000], [0.004, 0.993, 0.003], [0.000, 0.015, 0.985]])
    mult = np.array([0.8, 1.0, 1.8])
    state, regime = 1, np.empty(n, dtype=int)
    u = rng.random(n)
    for t in range(n):
        regime[t] = state
        state = int(np.searchsorted(np.cumsum(trans[state]), u[t]))
        state = min(state, 2)
    vol_mult = mult[regime]
    drift = np.tile(F_DRIFT, (n, 1))
    fvol = np.tile(F_VOL, (n, 1)) * vol_mult[:, None]

    # scripted episodes: (window, factor index, extra annual log drift, vol multiplier)
    eq, usint, rates, credit, infl, gold, comm, re = range(k)
    episodes = [
        # 2008-like: slow slide, then crash; credit and real estate hit; flight to quality into rates and gold
        ("2007-10-10", "2008-08-31", [(eq, -0.30, 1.4), (credit, -0.10, 1.5), (re, -0.25, 1.4), (rates, 0.04, 1.2)]),
        ("2008-09-01", "2009-03-09", [(eq, -0.95, 3.2), (credit, -0.45, 3.5), (re, -0.70, 3.0),
                                      (rates, 0.12, 1.8), (comm, -0.9, 2.0), (gold, 0.05, 1.8), (infl, -0.10, 2.0)]),
        ("2009-03-10", "2009-12-31", [(eq, 0.55, 1.8), (credit, 0.30, 1.8), (re, 0.45, 1.8), (comm, 0.35, 1.4)]),
        ("2011-07-25", "2011-10-03", [(eq, -0.80, 2.0), (gold, 0.40, 1.6), (rates, 0.15, 1.3)]),
        # 2020-like: −33 % in a month, then a fast recovery
        ("2020-02-20", "2020-03-23", [(eq, -4.5, 5.0), (credit, -1.6, 5.0), (re, -3.5, 4.5), (comm, -3.0, 3.0),
                                      (rates, 0.25, 2.5)]),
        ("2020-03-24", "2020-08-31", [(eq, 1.0, 2.0), (credit, 0.6, 2.0), (re, 0.8, 1.8)]),
        # 2022-like: rates shock, bonds and equities fall together
        ("2022-01-03", "2022-10-31", [(rates, -0.17, 1.9), (eq, -0.22, 1.6), (infl, 0.03, 1.5), (re, -0.15, 1.5)]),
    ]
    for a, b, effects in episodes:
        w = in_window(days, a, b)
        for f, d, m in effects:
            drift[w, f] += d
            fvol[w, f] = F_VOL[f] * m
    z = rng.standard_normal((n, k))
    # mild fat tails: scale by a chi-square mixture (Student-t with 6 dof, unit variance)
    z *= np.sqrt(4.0 / rng.chisquare(6, size=(n, 1)))
    return drift * dt + fvol * np.sqrt(dt) * z  # factor log returns per day


def main():
    rng = np.random.default_rng(SEED)
    days = business_days()
    n = len(days)
    f = simulate(days, rng)
    idio = rng.standard_normal((n, len(ASSETS))) * np.sqrt(1 / 252.0)
    cols, names = [], []
    for j, a in enumerate(ASSETS):
        name, start = a[0], np.datetime64(a[1])
        load = np.array(a[2:2 + len(FACTORS)])
        idio_vol, drift, p0 = a[10], a[11], a[12]
        r = f @ load + idio[:, j] * idio_vol + drift / 252.0
        live = days >= start
        logp = np.cumsum(np.where(live, r, 0.0))
        first = np.argmax(live)
        p = p0 * np.exp(logp - logp[first])
        p[~live] = np.nan
        cols.append(p)
        names.append(name)
    prices = np.column_stack(cols)
    write_csv(os.path.join(ROOT, "public", "data", "sample_prices.csv"), days, names, prices, 4)

    # small fixtures for the browser tests (an upload of two other assets, and a broken file)
    fx = os.path.join(ROOT, "tests", "web", "fixtures")
    os.makedirs(fx, exist_ok=True)
    sel = slice(n - 520, n)
    rng2 = np.random.default_rng(SEED + 1)
    r2 = rng2.standard_normal((520, 2)) * np.array([0.012, 0.004]) + np.array([0.0003, 0.0001])
    p2 = np.exp(np.cumsum(r2, axis=0)) * np.array([120.0, 80.0])
    write_csv(os.path.join(fx, "upload_two_assets.csv"), days[sel], ["SIM_UPLOAD_EQUITY", "SIM_UPLOAD_BOND"], p2, 4)
    with open(os.path.join(fx, "bad_value.csv"), "w", newline="") as fh:
        fh.write("Date,SIM_A,SIM_B\n2024-01-02,100.0,50.0\n2024-01-03,101.5,50.1\n2024-01-04,abc,50.2\n"
                 "2024-01-05,102.0,50.3\n")
    print_summary(days, names, prices)


def write_csv(path, days, names, prices, decimals):
    fmt = "{:.%df}" % decimals
    with open(path, "w", newline="") as fh:
        fh.write("Date," + ",".join(names) + "\n")
        for d, row in zip(days, prices):
            fh.write(str(d) + "," + ",".join("" if np.isnan(v) else fmt.format(v) for v in row) + "\n")
    print(f"wrote {os.path.relpath(path, ROOT)}: {len(days)} rows × {len(names)} columns, "
          f"{os.path.getsize(path) / 1e6:.2f} MB")


def print_summary(days, names, prices):
    rets = prices[1:] / prices[:-1] - 1.0
    eq = names.index("SIM_EQUITY_INDEX")
    for j, name in enumerate(names):
        r = rets[:, j][~np.isnan(rets[:, j])]
        p = prices[:, j][~np.isnan(prices[:, j])]
        mdd = np.min(p / np.maximum.accumulate(p) - 1.0)
        both = ~np.isnan(rets[:, j]) & ~np.isnan(rets[:, eq])
        c = np.corrcoef(rets[both, j], rets[both, eq])[0, 1]
        cagr = (p[-1] / p[0]) ** (252.0 / len(p)) - 1.0
        print(f"  {name:20s} vol {np.std(r) * np.sqrt(252):6.1%}  cagr {cagr:6.1%}  max dd {mdd:7.1%}  "
              f"corr(eq idx) {c:5.2f}")


if __name__ == "__main__":
    main()
