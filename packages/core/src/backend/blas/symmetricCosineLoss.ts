import type { GradConfig, KernelConfig, NamedAttrMap, TensorInfo } from "@tensorflow/tfjs-core"
import { tf } from "../../tf.ts"
import { blasKernel, readF32 } from "./tensorData.ts"

/**
 * The symmetric negative-cosine loss L = −(2/B)·Σ_b [cos(p1_b, t1_b) + cos(p2_b, t2_b)], cos(x, y) = x·y /
 * (max(‖x‖, ε)·max(‖y‖, ε)), as ONE kernel with a one-kernel gradient on the `blas` backend, instead of the ~30
 * forward and ~50 backward kernel calls of the op sequence (four row normalisations, products, sums, mean) with
 * their tape bookkeeping. Each row is reduced in float64 and rounded once, so L and its gradient are at least as
 * accurate as the op sequence's (which rounds to float32 after every op); they agree within float32 rounding.
 * Gradient of one term with respect to x (y symmetric), n_x = max(‖x‖, ε):
 *   ∂cos/∂x = y/(n_x n_y) − cos·x/‖x‖²   when ‖x‖ > ε;   y/(n_x n_y) when the floor ε is active (n_x constant).
 * With `stopTargets` the targets' gradients are zeros (StopGrad), so no stopGradient op is needed around them.
 */
export const SYMMETRIC_COSINE_LOSS = "SslSymmetricCosineLoss"
export const SYMMETRIC_COSINE_LOSS_GRAD = "SslSymmetricCosineLossGrad"

interface Attrs { readonly eps: number; readonly stopTargets: boolean }

/** Per row: (x·y, ‖x‖, ‖y‖) in float64. */
const rowStats = (x: Float32Array, y: Float32Array, r: number, d: number) => {
  let xx = 0, yy = 0, xy = 0
  for (let k = r * d, end = k + d; k < end; k++) {
    const a = x[k]!, b = y[k]!
    xx += a * a
    yy += b * b
    xy += a * b
  }
  return { xy, nx: Math.sqrt(xx), ny: Math.sqrt(yy) }
}

/** Σ_b cos(x_b, y_b) for x, y [B, D]. */
const cosineSum = (x: Float32Array, y: Float32Array, rows: number, d: number, eps: number): number => {
  let s = 0
  for (let r = 0; r < rows; r++) {
    const { xy, nx, ny } = rowStats(x, y, r, d)
    s += xy / (Math.max(nx, eps) * Math.max(ny, eps))
  }
  return s
}

/** dx += scale·∂cos/∂x and dy += scale·∂cos/∂y, row by row (dy skipped when undefined). */
const cosineGrad = (x: Float32Array, y: Float32Array, rows: number, d: number, eps: number, scale: number,
  dx: Float32Array, dy: Float32Array | undefined): void => {
  for (let r = 0; r < rows; r++) {
    const { xy, nx, ny } = rowStats(x, y, r, d)
    const mx = Math.max(nx, eps), my = Math.max(ny, eps)
    const cos = xy / (mx * my)
    const k = scale / (mx * my)
    const cx = nx > eps ? scale * cos / (nx * nx) : 0 // the floor's n_x is a constant: no radial term
    const cy = ny > eps ? scale * cos / (ny * ny) : 0
    for (let i = r * d, end = i + d; i < end; i++) {
      dx[i] = k * y[i]! - cx * x[i]!
      if (dy !== undefined) dy[i] = k * x[i]! - cy * y[i]!
    }
  }
}

const dims = (p: TensorInfo) => ({ rows: p.shape[0]!, d: p.shape[1]! })

// inputs: p1, t1, p2, t2 [B, D]; attrs: eps, stopTargets. output: L, a scalar.
export const symmetricCosineLossConfig: KernelConfig = blasKernel<{ p1: TensorInfo; t1: TensorInfo; p2: TensorInfo; t2: TensorInfo }, NamedAttrMap>(
  SYMMETRIC_COSINE_LOSS, ({ inputs, backend, attrs }) => {
    const { p1, t1, p2, t2 } = inputs
    const { eps } = attrs as unknown as Attrs
    const { rows, d } = dims(p1)
    const read = (t: TensorInfo) => readF32(backend, t)
    const sum = cosineSum(read(p1), read(t1), rows, d, eps) + cosineSum(read(p2), read(t2), rows, d, eps)
    return backend.makeTensorInfo([], "float32", Float32Array.of(rows === 0 ? Number.NaN : (-2 / rows) * sum))
  })

// inputs: dL (scalar), p1, t1, p2, t2; attrs: eps, stopTargets. outputs: dp1, dt1, dp2, dt2 (targets' zeros with stopTargets).
export const symmetricCosineLossGradConfig: KernelConfig = blasKernel<{
  dL: TensorInfo; p1: TensorInfo; t1: TensorInfo; p2: TensorInfo; t2: TensorInfo
}, NamedAttrMap>(SYMMETRIC_COSINE_LOSS_GRAD, ({ inputs, backend, attrs }) => {
  const { dL, p1, t1, p2, t2 } = inputs
  const { eps, stopTargets } = attrs as unknown as Attrs
  const { rows, d } = dims(p1)
  const read = (t: TensorInfo) => readF32(backend, t)
  const scale = (-2 / rows) * read(dL)[0]!
  const n = rows * d
  const dp1 = new Float32Array(n), dt1 = new Float32Array(n), dp2 = new Float32Array(n), dt2 = new Float32Array(n)
  cosineGrad(read(p1), read(t1), rows, d, eps, scale, dp1, stopTargets ? undefined : dt1)
  cosineGrad(read(p2), read(t2), rows, d, eps, scale, dp2, stopTargets ? undefined : dt2)
  return [dp1, dt1, dp2, dt2].map((v) => backend.makeTensorInfo([rows, d], "float32", v))
})

const symmetricCosineLossGradient: GradConfig = {
  kernelName: SYMMETRIC_COSINE_LOSS,
  inputsToSave: ["p1", "t1", "p2", "t2"],
  gradFunc: (dL, saved, attrs) => {
    const [p1, t1, p2, t2] = saved
    // One kernel gives all four, so it runs here, once (the engine calls each returned thunk in its own tidy scope).
    const [dp1, dt1, dp2, dt2] = tf.engine().runKernel(SYMMETRIC_COSINE_LOSS_GRAD,
      { dL: dL as tf.Tensor, p1: p1!, t1: t1!, p2: p2!, t2: t2! }, attrs as NamedAttrMap) as tf.Tensor[]
    return { p1: () => dp1!, t1: () => dt1!, p2: () => dp2!, t2: () => dt2! }
  },
}

export const registerSymmetricCosineLossGradient = (): void => {
  tf.registerGradient(symmetricCosineLossGradient)
}

/**
 * The fused loss of four [B, D] float32 tensors on a backend that has the kernel, else undefined (the caller runs
 * the op sequence). First order only.
 */
export const fusedSymmetricCosineLoss = (p1: tf.Tensor2D, t1: tf.Tensor2D, p2: tf.Tensor2D, t2: tf.Tensor2D,
  options: Attrs): tf.Scalar | undefined => {
  if (tf.getKernel(SYMMETRIC_COSINE_LOSS, tf.getBackend()) === undefined) return undefined
  if (![p1, t1, p2, t2].every((x) => x.dtype === "float32")) return undefined
  return tf.engine().runKernel(SYMMETRIC_COSINE_LOSS, { p1, t1, p2, t2 }, { ...options }) as tf.Scalar
}
