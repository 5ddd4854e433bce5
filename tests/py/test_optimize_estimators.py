#!/usr/bin/python3
"""Estimators and optimizer on PyPortfolioOpt's stock_prices.csv (20 stocks, daily, different start dates).

Every estimator is recomputed here with numpy from its definition (pandas / PyPortfolioOpt / scikit-learn
semantics written out: pct_change().dropna(how="all"), each asset's own history, pandas pairwise-complete
covariance, ewm(span, adjust=True), np.nan_to_num where PyPortfolioOpt uses it) and compared with
`riskdial optimize --problem P.json --estimates` (relative 1e-10). Then standard portfolios on these estimates
are solved independently with cvxopt (min volatility, max Sharpe via the homogenized QP, efficient risk via SOCP,
efficient return) and compared with the CLI: objective 1e-7 relative, weights 1e-5. The CSV front end
(`riskdial optimize stock_prices.csv --estimates`) is checked against the same reference values.
"""
import json
import os
import subprocess
import sys
import tempfile

import numpy as np
from cvx_support import robust
from cvxopt import matrix, solvers

solvers.options.update({"show_progress": False, "abstol": 1e-11, "reltol": 1e-11, "feastol": 1e-11,
                        "maxiters": 300})
CLI = os.environ.get("RISKDIAL_CLI", "build/native/core/riskdial")
DATA = os.environ.get("RISKDIAL_SHARED_DATA", "../shared/data")
failures = []
CAPM = {}


def fail(msg):
    failures.append(msg)
    print("FAIL:", msg)


def load_prices():
    with open(os.path.join(DATA, "pypfopt", "stock_prices.csv")) as f:
        header = f.readline().strip().split(",")
        rows = [[float(x) if x else np.nan for x in line.strip().split(",")[1:]] for line in f if line.strip()]
    return header[1:], np.array(rows)


def returns_from_prices(p):
    r = p[1:] / p[:-1] - 1.0
    keep = ~np.all(np.isnan(r), axis=1)
    return r[keep]


def ewm_last(v, span):
    a = 2.0 / (span + 1.0)
    w = (1 - a) ** np.arange(len(v) - 1, -1, -1)
    m = ~np.isnan(v)
    return np.sum(w[m] * v[m]) / np.sum(w[m])


def pair_cov(x, y):
    m = ~np.isnan(x) & ~np.isnan(y)
    if m.sum() < 2:
        return np.nan
    return np.cov(x[m], y[m])[0, 1]


def pairwise_cov(r):
    n = r.shape[1]
    return np.array([[pair_cov(r[:, i], r[:, j]) for j in range(n)] for i in range(n)])


