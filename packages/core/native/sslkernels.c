/*
 * The blas backend's native element-wise kernels (loaded through bun:ffi by NativeKernels.ts). Each one computes
 * exactly what tfjs' cpu kernel computes -- the same float64 operation rounded once to float32 -- so results are
 * bit-identical to the JavaScript kernels they replace; built with -O3 for the machine it runs on, so the loops
 * are vectorised. No -ffast-math: NaN and signed zeros must behave as in JavaScript.
 *
 * Arrays are float32, contiguous, row-major. Sizes are int32 (tfjs tensors have fewer than 2^31 elements).
 */
#include <math.h>
#include <stdint.h>
#include <string.h>

/* Binary ops: out = op(a, b), computed in float64 and rounded once, as `o[i] = expr` does in JavaScript. */
enum { OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_MAX, OP_MIN, OP_SQDIFF, OP_RELU_GRAD, OP_COUNT };

/* Math.max / Math.min: NaN if either is NaN; +0 is above -0. */
static inline double js_max(double x, double y) {
  if (x != x || y != y) return NAN;
  if (x > y) return x;
  if (y > x) return y;
  return signbit(x) ? y : x;
}
static inline double js_min(double x, double y) {
  if (x != x || y != y) return NAN;
  if (x < y) return x;
  if (y < x) return y;
  return signbit(x) ? x : y;
}

/* One inner loop per op and stride pattern (both contiguous, b constant, a constant), so each vectorises. */
#define BINARY_LOOPS(NAME, EXPR)                                                                                 \
  static void NAME##_both(float *restrict o, const float *restrict a, const float *restrict b, int32_t n) {     \
    for (int32_t i = 0; i < n; i++) { const double x = a[i], y = b[i]; o[i] = (float)(EXPR); }                \
  }                                                                                                              \
  static void NAME##_bconst(float *restrict o, const float *restrict a, const float *restrict b, int32_t n) {   \
    const double y = b[0];                                                                                       \
    for (int32_t i = 0; i < n; i++) { const double x = a[i]; o[i] = (float)(EXPR); }                           \
  }                                                                                                              \
  static void NAME##_aconst(float *restrict o, const float *restrict a, const float *restrict b, int32_t n) {   \
    const double x = a[0];                                                                                       \
    for (int32_t i = 0; i < n; i++) { const double y = b[i]; o[i] = (float)(EXPR); }                           \
  }

BINARY_LOOPS(add, x + y)
BINARY_LOOPS(sub, x - y)
BINARY_LOOPS(mul, x * y)
BINARY_LOOPS(div, x / y)
BINARY_LOOPS(max, js_max(x, y))
BINARY_LOOPS(min, js_min(x, y))
BINARY_LOOPS(sqdiff, (x - y) * (x - y))
/*
 * ReLU's gradient: a = x (the ReLU input), b = dy; dy * step(x), NaN in x propagated. Written as selects
 * (dy where x > 0, x where x is NaN, dy * 0 otherwise: ±0, or NaN for an infinite dy) so that it vectorises.
 */
BINARY_LOOPS(relugrad, x > 0 ? y : (x != x ? x : y * 0.0))

typedef void (*inner_fn)(float *restrict, const float *restrict, const float *restrict, int32_t);
static const inner_fn LOOPS[OP_COUNT][3] = {
  {add_both, add_bconst, add_aconst}, {sub_both, sub_bconst, sub_aconst}, {mul_both, mul_bconst, mul_aconst},
  {div_both, div_bconst, div_aconst}, {max_both, max_bconst, max_aconst}, {min_both, min_bconst, min_aconst},
  {sqdiff_both, sqdiff_bconst, sqdiff_aconst}, {relugrad_both, relugrad_bconst, relugrad_aconst},
};

#define MAX_RANK 16

/*
 * Broadcasting binary op over merged dims (see broadcastLayout.ts): `dims[k]`, per-dim strides of a and b
 * (0 = broadcast), innermost dim last. An odometer walks the outer dims; the innermost runs one vectorised loop.
 * Returns 0, or -1 for an unknown op or rank.
 */
