import { tf } from "../../../tf.ts"
import { activeBlasOrUndefined } from "../activeBlas.ts"
import { knnPredict } from "./knnPredict.ts"
import { l2NormalizeRows } from "./l2NormalizeRows.ts"

export interface KnnClassifyOptions {
  readonly k: number
  readonly temperature: number
  readonly classes: number
  /** Queries per block of similarities (memory: chunk × bank rows floats). */
  readonly chunk: number
}

/**
 * The weighted kNN classifier's predictions for queries [m, d] against a labelled bank [n, d]: rows l2-normalised,
 * cosine similarities a block of queries at a time, then knnPredict's vote. The similarities are the active
 * backend's matMul: on `blas`, its own sgemm call made directly into a reused block (same numbers, without tfjs'
 * bookkeeping and the copy out of its buffer pool), tf.matMul on any other.
 */
export const knnClassify = (bank: Float32Array, labels: Uint8Array, queries: Float32Array, d: number, options: KnnClassifyOptions): Int32Array => {
  const n = labels.length
  const m = queries.length / d
  if (bank.length !== n * d || !Number.isInteger(m)) {
    throw new RangeError(`knnClassify: a bank of ${bank.length} values for ${n} labels and ${queries.length} query values are not rows of ${d}`)
  }
  const b = l2NormalizeRows(bank, n, d) // [n, d]
  const q = l2NormalizeRows(queries, m, d) // [m, d]
  const pred = new Int32Array(m)
  const blas = tf.getBackend() === "blas" ? activeBlasOrUndefined() : undefined
  const block = blas === undefined ? undefined : new Float32Array(Math.min(options.chunk, m) * n)
  const bankT = blas === undefined ? tf.tensor2d(b, [n, d]) : undefined
  try {
    for (let start = 0; start < m; start += options.chunk) {
      const rows = Math.min(m, start + options.chunk) - start
      const qs = q.subarray(start * d, (start + rows) * d)
      let sim: Float32Array // [rows, n]
      if (blas !== undefined) {
        sim = block!.subarray(0, rows * n)
        blas.sgemm(false, true, rows, n, d, 1, qs, d, b, d, 0, sim, n)
      } else {
        const t = tf.tidy(() => tf.matMul(tf.tensor2d(qs, [rows, d]), bankT!, false, true))
        sim = t.dataSync() as Float32Array
        t.dispose()
      }
      pred.set(knnPredict(sim, rows, n, options.k, labels, options.classes, options.temperature), start)
    }
  } finally {
    bankT?.dispose()
  }
  return pred
}
