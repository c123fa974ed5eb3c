import { dlopen, FFIType } from "bun:ffi"

/** Codes of the native binary ops (packages/core/native/sslkernels.c). */
export const NATIVE_BINARY = { add: 0, sub: 1, mul: 2, div: 3, max: 4, min: 5, squaredDifference: 6, reluGrad: 7 } as const
export type NativeBinaryOp = keyof typeof NATIVE_BINARY
/** Codes of the native unary ops. */
export const NATIVE_UNARY = { relu: 0, step: 1, neg: 2, abs: 3, square: 4, sqrt: 5, rsqrt: 6, reciprocal: 7 } as const
export type NativeUnaryOp = keyof typeof NATIVE_UNARY
/** Codes of the native reductions. */
export const NATIVE_REDUCE = { sum: 0, mean: 1, max: 2, min: 3 } as const
export type NativeReduction = keyof typeof NATIVE_REDUCE

/** The highest merged rank ssl_binary accepts. */
export const NATIVE_MAX_RANK = 16
const ABI = 3

/**
 * The native element-wise kernels, opened through `bun:ffi`. Every function computes what the JavaScript kernel
 * it replaces computes (same float64 operation, one rounding), on float32 arrays passed as pointers.
 */
export interface NativeKernels {
  readonly path: string
  /** out = op(a, b) over merged dims with per-dim strides (0 = broadcast), innermost last (see broadcastLayout). */
  readonly binary: (op: NativeBinaryOp, out: Float32Array, a: Float32Array, b: Float32Array, dims: Int32Array, sa: Int32Array, sb: Int32Array) => void
  /** out = op(x) element-wise; `alpha` is Step's value for x ≤ 0. */
  readonly unary: (op: NativeUnaryOp, out: Float32Array, x: Float32Array, alpha: number) => void
  /** x viewed as [outer, reduced, inner] → out [outer, inner], float64 accumulation. */
  readonly reduce: (op: NativeReduction, out: Float32Array, x: Float32Array, outer: number, reduced: number, inner: number) => void
  /** y[rows, nb] += bias[nb] (bias may be undefined), then ReLU in place if asked. */
  readonly biasRelu: (y: Float32Array, rows: number, bias: Float32Array | undefined, nb: number, relu: boolean) => void
  /** im2col of images [n0, n1); geom = [H, W, C, OH, OW, KH, KW, sh, sw, dh, dw, top, left]. */
  readonly im2col: (x: Float32Array, geom: Int32Array, n0: number, n1: number, cols: Float32Array) => void
  /** dx += col2im(cols) for images [n0, n1). */
  readonly col2im: (cols: Float32Array, geom: Int32Array, n0: number, n1: number, dx: Float32Array) => void
  /** One SGD step (see fusedUpdates.ts): writes p' and the momentum buffer b'. */
  readonly sgd: (pOut: Float32Array, bOut: Float32Array, p: Float32Array, b: Float32Array, g: Float32Array,
    lr: number, momentum: number, weightDecay: number) => void
  /** out = t·γ + o·ρ (ρ = 1 − γ for an EMA), γ and ρ rounded to float32. */
  readonly ema: (out: Float32Array, t: Float32Array, o: Float32Array, gamma: number, rest: number) => void
  /** BatchNorm (training) over x [M, C]: y, and the batch mean and biased variance [C] (see batchNorm.ts). */
  readonly bnForward: (x: Float32Array, M: number, C: number, gamma: Float32Array | undefined, beta: Float32Array | undefined,
    eps: number, y: Float32Array, mean: Float32Array, variance: Float32Array) => void
  /** Its gradient: dx [M, C], dγ and dβ [C]. */
  readonly bnBackward: (dy: Float32Array, x: Float32Array, M: number, C: number, mean: Float32Array, variance: Float32Array,
    gamma: Float32Array | undefined, dmean: Float32Array, dvar: Float32Array, eps: number, dx: Float32Array, dgamma: Float32Array,
    dbeta: Float32Array) => void
  /** W = Q diag(p) Qᵀ [n, n] in float64 from q [n, n] (column k = eigenvector k) and p [n] (see scaledGram.ts). */
  readonly scaledGram: (q: Float64Array, p: Float64Array, n: number) => Float64Array

