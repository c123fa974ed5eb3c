import { activeBlas } from "../activeBlas.ts"
import { takeF32 } from "../bufferPool.ts"
import { imagesPerPanel, isPointwise, type ConvInfo } from "./convGeometry.ts"
import { im2col } from "./im2col.ts"
import { scratch } from "./scratch.ts"

/** NHWC convolution as GEMM: y[rows, OC] = im2col(x)[rows, K] @ filter[K, OC], panel by panel. */
export const conv2dForward = (x: Float32Array, filter: Float32Array, ci: ConvInfo): Float32Array => {
  const blas = activeBlas()
  const OC = ci.outChannels, K = ci.filterHeight * ci.filterWidth * ci.inChannels
  const rowsPerImage = ci.outHeight * ci.outWidth
  const y = takeF32(ci.batchSize * rowsPerImage * OC) // every row is written by a GEMM with beta = 0
  if (isPointwise(ci)) {
    blas.sgemm(false, false, ci.batchSize * rowsPerImage, OC, K, 1, x, K, filter, OC, 0, y, OC)
    return y
  }
  const step = imagesPerPanel(ci)
  for (let n0 = 0; n0 < ci.batchSize; n0 += step) {
    const n1 = Math.min(ci.batchSize, n0 + step), rows = (n1 - n0) * rowsPerImage
    const cols = scratch(rows * K)
    im2col(x, ci, n0, n1, cols)
    blas.sgemm(false, false, rows, OC, K, 1, cols, K, filter, OC, 0, y.subarray(n0 * rowsPerImage * OC), OC)
  }
  return y
}
