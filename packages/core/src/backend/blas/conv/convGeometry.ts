import { backend_util } from "@tensorflow/tfjs-core"

export type ConvInfo = backend_util.Conv2DInfo

/** Images per im2col panel: enough rows for an efficient GEMM, few enough that the panel stays near cache. */
export const imagesPerPanel = (ci: ConvInfo): number => {
  const rowsPerImage = ci.outHeight * ci.outWidth
  const k = ci.filterHeight * ci.filterWidth * ci.inChannels
  const maxPanelFloats = 1 << 19 // 2 MB
  return Math.max(1, Math.min(ci.batchSize, Math.floor(maxPanelFloats / Math.max(1, rowsPerImage * k))))
}

/** A 1x1, stride-1, unpadded convolution is a plain GEMM on the NHWC data: no panel needed. */
export const isPointwise = (ci: ConvInfo): boolean =>
  ci.filterHeight === 1 && ci.filterWidth === 1 && ci.strideHeight === 1 && ci.strideWidth === 1 &&
  ci.padInfo.top === 0 && ci.padInfo.left === 0 && ci.outHeight === ci.inHeight && ci.outWidth === ci.inWidth
