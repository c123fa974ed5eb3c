import { broadcast_util, util, type TensorInfo } from "@tensorflow/tfjs-core"
import { activeNative } from "./native/activeNative.ts"
import { readF32, type BlasBackend } from "./tensorData.ts"

/**
 * y += bias, where bias broadcasts to y's shape (the fused kernels' bias: usually [N] or [1, N] over rows [M, N],
 * a channel vector for NHWC convolutions). y is the kernel's own fresh output, so writing in place is safe.
 */
export const addBiasInPlace = (backend: BlasBackend, y: Float32Array, yShape: ReadonlyArray<number>, bias: TensorInfo): void => {
  const bv = readF32(backend, bias)
  const out = broadcast_util.assertAndGetBroadcastShape(yShape.slice(), bias.shape)
  util.assert(util.arraysEqual(out, yShape.slice()), () => `bias of shape ${bias.shape} does not broadcast to ${yShape}`)
  const nb = bv.length
  // Without its leading 1s, does bias equal y's trailing dims? Then it simply repeats every `nb` elements of y.
  const core = bias.shape.slice(bias.shape.findIndex((d) => d !== 1))
  const repeats = core.every((d, i) => d === yShape[yShape.length - core.length + i])
  const native = activeNative()
  if (native !== undefined && repeats && nb > 0) {
    native.biasRelu(y, y.length / nb, bv, nb, false)
  } else if (nb === 1) {
    const c = bv[0]!
    for (let i = 0; i < y.length; i++) y[i]! += c
  } else if (repeats) {
    for (let i = 0; i < y.length; i += nb) for (let j = 0; j < nb; j++) y[i + j]! += bv[j]!
  } else {
    // General broadcast (e.g. a column bias [M, 1]): index arithmetic per element; rare in practice.
    const rank = yShape.length, off = rank - bias.shape.length
    const ys = util.computeStrides(yShape.slice()), bs = util.computeStrides(bias.shape)
    for (let i = 0; i < y.length; i++) {
      let bi = 0
      for (let d = off; d < rank; d++) {
        const coord = Math.floor(i / (ys[d] ?? 1)) % yShape[d]!
        if (bias.shape[d - off]! !== 1) bi += coord * (bs[d - off] ?? 1)
      }
      y[i]! += bv[bi]!
    }
  }
}
