import { activeNative } from "./activeNative.ts"

/** A linear probe's parameters and Adam moments, float32, updated in place by `probeStep`. */
export interface ProbeParams {
  /** [C, d] weights, row c for class c. */
  readonly w: Float32Array
  /** [C] biases. */
  readonly b: Float32Array
  /** Adam's first and second moments of w [C, d] and of b [C]. */
  readonly mW: Float32Array
  readonly vW: Float32Array
  readonly mb: Float32Array
  readonly vb: Float32Array
}

/** torch.optim.Adam's settings (L2 weight decay added to the gradient, not AdamW) and its step count t ≥ 1. */
export interface ProbeAdam {
  readonly lr: number
  readonly beta1: number
  readonly beta2: number
  readonly eps: number
  readonly weightDecay: number
  readonly t: number
}

/** Fresh moments (zeros) for weights w [C, d] and biases b [C]. */
export const probeParams = (w: Float32Array, b: Float32Array): ProbeParams =>
  ({ w, b, mW: new Float32Array(w.length), vW: new Float32Array(w.length), mb: new Float32Array(b.length), vb: new Float32Array(b.length) })

/**
 * One training step of a linear probe — softmax regression with mean cross-entropy, PyTorch's nn.Linear +
 * F.cross_entropy + torch.optim.Adam — on the batch x[rows] of x [n, d] with labels[rows], in one pass and without
 * tfjs (its per-op bookkeeping cost more than the arithmetic at the probe's sizes):
 *   z = x_r·Wᵀ + b [B, C];  g = (softmax(z) − onehot(y_r)) / B;  dW = gᵀ·x_r [C, d];  db = Σ_i g_i [C];
 *   then Adam on W and b in place.
 * The native kernel when the blas backend loaded it, else the JavaScript loop below: the same float64 operations in
 * the same order, parameters and moments rounded to float32 when stored, so both give the same numbers.
 */
export const probeStep = (x: Float32Array, d: number, rows: Int32Array, labels: Uint8Array, classes: number,
  params: ProbeParams, adam: ProbeAdam): void => {
  if (params.w.length !== classes * d || params.b.length !== classes) {
    throw new RangeError(`probeStep: weights of length ${params.w.length} and biases of ${params.b.length} do not fit ${classes} classes × ${d} features`)
  }
  if (!(Number.isInteger(adam.t) && adam.t >= 1)) throw new RangeError(`probeStep: Adam's step count must be an integer ≥ 1 (was ${adam.t})`)
  // 1 − β^t in float64, here for both paths
  const hyper = Float64Array.of(adam.lr, adam.beta1, adam.beta2, adam.eps, adam.weightDecay, 1 - adam.beta1 ** adam.t, 1 - adam.beta2 ** adam.t)
  const native = activeNative()
  if (native !== undefined) native.probeStep(x, d, rows, labels, classes, params.w, params.b, params.mW, params.vW, params.mb, params.vb, hyper)
  else probeStepLoop(x, d, rows, labels, classes, params, hyper)
}

let scratch = new Float64Array(0)

// Each statement is its C twin's (packages/core/native/sslkernels.c, ssl_probe_step).
const probeStepLoop = (x: Float32Array, d: number, rows: Int32Array, labels: Uint8Array, C: number, p: ProbeParams, hyper: Float64Array): void => {
  const B = rows.length
  if (B === 0) return
  const CD = C * d
  if (scratch.length < 2 * CD + 2 * C) scratch = new Float64Array(2 * CD + 2 * C)
  const dW = scratch.subarray(0, CD), db = scratch.subarray(CD, CD + C), z = scratch.subarray(CD + C, CD + 2 * C)
  const Wt = scratch.subarray(CD + 2 * C, 2 * CD + 2 * C) // [d, C]
  dW.fill(0)
  db.fill(0)
  const W = p.w, b = p.b
  for (let c = 0; c < C; c++) for (let j = 0; j < d; j++) Wt[j * C + c] = W[c * d + j]!
  for (let i = 0; i < B; i++) {
    const r = rows[i]! * d
    z.fill(0)
    for (let j = 0; j < d; j++) {
      const xv = x[r + j]!
      for (let c = 0; c < C; c++) z[c]! += xv * Wt[j * C + c]!
    }
    let mx = Number.NEGATIVE_INFINITY
    for (let c = 0; c < C; c++) {
      z[c]! += b[c]!
      if (z[c]! > mx) mx = z[c]!
    }
    let s = 0
    for (let c = 0; c < C; c++) {
      z[c] = Math.exp(z[c]! - mx)
      s += z[c]!
    }
    const y = labels[rows[i]!]!
    for (let c = 0; c < C; c++) {
      const g = (z[c]! / s - (c === y ? 1 : 0)) / B
      db[c]! += g
      const o = c * d
      for (let j = 0; j < d; j++) dW[o + j]! += g * x[r + j]!
    }
  }
  adamLoop(W, p.mW, p.vW, dW, hyper)
  adamLoop(b, p.mb, p.vb, db, hyper)
}

const adamLoop = (p: Float32Array, m: Float32Array, v: Float32Array, g: Float64Array, h: Float64Array): void => {
  const lr = h[0]!, b1 = h[1]!, b2 = h[2]!, eps = h[3]!, wd = h[4]!, c1 = h[5]!, c2 = h[6]!
  for (let i = 0; i < p.length; i++) {
    const pi = p[i]!
    const d = g[i]! + wd * pi
    const mi = b1 * m[i]! + (1 - b1) * d
    const vi = b2 * v[i]! + (1 - b2) * (d * d)
    m[i] = mi
    v[i] = vi
    p[i] = pi - lr * (mi / c1) / (Math.sqrt(vi / c2) + eps)
  }
}
