import { backend_util, Conv2DBackpropFilter, type KernelConfig, type KernelFunc, type TensorInfo } from "@tensorflow/tfjs-core"
import type { WasmLike } from "./WasmLike.ts"

/**
 * The filter gradient of conv2d, missing from tfjs' wasm backend (tensorflow/tfjs#8474): a direct JS loop, NHWC
 * only. Single-threaded; fine for the small encoders that run on wasm.
 */
const kernelFunc = ({ inputs, backend, attrs }: { inputs: Record<string, TensorInfo>; backend: unknown; attrs: Record<string, unknown> }) => {
  const x = inputs.x!, dy = inputs.dy!
  const a = attrs as { strides: number | [number, number]; pad: "same" | "valid" | number | backend_util.ExplicitPadding;
    dataFormat: string; dimRoundingMode?: "floor" | "round" | "ceil"; filterShape: [number, number, number, number] }
  if (a.dataFormat === "NCHW") throw new Error("Conv2DBackpropFilter (wasm): only NHWC is supported; use dataFormat 'NHWC'")
  const ci = backend_util.computeConv2DInfo(x.shape as [number, number, number, number], a.filterShape, a.strides, 1,
    a.pad, a.dimRoundingMode, false, "channelsLast")
  const b = backend as WasmLike
  const xv = b.readSync(x.dataId), dyv = b.readSync(dy.dataId)
  const C = ci.inChannels, OC = ci.outChannels
  const dw = new Float32Array(ci.filterHeight * ci.filterWidth * C * OC)
  for (let kh = 0; kh < ci.filterHeight; kh++) for (let kw = 0; kw < ci.filterWidth; kw++) {
    for (let n = 0; n < ci.batchSize; n++) for (let oh = 0; oh < ci.outHeight; oh++) {
      const ih = oh * ci.strideHeight + kh - ci.padInfo.top
      if (ih < 0 || ih >= ci.inHeight) continue
      for (let ow = 0; ow < ci.outWidth; ow++) {
        const iw = ow * ci.strideWidth + kw - ci.padInfo.left
        if (iw < 0 || iw >= ci.inWidth) continue
        const xo = ((n * ci.inHeight + ih) * ci.inWidth + iw) * C
        const dyo = ((n * ci.outHeight + oh) * ci.outWidth + ow) * OC
        for (let c = 0; c < C; c++) {
          const xval = xv[xo + c]!, wo = ((kh * ci.filterWidth + kw) * C + c) * OC
          for (let o = 0; o < OC; o++) dw[wo + o]! += xval * dyv[dyo + o]!
        }
      }
    }
  }
  return b.makeOutput(a.filterShape.slice(), "float32", undefined, dw)
}

export const conv2dBackpropFilterWasm: KernelConfig = {
  kernelName: Conv2DBackpropFilter, backendName: "wasm", kernelFunc: kernelFunc as unknown as KernelFunc,
}
