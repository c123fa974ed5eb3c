import type { KernelConfig, NamedAttrMap, TensorInfo } from "@tensorflow/tfjs-core"
import { tf } from "../../tf.ts"
import { takeF32 } from "./bufferPool.ts"
import { activeNative } from "./native/activeNative.ts"
import { blasKernel, readF32 } from "./tensorData.ts"

/**
 * The optimiser's and the EMA target's read-modify-write passes as single kernels on the `blas` backend (native
 * loops when the library is loaded, JavaScript loops otherwise), replacing 6 and 3 tfjs kernel calls per parameter.
 * Both compute exactly what the op sequences compute — one float32 rounding per op, float32 scalars — and every
 * other backend runs the op sequences themselves.
 */
export const SGD_MOMENTUM = "SslSgdMomentum"
export const EMA_UPDATE = "SslEmaUpdate"

export interface SgdHyper {
  readonly lr: number
  readonly momentum: number
  readonly weightDecay: number
}

const f32 = Math.fround

// JavaScript loops: each line is one tfjs op of the sequence (Math.fround = its float32 rounding).
const sgdLoop = (pOut: Float32Array, bOut: Float32Array, p: Float32Array, b: Float32Array, g: Float32Array, h: SgdHyper): void => {
  const lr = f32(h.lr), mu = f32(h.momentum), wd = f32(h.weightDecay)
  for (let i = 0; i < p.length; i++) {
    const d = wd !== 0 ? f32(g[i]! + f32(p[i]! * wd)) : g[i]!
    const nb = mu !== 0 ? f32(f32(b[i]! * mu) + d) : d
    bOut[i] = nb
    pOut[i] = f32(p[i]! - f32(nb * lr))
  }
}
const emaLoop = (out: Float32Array, t: Float32Array, o: Float32Array, gamma: number, rest: number): void => {
  const g = f32(gamma), r = f32(rest)
  for (let i = 0; i < out.length; i++) out[i] = f32(t[i]! * g) + f32(o[i]! * r)
}

const sameFloat = (...ts: TensorInfo[]) => ts.every((t) => t.dtype === "float32" && tf.util.arraysEqual(t.shape, ts[0]!.shape))

export const sgdMomentumConfig: KernelConfig = blasKernel<{ param: TensorInfo; buf: TensorInfo; grad: TensorInfo }, NamedAttrMap>(
  SGD_MOMENTUM, ({ inputs, backend, attrs }) => {
    const { param, buf, grad } = inputs
    if (!sameFloat(param, buf, grad)) throw new Error(`${SGD_MOMENTUM}: param, buf and grad must be float32 of one shape`)
    const h = attrs as unknown as SgdHyper
    const p = readF32(backend, param), b = readF32(backend, buf), g = readF32(backend, grad)
    const pOut = takeF32(p.length), bOut = takeF32(p.length)
    const native = activeNative()
    if (native !== undefined) native.sgd(pOut, bOut, p, b, g, h.lr, h.momentum, h.weightDecay)
    else sgdLoop(pOut, bOut, p, b, g, h)
    return [backend.makeTensorInfo(param.shape, "float32", pOut), backend.makeTensorInfo(param.shape, "float32", bOut)]
  })

export const emaUpdateConfig: KernelConfig = blasKernel<{ target: TensorInfo; online: TensorInfo }, NamedAttrMap>(
  EMA_UPDATE, ({ inputs, backend, attrs }) => {
    const { target, online } = inputs
    if (!sameFloat(target, online)) throw new Error(`${EMA_UPDATE}: target and online must be float32 of one shape`)
    const t = readF32(backend, target), o = readF32(backend, online)
    const out = takeF32(t.length)
    const native = activeNative()
    const gamma = attrs.gamma as number, rest = attrs.rest as number
    if (native !== undefined) native.ema(out, t, o, gamma, rest)
    else emaLoop(out, t, o, gamma, rest)
    return backend.makeTensorInfo(target.shape, "float32", out)
  })

/**
 * The same two updates over many parameters in ONE kernel call (inputs p0, b0, g0, p1, … and t0, o0, t1, …; outputs
 * in that order), so an optimiser or EMA step costs one call per parameter group instead of one per parameter.
 */
export const SGD_MOMENTUM_MANY = "SslSgdMomentumMany"
export const EMA_UPDATE_MANY = "SslEmaUpdateMany"

const countOf = (inputs: Record<string, TensorInfo>, per: number, name: string): number => {
  const n = Object.keys(inputs).length / per
  if (!Number.isInteger(n)) throw new Error(`${name}: expected ${per} inputs per parameter`)
  return n
}

export const sgdMomentumManyConfig: KernelConfig = blasKernel<Record<string, TensorInfo>, NamedAttrMap>(
  SGD_MOMENTUM_MANY, ({ inputs, backend, attrs }) => {
    const h = attrs as unknown as SgdHyper
    const native = activeNative()
    const out: TensorInfo[] = []
    for (let i = 0, n = countOf(inputs, 3, SGD_MOMENTUM_MANY); i < n; i++) {
      const param = inputs[`p${i}`]!, buf = inputs[`b${i}`]!, grad = inputs[`g${i}`]!
      if (!sameFloat(param, buf, grad)) throw new Error(`${SGD_MOMENTUM_MANY}: p${i}, b${i} and g${i} must be float32 of one shape`)
      const p = readF32(backend, param), b = readF32(backend, buf), g = readF32(backend, grad)
      const pOut = takeF32(p.length), bOut = takeF32(p.length)
      if (native !== undefined) native.sgd(pOut, bOut, p, b, g, h.lr, h.momentum, h.weightDecay)
      else sgdLoop(pOut, bOut, p, b, g, h)
      out.push(backend.makeTensorInfo(param.shape, "float32", pOut), backend.makeTensorInfo(param.shape, "float32", bOut))
    }
    return out
  })

