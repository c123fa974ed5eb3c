import { BatchMatMul, broadcast_util, util, type TensorInfo } from "@tensorflow/tfjs-core"
import { activeBlas } from "./activeBlas.ts"
import { takeF32 } from "./bufferPool.ts"
import { blasKernel, cpuKernel, readF32, type BlasBackend } from "./tensorData.ts"

export interface MatMulAttrs { readonly transposeA: boolean; readonly transposeB: boolean }

/**
 * op(a) @ op(b) by sgemm, with numpy broadcasting of the leading (batch) dims — in general, unlike tfjs' cpu kernel,
 * which only broadcasts when one side has a single batch. Returns the product's values and shape.
 */
export const matMulValues = (backend: BlasBackend, a: TensorInfo, b: TensorInfo, { transposeA, transposeB }: MatMulAttrs) => {
  const ra = a.shape.length, rb = b.shape.length
  const m = transposeA ? a.shape[ra - 1]! : a.shape[ra - 2]!
  const k = transposeA ? a.shape[ra - 2]! : a.shape[ra - 1]!
  const kb = transposeB ? b.shape[rb - 1]! : b.shape[rb - 2]!
  const n = transposeB ? b.shape[rb - 2]! : b.shape[rb - 1]!
  util.assert(k === kb, () => `Error in matMul: inner shapes (${k}) and (${kb}) of Tensors with shapes ${a.shape} and ` +
    `${b.shape} and transposeA=${transposeA} and transposeB=${transposeB} must match.`)
  const batchA = a.shape.slice(0, -2), batchB = b.shape.slice(0, -2)
  const batchOut = broadcast_util.assertAndGetBroadcastShape(batchA, batchB)
  const av = readF32(backend, a), bv = readF32(backend, b)
  const nBatch = util.sizeFromShape(batchOut)
  const out = takeF32(nBatch * m * n) // every element is written by a GEMM with beta = 0 (zeros when k = 0)
  const blas = activeBlas()
  const lda = transposeA ? m : k, ldb = transposeB ? k : n
  const sizeA = m * k, sizeB = k * n, sizeC = m * n
  const nA = util.sizeFromShape(batchA), nB = util.sizeFromShape(batchB)
  if (nB === 1 && !transposeA) {
    // [..., M, K] @ [K, N]: stacking the batch of `a` into the rows is one larger, faster GEMM.
    blas.sgemm(false, transposeB, nA * m, n, k, 1, av, lda, bv, ldb, 0, out, n)
  } else if (nA === nBatch && nB === nBatch) {
    for (let i = 0; i < nBatch; i++) {
      blas.sgemm(transposeA, transposeB, m, n, k, 1, av.subarray(i * sizeA, (i + 1) * sizeA), lda,
        bv.subarray(i * sizeB, (i + 1) * sizeB), ldb, 0, out.subarray(i * sizeC, (i + 1) * sizeC), n)
    }
  } else {
    const ia = broadcastIndex(batchA, batchOut), ib = broadcastIndex(batchB, batchOut)
    for (let i = 0; i < nBatch; i++) {
      const oa = ia(i) * sizeA, ob = ib(i) * sizeB
      blas.sgemm(transposeA, transposeB, m, n, k, 1, av.subarray(oa, oa + sizeA), lda, bv.subarray(ob, ob + sizeB), ldb, 0,
        out.subarray(i * sizeC, (i + 1) * sizeC), n)
    }
  }
  return { values: out, shape: [...batchOut, m, n] }
}

/** Maps a flat index over `outShape` to the flat index of the (broadcast) input of shape `inShape`. */
const broadcastIndex = (inShape: ReadonlyArray<number>, outShape: ReadonlyArray<number>) => {
  const offset = outShape.length - inShape.length
  const inStrides = util.computeStrides(inShape.slice())
  const outStrides = util.computeStrides(outShape.slice())
  return (flat: number): number => {
    let idx = 0
    for (let d = 0; d < outShape.length; d++) {
      const coord = Math.floor(flat / (outStrides[d] ?? 1)) % outShape[d]!
      const id = d - offset
      if (id >= 0 && inShape[id]! !== 1) idx += coord * (inStrides[id] ?? 1)
    }
    return idx
  }
}

export const batchMatMulConfig = blasKernel<{ a: TensorInfo; b: TensorInfo }, MatMulAttrs>(BatchMatMul, (args) => {
  const { a, b } = args.inputs
  if (a.dtype !== "float32" || b.dtype !== "float32") return cpuKernel(BatchMatMul)(args as never)
  const { values, shape } = matMulValues(args.backend, a, b, args.attrs)
  return args.backend.makeTensorInfo(shape, "float32", values)
})
