#!/usr/bin/python3
"""Independent numpy recomputation of every metrics key on PerformanceAnalytics' own datasets.

Written from ../shared/spec/methodology.md §2 and Appendix C (PA 2.1.0 conventions), NOT from the C++ code.
Runs `riskdial metrics` on shared/data/managers_monthly_returns.csv (benchmark SP500 TR, risk-free column
US 3m TR, NaN leading gaps → complete cases) and edhec_monthly_returns.csv (benchmark Funds of Funds, constant
annual Rf, MAR and Omega threshold, management fee → net series), plus an options run (PA 2.0.8 Sharpe
family, alpha/capture conventions, Burke/Ulcer compat switches, other p levels), and compares every scalar
key, the drawdown table, the calendar table and every rolling series.
Tolerance: 1e-10 relative (plus an absolute floor of 1e-14 for values that are exact zeros / differences).
"""
import csv
import json
import math
import os
import subprocess
import sys

import numpy as np

CLI = os.environ["RISKDIAL_CLI"]
DATA = os.environ["RISKDIAL_SHARED_DATA"]
RTOL, ATOL = 1e-10, 1e-14
# The data files hold returns; the importer's auto detection calls the all-positive T-bill column prices.
KIND = ["--kind", "returns"]
failures = []
checked = [0]


def load(path):
    with open(path) as f:
        rows = list(csv.reader(f))
    names = rows[0][1:]
    dates = [r[0] for r in rows[1:]]
    vals = np.array([[float(c) if c != "" else np.nan for c in r[1:]] for r in rows[1:]])
    return dates, names, vals


def run_cli(*args):
    p = subprocess.run([CLI, "metrics", *args, *KIND], capture_output=True, text=True)
    if p.returncode != 0:
        print("CLI failed:", p.stderr)
        sys.exit(1)
    return json.loads(p.stdout)


# ---- independent formulas ------------------------------------------------------------------------------
def norm_cdf(z):
    return 0.5 * math.erfc(-z / math.sqrt(2.0))


def norm_ppf(a):
    lo, hi = -40.0, 40.0
    for _ in range(200):  # bisection to the last bit
        mid = 0.5 * (lo + hi)
        if mid == lo or mid == hi:
            break
        if norm_cdf(mid) < a:
            lo = mid
        else:
            hi = mid
    z = 0.5 * (lo + hi)
    return z


def norm_pdf(z):
    return math.exp(-0.5 * z * z) / math.sqrt(2.0 * math.pi)


def ann(r, P):
    return np.prod(1.0 + r) ** (P / len(r)) - 1.0 if len(r) else math.nan


def sd(r):
    return np.std(r, ddof=1) if len(r) >= 2 else math.nan


def pop_moments(r):
    m = r.mean()
    d = r - m
    return m, np.mean(d ** 2), np.mean(d ** 3), np.mean(d ** 4)


def tail_alpha(p):
    return 1.0 - p if p >= 0.51 else p


def post(loss):
    if loss is None or not math.isfinite(loss) or loss <= 0:
        return None
    return min(loss, 1.0)


def var_es(r, p, method, es, operational=True):
    a = tail_alpha(p)
    mu, m2, m3, m4 = pop_moments(r)
    sig = math.sqrt(m2)
    if method == "historical":
        q = np.quantile(r, a)  # numpy 'linear' = R type 7
        if not es:
            return post(-q)
        below = r[r < q]
        return post(-below.mean() if len(below) else -q)
    z = norm_ppf(a)
    if method == "gaussian":
        return post(-mu - z * sig) if not es else post(-mu + sig * norm_pdf(z) / a)
    S = m3 / m2 ** 1.5 if m2 > 0 else 0.0
    K = m4 / m2 ** 2 - 3 if m2 > 0 else 0.0
    h = z + (z * z - 1) * S / 6 + (z ** 3 - 3 * z) * K / 24 - (2 * z ** 3 - 5 * z) * S * S / 36
    if not es:
        return post(-mu - h * sig)
    E = norm_pdf(h) * (1 + h ** 3 * S / 6 + (h ** 6 - 9 * h ** 4 + 9 * h ** 2 + 3) * S * S / 72
                       + (h ** 4 - 2 * h ** 2 - 1) * K / 24)
    if operational:
        return post(-mu - sig * min(-E / a, h))
    return post(-mu + sig * E / a)


