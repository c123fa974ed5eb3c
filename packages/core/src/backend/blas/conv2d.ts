import { backend_util, Conv2D, type TensorInfo } from "@tensorflow/tfjs-core"
import { conv2dForward } from "./conv/conv2dForward.ts"
import { blasKernel, cpuKernel, readF32 } from "./tensorData.ts"

export interface Conv2DAttrs {
  readonly strides: number | [number, number]
  readonly pad: "valid" | "same" | number | backend_util.ExplicitPadding
  readonly dataFormat: "NHWC" | "NCHW"
  readonly dilations: number | [number, number]
  readonly dimRoundingMode?: "floor" | "round" | "ceil"
}

/** NHWC float32 convolution by im2col + sgemm; NCHW and other dtypes go to the cpu kernel. */
export const conv2dConfig = blasKernel<{ x: TensorInfo; filter: TensorInfo }, Conv2DAttrs>(Conv2D, (args) => {
  const { x, filter } = args.inputs
  const a = args.attrs
  if (a.dataFormat === "NCHW" || x.dtype !== "float32" || filter.dtype !== "float32") return cpuKernel(Conv2D)(args as never)
  const ci = backend_util.computeConv2DInfo(x.shape as [number, number, number, number],
    filter.shape as [number, number, number, number], a.strides, a.dilations, a.pad, a.dimRoundingMode, false, "channelsLast")
  const y = conv2dForward(readF32(args.backend, x), readF32(args.backend, filter), ci)
  return args.backend.makeTensorInfo(ci.outShape, "float32", y)
})
