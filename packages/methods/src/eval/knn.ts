/**
 * Weighted kNN classifier on frozen features, as the common kNN monitor (Wu et al. 2018 "InstDisc";
 * solo-learn's WeightedKNNClassifier; the MoCo/SimSiam CIFAR demos): features l2-normalised, cosine
 * similarity to every training feature, the k most similar vote for their class with weight exp(sim / T).
 * Defaults k = 200, T = 0.07. (The paper itself reports no kNN; this is an extra, cheap monitor.)
 */
import { knnClassify } from "@ssl/core"
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
  let numClasses = options.numClasses ?? 0
  if (options.numClasses === undefined) for (const c of [...train.y, ...test.y]) numClasses = Math.max(numClasses, c + 1)
  const pred = knnClassify(train.x, train.y, test.x, train.d, {
    k: Math.min(options.k, train.n), temperature: options.temperature ?? 0.07, classes: numClasses, chunk: options.chunk ?? 256,
  })
  let correct = 0
  for (let i = 0; i < test.n; i++) if (pred[i] === test.y[i]) correct++
  return correct / test.n
}