def drawdown(r):
    w = np.cumprod(1.0 + r)
    peak = np.maximum.accumulate(np.maximum(w, 1.0))
    return w / peak - 1.0


def episodes(dd):
    out, i, n = [], 0, len(dd)
    while i < n:
        if dd[i] >= 0:
            i += 1
            continue
        j = i
        while j < n and dd[j] < 0:
            j += 1
        seg = dd[i:j]
        t = i + int(np.argmin(seg))
        out.append(dict(frm=i, trough=t, to=j, depth=float(seg.min()), length=j - i + 1,
                        to_trough=t - i + 1, recovery=j - t, recovered=j < n))
        i = j
    return out


def burke_den(r, compat):
    runs, cur = [], None
    start = 1 if compat else 0
    for v in r[start:]:
        if v < 0:
            cur = (cur if cur is not None else []) + [v]
        elif cur is not None:
            runs.append(cur)
            cur = None
    if cur is not None:
        runs.append(cur)
    if compat:
        D = [100.0 * (np.prod(1 + np.array(x) / 100.0) - 1) for x in runs]
    else:
        D = [np.prod(1 + np.array(x)) - 1 for x in runs]
    return math.sqrt(sum(d * d for d in D))


def ulcer_208(r):
    """PA 2.0.8 DrawdownPeak: compounds (1 + r/100) since the last peak, ×100; peak when value > 1."""
    peak, acc = -1, []
    for i in range(len(r)):
        val = np.prod(1 + r[peak + 1:i + 1] / 100.0)
        if val > 1:
            peak = i
            acc.append(0.0)
        else:
            acc.append((val - 1) * 100.0)
    acc = np.array(acc)
    return math.sqrt(np.sum(acc ** 2) / len(r))


def ols(x, y):
    A = np.column_stack([np.ones(len(y)), y])
    (a, b), *_ = np.linalg.lstsq(A, x, rcond=None)
    return a, b


def div(a, b):
    if b == 0 or not math.isfinite(a) or not math.isfinite(b):
        return None
    v = a / b
    return v if math.isfinite(v) else None


