import type { TensorInfo } from "@tensorflow/tfjs-core"
import { activeNative } from "./native/activeNative.ts"
import { cpuKernel, readF32, type BlasBackend } from "./tensorData.ts"

/**
 * Applies a fused activation to `y` in place (the GEMM result we own), so fused kernels need no extra buffers.
 * Returns false for activations that need other inputs in general form (prelu with a non-channel alpha): the
 * caller then applies the cpu kernel.
 */
export const applyActivationInPlace = (
  backend: BlasBackend, y: Float32Array, activation: string | undefined, leakyreluAlpha: number | undefined,
  preluAlpha: TensorInfo | undefined,
): boolean => {
  const n = y.length
  switch (activation ?? "linear") {
    case "linear":
      return true
    case "relu": {
      const native = activeNative()
      if (native !== undefined) {
        native.biasRelu(y, 1, undefined, n, true)
        return true
      }
      for (let i = 0; i < n; i++) if (y[i]! < 0) y[i] = 0 // NaN stays NaN, as in tfjs
      return true
    }
    case "relu6":
      for (let i = 0; i < n; i++) { const v = y[i]!; y[i] = v < 0 ? 0 : v > 6 ? 6 : v }
      return true
    case "elu":
      for (let i = 0; i < n; i++) { const v = y[i]!; if (v < 0) y[i] = Math.exp(v) - 1 }
      return true
    case "leakyrelu": {
      const a = leakyreluAlpha ?? 0.2
      for (let i = 0; i < n; i++) { const v = y[i]!; if (v < 0) y[i] = a * v }
      return true
    }
    case "sigmoid":
      for (let i = 0; i < n; i++) y[i] = 1 / (1 + Math.exp(-y[i]!))
      return true
    case "prelu": {
      if (preluAlpha === undefined) return false
      const alpha = readF32(backend, preluAlpha)
      const c = alpha.length
      if (c === 0 || n % c !== 0) return false
      for (let i = 0; i < n; i++) { const v = y[i]!; if (v < 0) y[i] = alpha[i % c]! * v }
      return true
    }
    default:
      return false
  }
}

/** The general path: the cpu activation kernel on a tensor. */
export const applyActivationKernel = (
  backend: BlasBackend, x: TensorInfo, activation: string, leakyreluAlpha: number | undefined, preluAlpha: TensorInfo | undefined,
): TensorInfo => {
  const name = { relu: "Relu", relu6: "Relu6", elu: "Elu", sigmoid: "Sigmoid", leakyrelu: "LeakyRelu", prelu: "Prelu" }[activation]
  if (name === undefined) throw new Error(`Unknown fused activation ${activation}`)
  const inputs = activation === "prelu" ? { x, alpha: preluAlpha! } : { x }
  return cpuKernel(name)({ inputs, backend, attrs: activation === "leakyrelu" ? { alpha: leakyreluAlpha ?? 0.2 } : {} }) as TensorInfo
}
