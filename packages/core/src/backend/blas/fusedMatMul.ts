import { _FusedMatMul, type TensorInfo } from "@tensorflow/tfjs-core"
import { addBiasInPlace } from "./addBiasInPlace.ts"
import { matMulValues, type MatMulAttrs } from "./batchMatMul.ts"
import { applyActivationInPlace, applyActivationKernel } from "./fusedActivation.ts"
import { blasKernel, cpuKernel, type BlasBackend } from "./tensorData.ts"

interface FusedMatMulAttrs extends MatMulAttrs { readonly activation?: string; readonly leakyreluAlpha?: number }

/** GEMM, then bias and activation applied in place on the result: one output buffer, no intermediates. */
export const fusedMatMulConfig = blasKernel<
  { a: TensorInfo; b: TensorInfo; bias?: TensorInfo; preluActivationWeights?: TensorInfo }, FusedMatMulAttrs
>(_FusedMatMul, (args) => {
  const { a, b, bias, preluActivationWeights } = args.inputs
  const backend: BlasBackend = args.backend
  if (a.dtype !== "float32" || b.dtype !== "float32") return cpuKernel(_FusedMatMul)(args as never)
  const { values, shape } = matMulValues(backend, a, b, args.attrs)
  if (bias !== undefined) addBiasInPlace(backend, values, shape, bias)
  const { activation, leakyreluAlpha } = args.attrs
  if (applyActivationInPlace(backend, values, activation, leakyreluAlpha, preluActivationWeights)) {
    return backend.makeTensorInfo(shape, "float32", values)
  }
  const pre = backend.makeTensorInfo(shape, "float32", values)
  const out = applyActivationKernel(backend, pre, activation!, leakyreluAlpha, preluActivationWeights)
  backend.disposeIntermediateTensorInfo(pre)
  return out
})