def expected(dates, r_all, b_all, f_all, P, o):
    """Every key for one column (NaN rows dropped: own rows need r (and f); relative rows also b)."""
    own = ~np.isnan(r_all) & ~np.isnan(f_all)
    r, f, d_own = r_all[own], f_all[own], [d for d, k in zip(dates, own) if k]
    x = r - f
    n = len(r)
    const_rf = o.get("rf_const")
    rf_ann = o["rf"] if const_rf else ann(f, P)
    tau = (1 + o["mar"]) ** (1 / P) - 1
    L = (1 + o["omega"]) ** (1 / P) - 1
    v208 = o.get("v208", False)
    E = {}
    E["n_periods"] = n
    E["years"] = n / P
    E["return_cumulative"] = np.prod(1 + r) - 1
    Rp = ann(r, P)
    E["return_annualized"] = Rp
    E["return_annualized_arithmetic"] = P * r.mean()
    E["last_period_return"] = r[-1]
    E["last_month_return"] = r[-1]
    E["pct_positive_months"] = np.mean(r > 0)
    ylast = d_own[-1][:4]
    E["return_ytd"] = np.prod(1 + np.array([v for d, v in zip(d_own, r) if d[:4] == ylast])) - 1
    E["best_period"] = r.max()
    E["worst_period"] = r.min()
    E["pct_positive_periods"] = np.mean(r > 0)
    for k in (1, 3, 5, 10):
        m = 12 * k
        if n >= m:
            seg = r[-m:]
            c = np.prod(1 + seg) - 1
            a = (1 + c) ** (1 / k) - 1
            v = sd(seg) * math.sqrt(P)
            E[f"return_cumulative_{k}y"], E[f"return_annualized_{k}y"] = c, a
            E[f"volatility_annualized_{k}y"], E[f"ret_to_vol_{k}y"] = v, a / v
        else:
            for key in ("return_cumulative", "return_annualized", "volatility_annualized", "ret_to_vol"):
                E[f"{key}_{k}y"] = None
    mu, m2, m3, m4 = pop_moments(r)
    E["volatility"] = sd(r)
    E["volatility_annualized"] = sd(r) * math.sqrt(P)
    g1 = m3 / m2 ** 1.5
    E["skewness"] = g1
    E["skewness_fisher"] = math.sqrt(n * (n - 1)) / (n - 2) * g1
    E["skewness_sample"] = np.sum(((r - mu) / math.sqrt(m2)) ** 3) * n / ((n - 1) * (n - 2))
    E["kurtosis_excess"] = m4 / m2 ** 2 - 3
    E["kurtosis_sample_excess"] = (np.sum((r - mu) ** 4) / sd(r) ** 4 * n * (n + 1) / ((n - 1) * (n - 2) * (n - 3))
                                   - 3 * (n - 1) ** 2 / ((n - 2) * (n - 3)))
    lo = r < tau
    ddf = math.sqrt(np.sum((tau - r[lo]) ** 2) / n)
    dds = math.sqrt(np.sum((tau - r[lo]) ** 2) / lo.sum())
    E["downside_deviation"] = ddf
    E["downside_deviation_annualized"] = ddf * math.sqrt(P)
    E["downside_deviation_subset"] = dds
    E["semi_deviation"] = math.sqrt(np.sum((mu - r[r < mu]) ** 2) / n)
    E["downside_potential"] = np.sum(tau - r[lo]) / n
    hi = r > tau
    E["upside_potential_ratio"] = (np.sum(r[hi] - tau) / hi.sum()) / dds
    E["upside_potential_ratio_full"] = (np.sum(r[hi] - tau) / n) / ddf
    E["downside_frequency"] = lo.sum() / n
    E["upside_frequency"] = hi.sum() / n
    dd = drawdown(r)
    eps = episodes(dd)
    mdd = min(0.0, dd.min())
    E["max_drawdown"] = mdd
    E["current_drawdown"] = dd[-1]
    E["average_drawdown"] = np.mean([e["depth"] for e in eps])
    E["average_drawdown_length"] = np.mean([e["length"] for e in eps])
    E["average_recovery"] = np.mean([e["recovery"] for e in eps])
    E["drawdown_deviation"] = math.sqrt(sum(e["depth"] ** 2 for e in eps) / n)
    E["drawdown_episodes"] = len(eps)
    ui = ulcer_208(r) if o.get("ulcer208") else math.sqrt(np.mean(dd ** 2))
    pi = np.mean(np.abs(dd))
    E["ulcer_index"] = ui
    E["pain_index"] = pi
    sden = sd(r) if v208 else sd(x)
    E["sharpe_per_period"] = x.mean() / sden
    E["sharpe_annualized_arithmetic"] = math.sqrt(P) * x.mean() / sden
    E["sharpe_annualized_geometric"] = ann(x, P) / (sden * math.sqrt(P))
    E["sharpe_seed003"] = (Rp - rf_ann) / (sd(r) * math.sqrt(P))
    E["ret_to_vol"] = Rp / (sd(r) * math.sqrt(P))
    for p in o["levels"]:
        s = o["suffix"][p]
        for meth in ("historical", "gaussian", "modified"):
            E[f"var_{meth}_{s}"] = var_es(r, p, meth, False)
            E[f"es_{meth}_{s}"] = var_es(r, p, meth, True, o.get("operational", True))
    risk_src = r if v208 else x
    ms = o["suffix"][o.get("msp", 0.95)]
    vm = var_es(risk_src, o.get("msp", 0.95), "modified", False)
    em = var_es(risk_src, o.get("msp", 0.95), "modified", True, o.get("operational", True))
    E[f"sharpe_modified_var_{ms}"] = x.mean() / vm if vm else None
    E[f"sharpe_modified_es_{ms}"] = x.mean() / em if em else None
    st = o["suffix"][o.get("starr_p", 0.95)]
    es_s = var_es(risk_src, o.get("starr_p", 0.95), o.get("starr_method", "historical"), True,
                  o.get("operational", True))
    E[f"starr_{st}"] = x.mean() / es_s if es_s else None
    E[f"starr_annualized_{st}"] = P * x.mean() / es_s if es_s else None
    E["sortino_ratio"] = (r - tau).mean() / ddf
    E["sortino_ratio_annualized"] = math.sqrt(P) * (r - tau).mean() / ddf
    E["sortino_seed003"] = (Rp - rf_ann) / (dds * math.sqrt(P))
    up, dn = np.sum(np.maximum(r - L, 0)), np.sum(np.maximum(L - r, 0))
    E["omega_ratio"] = up / dn
    E["omega_conditional"] = 1 + (r.mean() - L) * np.sum(r < L) / (n * (dn / n))
    E["calmar_ratio"] = Rp / -mdd
    E["sterling_ratio"] = Rp / (-mdd + 0.1)
    E["sterling_ratio_avg_drawdown"] = (Rp - rf_ann) / -E["average_drawdown"]
    bd = burke_den(r, o.get("burke_compat", False))
    E["burke_ratio"] = (Rp - rf_ann) / bd
    E["burke_ratio_modified"] = (Rp - rf_ann) / bd * math.sqrt(n)
    E["martin_ratio"] = (Rp - rf_ann) / ui
    E["pain_ratio"] = (Rp - rf_ann) / pi

    rel = own & ~np.isnan(b_all)
    rr, bb, ff = r_all[rel], b_all[rel], f_all[rel]
    d_rel = [d for d, k in zip(dates, rel) if k]
    xr, yr = rr - ff, bb - ff
    nr = len(rr)
    rf_rel = o["rf"] if const_rf else ann(ff, P)
    a, b = ols(xr, yr)
    E["beta"], E["alpha"] = b, a
    conv = o.get("alpha", "ols_compound")
    rmb = (np.prod(1 + rr) - 1) - b * (np.prod(1 + bb) - 1)
    pick = {"ols_compound": (1 + a) ** P - 1, "ols_linear": P * a, "return_minus_beta": rmb}
    E["alpha_annualized"] = pick[conv]
    E["alpha_annualized_ols_compound"] = (1 + a) ** P - 1
    E["alpha_annualized_ols_linear"] = P * a
    E["alpha_return_minus_beta"] = rmb
    c = np.corrcoef(rr, bb)[0, 1]
    E["correlation"], E["r_squared"] = c, c * c
    Rpr, Rb = ann(rr, P), ann(bb, P)
    E["jensen_alpha"] = Rpr - rf_rel - b * (Rb - rf_rel)
    E["treynor_ratio"] = ann(xr, P) / b
    te = sd(rr - bb) * math.sqrt(P)
    E["tracking_error"] = te
    E["active_premium"] = E["excess_return_annualized"] = Rpr - Rb
    E["information_ratio"] = (Rpr - Rb) / te
    E["benchmark_return_annualized"] = Rb
    E["benchmark_volatility_annualized"] = sd(bb) * math.sqrt(P)
    M2 = (Rpr - rf_rel) * np.std(bb) / np.std(rr) + rf_rel
    E["m_squared"], E["m_squared_excess"] = M2, M2 - Rb
    E["m_squared_excess_geometric"] = (1 + M2) / (1 + Rb) - 1
    E["modigliani_per_period"] = xr.mean() / (sd(rr) if v208 else sd(xr)) * sd(bb) + ff.mean()
    U, D, N = bb > 0, bb <= 0, bb < 0
    cap = o.get("capture", "pa_arithmetic")
    if cap == "pa_arithmetic":
        E["up_capture"], E["down_capture"] = rr[U].sum() / bb[U].sum(), rr[D].sum() / bb[D].sum()
    elif cap == "pa_geometric":
        E["up_capture"] = (np.prod(1 + rr[U]) - 1) / (np.prod(1 + bb[U]) - 1)
        E["down_capture"] = (np.prod(1 + rr[D]) - 1) / (np.prod(1 + bb[D]) - 1)
    else:
        gm = lambda v: np.prod(1 + v) ** (1 / len(v)) - 1
        E["up_capture"], E["down_capture"] = gm(rr[U]) / gm(bb[U]), gm(rr[D]) / gm(bb[D])
    E["up_number"] = np.sum((rr > 0) & U) / U.sum()
    E["down_number"] = np.sum((rr < 0) & N) / N.sum()
    E["up_percent"] = np.sum((rr > bb) & U) / U.sum()
    E["down_percent"] = np.sum((rr > bb) & N) / N.sum()
    bu = ols(xr[yr > 0], yr[yr > 0])[1]
    be = ols(xr[yr < 0], yr[yr < 0])[1]
    E["beta_bull"], E["beta_bear"], E["timing_ratio"] = bu, be, bu / be
    for k in (1, 3, 5, 10):
        m = 12 * k
        keys = ("benchmark_return_annualized", "excess_return_annualized", "tracking_error",
                "information_ratio", "beta", "correlation", "alpha")
        if nr < m:
            for key in keys:
                E[f"{key}_{k}y"] = None
            continue
        sr, sb, sx, sy = rr[-m:], bb[-m:], xr[-m:], yr[-m:]
        ap = np.prod(1 + sr) ** (1 / k) - 1
        ab = np.prod(1 + sb) ** (1 / k) - 1
        tek = sd(sr - sb) * math.sqrt(P)
        ak, bk = ols(sx, sy)
        E[f"benchmark_return_annualized_{k}y"] = ab
        E[f"excess_return_annualized_{k}y"] = ap - ab
        E[f"tracking_error_{k}y"] = tek
        E[f"information_ratio_{k}y"] = (ap - ab) / tek
        E[f"beta_{k}y"] = bk
        E[f"correlation_{k}y"] = np.corrcoef(sr, sb)[0, 1]
        pk = {"ols_compound": (1 + ak) ** P - 1, "ols_linear": P * ak,
              "return_minus_beta": (np.prod(1 + sr) - 1) - bk * (np.prod(1 + sb) - 1)}
        E[f"alpha_{k}y"] = pk[conv]

    # rolling series (monthly data: windows in rows)
    R = {}
    w = 12
    R["rolling_volatility_12m"] = (d_own[w - 1:], [sd(r[t - w + 1:t + 1]) * math.sqrt(P) for t in range(w - 1, n)])
    R["rolling_sharpe_12m"] = (d_own[w - 1:], [math.sqrt(P) * x[t - w + 1:t + 1].mean() /
                                                (sd(r[t - w + 1:t + 1]) if v208 else sd(x[t - w + 1:t + 1]))
                                                for t in range(w - 1, n)])
    R["rolling_beta_12m"] = (d_rel[w - 1:], [ols(xr[t - w + 1:t + 1], yr[t - w + 1:t + 1])[1] for t in range(w - 1, nr)])
    R["rolling_correlation_12m"] = (d_rel[w - 1:], [np.corrcoef(rr[t - w + 1:t + 1], bb[t - w + 1:t + 1])[0, 1]
                                                     for t in range(w - 1, nr)])
    for k in (1, 3, 5):
        m = 12 * k
        R[f"rolling_excess_return_{k}y"] = (d_rel[m - 1:], [
            (np.prod(1 + rr[t - m + 1:t + 1]) ** (1 / k) - 1) - (np.prod(1 + bb[t - m + 1:t + 1]) ** (1 / k) - 1)
            for t in range(m - 1, nr)])
    # calendar
    C = {}
    for dte, v in zip(d_own, r):
        y, mo = int(dte[:4]), int(dte[5:7])
        C.setdefault(y, {})[mo] = v
    # drawdown table
    top = sorted(eps, key=lambda e: e["depth"])[:5]  # Python's sort is stable
    T = [dict(frm=d_own[e["frm"]], trough=d_own[e["trough"]], to=d_own[e["to"]] if e["recovered"] else None,
              depth=e["depth"], length=e["length"], to_trough=e["to_trough"], recovery=e["recovery"])
         for e in top]
    return E, R, C, T


