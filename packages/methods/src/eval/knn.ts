/**
 * Weighted kNN classifier on frozen features, as the common kNN monitor (Wu et al. 2018 "InstDisc";
 * solo-learn's WeightedKNNClassifier; the MoCo/SimSiam CIFAR demos): features l2-normalised, cosine
 * similarity to every training feature, the k most similar vote for their class with weight exp(sim / T).
 * Defaults k = 200, T = 0.07. (The paper itself reports no kNN; this is an extra, cheap monitor.)
 */
import { tf } from "@ssl/core"
import type { Features } from "./Features.ts"

export interface KnnOptions {
  /** Neighbours (the run config's eval.knn.k). */
  readonly k: number
  readonly temperature?: number
  readonly numClasses?: number
  /** Queries per chunk (memory: chunk × n_train similarities). */
  readonly chunk?: number
}

/** Accuracy in [0, 1] of the weighted kNN vote of `train` on `test`. */
export const knnAccuracy = (train: Features, test: Features, options: KnnOptions): number => {
  if (train.d !== test.d) throw new Error(`kNN: train features have dimension ${train.d}, test ${test.d}`)
  const k = Math.min(options.k, train.n)
  const temperature = options.temperature ?? 0.07
  let numClasses = options.numClasses ?? 0
  if (options.numClasses === undefined) for (const c of [...train.y, ...test.y]) numClasses = Math.max(numClasses, c + 1)
  const chunk = options.chunk ?? 256
  const bank = tf.tidy(() => l2normalize(tf.tensor2d(train.x, [train.n, train.d]))) // [N, d]
  let correct = 0
  const heapValues = new Float64Array(k)
  const heapIndices = new Int32Array(k)
  try {
    for (let start = 0; start < test.n; start += chunk) {
      const end = Math.min(test.n, start + chunk)
      const simT = tf.tidy(() => {
        const q = l2normalize(tf.tensor2d(test.x.subarray(start * test.d, end * test.d), [end - start, test.d]))
        return tf.matMul(q, bank, false, true) // cosine similarities [b, N]
      })
      const sim = simT.dataSync() as Float32Array
      simT.dispose()
      const votes = new Float64Array(numClasses)
      for (let i = 0; i < end - start; i++) {
        votes.fill(0)
        const row = sim.subarray(i * train.n, (i + 1) * train.n)
        const top = topK(row, k, heapValues, heapIndices)
        for (let j = 0; j < top; j++) votes[train.y[heapIndices[j]!]!]! += Math.exp(heapValues[j]! / temperature)
        let arg = 0
        for (let c = 1; c < numClasses; c++) if (votes[c]! > votes[arg]!) arg = c
        if (arg === test.y[start + i]) correct++
      }
    }
  } finally {
    bank.dispose()
  }
  return correct / test.n
}

/**
 * The k largest entries of `row` (ties: the lower index wins, as tf.topk), left unordered in values/indices
 * [0, k): a size-k min-heap, one comparison for most entries. (tf.topk sorts whole rows: 30× slower here.)
 */
export const topK = (row: ArrayLike<number>, k: number, values: Float64Array, indices: Int32Array): number => {
  const n = Math.min(k, row.length)
  // smaller = "worse": lower value, or equal value with a higher index
  const worse = (a: number, b: number) => values[a]! < values[b]! || (values[a] === values[b] && indices[a]! > indices[b]!)
  const siftDown = (i: number) => {
    for (;;) {
      const l = 2 * i + 1
      const r = l + 1
      let m = i
      if (l < n && worse(l, m)) m = l
      if (r < n && worse(r, m)) m = r
      if (m === i) return
      const v = values[i]!
      const x = indices[i]!
      values[i] = values[m]!
      indices[i] = indices[m]!
      values[m] = v
      indices[m] = x
      i = m
    }
  }
  for (let i = 0; i < n; i++) {
    values[i] = row[i]!
    indices[i] = i
  }
  for (let i = (n >> 1) - 1; i >= 0; i--) siftDown(i)
  for (let i = n; i < row.length; i++) {
    const v = row[i]!
    if (v > values[0]!) { // strictly better than the worst kept (an equal value has a higher index: worse)
      values[0] = v
      indices[0] = i
      siftDown(0)
    }
  }
  return n
}

const l2normalize = (x: tf.Tensor2D): tf.Tensor2D =>
  tf.div(x, tf.maximum(tf.norm(x, "euclidean", 1, true), 1e-12)) as tf.Tensor2D