int32_t ssl_binary(int32_t op, float *out, const float *a, const float *b, int32_t k, const int32_t *dims,
                   const int32_t *sa, const int32_t *sb) {
  if (op < 0 || op >= OP_COUNT || k < 0 || k > MAX_RANK) return -1;
  if (k == 0) { LOOPS[op][0](out, a, b, 1); return 0; }
  const int32_t n = dims[k - 1], ia = sa[k - 1], ib = sb[k - 1];
  const inner_fn inner = LOOPS[op][ia == 1 && ib == 1 ? 0 : ia == 1 ? 1 : 2];
  int64_t rows = 1;
  for (int32_t d = 0; d < k - 1; d++) rows *= dims[d];
  int32_t idx[MAX_RANK] = {0};
  int64_t ao = 0, bo = 0;
  for (int64_t r = 0; r < rows; r++) {
    inner(out + r * n, a + ao, b + bo, n);
    for (int32_t d = k - 2; d >= 0; d--) {
      ao += sa[d];
      bo += sb[d];
      if (++idx[d] < dims[d]) break;
      ao -= (int64_t)sa[d] * dims[d];
      bo -= (int64_t)sb[d] * dims[d];
      idx[d] = 0;
    }
  }
  return 0;
}

/* Unary ops, same rule: float64 expression rounded once. */
enum { UN_RELU, UN_STEP, UN_NEG, UN_ABS, UN_SQUARE, UN_SQRT, UN_RSQRT, UN_RECIPROCAL, UN_COUNT };

#define UNARY_LOOP(NAME, EXPR)                                                                             \
  static void NAME(float *restrict o, const float *restrict xs, int32_t n, double alpha) {                 \
    (void)alpha;                                                                                           \
    for (int32_t i = 0; i < n; i++) { const double x = xs[i]; o[i] = (float)(EXPR); }                     \
  }

UNARY_LOOP(u_relu, x > 0 ? x : (x != x ? x : 0.0)) /* Math.max(0, x): NaN stays NaN, -0 becomes +0 */
UNARY_LOOP(u_step, x != x ? x : (x > 0 ? 1.0 : alpha))
UNARY_LOOP(u_neg, -x)
UNARY_LOOP(u_abs, fabs(x))
UNARY_LOOP(u_square, x * x)
UNARY_LOOP(u_sqrt, sqrt(x))
UNARY_LOOP(u_rsqrt, 1.0 / sqrt(x))
UNARY_LOOP(u_reciprocal, 1.0 / x)

typedef void (*unary_fn)(float *restrict, const float *restrict, int32_t, double);
static const unary_fn UNARY[UN_COUNT] = {u_relu, u_step, u_neg, u_abs, u_square, u_sqrt, u_rsqrt, u_reciprocal};

int32_t ssl_unary(int32_t op, float *out, const float *x, int32_t n, double alpha) {
  if (op < 0 || op >= UN_COUNT || n < 0) return -1;
  UNARY[op](out, x, n, alpha);
  return 0;
}

/*
 * Reductions of x viewed as [outer, reduced, inner] into out[outer, inner], accumulated in float64 as the cpu
 * kernel does. Max/min propagate NaN.
 */
enum { RED_SUM, RED_MEAN, RED_MAX, RED_MIN };