def close(a, b):
    if a is None or b is None:
        return a is None and b is None
    if not (math.isfinite(a) and math.isfinite(b)):
        return False
    return abs(a - b) <= RTOL * max(abs(a), abs(b)) + ATOL


def as_expected(v):
    if v is None:
        return None
    v = float(v)
    return v if math.isfinite(v) else None


def compare(label, col, E, R, C, T):
    got = col["metrics"]
    if set(got) != set(E):
        failures.append(f"{label}: key sets differ: only C++ {sorted(set(got) - set(E))}, "
                        f"only numpy {sorted(set(E) - set(got))}")
    for k, v in E.items():
        if k not in got:
            continue
        checked[0] += 1
        ev = as_expected(v)
        if not close(got[k], ev):
            failures.append(f"{label}: {k}: C++ {got[k]!r} vs numpy {ev!r}")
        if got[k] is None and k not in col["flags_by_metric"]:
            failures.append(f"{label}: {k} is null without a flag")
    for key, (dts, vals) in R.items():
        g = col["rolling"].get(key)
        if g is None:
            failures.append(f"{label}: rolling {key} missing")
            continue
        if g["dates"] != dts:
            failures.append(f"{label}: rolling {key} dates differ ({len(g['dates'])} vs {len(dts)})")
            continue
        for t, (a, b) in enumerate(zip(g["values"], vals)):
            checked[0] += 1
            if not close(a, as_expected(b)):
                failures.append(f"{label}: rolling {key}[{dts[t]}]: {a!r} vs {b!r}")
                break
    if set(col["rolling"]) != set(R):
        failures.append(f"{label}: rolling keys differ {sorted(col['rolling'])} vs {sorted(R)}")
    for y, months in C.items():
        g = col["calendar_returns"][str(y)]
        total = np.prod([1 + v for v in months.values()]) - 1
        checked[0] += 1
        if not close(g["year"], total) or g["partial"] != (len(months) < 12):
            failures.append(f"{label}: calendar {y}: {g['year']} vs {total}")
        for mo in range(1, 13):
            exp = months.get(mo)
            if not close(g["months"][mo - 1], exp):
                failures.append(f"{label}: calendar {y}-{mo}: {g['months'][mo - 1]} vs {exp}")
    if len(col["drawdowns"]) != len(T):
        failures.append(f"{label}: drawdown table length {len(col['drawdowns'])} vs {len(T)}")
    for g, e in zip(col["drawdowns"], T):
        checked[0] += 1
        ok = (g["from"] == e["frm"] and g["trough"] == e["trough"] and g["to"] == e["to"]
              and close(g["depth"], e["depth"]) and g["length"] == e["length"]
              and g["to_trough"] == e["to_trough"] and g["recovery"] == e["recovery"])
        if not ok:
            failures.append(f"{label}: drawdown {g} vs {e}")


