import { activeNative } from "../native/activeNative.ts"
import type { ConvInfo } from "./convGeometry.ts"
import { nativeGeometry } from "./nativeGeometry.ts"

/**
 * Writes the im2col panel of images [n0, n1) of NHWC `x`: one row per output pixel (n, oh, ow), columns ordered
 * (kh, kw, c) like the [KH, KW, C, OC] filter, so panel @ filter[K, OC] is the NHWC output. Padding is written as
 * zeros (the panel buffer is reused). With NHWC the C values of one tap are contiguous, and with dilation 1 a
 * whole in-bounds filter row (KW·C values) is one contiguous run. The native library's copy runs when it is loaded.
 */
export const im2col = (x: Float32Array, ci: ConvInfo, n0: number, n1: number, cols: Float32Array): void => {
  const native = activeNative()
  if (native !== undefined) {
    native.im2col(x, nativeGeometry(ci), n0, n1, cols)
    return
  }
  const H = ci.inHeight, W = ci.inWidth, C = ci.inChannels, OH = ci.outHeight, OW = ci.outWidth
  const KH = ci.filterHeight, KW = ci.filterWidth, sh = ci.strideHeight, sw = ci.strideWidth
  const dh = ci.dilationHeight, dw = ci.dilationWidth, top = ci.padInfo.top, left = ci.padInfo.left
  const rowLen = KW * C, K = KH * rowLen
  let o = 0
  for (let n = n0; n < n1; n++) {
    const xImage = n * H * W * C
    for (let oh = 0; oh < OH; oh++) {
      for (let ow = 0; ow < OW; ow++) {
        const iw0 = ow * sw - left
        const rowInBounds = dw === 1 && iw0 >= 0 && iw0 + KW <= W
        for (let kh = 0; kh < KH; kh++) {
          const ih = oh * sh - top + kh * dh
          if (ih < 0 || ih >= H) {
            cols.fill(0, o, o + rowLen)
            o += rowLen
            continue
          }
          const xRow = xImage + ih * W * C
          if (rowInBounds) {
            const src = xRow + iw0 * C
            for (let j = 0; j < rowLen; j++) cols[o + j] = x[src + j]!
            o += rowLen
            continue
          }
          for (let kw = 0; kw < KW; kw++) {
            const iw = iw0 + kw * dw
            if (iw < 0 || iw >= W) {
              for (let c = 0; c < C; c++) cols[o + c] = 0
            } else {
              const src = xRow + iw * C
              for (let c = 0; c < C; c++) cols[o + c] = x[src + c]!
            }
            o += C
          }
        }
      }
    }
  }
  if (o !== (n1 - n0) * OH * OW * K) throw new Error("im2col: panel size mismatch")
}