  // The evaluation's kernels (see probeStep.ts, l2NormalizeRows.ts, knnPredict.ts for what they compute).
  /** One Adam step of the linear probe on the batch x[rows] of x [n, d]; W, b and their moments updated in place. */
  readonly probeStep: (x: Float32Array, d: number, rows: Int32Array, labels: Uint8Array, classes: number, w: Float32Array,
    b: Float32Array, mW: Float32Array, vW: Float32Array, mb: Float32Array, vb: Float32Array, hyper: Float64Array) => void
  /** out [n, d] = each row of x [n, d] over its l2 norm (at least 1e-12). */
  readonly l2NormalizeRows: (x: Float32Array, n: number, d: number, out: Float32Array) => void
  /** pred [rows] = the weighted vote of the k most similar bank entries of each row of sim [rows, n]. */
  readonly knnPredict: (sim: Float32Array, rows: number, n: number, k: number, labels: Uint8Array, classes: number,
    temperature: number, pred: Int32Array) => void
}

const { ptr, i32, f32, f64, void: none } = FFIType
const SIGNATURES = {
  ssl_kernels_abi: { args: [], returns: i32 },
  ssl_binary: { args: [i32, ptr, ptr, ptr, i32, ptr, ptr, ptr], returns: i32 },
  ssl_unary: { args: [i32, ptr, ptr, i32, f64], returns: i32 },
  ssl_reduce: { args: [i32, ptr, ptr, i32, i32, i32, ptr], returns: i32 },
  ssl_bias_relu: { args: [ptr, i32, ptr, i32, i32], returns: none },
  ssl_im2col: { args: [ptr, ptr, i32, i32, ptr], returns: none },
  ssl_col2im: { args: [ptr, ptr, i32, i32, ptr], returns: none },
  ssl_sgd: { args: [ptr, ptr, ptr, ptr, ptr, i32, f32, f32, f32], returns: none },
  ssl_ema: { args: [ptr, ptr, ptr, i32, f32, f32], returns: none },
  ssl_bn_forward: { args: [ptr, i32, i32, ptr, ptr, f64, ptr, ptr, ptr, ptr], returns: none },
  ssl_bn_backward: { args: [ptr, ptr, i32, i32, ptr, ptr, ptr, ptr, ptr, f64, ptr, ptr, ptr, ptr], returns: none },
  ssl_scaled_gram: { args: [ptr, ptr, i32, ptr, ptr], returns: none },
  ssl_probe_step: { args: [ptr, i32, ptr, i32, ptr, i32, ptr, ptr, ptr, ptr, ptr, ptr, ptr, ptr], returns: none },
  ssl_l2_normalize_rows: { args: [ptr, i32, i32, ptr], returns: none },
  ssl_knn_predict: { args: [ptr, i32, i32, i32, ptr, i32, f64, ptr, ptr, ptr, ptr], returns: none },
} as const

/** A growable float64 scratch row for the reductions' accumulators. */
let accumulator = new Float64Array(256)
const scratchF64 = (n: number): Float64Array => {
  if (accumulator.length < n) accumulator = new Float64Array(Math.max(n, 2 * accumulator.length))
  return accumulator
}

/** Growable scratch for the kNN heap's indices. */
let heapIndices = new Int32Array(256)
const scratchI32 = (n: number): Int32Array => {
  if (heapIndices.length < n) heapIndices = new Int32Array(Math.max(n, 2 * heapIndices.length))
  return heapIndices
}

const failed = (what: string, code: number): never => {
  throw new Error(`native kernel ${what} rejected its arguments (code ${code})`)
}

