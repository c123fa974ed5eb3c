/**
 * Weighted kNN classifier on frozen features, as the common kNN monitor (Wu et al. 2018 "InstDisc";
 * solo-learn's WeightedKNNClassifier; the MoCo/SimSiam CIFAR demos): features l2-normalised, cosine
 * similarity to every training feature, the k most similar vote for their class with weight exp(sim / T).
 * Defaults k = 200, T = 0.07. (The paper itself reports no kNN; this is an extra, cheap monitor.)
 */
import { knnPredict, l2NormalizeRows, tf } from "@ssl/core"
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
  const d = train.d
  // the rows normalised once, in plain memory (one pass each; as tfjs ops it was six kernels per chunk)
  const bank = tf.tensor2d(l2NormalizeRows(train.x, train.n, d), [train.n, d]) // [N, d]
  const queries = l2NormalizeRows(test.x, test.n, d) // [n_test, d]
  let correct = 0
  try {
    for (let start = 0; start < test.n; start += chunk) {
      const end = Math.min(test.n, start + chunk)
      const simT = tf.tidy(() => tf.matMul(tf.tensor2d(queries.subarray(start * d, end * d), [end - start, d]), bank, false, true)) // [b, N]
      const sim = simT.dataSync() as Float32Array
      simT.dispose()
      const pred = knnPredict(sim, end - start, train.n, k, train.y, numClasses, temperature)
      for (let i = 0; i < end - start; i++) if (pred[i] === test.y[start + i]) correct++
    }
  } finally {
    bank.dispose()
  }
  return correct / test.n
}
