import { activeNative } from "../native/activeNative.ts"
import type { ConvInfo } from "./convGeometry.ts"
import { nativeGeometry } from "./nativeGeometry.ts"

/**
 * The adjoint of im2col: adds each panel entry back to the NHWC input position it was read from (padding dropped).
 * The native library's loop runs when it is loaded.
 */
export const col2im = (cols: Float32Array, ci: ConvInfo, n0: number, n1: number, dx: Float32Array): void => {
  const native = activeNative()
  if (native !== undefined) {
    native.col2im(cols, nativeGeometry(ci), n0, n1, dx)
    return
  }
  const H = ci.inHeight, W = ci.inWidth, C = ci.inChannels, OH = ci.outHeight, OW = ci.outWidth
  const KH = ci.filterHeight, KW = ci.filterWidth, sh = ci.strideHeight, sw = ci.strideWidth
  const dh = ci.dilationHeight, dw = ci.dilationWidth, top = ci.padInfo.top, left = ci.padInfo.left
  const rowLen = KW * C
  let o = 0
  for (let n = n0; n < n1; n++) {
    const xImage = n * H * W * C
    for (let oh = 0; oh < OH; oh++) {
      for (let ow = 0; ow < OW; ow++) {
        const iw0 = ow * sw - left
        const rowInBounds = dw === 1 && iw0 >= 0 && iw0 + KW <= W
        for (let kh = 0; kh < KH; kh++) {
          const ih = oh * sh - top + kh * dh
          if (ih < 0 || ih >= H) { o += rowLen; continue }
          const xRow = xImage + ih * W * C
          if (rowInBounds) {
            const dst = xRow + iw0 * C
            for (let j = 0; j < rowLen; j++) dx[dst + j]! += cols[o + j]!
            o += rowLen
            continue
          }
          for (let kw = 0; kw < KW; kw++) {
            const iw = iw0 + kw * dw
            if (iw >= 0 && iw < W) {
              const dst = xRow + iw * C
              for (let c = 0; c < C; c++) dx[dst + c]! += cols[o + c]!
            }
            o += C
          }
        }
      }
    }
  }
}