int32_t ssl_reduce(int32_t op, float *out, const float *x, int32_t outer, int32_t reduced, int32_t inner, double *acc) {
  if (op < RED_SUM || op > RED_MIN || reduced < 1) return -1;
  for (int32_t o = 0; o < outer; o++) {
    const float *base = x + (int64_t)o * reduced * inner;
    float *dst = out + (int64_t)o * inner;
    if (op == RED_SUM || op == RED_MEAN) {
      const double scale = op == RED_MEAN ? 1.0 / reduced : 1.0;
      if (inner == 1) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int32_t j = 0;
        for (; j + 3 < reduced; j += 4) { s0 += base[j]; s1 += base[j + 1]; s2 += base[j + 2]; s3 += base[j + 3]; }
        for (; j < reduced; j++) s0 += base[j];
        const double s = (s0 + s1) + (s2 + s3);
        dst[0] = (float)(op == RED_MEAN ? s / reduced : s);
        continue;
      }
      for (int32_t i = 0; i < inner; i++) acc[i] = 0;
      for (int32_t r = 0; r < reduced; r++) {
        const float *row = base + (int64_t)r * inner;
        for (int32_t i = 0; i < inner; i++) acc[i] += row[i];
      }
      for (int32_t i = 0; i < inner; i++) dst[i] = (float)(acc[i] * scale);
    } else {
      const int is_max = op == RED_MAX;
      for (int32_t i = 0; i < inner; i++) acc[i] = base[i];
      for (int32_t r = 1; r < reduced; r++) {
        const float *row = base + (int64_t)r * inner;
        for (int32_t i = 0; i < inner; i++) {
          const double v = row[i], m = acc[i];
          if (is_max ? v > m : v < m) acc[i] = v;
          else if (v != v) acc[i] = v;
        }
      }
      for (int32_t i = 0; i < inner; i++) dst[i] = (float)acc[i];
    }
  }
  return 0;
}

/* y[rows, nb] += bias[nb] (the fused kernels' bias repeating every nb elements); then optionally ReLU. */
void ssl_bias_relu(float *restrict y, int32_t rows, const float *restrict bias, int32_t nb, int32_t relu) {
  for (int32_t r = 0; r < rows; r++) {
    float *row = y + (int64_t)r * nb;
    if (bias != 0) for (int32_t j = 0; j < nb; j++) row[j] += bias[j];
    if (relu) for (int32_t j = 0; j < nb; j++) row[j] = row[j] < 0 ? 0.0f : row[j];
  }
}

/*
 * im2col for images [n0, n1) of NHWC x (see im2col.ts): one panel row per output pixel, columns (kh, kw, c);
 * padding written as zeros. geom = [H, W, C, OH, OW, KH, KW, sh, sw, dh, dw, top, left].
 */
void ssl_im2col(const float *restrict x, const int32_t *geom, int32_t n0, int32_t n1, float *restrict cols) {
  const int32_t H = geom[0], W = geom[1], C = geom[2], OH = geom[3], OW = geom[4], KH = geom[5], KW = geom[6];
  const int32_t sh = geom[7], sw = geom[8], dh = geom[9], dw = geom[10], top = geom[11], left = geom[12];
  const int32_t rowLen = KW * C;
  float *o = cols;
  for (int32_t n = n0; n < n1; n++) {
    const float *xImage = x + (int64_t)n * H * W * C;
    for (int32_t oh = 0; oh < OH; oh++) {
      for (int32_t ow = 0; ow < OW; ow++) {
        const int32_t iw0 = ow * sw - left;
        const int rowInBounds = dw == 1 && iw0 >= 0 && iw0 + KW <= W;
        for (int32_t kh = 0; kh < KH; kh++) {
          const int32_t ih = oh * sh - top + kh * dh;
          if (ih < 0 || ih >= H) { memset(o, 0, sizeof(float) * rowLen); o += rowLen; continue; }
          const float *xRow = xImage + (int64_t)ih * W * C;
          if (rowInBounds) { memcpy(o, xRow + (int64_t)iw0 * C, sizeof(float) * rowLen); o += rowLen; continue; }
          for (int32_t kw = 0; kw < KW; kw++) {
            const int32_t iw = iw0 + kw * dw;
            if (iw < 0 || iw >= W) memset(o, 0, sizeof(float) * C);
            else memcpy(o, xRow + (int64_t)iw * C, sizeof(float) * C);
            o += C;
          }
        }
      }
    }
  }
}

