import { backend_util, MaxPoolGrad, type KernelConfig, type KernelFunc, type TensorInfo } from "@tensorflow/tfjs-core"
import type { WasmLike } from "./WasmLike.ts"

/**
 * MaxPool's gradient for wasm, replacing the built-in one that is wrong for even input sizes with stride 2
 * (tfjs' kernel contract). Same rule as the cpu kernel: the gradient goes to the first maximum of each window in scan order.
 */
const kernelFunc = ({ inputs, backend, attrs }: { inputs: Record<string, TensorInfo>; backend: unknown; attrs: Record<string, unknown> }) => {
  const dy = inputs.dy!, x = inputs.input!
  const a = attrs as { filterSize: number | [number, number]; strides: number | [number, number];
    pad: "same" | "valid" | number | backend_util.ExplicitPadding; dimRoundingMode?: "floor" | "round" | "ceil" }
  const ci = backend_util.computePool2DInfo(x.shape as [number, number, number, number], a.filterSize, a.strides, 1,
    a.pad, a.dimRoundingMode)
  const b = backend as WasmLike
  const xv = b.readSync(x.dataId), dyv = b.readSync(dy.dataId)
  const H = ci.inHeight, W = ci.inWidth, C = ci.inChannels
  const dx = new Float32Array(ci.batchSize * H * W * C)
  for (let n = 0; n < ci.batchSize; n++) for (let oh = 0; oh < ci.outHeight; oh++) for (let ow = 0; ow < ci.outWidth; ow++) {
    const h0 = oh * ci.strideHeight - ci.padInfo.top, w0 = ow * ci.strideWidth - ci.padInfo.left
    for (let c = 0; c < C; c++) {
      let best = Number.NEGATIVE_INFINITY, at = -1
      for (let kh = 0; kh < ci.effectiveFilterHeight; kh += ci.dilationHeight) {
        const ih = h0 + kh
        if (ih < 0 || ih >= H) continue
        for (let kw = 0; kw < ci.effectiveFilterWidth; kw += ci.dilationWidth) {
          const iw = w0 + kw
          if (iw < 0 || iw >= W) continue
          const idx = ((n * H + ih) * W + iw) * C + c
          if (xv[idx]! > best) { best = xv[idx]!; at = idx }
        }
      }
      if (at >= 0) dx[at]! += dyv[((n * ci.outHeight + oh) * ci.outWidth + ow) * C + c]!
    }
  }
  return b.makeOutput(x.shape.slice(), "float32", undefined, dx)
}

export const maxPoolGradWasm: KernelConfig = { kernelName: MaxPoolGrad, backendName: "wasm", kernelFunc: kernelFunc as unknown as KernelFunc }