def suffixes(levels):
    out = {}
    for p in levels:
        pct = round(p * 1e4) / 100
        out[p] = str(int(pct)) if pct == int(pct) else str(pct).replace(".", "_")
    return out


# ---- run 1: managers, benchmark SP500 TR, risk-free column US 3m TR ---------------------------------------
dates, names, V = load(os.path.join(DATA, "managers_monthly_returns.csv"))
doc = run_cli(os.path.join(DATA, "managers_monthly_returns.csv"), "--benchmark", "SP500 TR",
              "--rf-column", "US 3m TR")
assert doc["periods_per_year"] == 12 and doc["frequency"] == "monthly"
assert set(doc["columns"]) == {"HAM1", "HAM2", "HAM3", "HAM4", "HAM5", "HAM6", "EDHEC LS EQ", "US 10Y TR"}
bi, fi = names.index("SP500 TR"), names.index("US 3m TR")
o1 = dict(rf=0.0, mar=0.0, omega=0.0, levels=[0.95, 0.99], suffix=suffixes([0.95, 0.99]))
for name, col in doc["columns"].items():
    j = names.index(name)
    E, R, C, T = expected(dates, V[:, j], V[:, bi], V[:, fi], 12, o1)
    compare("managers/" + name, col, E, R, C, T)
    partial = np.isnan(V[:, j]).any() and False  # NaNs are leading in the series itself: no partial overlap
    if ("partial_overlap" in col["flags"]) != partial:
        failures.append(f"managers/{name}: unexpected partial_overlap flag state")

