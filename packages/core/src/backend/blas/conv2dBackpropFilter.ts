import { backend_util, Conv2DBackpropFilter, type TensorInfo } from "@tensorflow/tfjs-core"
import { conv2dBackpropFilterValues } from "./conv/conv2dBackpropFilterValues.ts"
import type { Conv2DAttrs } from "./conv2d.ts"
import { blasKernel, cpuKernel, readF32 } from "./tensorData.ts"

interface Attrs extends Omit<Conv2DAttrs, "dilations"> { readonly filterShape: [number, number, number, number] }

/** Gradient of conv2d with respect to its filter: im2col(x)ᵀ @ dy. */
export const conv2dBackpropFilterConfig = blasKernel<{ x: TensorInfo; dy: TensorInfo }, Attrs>(Conv2DBackpropFilter, (args) => {
  const { x, dy } = args.inputs
  const a = args.attrs
  if (a.dataFormat === "NCHW" || x.dtype !== "float32" || dy.dtype !== "float32") {
    return cpuKernel(Conv2DBackpropFilter)(args as never)
  }
  const ci = backend_util.computeConv2DInfo(x.shape as [number, number, number, number], a.filterShape, a.strides, 1,
    a.pad, a.dimRoundingMode, false, "channelsLast")
  const dw = conv2dBackpropFilterValues(readF32(args.backend, x), readF32(args.backend, dy), ci)
  return args.backend.makeTensorInfo(a.filterShape.slice(), "float32", dw)
})
