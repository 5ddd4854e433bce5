// Private: two doubles in one 128-bit register, for the optimizer's dense kernels (cholesky.cpp, mat_vec.cpp).
//
// Eigen 3.4 has no WebAssembly SIMD path, so its dense kernels run one scalar at a time in the WASM build. The
// GCC/clang vector extension below compiles to SSE2 natively and to simd128 in WASM (em++ -msimd128), so a
// kernel written with it runs vectorized, and computes the same bits, in both builds (element-wise + − × only:
// neither target contracts them into fused multiply-adds).
#pragma once

#include <cstring>

namespace riskdial::detail {

typedef double V2 __attribute__((vector_size(16)));

inline V2 load2(const double* p) noexcept {
  V2 v;
  std::memcpy(&v, p, sizeof v);  // unaligned load
  return v;
}
inline void store2(double* p, V2 v) noexcept { std::memcpy(p, &v, sizeof v); }
inline V2 splat(double x) noexcept { return V2{x, x}; }

}  // namespace riskdial::detail