export const emaUpdateManyConfig: KernelConfig = blasKernel<Record<string, TensorInfo>, NamedAttrMap>(
  EMA_UPDATE_MANY, ({ inputs, backend, attrs }) => {
    const gamma = attrs.gamma as number, rest = attrs.rest as number
    const native = activeNative()
    const out: TensorInfo[] = []
    for (let i = 0, n = countOf(inputs, 2, EMA_UPDATE_MANY); i < n; i++) {
      const target = inputs[`t${i}`]!, online = inputs[`o${i}`]!
      if (!sameFloat(target, online)) throw new Error(`${EMA_UPDATE_MANY}: t${i} and o${i} must be float32 of one shape`)
      const t = readF32(backend, target), o = readF32(backend, online)
      const v = takeF32(t.length)
      if (native !== undefined) native.ema(v, t, o, gamma, rest)
      else emaLoop(v, t, o, gamma, rest)
      out.push(backend.makeTensorInfo(target.shape, "float32", v))
    }
    return out
  })

const fused = (name: string, ...ts: tf.Tensor[]) =>
  tf.getKernel(name, tf.getBackend()) !== undefined && ts.every((t) => t.dtype === "float32" && tf.util.arraysEqual(t.shape, ts[0]!.shape))

/**
 * One SGD step of one parameter, PyTorch semantics: d = g + wd·θ; buf' = μ·buf + d; θ' = θ − lr·buf'. Returns the
 * new tensors (the caller assigns them). One fused kernel on `blas`, the op sequence elsewhere.
 */
export const sgdMomentumStep = (param: tf.Tensor, buf: tf.Tensor, grad: tf.Tensor, h: SgdHyper): { param: tf.Tensor; buf: tf.Tensor } => {
  if (fused(SGD_MOMENTUM, param, buf, grad)) {
    const [p, b] = tf.engine().runKernel(SGD_MOMENTUM, { param, buf, grad }, { ...h }) as tf.Tensor[]
    return { param: p!, buf: b! }
  }
  return tf.tidy(() => {
    const d = h.weightDecay !== 0 ? tf.add(grad, tf.mul(param, h.weightDecay)) : grad
    const b = h.momentum === 0 ? d : tf.add(tf.mul(buf, h.momentum), d)
    return { param: tf.sub(param, tf.mul(b, h.lr)), buf: b }
  })
}

/**
 * θ_t·γ + θ_o·ρ, ρ = 1 − γ unless given (BatchNorm's running variance weighs the batch's by k·n/(n − 1)): one fused
 * kernel on `blas`, the op sequence tf.add(tf.mul(θ_t, γ), tf.mul(θ_o, ρ)) elsewhere. ρ is computed in float64 and
 * rounded to float32 once, as that op sequence's scalar tensor is. Returns a new tensor.
 */
export const emaStep = (target: tf.Tensor, online: tf.Tensor, gamma: number, rest = 1 - gamma): tf.Tensor =>
  fused(EMA_UPDATE, target, online)
    ? (tf.engine().runKernel(EMA_UPDATE, { target, online }, { gamma, rest }) as tf.Tensor)
    : tf.tidy(() => tf.add(tf.mul(target, gamma), tf.mul(online, rest)))

/**
 * {@link sgdMomentumStep} for every parameter of a group at once (one kernel call on `blas`; the per-parameter step
 * elsewhere, or when shapes or dtypes do not fit). Returns the new tensors in the order of `params`.
 */
export const sgdMomentumSteps = (params: ReadonlyArray<tf.Tensor>, bufs: ReadonlyArray<tf.Tensor>, grads: ReadonlyArray<tf.Tensor>,
  h: SgdHyper): Array<{ param: tf.Tensor; buf: tf.Tensor }> => {
  if (params.length === 0) return []
  if (tf.getKernel(SGD_MOMENTUM_MANY, tf.getBackend()) === undefined || !params.every((p, i) => fused(SGD_MOMENTUM, p, bufs[i]!, grads[i]!))) {
    return params.map((p, i) => sgdMomentumStep(p, bufs[i]!, grads[i]!, h))
  }
  const inputs: tf.NamedTensorMap = {}
  params.forEach((p, i) => { inputs[`p${i}`] = p; inputs[`b${i}`] = bufs[i]!; inputs[`g${i}`] = grads[i]! })
  const out = tf.engine().runKernel(SGD_MOMENTUM_MANY, inputs, { lr: h.lr, momentum: h.momentum, weightDecay: h.weightDecay }) as tf.Tensor[]
  return params.map((_, i) => ({ param: out[2 * i]!, buf: out[2 * i + 1]! }))
}

/** {@link emaStep} for many pairs at once (one kernel call on `blas`, the per-pair step elsewhere). */
export const emaSteps = (targets: ReadonlyArray<tf.Tensor>, onlines: ReadonlyArray<tf.Tensor>, gamma: number, rest = 1 - gamma): Array<tf.Tensor> => {
  if (targets.length === 0) return []
  if (tf.getKernel(EMA_UPDATE_MANY, tf.getBackend()) === undefined || !targets.every((t, i) => fused(EMA_UPDATE, t, onlines[i]!))) {
    return targets.map((t, i) => emaStep(t, onlines[i]!, gamma, rest))
  }
  const inputs: tf.NamedTensorMap = {}
  targets.forEach((t, i) => { inputs[`t${i}`] = t; inputs[`o${i}`] = onlines[i]! })
  return tf.engine().runKernel(EMA_UPDATE_MANY, inputs, { gamma, rest }) as tf.Tensor[]
}
