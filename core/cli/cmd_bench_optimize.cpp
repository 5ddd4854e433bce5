// riskdial bench-optimize [--quick] — times efficient_risk (binding target, long-only, w_i ≤ max(0.1, 2/N))
// for N = 20, 100, 400 assets, covariance and mean from 252 seeded synthetic daily returns (3-factor model),
// cold (fresh Optimizer) and warm-started (the same Optimizer after solving the window ending 5 days earlier),
// after an untimed warm-up;
// N = 400 twice: sample covariance (singular: T < N, so each solve includes the §3.5 repair) and Ledoit–Wolf.
// --only SUBSTRING runs the cases whose name contains it; --reps K overrides the repetitions (profiling).
// N = 20 times batches of 16 solves per sample ("batch"; the figures are per solve).
// cpu_median_ms is process CPU time (std::clock), robust on a loaded machine.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "cli_util.hpp"
#include "commands.hpp"
#include "riskdial/estimators.hpp"
#include "riskdial/optimize.hpp"

namespace riskdial::cli {

namespace {

Mat synthetic_returns(Index t, Index n, unsigned seed) {
  PortableNormal nd(seed);  // same data natively and in WASM
  Mat load(n, 3);
  for (Index i = 0; i < n; ++i)
    for (Index k = 0; k < 3; ++k) load(i, k) = (k == 0 ? 1.0 : 0.5) * nd();
  Mat r(t, n);
  for (Index s = 0; s < t; ++s) {
    double f[3] = {0.01 * nd(), 0.006 * nd(), 0.004 * nd()};
    for (Index i = 0; i < n; ++i)
      r(s, i) = 0.0003 + 0.0001 * (i % 7) + load(i, 0) * f[0] + load(i, 1) * f[1] + load(i, 2) * f[2] +
                0.012 * nd();
  }
  return r;
}

OptimizeProblem window_problem(const Mat& r, Index start, Index len, bool shrink) {
  Mat x = r.middleRows(start, len);
  Vec m = x.colwise().mean().transpose();
  Mat xc = x.rowwise() - m.transpose();
  OptimizeProblem p;
  p.cov = shrink ? ledoit_wolf(x, ShrinkageTarget::ConstantVariance, 252)
                 : Mat(252.0 * (xc.transpose() * xc) / static_cast<double>(len - 1));
  if (!shrink && len < r.cols())  // singular sample Σ = FᵀF: the factor lets the repair work on FFᵀ (T×T)
    p.cov_factor = xc * std::sqrt(252.0 / static_cast<double>(len - 1));
  p.mu = 252.0 * m;
  p.upper = Vec::Constant(r.cols(), std::max(0.1, 2.0 / static_cast<double>(r.cols())));
  return p;
}

struct Stats {
  double median, min;
};

Stats stats(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return {v[v.size() / 2], v.front()};
}

}  // namespace

int cmd_bench_optimize(int argc, char** argv) {
  Args a = parse_args(argc, argv, 2, {"quick"});
  if (auto e = check_known(a, {"quick", "only", "reps"})) return fail(*e);
  const bool quick = a.has("quick");
  int reps_override = 0;
  if (auto r = a.get("reps")) {
    auto v = parse_double_option("reps", *r);
    if (!v) return fail(v.error());
    reps_override = std::max(1, static_cast<int>(*v));
  }
  const std::string only = a.get("only").value_or("");
  using clock = std::chrono::steady_clock;
  nlohmann::json out;
  out["benchmark"] = "optimize";
  out["cases"] = nlohmann::json::array();
  struct Case {
    Index n;
    bool shrink;
  };
  for (Case cs : {Case{20, false}, Case{100, false}, Case{400, false}, Case{400, true}}) {
    const Index n = cs.n;
    const std::string nm = "efficient_risk_n" + std::to_string(n) + (cs.shrink ? "_ledoit_wolf" : "");
    if (!only.empty() && (nm + "_cold").find(only) == std::string::npos &&
        (nm + "_warm").find(only) == std::string::npos)
      continue;
    const Mat r = synthetic_returns(252 + 5, n, 42u + static_cast<unsigned>(n));
    const OptimizeProblem prev = window_problem(r, 0, 252, cs.shrink);
    const OptimizeProblem cur = window_problem(r, 5, 252, cs.shrink);
    OptimizeSettings s;
    s.objective = Objective::EfficientRisk;
    s.target_volatility = 1e-9;
    auto b = optimize(cur, s);
    if (!b) return fail(b.error());
    s.target_volatility = b->sigma_min + 0.4 * (b->sigma_top - b->sigma_min);
    const int reps = reps_override > 0 ? reps_override : quick ? 2 : (n <= 20 ? 100 : (n <= 100 ? 40 : 7));
    // Solves per timed sample: N = 20 solves take tens of µs, and Chromium coarsens performance.now() to
    // 5 µs steps in the bench page, so each sample times a batch of 16 solves (each by its own Optimizer)
    // and reports the time per solve.
    const int batch = n <= 20 ? 16 : 1;
    // Untimed warm-up, as in bench-backtest: in WASM the first solves run V8's baseline (Liftoff) code until
    // the optimizing tier has compiled the hot functions in the background. 1 s of solve pairs (0.25 s left
    // Chromium's N = 20 medians at 1.5–2.7× their minima), one pair with --quick.
    for (const auto w0 = clock::now();;) {
      Optimizer o;
      if (auto r = o.solve(prev, s); !r) return fail(r.error());
      if (auto r = o.solve(cur, s); !r) return fail(r.error());
      if (quick || std::chrono::duration<double>(clock::now() - w0).count() >= 1.0) break;
    }
    const bool run_cold = only.empty() || (nm + "_cold").find(only) != std::string::npos;
    const bool run_warm = only.empty() || (nm + "_warm").find(only) != std::string::npos;
    std::vector<double> cold, warm, cold_cpu, warm_cpu;
    OptimizeResult last;
    int iters_cold = 0, iters_warm = 0;
    std::vector<Result<OptimizeResult>> results;
    results.reserve(static_cast<std::size_t>(batch));
    // Times `batch` solves of `cur`, one by each optimizer; per-solve wall and CPU ms.
    auto time_batch = [&](std::vector<Optimizer>& os, std::vector<double>& wall,
                          std::vector<double>& cpu) -> std::optional<Error> {
      results.clear();
      const std::clock_t c0 = std::clock();
      const auto t0 = clock::now();
      for (Optimizer& o : os) results.push_back(o.solve(cur, s));
      const auto t1 = clock::now();
      cpu.push_back(1000.0 * static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC / batch);
      wall.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count() / batch);
      for (const auto& r : results)
        if (!r) return r.error();
      return std::nullopt;
    };
    for (int k = 0; k < reps && run_cold; ++k) {
      std::vector<Optimizer> os(static_cast<std::size_t>(batch));
      if (auto e = time_batch(os, cold, cold_cpu)) return fail(*e);
      iters_cold = results.back()->iterations;
      last = *results.back();
    }
    for (int k = 0; k < reps && run_warm; ++k) {
      std::vector<Optimizer> os(static_cast<std::size_t>(batch));
      for (Optimizer& o : os)
        if (auto primed = o.solve(prev, s); !primed) return fail(primed.error());
      if (auto e = time_batch(os, warm, warm_cpu)) return fail(*e);
      iters_warm = results.back()->iterations;
    }
    if (run_cold) {
      const Stats c = stats(cold), cc = stats(cold_cpu);
      out["cases"].push_back({{"name", nm + "_cold"}, {"median_ms", c.median}, {"min_ms", c.min},
                              {"reps", reps}, {"batch", batch}, {"cpu_median_ms", cc.median}, {"n", n},
                              {"iterations", iters_cold}, {"volatility", last.volatility},
                              {"target", s.target_volatility},
                              {"covariance_repaired", last.covariance_repaired}});
    }
    if (run_warm) {
      const Stats w = stats(warm), wc = stats(warm_cpu);
      nlohmann::json wj = {{"name", nm + "_warm"}, {"median_ms", w.median}, {"min_ms", w.min}, {"reps", reps},
                           {"batch", batch}, {"cpu_median_ms", wc.median}, {"n", n}, {"iterations", iters_warm}};
      if (run_cold) wj["speedup_vs_cold"] = stats(cold).median / w.median;
      out["cases"].push_back(wj);
    }
  }
  std::printf("%s\n", out.dump().c_str());
  return 0;
}

}  // namespace riskdial::cli