/* The adjoint of im2col: adds each panel entry back to the NHWC position it was read from (padding dropped). */
void ssl_col2im(const float *restrict cols, const int32_t *geom, int32_t n0, int32_t n1, float *restrict dx) {
  const int32_t H = geom[0], W = geom[1], C = geom[2], OH = geom[3], OW = geom[4], KH = geom[5], KW = geom[6];
  const int32_t sh = geom[7], sw = geom[8], dh = geom[9], dw = geom[10], top = geom[11], left = geom[12];
  const int32_t rowLen = KW * C;
  const float *o = cols;
  for (int32_t n = n0; n < n1; n++) {
    float *xImage = dx + (int64_t)n * H * W * C;
    for (int32_t oh = 0; oh < OH; oh++) {
      for (int32_t ow = 0; ow < OW; ow++) {
        const int32_t iw0 = ow * sw - left;
        const int rowInBounds = dw == 1 && iw0 >= 0 && iw0 + KW <= W;
        for (int32_t kh = 0; kh < KH; kh++) {
          const int32_t ih = oh * sh - top + kh * dh;
          if (ih < 0 || ih >= H) { o += rowLen; continue; }
          float *xRow = xImage + (int64_t)ih * W * C;
          if (rowInBounds) {
            float *dst = xRow + (int64_t)iw0 * C;
            for (int32_t j = 0; j < rowLen; j++) dst[j] += o[j];
            o += rowLen;
            continue;
          }
          for (int32_t kw = 0; kw < KW; kw++) {
            const int32_t iw = iw0 + kw * dw;
            if (iw >= 0 && iw < W) {
              float *dst = xRow + (int64_t)iw * C;
              for (int32_t c = 0; c < C; c++) dst[c] += o[c];
            }
            o += C;
          }
        }
      }
    }
  }
}

/*
 * One SGD step with momentum and weight decay (PyTorch semantics), as the op sequence it replaces computes it, one
 * float32 rounding per op (float32 scalars, no contraction into FMA: -std=c11 turns it off):
 *   d = g + p·wd (skipped when wd = 0);  b' = b·μ + d (b' = d when μ = 0);  p' = p − b'·lr.
 */
void ssl_sgd(float *restrict pOut, float *restrict bOut, const float *restrict p, const float *restrict b,
             const float *restrict g, int32_t n, float lr, float momentum, float wd) {
  const int decay = wd != 0.0f, heavy = momentum != 0.0f;
  for (int32_t i = 0; i < n; i++) {
    const float d = decay ? g[i] + p[i] * wd : g[i];
    const float nb = heavy ? b[i] * momentum + d : d;
    bOut[i] = nb;
    pOut[i] = p[i] - nb * lr;
  }
}

/* EMA of parameters, t' = t·γ + o·(1 − γ), with γ and 1 − γ as float32 scalars (as the op sequence's scalar tensors). */
void ssl_ema(float *restrict out, const float *restrict t, const float *restrict o, int32_t n, float gamma, float rest) {
  for (int32_t i = 0; i < n; i++) out[i] = t[i] * gamma + o[i] * rest;
}

/*
 * BatchNorm in training mode over x [M, C] (channels last): per-channel batch mean and biased variance (two passes,
 * float64), then y = (x − mean)·invstd·γ + β with invstd = 1/sqrt(var + eps) (γ, β optional). acc holds 2C doubles.
 */
void ssl_bn_forward(const float *restrict x, int32_t M, int32_t C, const float *restrict gamma, const float *restrict beta,
                    double eps, float *restrict y, float *restrict mean, float *restrict var, double *restrict acc) {
  double *sum = acc, *scale = acc + C;
  for (int32_t c = 0; c < C; c++) sum[c] = 0;
  for (int32_t r = 0; r < M; r++) { const float *row = x + (int64_t)r * C; for (int32_t c = 0; c < C; c++) sum[c] += row[c]; }
  for (int32_t c = 0; c < C; c++) { sum[c] /= M; scale[c] = 0; }
  for (int32_t r = 0; r < M; r++) {
    const float *row = x + (int64_t)r * C;
    for (int32_t c = 0; c < C; c++) { const double d = (double)row[c] - sum[c]; scale[c] += d * d; }
  }
  for (int32_t c = 0; c < C; c++) {
    mean[c] = (float)sum[c];
    var[c] = (float)(scale[c] / M);
    scale[c] = 1.0 / sqrt(scale[c] / M + eps) * (gamma ? gamma[c] : 1.0f);
  }
  for (int32_t r = 0; r < M; r++) {
    const float *row = x + (int64_t)r * C;
    float *out = y + (int64_t)r * C;
    for (int32_t c = 0; c < C; c++) out[c] = (float)(((double)row[c] - sum[c]) * scale[c] + (beta ? beta[c] : 0.0));
  }
}

