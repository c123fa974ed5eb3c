import type { GradConfig, KernelConfig, NamedAttrMap, TensorInfo } from "@tensorflow/tfjs-core"
import { tf } from "../../tf.ts"
import { takeF32 } from "./bufferPool.ts"
import { activeNative } from "./native/activeNative.ts"
import type { NativeKernels } from "./native/NativeKernels.ts"
import { blasKernel, readF32 } from "./tensorData.ts"

/**
 * BatchNorm in training mode (batch statistics over every axis but the last) as two kernels on the `blas` backend —
 * one forward pass pair and one backward pass pair over the activations — instead of the ~8 forward and ~20
 * backward element-wise and reduction kernels of the op sequence (moments, sub, rsqrt, mul, add and their
 * gradients). Statistics accumulate in float64. Every other backend runs the op sequence itself.
 */
export const BATCH_NORM_TRAIN = "SslBatchNormTrain"
export const BATCH_NORM_TRAIN_GRAD = "SslBatchNormTrainGrad"

// The same loops as the C library's, for the JavaScript path.
const forwardLoop: NativeKernels["bnForward"] = (x, M, C, gamma, beta, eps, y, mean, variance) => {
  const sum = new Float64Array(C), sq = new Float64Array(C)
  for (let r = 0; r < M; r++) for (let c = 0; c < C; c++) sum[c]! += x[r * C + c]!
  for (let c = 0; c < C; c++) sum[c]! /= M
  for (let r = 0; r < M; r++) for (let c = 0; c < C; c++) { const d = x[r * C + c]! - sum[c]!; sq[c]! += d * d }
  const scale = new Float64Array(C)
  for (let c = 0; c < C; c++) {
    mean[c] = sum[c]!
    variance[c] = sq[c]! / M
    scale[c] = (1 / Math.sqrt(sq[c]! / M + eps)) * (gamma === undefined ? 1 : gamma[c]!)
  }
  for (let r = 0; r < M; r++) {
    for (let c = 0; c < C; c++) y[r * C + c] = (x[r * C + c]! - sum[c]!) * scale[c]! + (beta === undefined ? 0 : beta[c]!)
  }
}

const backwardLoop: NativeKernels["bnBackward"] = (dy, x, M, C, mean, variance, gamma, dmean, dvar, eps, dx, dgamma, dbeta) => {
  const sdy = new Float64Array(C), sdyx = new Float64Array(C), ka = new Float64Array(C), kb = new Float64Array(C), kc = new Float64Array(C)
  for (let r = 0; r < M; r++) for (let c = 0; c < C; c++) { const g = dy[r * C + c]!; sdy[c]! += g; sdyx[c]! += g * (x[r * C + c]! - mean[c]!) }
  for (let c = 0; c < C; c++) {
    const invstd = 1 / Math.sqrt(variance[c]! + eps), gm = gamma === undefined ? 1 : gamma[c]!
    dbeta[c] = sdy[c]!
    dgamma[c] = sdyx[c]! * invstd
    ka[c] = gm * invstd
    kb[c] = (2 * dvar[c]!) / M - (ka[c]! * invstd * invstd * sdyx[c]!) / M
    kc[c] = (dmean[c]! - ka[c]! * sdy[c]!) / M
  }
  for (let r = 0; r < M; r++) {
    for (let c = 0; c < C; c++) dx[r * C + c] = ka[c]! * dy[r * C + c]! + kb[c]! * (x[r * C + c]! - mean[c]!) + kc[c]!
  }
}

const kernels = () => activeNative() ?? { bnForward: forwardLoop, bnBackward: backwardLoop }
const channelsOf = (x: TensorInfo) => x.shape[x.shape.length - 1]!

// inputs: x, gamma, beta [C]; attrs: eps. outputs: y (x's shape), mean [C], variance [C].
export const batchNormTrainConfig: KernelConfig = blasKernel<{ x: TensorInfo; gamma?: TensorInfo; beta?: TensorInfo }, NamedAttrMap>(
  BATCH_NORM_TRAIN, ({ inputs, backend, attrs }) => {
    const { x, gamma, beta } = inputs
    const C = channelsOf(x), M = tf.util.sizeFromShape(x.shape) / C
    const xv = readF32(backend, x)
    const y = takeF32(xv.length), mean = new Float32Array(C), variance = new Float32Array(C)
    kernels().bnForward(xv, M, C, gamma && readF32(backend, gamma), beta && readF32(backend, beta), attrs.eps as number, y, mean, variance)
    return [backend.makeTensorInfo(x.shape, "float32", y), backend.makeTensorInfo([C], "float32", mean), backend.makeTensorInfo([C], "float32", variance)]
  })

