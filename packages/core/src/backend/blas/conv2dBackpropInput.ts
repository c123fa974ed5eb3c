import { backend_util, Conv2DBackpropInput, type TensorInfo } from "@tensorflow/tfjs-core"
import { conv2dBackpropInputValues } from "./conv/conv2dBackpropInputValues.ts"
import type { Conv2DAttrs } from "./conv2d.ts"
import { blasKernel, cpuKernel, readF32 } from "./tensorData.ts"

interface Attrs extends Omit<Conv2DAttrs, "dilations"> { readonly inputShape: [number, number, number, number] }

/** Gradient of conv2d with respect to its input: dy @ filterᵀ, then col2im. */
export const conv2dBackpropInputConfig = blasKernel<{ dy: TensorInfo; filter: TensorInfo }, Attrs>(Conv2DBackpropInput, (args) => {
  const { dy, filter } = args.inputs
  const a = args.attrs
  if (a.dataFormat === "NCHW" || dy.dtype !== "float32" || filter.dtype !== "float32") {
    return cpuKernel(Conv2DBackpropInput)(args as never)
  }
  const ci = backend_util.computeConv2DInfo(a.inputShape, filter.shape as [number, number, number, number], a.strides, 1,
    a.pad, a.dimRoundingMode, false, "channelsLast")
  const dx = conv2dBackpropInputValues(readF32(args.backend, dy), readF32(args.backend, filter), ci)
  return args.backend.makeTensorInfo(a.inputShape.slice(), "float32", dx)
})