def ref_estimates(r, P=252):
    n = r.shape[1]
    out = {}
    cnt = (~np.isnan(r)).sum(axis=0)
    out["mean_historical_return"] = np.nanprod(1 + r, axis=0) ** (P / cnt) - 1
    out["trailing_mean"] = np.nanmean(r, axis=0) * P
    out["ema_historical_return"] = np.array([(1 + ewm_last(r[:, j], 500)) ** P - 1 for j in range(n)])
    mkt = np.nanmean(r, axis=1)
    mk_ret = np.prod(1 + mkt) ** (P / len(mkt)) - 1
    beta = np.array([pair_cov(r[:, j], mkt) for j in range(n)]) / np.var(mkt, ddof=1)
    out["capm_return"] = beta * mk_ret
    CAPM["beta"], CAPM["mk"] = beta, mk_ret
    tm = out["trailing_mean"]
    out["shrunk_mean"] = 0.5 * tm + 0.5 * tm.mean()
    S = pairwise_cov(r)
    cov = {"sample_cov": S * P}
    d = np.where(np.isnan(r), 0.0, np.minimum(r - 0.000079, 0.0))
    cov["semicovariance"] = d.T @ d / r.shape[0] * P
    means = np.nanmean(r, axis=0)
    E = np.empty((n, n))
    for i in range(n):
        for j in range(n):
            E[i, j] = ewm_last((r[:, i] - means[i]) * (r[:, j] - means[j]), 180)
    cov["exp_cov"] = E * P
    X = np.nan_to_num(r)
    t = X.shape[0]
    Xm = X - X.mean(axis=0)
    emp = Xm.T @ Xm / t
    mu = np.trace(emp) / n
    X2 = Xm ** 2
    beta_ = (np.sum(X2.T @ X2) / t - np.sum(emp ** 2)) / (n * t)
    delta_ = np.sum((emp - mu * np.eye(n)) ** 2) / n
    sh = min(beta_, delta_) / delta_
    cov["ledoit_wolf"] = ((1 - sh) * emp + sh * mu * np.eye(n)) * P
    alpha = np.mean(emp ** 2)
    num = alpha + mu ** 2
    den = (t + 1) * (alpha - mu ** 2 / n)
    s = min(num / den, 1.0)
    cov["oracle_approximating"] = ((1 - s) * emp + s * mu * np.eye(n)) * P
    # single factor (Ledoit & Wolf 2001, as PyPortfolioOpt computes it)
    xmkt = X.mean(axis=1).reshape(t, 1)
    sample = np.cov(np.append(Xm, xmkt, axis=1), rowvar=False) * (t - 1) / t
    betas = sample[0:n, n].reshape(n, 1)
    varmkt = sample[n, n]
    sample = sample[:n, :n]
    F = betas @ betas.T / varmkt
    F[np.eye(n) == 1] = np.diag(sample)
    c = np.linalg.norm(sample - F, "fro") ** 2
    y = Xm ** 2
    p = np.sum(y.T @ y) / t - np.sum(sample ** 2)
    rdiag = np.sum(y ** 2) / t - np.sum(np.diag(sample) ** 2)
    z = Xm * np.tile(xmkt, (n,))
    v1 = y.T @ z / t - np.tile(betas, (n,)) * sample
    roff1 = np.sum(v1 * np.tile(betas, (n,)).T) / varmkt - np.sum(np.diag(v1) * betas.T) / varmkt
    v3 = z.T @ z / t - varmkt * sample
    roff3 = np.sum(v3 * (betas @ betas.T)) / varmkt ** 2 - np.sum(np.diag(v3).reshape(-1, 1) * betas ** 2) / varmkt ** 2
    k = (p - (rdiag + 2 * roff1 - roff3)) / c
    dl = max(0, min(1, k / t))
    cov["ledoit_wolf_single_factor"] = (dl * F + (1 - dl) * sample) * P
    # constant correlation (Ledoit & Wolf 2003, as PyPortfolioOpt computes it; S pairwise ddof 1)
    var = np.diag(S).reshape(-1, 1)
    std = np.sqrt(var)
    _var = np.tile(var, (n,))
    _std = np.tile(std, (n,))
    r_bar = (np.sum(S / (_std * _std.T)) - n) / (n * (n - 1))
    F = r_bar * (_std * _std.T)
    F[np.eye(n) == 1] = var.reshape(-1)
    pi_mat = y.T @ y / t - 2 * (Xm.T @ Xm) * S / t + S ** 2
    pi_hat = np.sum(pi_mat)
    term1 = (Xm ** 3).T @ Xm / t
    help_ = Xm.T @ Xm / t
    term2 = np.tile(np.diag(help_), (n, 1)).T * S
    term3 = help_ * _var
    term4 = _var * S
    theta = term1 - term2 - term3 + term4
    theta[np.eye(n) == 1] = 0
    rho_hat = np.sum(np.diag(pi_mat)) + r_bar * np.sum((1 / std) @ std.T * theta)
    kappa = (pi_hat - rho_hat) / np.linalg.norm(S - F, "fro") ** 2
    dl = max(0.0, min(1.0, kappa / t))
    cov["ledoit_wolf_constant_correlation"] = (dl * F + (1 - dl) * S) * P
    # spec ewma (complete rows, λ = 0.94, zero mean)
    Xc = r[~np.isnan(r).any(axis=1)]
    T = Xc.shape[0]
    w = (1 - 0.94) * 0.94 ** np.arange(T)[::-1] / (1 - 0.94 ** T)
    cov["ewma"] = (Xc.T * w) @ Xc * P
    # jorion on complete rows
    mh = Xc.mean(axis=0)
    Sc = np.cov(Xc, rowvar=False)
    St = Sc * (T - 1) / (T - n - 2)
    Si = np.linalg.inv(St)
    one = np.ones(n)
    mu0 = one @ Si @ mh / (one @ Si @ one)
    dd = (mh - mu0) @ Si @ (mh - mu0)
    dj = (n + 2) / ((n + 2) + T * dd)
    out["jorion"] = ((1 - dj) * mh + dj * mu0) * P
    return out, cov