# ---- run 2: edhec, benchmark Funds of Funds, constant Rf 3 %, MAR 5 %, Omega L 2 %, fee 0.55 % -------------
dates, names, V = load(os.path.join(DATA, "edhec_monthly_returns.csv"))
doc = run_cli(os.path.join(DATA, "edhec_monthly_returns.csv"), "--benchmark", "Funds of Funds", "--rf", "0.03",
              "--mar", "0.05", "--omega-threshold", "0.02", "--fee", "0.0055")
bi = names.index("Funds of Funds")
f_const = (1.03) ** (1 / 12) - 1
o2 = dict(rf=0.03, rf_const=True, mar=0.05, omega=0.02, levels=[0.95, 0.99], suffix=suffixes([0.95, 0.99]))
assert len(doc["columns"]) == 12
for name, col in doc["columns"].items():
    j = names.index(name)
    f = np.full(len(dates), f_const)
    E, R, C, T = expected(dates, V[:, j], V[:, bi], f, 12, o2)
    compare("edhec/" + name, col, E, R, C, T)
    En, Rn, Cn, Tn = expected(dates, V[:, j] - 0.0055 / 12, V[:, bi], f, 12, o2)
    compare("edhec-net/" + name, col["net"], En, Rn, Cn, Tn)

# ---- run 3: options (PA 2.0.8 Sharpe family, other p, conventions, compat switches) ------------------------
dates, names, V = load(os.path.join(DATA, "managers_monthly_returns.csv"))
lv = [0.9, 0.975, 0.99]
doc = run_cli(os.path.join(DATA, "managers_monthly_returns.csv"), "--benchmark", "SP500 TR", "--rf", "0.02",
              "--columns", "HAM1,HAM2,HAM4", "--p", "0.9,0.975,0.99", "--pa-version", "2.0.8",
              "--alpha-convention", "return_minus_beta", "--capture-method", "pa_geometric", "--burke-pa-compat",
              "--ulcer-pa208-compat", "--es-operational", "false", "--modified-sharpe-p", "0.99",
              "--starr-p", "0.975", "--starr-method", "gaussian")
