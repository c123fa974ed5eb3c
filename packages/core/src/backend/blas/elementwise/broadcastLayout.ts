import { broadcast_util, util } from "@tensorflow/tfjs-core"

/**
 * The iteration plan of a broadcasting binary op: the output shape, with size-1 dims dropped and adjacent dims
 * merged wherever both inputs stay contiguous, and each input's stride per merged dim (0 = broadcast).
 * Same shapes collapse to one dim; [M, N] + [N] to two ([M, N], b strides [0, 1]).
 */
export interface BroadcastLayout {
  readonly outShape: number[]
  readonly dims: number[]
  readonly stridesA: number[]
  readonly stridesB: number[]
}

const paddedStrides = (shape: ReadonlyArray<number>, rank: number): number[] => {
  const padded = [...new Array<number>(rank - shape.length).fill(1), ...shape]
  const strides = new Array<number>(rank)
  let s = 1
  for (let d = rank - 1; d >= 0; d--) {
    strides[d] = padded[d] === 1 ? 0 : s
    s *= padded[d]!
  }
  return strides
}

export const broadcastLayout = (aShape: ReadonlyArray<number>, bShape: ReadonlyArray<number>): BroadcastLayout => {
  const outShape = broadcast_util.assertAndGetBroadcastShape(aShape.slice(), bShape.slice())
  const rank = outShape.length
  const sa = paddedStrides(aShape, rank), sb = paddedStrides(bShape, rank)
  const dims: number[] = [], stridesA: number[] = [], stridesB: number[] = []
  for (let d = 0; d < rank; d++) {
    const n = outShape[d]!
    if (n === 1) continue
    const last = dims.length - 1
    // Merge into the previous dim when stepping over this whole dim equals one step of the previous one.
    if (last >= 0 && stridesA[last] === sa[d]! * n && stridesB[last] === sb[d]! * n) {
      dims[last]! *= n
      stridesA[last] = sa[d]!
      stridesB[last] = sb[d]!
    } else {
      dims.push(n)
      stridesA.push(sa[d]!)
      stridesB.push(sb[d]!)
    }
  }
  util.assert(dims.every((n) => n > 0) || util.sizeFromShape(outShape) === 0, () => "broadcastLayout: bad shape")
  return { outShape, dims, stridesA, stridesB }
}
