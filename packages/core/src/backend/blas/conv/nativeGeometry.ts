import type { ConvInfo } from "./convGeometry.ts"

const geom = new Int32Array(13)

/** The convolution's geometry as the native im2col/col2im read it: [H, W, C, OH, OW, KH, KW, sh, sw, dh, dw, top, left]. */
export const nativeGeometry = (ci: ConvInfo): Int32Array => {
  geom.set([ci.inHeight, ci.inWidth, ci.inChannels, ci.outHeight, ci.outWidth, ci.filterHeight, ci.filterWidth,
    ci.strideHeight, ci.strideWidth, ci.dilationHeight, ci.dilationWidth, ci.padInfo.top, ci.padInfo.left])
  return geom
}
