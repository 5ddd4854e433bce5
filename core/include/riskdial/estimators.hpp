// riskdial/estimators.hpp — expected-return and covariance estimators (spec §3.4–3.5; PyPortfolioOpt names).
#pragma once

#include "riskdial/error.hpp"
#include "riskdial/types.hpp"

namespace riskdial {}  // namespace riskdial