bi = names.index("SP500 TR")
o3 = dict(rf=0.02, rf_const=True, mar=0.0, omega=0.0, levels=lv, suffix=suffixes(lv), v208=True,
          alpha="return_minus_beta", capture="pa_geometric", burke_compat=True, ulcer208=True, operational=False,
          msp=0.99, starr_p=0.975, starr_method="gaussian")
assert list(doc["columns"]) == ["HAM1", "HAM2", "HAM4"]
for name, col in doc["columns"].items():
    j = names.index(name)
    E, R, C, T = expected(dates, V[:, j], V[:, bi], np.full(len(dates), 1.02 ** (1 / 12) - 1), 12, o3)
    compare("options/" + name, col, E, R, C, T)
doc4 = run_cli(os.path.join(DATA, "managers_monthly_returns.csv"), "--columns", "HAM3", "--benchmark", "SP500 TR",
               "--capture-method", "morningstar_geometric", "--alpha-convention", "ols_linear")
j = names.index("HAM3")
o4 = dict(rf=0.0, rf_const=True, mar=0.0, omega=0.0, levels=[0.95, 0.99], suffix=suffixes([0.95, 0.99]),
          capture="morningstar", alpha="ols_linear")
E, R, C, T = expected(dates, V[:, j], V[:, bi], np.zeros(len(dates)), 12, o4)
compare("options/HAM3", doc4["columns"]["HAM3"], E, R, C, T)

# Known PA reference figures (PA documentation / Appendix C), to 4 printed decimals.
d = run_cli(os.path.join(DATA, "managers_monthly_returns.csv"), "--columns", "HAM1,HAM2", "--benchmark", "SP500 TR",
            "--burke-pa-compat")
pa = [("HAM1", "var_modified_95", 0.0342), ("HAM1", "var_historical_95", 0.0258),
      ("HAM1", "max_drawdown", -0.1518), ("HAM1", "sortino_ratio", 0.7649), ("HAM1", "calmar_ratio", 0.9062),
      ("HAM1", "sterling_ratio", 0.5463), ("HAM2", "burke_ratio", 0.8970)]
for col, key, v in pa:
    got = d["columns"][col]["metrics"][key]
    if abs(got - v) > 6e-5:
        failures.append(f"PA reference {col} {key}: {got} vs {v}")

print(f"checked {checked[0]} values")
if failures:
    print(f"{len(failures)} failures:")
    for f in failures[:60]:
        print("  ", f)
    sys.exit(1)
print("ok")
