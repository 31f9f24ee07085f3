// GELU, tanh approximation as in GPT-2: gelu(x) = ½·x·(1 + tanh(u)), u = √(2/π)·(x + 0.044715·x³),
// and its derivative: one copy of the maths for shaders/gelu.wgsl and the kernels that fuse GELU
// into a matrix product (shaders/matmul.wgsl gemm_bias_gelu, shaders/matmul_backward.wgsl).
// tanh is evaluated on u clamped to ±GELU_U_MAX: some implementations compute tanh through exp(2u)
// and return inf/inf = NaN for large u (x = ±10 already gives |u| ≈ 44). tanh(10) rounds to exactly
// ±1 in float32, so the clamp changes nothing representable. It also keeps x³ from reaching the tanh as ±inf.

const GELU_K: f32 = 0.7978845608028654; // √(2/π)
const GELU_A: f32 = 0.044715;
const GELU_U_MAX: f32 = 10.0;

fn gelu_u(x: f32) -> f32 {
  return GELU_K * (x + GELU_A * x * x * x);
}

fn gelu_of(x: f32) -> f32 {
  return 0.5 * x * (1.0 + tanh(clamp(gelu_u(x), -GELU_U_MAX, GELU_U_MAX)));
}

// gelu'(x) = ½(1 + tanh u) + ½·x·sech²(u)·√(2/π)·(1 + 3·0.044715·x²).
fn gelu_grad(x: f32) -> f32 {
  let u = gelu_u(x);
  let t = tanh(clamp(u, -GELU_U_MAX, GELU_U_MAX));
  // sech²(u) = 4e/(1 + e)² with e = exp(−2|u|) ≤ 1: accurate to a few ulp, where 1 − t² loses all
  // digits to cancellation (x = 5: sech² ≈ 2e-7, exactly the size of 1 − t²'s rounding error, times
  // a factor x·(1 + 3·0.044715·x²) ≈ 44). Unclamped u, so the slope decays as it should; exp(−inf) = 0.
  let e = exp(-2.0 * abs(u));
  let sech2 = 4.0 * e / ((1.0 + e) * (1.0 + e));
  // Where sech² is 0, skip the second term so 0·x² cannot give NaN (x² = inf for |x| > 1.8e19).
  var grad = 0.5 * (1.0 + t);
  if (sech2 > 0.0) { grad += 0.5 * x * sech2 * GELU_K * (1.0 + 3.0 * GELU_A * x * x); }
  return grad;
}