def repair(c):
    s = 0.5 * (c + c.T)
    ev, v = np.linalg.eigh(s)
    floor = 1e-10 * ev.max()
    if ev.min() >= floor:
        return s
    r = (v * np.maximum(ev, floor)) @ v.T
    return 0.5 * (r + r.T)


def cli(tmp, doc, args):
    path = os.path.join(tmp, "p.json")
    with open(path, "w") as f:
        json.dump(doc, f)
    out = subprocess.run([CLI, "optimize", "--problem", path] + args, capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError(out.stderr)
    return json.loads(out.stdout)


def relmax(a, b):
    a, b = np.asarray(a, float), np.asarray(b, float)
    return float(np.max(np.abs(a - b) / np.maximum(np.maximum(np.abs(a), np.abs(b)), 1e-300)))


def main():
    names, prices = load_prices()
    r = returns_from_prices(prices)
    assert r.shape == (7125, 20), r.shape
    mus, covs = ref_estimates(r)
    rj = [[None if np.isnan(v) else float(v) for v in row] for row in r]
    with tempfile.TemporaryDirectory() as tmp:
        doc = {"returns": rj, "names": names}
        for rm, ref in mus.items():
            got = cli(tmp, doc, ["--estimates", "--returns-model", rm])
            err = relmax(got["mu"], ref)
            print("%-32s max rel err %.2e" % (rm, err))
            if err > 1e-10:
                fail("returns model %s: rel err %.3e" % (rm, err))
        for km, ref in covs.items():
            got = cli(tmp, doc, ["--estimates", "--risk-model", km])
            err = float(np.max(np.abs(np.array(got["cov"]) - ref)) / np.max(np.abs(ref)))
            print("%-32s max rel err %.2e" % (km, err))
            if err > 1e-10:
                fail("risk model %s: rel err %.3e" % (km, err))
        # --- the CSV front end (import_files → returns → estimators) gives the same numbers ---
        csv = os.path.join(DATA, "pypfopt", "stock_prices.csv")
        for rm, km in (("mean_historical_return", "sample_cov"), ("ema_historical_return", "exp_cov")):
            out = subprocess.run([CLI, "optimize", csv, "--estimates", "--returns-model", rm, "--risk-model", km],
                                 capture_output=True, text=True)
            if out.returncode != 0:
                fail("CSV mode failed: " + out.stderr)
                continue
            got = json.loads(out.stdout)
            if relmax(got["mu"], mus[rm]) > 1e-10 or np.max(np.abs(np.array(got["cov"]) - covs[km])) > 1e-10 * np.max(np.abs(covs[km])):
                fail("CSV mode %s/%s differs" % (rm, km))
        # --- portfolios on (mean_historical_return, sample_cov) and (capm_return, ledoit_wolf) ---
        for rm, km in (("mean_historical_return", "sample_cov"), ("capm_return", "ledoit_wolf"),
                       ("ema_historical_return", "exp_cov")):
            mu = mus[rm]
            sig = repair(covs[km])
            n = len(mu)
            G = matrix(np.vstack([-np.eye(n), np.eye(n)]))
            h = matrix(np.concatenate([np.zeros(n), np.ones(n)]))
            A, b = matrix(np.ones((1, n))), matrix(1.0)
            base = ["--returns-model", rm, "--risk-model", km]
            # min volatility
            ours = cli(tmp, doc, base + ["--objective", "min_volatility"])
            w = np.array([ours["weights"][k] for k in names])
            s = robust(solvers.qp, matrix(sig), matrix(np.zeros(n)), G, h, A, b)
            wc = np.array(s["x"]).ravel()
            tag = "%s/%s" % (rm, km)
            if abs(w @ sig @ w - wc @ sig @ wc) > 1e-7 * (wc @ sig @ wc) or np.abs(w - wc).max() > 1e-5:
                fail("%s min_volatility: var %.12e vs %.12e, dw %.2e" % (tag, w @ sig @ w, wc @ sig @ wc, np.abs(w - wc).max()))
            # max Sharpe (rf = 0.02): min yᵀΣy s.t. (μ − rf)ᵀy = 1, y ≥ 0
            rf = 0.02
            ours = cli(tmp, doc, base + ["--objective", "max_sharpe", "--risk-free-rate", str(rf)])
            if rm == "capm_return":  # one --risk-free-rate feeds both capm_return and the Sharpe ratio
                mu = rf + CAPM["beta"] * (CAPM["mk"] - rf)
            w = np.array([ours["weights"][k] for k in names])
            s = robust(solvers.qp, matrix(sig), matrix(np.zeros(n)), matrix(-np.eye(n)), matrix(np.zeros(n)),
                           matrix((mu - rf).reshape(1, n)), matrix(1.0))
            y = np.array(s["x"]).ravel()
            wc = y / y.sum()
            sh = lambda v: (mu @ v - rf) / np.sqrt(v @ sig @ v)
            if abs(sh(w) - sh(wc)) > 1e-7 * abs(sh(wc)) or np.abs(w - wc).max() > 1e-5:
                fail("%s max_sharpe: %.12f vs %.12f, dw %.2e" % (tag, sh(w), sh(wc), np.abs(w - wc).max()))
            if abs(ours["sharpe"] - sh(w)) > 1e-10 * abs(sh(w)):
                fail("%s reported sharpe %.15f vs %.15f" % (tag, ours["sharpe"], sh(w)))
            mu = mus[rm]
            # efficient risk at the middle of [σ_min, σ_top]
            lo = cli(tmp, doc, base + ["--objective", "efficient_risk", "--target-volatility", "1e-9"])
            target = 0.5 * (lo["sigma_min"] + lo["sigma_top"])
            ours = cli(tmp, doc, base + ["--objective", "efficient_risk", "--target-volatility", repr(target)])
            w = np.array([ours["weights"][k] for k in names])
            ev, V = np.linalg.eigh(sig)
            Lt = (V * np.sqrt(np.maximum(ev, 0))).T
            s = robust(solvers.socp, matrix(-mu), Gl=G, hl=h, Gq=[matrix(np.vstack([np.zeros((1, n)), -Lt]))],
                             hq=[matrix(np.concatenate([[target], np.zeros(n)]))], A=A, b=b)
            wc = np.array(s["x"]).ravel()
            if abs(mu @ w - mu @ wc) > 1e-7 * abs(mu @ wc) or np.abs(w - wc).max() > 1e-5:
                fail("%s efficient_risk: %.12f vs %.12f, dw %.2e" % (tag, mu @ w, mu @ wc, np.abs(w - wc).max()))
            if abs(ours["volatility"] - target) > 1e-9:
                fail("%s efficient_risk vol %.15f vs %.15f" % (tag, ours["volatility"], target))
            # efficient return at the middle of the attainable returns
            tr = 0.5 * (lo["expected_return"] + lo["mu_max"])
            ours = cli(tmp, doc, base + ["--objective", "efficient_return", "--target-return", repr(tr)])
            w = np.array([ours["weights"][k] for k in names])
            s = robust(solvers.qp, matrix(sig), matrix(np.zeros(n)), matrix(np.vstack([-np.eye(n), np.eye(n), -mu])),
                           matrix(np.concatenate([np.zeros(n), np.ones(n), [-tr]])), A, b)
            wc = np.array(s["x"]).ravel()
            if abs(w @ sig @ w - wc @ sig @ wc) > 1e-7 * (wc @ sig @ wc) or np.abs(w - wc).max() > 1e-5:
                fail("%s efficient_return: dw %.2e" % (tag, np.abs(w - wc).max()))
            print("%-45s portfolios ok" % tag if not failures else tag)
    if failures:
        print("%d failures" % len(failures))
        sys.exit(1)
    print("ok")


if __name__ == "__main__":
    main()