// inputs: dy, x, mean, variance, dmean, dvar, gamma; attrs: eps. outputs: dx, dgamma, dbeta.
export const batchNormTrainGradConfig: KernelConfig = blasKernel<{
  dy: TensorInfo; x: TensorInfo; mean: TensorInfo; variance: TensorInfo; dmean: TensorInfo; dvar: TensorInfo; gamma?: TensorInfo
}, NamedAttrMap>(BATCH_NORM_TRAIN_GRAD, ({ inputs, backend, attrs }) => {
  const { dy, x, mean, variance, dmean, dvar, gamma } = inputs
  const C = channelsOf(x), M = tf.util.sizeFromShape(x.shape) / C
  const xv = readF32(backend, x)
  const dx = takeF32(xv.length), dgamma = new Float32Array(C), dbeta = new Float32Array(C)
  kernels().bnBackward(readF32(backend, dy), xv, M, C, readF32(backend, mean), readF32(backend, variance), gamma && readF32(backend, gamma),
    readF32(backend, dmean), readF32(backend, dvar), attrs.eps as number, dx, dgamma, dbeta)
  return [backend.makeTensorInfo(x.shape, "float32", dx), backend.makeTensorInfo([C], "float32", dgamma), backend.makeTensorInfo([C], "float32", dbeta)]
})

export interface BatchNormTrainResult {
  /** The normalised (and, with γ and β, scaled and shifted) x. */
  readonly y: tf.Tensor
  /** Batch mean [C]. */
  readonly mean: tf.Tensor1D
  /** Batch variance [C], biased (divided by the count), as BatchNorm normalises with. */
  readonly variance: tf.Tensor1D
}

/** The op sequence, for backends without the fused kernels. */
const opSequence = (x: tf.Tensor, gamma: tf.Tensor | undefined, beta: tf.Tensor | undefined, eps: number): BatchNormTrainResult => {
  const axes = x.shape.slice(0, -1).map((_, i) => i)
  const { mean, variance } = tf.moments(x, axes)
  let y = tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, eps)))
  if (gamma !== undefined && beta !== undefined) y = tf.add(tf.mul(y, gamma), beta)
  return { y, mean: mean as tf.Tensor1D, variance: variance as tf.Tensor1D }
}

/** The gradient of the fused kernel (first order): the backward kernel, for x, γ and β at once. */
const batchNormGradient: GradConfig = {
  kernelName: BATCH_NORM_TRAIN,
  inputsToSave: ["x", "gamma"],
  outputsToSave: [false, true, true],
  gradFunc: (dys, saved, attrs) => {
    const [dy, dmean, dvar] = dys as tf.Tensor[]
    const [x, gamma, mean, variance] = saved
    // One kernel gives all three, so it runs here, once (the engine calls each returned thunk in its own tidy scope).
    const [dx, dgamma, dbeta] = tf.engine().runKernel(BATCH_NORM_TRAIN_GRAD,
      { dy: dy!, x: x!, mean: mean!, variance: variance!, dmean: dmean!, dvar: dvar!, gamma: gamma! }, attrs as NamedAttrMap) as tf.Tensor[]
    return { x: () => dx!, gamma: () => dgamma!, beta: () => dbeta! }
  },
}

export const registerBatchNormGradient = (): void => {
  tf.registerGradient(batchNormGradient)
}

/**
 * BatchNorm's training-mode transform of x [..., C] with batch statistics over every axis but the last:
 * y = (x − mean)/sqrt(var + eps)·γ + β (γ and β together or neither), differentiable in x, γ, β, also through the
 * returned mean and variance (first order only on `blas`). Two fused kernels on `blas`, the op sequence elsewhere.
 */
export const batchNormTrain = (x: tf.Tensor, options: { gamma?: tf.Tensor; beta?: tf.Tensor; eps: number }): BatchNormTrainResult => {
  const { gamma, beta, eps } = options
  if (tf.getKernel(BATCH_NORM_TRAIN, tf.getBackend()) === undefined || x.dtype !== "float32" || x.rank < 2) return opSequence(x, gamma, beta, eps)
  return tf.tidy(() => {
    const C = x.shape[x.rank - 1]!
    // Without affine parameters the kernel gets γ = 1, β = 0 (constants: their gradients go nowhere).
    const g = gamma !== undefined && beta !== undefined ? gamma : tf.ones([C])
    const b = gamma !== undefined && beta !== undefined ? beta : tf.zeros([C])
    const [y, mean, variance] = tf.engine().runKernel(BATCH_NORM_TRAIN, { x, gamma: g, beta: b }, { eps }) as tf.Tensor[]
    return { y: y!, mean: mean as tf.Tensor1D, variance: variance as tf.Tensor1D }
  })
}