/*
 * Its gradient, given dy and the cotangents of the mean and variance outputs (zeros when they feed no loss):
 *   dβ = Σ dy;  dγ = Σ dy·x̂;  dx = γ·invstd·(dy − dβ/M − x̂·dγ/M) + dmean/M + dvar·2(x − mean)/M,
 * with x̂ = (x − mean)·invstd from the saved mean and variance; per channel this is dx = a·dy + b·(x − mean) + c.
 * acc holds 5C doubles.
 */
void ssl_bn_backward(const float *restrict dy, const float *restrict x, int32_t M, int32_t C, const float *restrict mean,
                     const float *restrict var, const float *restrict gamma, const float *restrict dmean,
                     const float *restrict dvar, double eps, float *restrict dx, float *restrict dgamma,
                     float *restrict dbeta, double *restrict acc) {
  double *sdy = acc, *sdyx = acc + C, *ka = acc + 2 * C, *kb = acc + 3 * C, *kc = acc + 4 * C;
  for (int32_t c = 0; c < C; c++) { sdy[c] = 0; sdyx[c] = 0; }
  for (int32_t r = 0; r < M; r++) {
    const float *g = dy + (int64_t)r * C, *row = x + (int64_t)r * C;
    for (int32_t c = 0; c < C; c++) { sdy[c] += g[c]; sdyx[c] += (double)g[c] * ((double)row[c] - mean[c]); }
  }
  for (int32_t c = 0; c < C; c++) {
    const double invstd = 1.0 / sqrt((double)var[c] + eps), gm = gamma ? gamma[c] : 1.0;
    dbeta[c] = (float)sdy[c];
    dgamma[c] = (float)(sdyx[c] * invstd);
    ka[c] = gm * invstd;
    kb[c] = 2.0 * dvar[c] / M - ka[c] * invstd * invstd * sdyx[c] / M;
    kc[c] = (dmean[c] - ka[c] * sdy[c]) / M;
  }
  for (int32_t r = 0; r < M; r++) {
    const float *g = dy + (int64_t)r * C, *row = x + (int64_t)r * C;
    float *out = dx + (int64_t)r * C;
    for (int32_t c = 0; c < C; c++) out[c] = (float)(ka[c] * g[c] + kb[c] * ((double)row[c] - mean[c]) + kc[c]);
  }
}

/* The version of this file's ABI; NativeKernels.ts refuses a library with another. */
int32_t ssl_kernels_abi(void) { return 3; }

/* ==== DirectPred's predictor reconstruction (float64) ==== */

/*
 * W = Q diag(p) Qᵀ [n, n] from q [n, n] row-major (column k = eigenvector k) and p [n]: the loops of the JavaScript
 * fallback (scaledGram.ts) in the same order -- qt = Qᵀ, row k of `scaled` = p_k·qt_k, the upper triangle summed
 * over k in ascending order, then mirrored -- so W is bit-identical to it (no FMA contraction under -std=c11) and
 * exactly symmetric. scratch holds 2n² doubles; out is fully written.
 */
