import { activeBlas } from "../activeBlas.ts"
import { takeZeroedF32 } from "../bufferPool.ts"
import { imagesPerPanel, isPointwise, type ConvInfo } from "./convGeometry.ts"
import { im2col } from "./im2col.ts"
import { scratch } from "./scratch.ts"

/** dW[K, OC] = Σ_panels im2col(x)ᵀ[K, rows] @ dy[rows, OC] (GEMM accumulates with beta = 1 after the first panel). */
export const conv2dBackpropFilterValues = (x: Float32Array, dy: Float32Array, ci: ConvInfo): Float32Array => {
  const blas = activeBlas()
  const OC = ci.outChannels, K = ci.filterHeight * ci.filterWidth * ci.inChannels
  const rowsPerImage = ci.outHeight * ci.outWidth
  const dw = takeZeroedF32(K * OC)
  if (isPointwise(ci)) {
    blas.sgemm(true, false, K, OC, ci.batchSize * rowsPerImage, 1, x, K, dy, OC, 0, dw, OC)
    return dw
  }
  const step = imagesPerPanel(ci)
  for (let n0 = 0; n0 < ci.batchSize; n0 += step) {
    const n1 = Math.min(ci.batchSize, n0 + step), rows = (n1 - n0) * rowsPerImage
    const cols = scratch(rows * K)
    im2col(x, ci, n0, n1, cols)
    blas.sgemm(true, false, K, OC, rows, 1, cols, K, dy.subarray(n0 * rowsPerImage * OC), OC, n0 === 0 ? 0 : 1, dw, OC)
  }
  return dw
}
