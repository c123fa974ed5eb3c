import { activeBlas } from "../activeBlas.ts"
import { takeF32, takeZeroedF32 } from "../bufferPool.ts"
import { col2im } from "./col2im.ts"
import { imagesPerPanel, isPointwise, type ConvInfo } from "./convGeometry.ts"
import { scratch } from "./scratch.ts"

/** dx = col2im(dy[rows, OC] @ filterᵀ[OC, K]), panel by panel. */
export const conv2dBackpropInputValues = (dy: Float32Array, filter: Float32Array, ci: ConvInfo): Float32Array => {
  const blas = activeBlas()
  const OC = ci.outChannels, K = ci.filterHeight * ci.filterWidth * ci.inChannels
  const rowsPerImage = ci.outHeight * ci.outWidth
  const size = ci.batchSize * ci.inHeight * ci.inWidth * ci.inChannels
  if (isPointwise(ci)) {
    const dx = takeF32(size)
    blas.sgemm(false, true, ci.batchSize * rowsPerImage, K, OC, 1, dy, OC, filter, OC, 0, dx, K)
    return dx
  }
  const dx = takeZeroedF32(size) // col2im accumulates
  const step = imagesPerPanel(ci)
  for (let n0 = 0; n0 < ci.batchSize; n0 += step) {
    const n1 = Math.min(ci.batchSize, n0 + step), rows = (n1 - n0) * rowsPerImage
    const cols = scratch(rows * K)
    blas.sgemm(false, true, rows, K, OC, 1, dy.subarray(n0 * rowsPerImage * OC), OC, filter, OC, 0, cols, K)
    col2im(cols, ci, n0, n1, dx)
  }
  return dx
}