void ssl_scaled_gram(const double *restrict q, const double *restrict p, int32_t n, double *restrict scratch,
                     double *restrict out) {
  const int64_t nn = (int64_t)n * n;
  double *restrict qt = scratch, *restrict scaled = scratch + nn;
  for (int32_t i = 0; i < n; i++)
    for (int32_t k = 0; k < n; k++) qt[(int64_t)k * n + i] = q[(int64_t)i * n + k];
  for (int64_t k = 0; k < n; k++)
    for (int32_t i = 0; i < n; i++) scaled[k * n + i] = p[k] * qt[k * n + i];
  for (int64_t i = 0; i < n; i++) {
    double *restrict row = out + i * n;
    for (int32_t j = 0; j < n; j++) row[j] = 0.0;
    for (int64_t k = 0; k < n; k++) {
      const double a = scaled[k * n + i];
      const double *restrict u = qt + k * n;
      for (int32_t j = (int32_t)i; j < n; j++) row[j] = row[j] + a * u[j];
    }
  }
  for (int64_t i = 0; i < n; i++)
    for (int64_t j = i + 1; j < n; j++) out[j * n + i] = out[i * n + j];
}

/* ---------------------------------------------------------------------------------------------------------------
 * Evaluation kernels: the linear probe's training step, the rows' l2 normalisation and the kNN vote (the
 * evaluation of packages/methods/src/eval). Their JavaScript twins (src/backend/blas/native/probeStep.ts,
 * l2NormalizeRows.ts, knnPredict.ts) do the same float64 operations in the same order and round to float32 at the
 * same places, so both paths give the same numbers (exp is the C library's on both: JavaScriptCore's Math.exp
 * calls it).
 * --------------------------------------------------------------------------------------------------------------- */

/* torch.optim.Adam (L2 weight decay, bias correction, eps after the root) on n float32 parameters, float64 grads. */
static void probe_adam(float *restrict p, float *restrict m, float *restrict v, const double *restrict g, int32_t n,
                       const double *restrict h) {
  const double lr = h[0], b1 = h[1], b2 = h[2], eps = h[3], wd = h[4], c1 = h[5], c2 = h[6];
  for (int32_t i = 0; i < n; i++) {
    const double pi = p[i];
    const double d = g[i] + wd * pi;
    const double mi = b1 * m[i] + (1.0 - b1) * d;
    const double vi = b2 * v[i] + (1.0 - b2) * (d * d);
    m[i] = (float)mi;
    v[i] = (float)vi;
    p[i] = (float)(pi - lr * (mi / c1) / (sqrt(vi / c2) + eps));
  }
}

/*
 * Row i's part of the gradient, given its logits without the bias, z [C] (overwritten):
 *   z += b;  g = (softmax(z) − onehot(y)) / B;  db += g;  dW += g ⊗ x_r.
 */
static void probe_row_grad(double *restrict z, const float *restrict xr, int32_t y, int32_t d, int32_t C, int32_t B,
                           const float *restrict b, double *restrict dW, double *restrict db) {
  double mx = -INFINITY;
  for (int32_t c = 0; c < C; c++) {
    z[c] += b[c];
    if (z[c] > mx) mx = z[c];
  }
  double s = 0;
  for (int32_t c = 0; c < C; c++) {
    z[c] = exp(z[c] - mx);
    s += z[c];
  }
  for (int32_t c = 0; c < C; c++) {
    const double g = (z[c] / s - (c == y ? 1.0 : 0.0)) / B;
    db[c] += g;
    double *row = dW + (int64_t)c * d;
    for (int32_t j = 0; j < d; j++) row[j] += g * xr[j];
  }
}

enum { PROBE_CMAX = 16 };

/*
 * One Adam step of the linear probe (softmax regression, mean cross-entropy) on the batch x[rows[0..B)] of x [n, d]:
 *   z = x_r·Wᵀ + b [B, C];  g = (softmax(z) − onehot(y_r)) / B;  dW = gᵀ·x_r [C, d];  db = Σ_i g_i [C];
 * then probe_adam on W [C, d] and b [C] in place (moments mW, vW [C, d], mb, vb [C]).
 * hyper = {lr, β1, β2, ε, weight decay, 1 − β1^t, 1 − β2^t}. Sums in float64, over j (features) then i (rows)
 * ascending. scratch: float64 [C·d + 2·C + max(C, PROBE_CMAX)·d].
 */
