import { backend_util, FusedConv2D, type TensorInfo } from "@tensorflow/tfjs-core"
import { addBiasInPlace } from "./addBiasInPlace.ts"
import { conv2dForward } from "./conv/conv2dForward.ts"
import type { Conv2DAttrs } from "./conv2d.ts"
import { applyActivationInPlace, applyActivationKernel } from "./fusedActivation.ts"
import { blasKernel, cpuKernel, readF32 } from "./tensorData.ts"

interface FusedConv2DAttrs extends Conv2DAttrs { readonly activation?: string; readonly leakyreluAlpha?: number }

/** Convolution, then bias and activation in place on the output (NHWC: the bias is a channel vector). */
export const fusedConv2dConfig = blasKernel<
  { x: TensorInfo; filter: TensorInfo; bias?: TensorInfo; preluActivationWeights?: TensorInfo }, FusedConv2DAttrs
>(FusedConv2D, (args) => {
  const { x, filter, bias, preluActivationWeights } = args.inputs
  const a = args.attrs, backend = args.backend
  if (a.dataFormat === "NCHW" || x.dtype !== "float32" || filter.dtype !== "float32") return cpuKernel(FusedConv2D)(args as never)
  const ci = backend_util.computeConv2DInfo(x.shape as [number, number, number, number],
    filter.shape as [number, number, number, number], a.strides, a.dilations, a.pad, a.dimRoundingMode, false, "channelsLast")
  const y = conv2dForward(readF32(backend, x), readF32(backend, filter), ci)
  if (bias !== undefined) addBiasInPlace(backend, y, ci.outShape, bias)
  if (applyActivationInPlace(backend, y, a.activation, a.leakyreluAlpha, preluActivationWeights)) {
    return backend.makeTensorInfo(ci.outShape, "float32", y)
  }
  const pre = backend.makeTensorInfo(ci.outShape, "float32", y)
  const out = applyActivationKernel(backend, pre, a.activation!, a.leakyreluAlpha, preluActivationWeights)
  backend.disposeIntermediateTensorInfo(pre)
  return out
})