/** Opens the library at `path`; throws if it is not ours or of another ABI version. */
export const openNativeKernels = (path: string): NativeKernels => {
  const s = dlopen(path, SIGNATURES).symbols
  const abi = s.ssl_kernels_abi()
  if (abi !== ABI) throw new Error(`${path} has ABI ${abi}, expected ${ABI} (rebuild it)`)
  return {
    path,
    binary: (op, out, a, b, dims, sa, sb) => {
      if (out.length === 0) return
      const r = s.ssl_binary(NATIVE_BINARY[op], out, a, b, dims.length, dims, sa, sb)
      if (r !== 0) failed(`binary ${op}`, r)
    },
    unary: (op, out, x, alpha) => {
      if (out.length === 0) return
      const r = s.ssl_unary(NATIVE_UNARY[op], out, x, x.length, alpha)
      if (r !== 0) failed(`unary ${op}`, r)
    },
    reduce: (op, out, x, outer, reduced, inner) => {
      if (out.length === 0) return
      const r = s.ssl_reduce(NATIVE_REDUCE[op], out, x, outer, reduced, inner, scratchF64(inner))
      if (r !== 0) failed(`reduce ${op}`, r)
    },
    biasRelu: (y, rows, bias, nb, relu) => {
      if (y.length === 0) return
      s.ssl_bias_relu(y, rows, bias ?? null, nb, relu ? 1 : 0)
    },
    im2col: (x, geom, n0, n1, cols) => {
      if (cols.length === 0) return
      s.ssl_im2col(x, geom, n0, n1, cols)
    },
    col2im: (cols, geom, n0, n1, dx) => {
      if (cols.length === 0) return
      s.ssl_col2im(cols, geom, n0, n1, dx)
    },
    sgd: (pOut, bOut, p, b, g, lr, momentum, weightDecay) => {
      if (p.length === 0) return
      s.ssl_sgd(pOut, bOut, p, b, g, p.length, lr, momentum, weightDecay)
    },
    ema: (out, t, o, gamma, rest) => {
      if (out.length === 0) return
      s.ssl_ema(out, t, o, out.length, gamma, rest)
    },
    bnForward: (x, M, C, gamma, beta, eps, y, mean, variance) => {
      if (x.length === 0) return
      s.ssl_bn_forward(x, M, C, gamma ?? null, beta ?? null, eps, y, mean, variance, scratchF64(2 * C))
    },
    bnBackward: (dy, x, M, C, mean, variance, gamma, dmean, dvar, eps, dx, dgamma, dbeta) => {
      if (x.length === 0) return
      s.ssl_bn_backward(dy, x, M, C, mean, variance, gamma ?? null, dmean, dvar, eps, dx, dgamma, dbeta, scratchF64(5 * C))
    },
    scaledGram: (q, p, n) => {
      const out = new Float64Array(n * n)
      if (n > 0) s.ssl_scaled_gram(q, p, n, scratchF64(2 * n * n), out)
      return out
    },
    probeStep: (x, d, rows, labels, classes, w, b, mW, vW, mb, vb, hyper) => {
      if (rows.length === 0) return
      // dW, db, z and the transposed weights padded to 16 classes (the C side's PROBE_CMAX)
      s.ssl_probe_step(x, d, rows, rows.length, labels, classes, w, b, mW, vW, mb, vb, hyper,
        scratchF64(classes * d + 2 * classes + Math.max(classes, 16) * d))
    },
    l2NormalizeRows: (x, n, d, out) => {
      if (out.length === 0) return
      s.ssl_l2_normalize_rows(x, n, d, out)
    },
    knnPredict: (sim, rows, n, k, labels, classes, temperature, pred) => {
      if (rows === 0) return
      // one scratch block: the heap's values [max(k, n / 32)] (32: the C side's KNN_BLOCK), then the votes [classes]
      const heap = Math.max(k, Math.floor(n / 32))
      const f64 = scratchF64(heap + classes)
      s.ssl_knn_predict(sim, rows, n, k, labels, classes, temperature, f64, scratchI32(heap), f64.subarray(heap), pred)
    },
  }
}