void ssl_probe_step(const float *restrict x, int32_t d, const int32_t *restrict rows, int32_t B,
                    const uint8_t *restrict labels, int32_t C, float *restrict W, float *restrict b,
                    float *restrict mW, float *restrict vW, float *restrict mb, float *restrict vb,
                    const double *restrict hyper, double *restrict scratch) {
  const int64_t CD = (int64_t)C * d;
  double *dW = scratch, *db = scratch + CD, *Wt = db + C;
  memset(dW, 0, sizeof(double) * (size_t)(CD + C));
  if (C <= PROBE_CMAX) {
    /* Wt [d, PROBE_CMAX]: W transposed and padded with zeros, so that two rows' logits are summed in registers
       (fixed-size accumulators) rather than through memory; the order of each sum is unchanged. */
    for (int32_t j = 0; j < d; j++)
      for (int32_t c = 0; c < PROBE_CMAX; c++) Wt[(int64_t)j * PROBE_CMAX + c] = c < C ? W[(int64_t)c * d + j] : 0.0;
    for (int32_t i = 0; i < B; i += 2) {
      const int pair = i + 1 < B;
      const float *x0 = x + (int64_t)rows[i] * d, *x1 = pair ? x + (int64_t)rows[i + 1] * d : x0;
      double a0[PROBE_CMAX] = {0}, a1[PROBE_CMAX] = {0};
      for (int32_t j = 0; j < d; j++) {
        const double v0 = x0[j], v1 = x1[j];
        const double *w = Wt + (int64_t)j * PROBE_CMAX;
        for (int32_t c = 0; c < PROBE_CMAX; c++) {
          a0[c] += v0 * w[c];
          a1[c] += v1 * w[c];
        }
      }
      probe_row_grad(a0, x0, labels[rows[i]], d, C, B, b, dW, db);
      if (pair) probe_row_grad(a1, x1, labels[rows[i + 1]], d, C, B, b, dW, db);
    }
  } else {
    for (int32_t c = 0; c < C; c++) /* Wt [d, C] */
      for (int32_t j = 0; j < d; j++) Wt[(int64_t)j * C + c] = W[(int64_t)c * d + j];
    for (int32_t i = 0; i < B; i++) {
      const float *xr = x + (int64_t)rows[i] * d;
      double *z = Wt + CD; /* [C], after Wt */
      for (int32_t c = 0; c < C; c++) z[c] = 0;
      for (int32_t j = 0; j < d; j++) {
        const double xv = xr[j];
        const double *w = Wt + (int64_t)j * C;
        for (int32_t c = 0; c < C; c++) z[c] += xv * w[c];
      }
      probe_row_grad(z, xr, labels[rows[i]], d, C, B, b, dW, db);
    }
  }
  probe_adam(W, mW, vW, dW, (int32_t)CD, hyper);
  probe_adam(b, mb, vb, db, C, hyper);
}

/* out[i, :] = x[i, :] / max(‖x[i, :]‖₂, 1e-12) for x [n, d]; the squares summed in float64, j ascending. */
void ssl_l2_normalize_rows(const float *restrict x, int32_t n, int32_t d, float *restrict out) {
  for (int32_t i = 0; i < n; i++) {
    const float *xr = x + (int64_t)i * d;
    float *o = out + (int64_t)i * d;
    double s = 0;
    for (int32_t j = 0; j < d; j++) s += (double)xr[j] * xr[j];
    const double norm = sqrt(s);
    const double den = norm < 1e-12 ? 1e-12 : norm;
    for (int32_t j = 0; j < d; j++) o[j] = (float)(xr[j] / den);
  }
}

/* In the size-k heap, entry a is worse than b: a lower value, or an equal value at a higher index (tf.topk). */
static inline int knn_worse(const double *v, const int32_t *ix, int32_t a, int32_t b) {
  return v[a] < v[b] || (v[a] == v[b] && ix[a] > ix[b]);
}
static void knn_sift_down(double *v, int32_t *ix, int32_t n, int32_t i) {
  for (;;) {
    const int32_t l = 2 * i + 1, r = l + 1;
    int32_t m = i;
    if (l < n && knn_worse(v, ix, l, m)) m = l;
    if (r < n && knn_worse(v, ix, r, m)) m = r;
    if (m == i) return;
    const double tv = v[i];
    const int32_t ti = ix[i];
    v[i] = v[m];
    ix[i] = ix[m];
    v[m] = tv;
    ix[m] = ti;
    i = m;
  }
}

/* Sorts the k entries by value, descending, ties by index, ascending: the order their votes are summed in. */
static void knn_sort(double *v, int32_t *ix, int32_t k) {
  for (int32_t a = 1; a < k; a++) {
    const double tv = v[a];
    const int32_t ti = ix[a];
    int32_t b = a;
    for (; b > 0 && (v[b - 1] < tv || (v[b - 1] == tv && ix[b - 1] > ti)); b--) {
      v[b] = v[b - 1];
      ix[b] = ix[b - 1];
    }
    v[b] = tv;
    ix[b] = ti;
  }
}

enum { KNN_BLOCK = 32 };

/*
 * The weighted kNN vote of each row of sim [rows, n] (cosine similarities to n labelled bank entries): the k largest
 * (ties: the lower index) vote for their label with weight exp(s / T), summed from the most similar down;
 * pred[i] = the class with the largest vote (ties: the lower class). Similarities are finite.
 * Most entries are ruled out before the heap: the k-th largest of the rows' block maxima is a lower bound on the
 * k-th largest entry (k distinct entries reach it), and only entries at or above it can be among the k.
 * Scratch: heap values (float64) [max(k, n / KNN_BLOCK)] and indices [same], votes (float64) [C].
 */
void ssl_knn_predict(const float *restrict sim, int32_t rows, int32_t n, int32_t k, const uint8_t *restrict labels,
                     int32_t C, double T, double *restrict hv, int32_t *restrict hi, double *restrict votes,
                     int32_t *restrict pred) {
  if (k > n) k = n;
  const int32_t blocks = n / KNN_BLOCK;
  for (int32_t r = 0; r < rows; r++) {
    const float *row = sim + (int64_t)r * n;
    double lower = -INFINITY;
    if (k > 0 && blocks >= k) {
      for (int32_t b = 0; b < blocks; b++) {
        float m = row[b * KNN_BLOCK];
        for (int32_t j = 1; j < KNN_BLOCK; j++) m = row[b * KNN_BLOCK + j] > m ? row[b * KNN_BLOCK + j] : m;
        hv[b] = m;
        hi[b] = b;
      }
      for (int32_t i = (k >> 1) - 1; i >= 0; i--) knn_sift_down(hv, hi, k, i);
      for (int32_t b = k; b < blocks; b++) {
        if (hv[b] > hv[0]) {
          hv[0] = hv[b];
          hi[0] = b;
          knn_sift_down(hv, hi, k, 0);
        }
      }
      lower = hv[0];
    }
    int32_t filled = 0;
    for (int32_t i = 0; i < n; i++) {
      const double v = row[i];
      if (!(v >= lower)) continue;
      if (filled < k) {
        hv[filled] = v;
        hi[filled] = i;
        if (++filled == k)
          for (int32_t h = (k >> 1) - 1; h >= 0; h--) knn_sift_down(hv, hi, k, h);
      } else if (v > hv[0]) {
        hv[0] = v;
        hi[0] = i;
        knn_sift_down(hv, hi, k, 0);
      }
    }
    knn_sort(hv, hi, filled);
    for (int32_t c = 0; c < C; c++) votes[c] = 0;
    for (int32_t j = 0; j < filled; j++) votes[labels[hi[j]]] += exp(hv[j] / T);
    int32_t arg = 0;
    for (int32_t c = 1; c < C; c++)
      if (votes[c] > votes[arg]) arg = c;
    pred[r] = arg;
  }
}
