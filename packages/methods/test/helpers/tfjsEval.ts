/**
 * The evaluation's previous implementation, kept as the reference the fused path is pinned to: the linear probe as
 * tfjs ops (variableGrads of softmax cross-entropy, the Adam class's op sequence) and kNN with tfjs normalisation and
 * a JavaScript top-k. Same seeds, same batches, same votes: the two may differ only by float rounding.
 */
import { Rng, tf } from "@ssl/core"
import { uniformFanIn } from "../../src/models/init.ts"
import { Adam } from "./tfjsAdam.ts"
import { type Features, standardize } from "../../src/eval/Features.ts"
import type { KnnOptions } from "../../src/eval/knn.ts"
import type { LinearProbeOptions, ProbeResult } from "../../src/eval/linearProbe.ts"
import { readTensor } from "../../src/readTensor.ts"
import { topK } from "../../../core/src/backend/blas/native/knnPredict.ts"

export const tfjsLinearProbe = (train: Features, test: Features, options: LinearProbeOptions): ProbeResult => {
  if (!(Number.isInteger(options.epochs) && options.epochs > 0)) throw new RangeError(`probe epochs must be a positive integer (was ${options.epochs})`)
  const [tr, te] = standardize(train, test) as [Features, Features]
  const d = tr.d
  let numClasses = options.numClasses ?? 0
  if (options.numClasses === undefined) for (const c of [...tr.y, ...te.y]) numClasses = Math.max(numClasses, c + 1)
  const batchSize = Math.min(options.batchSize, tr.n)
  const rng = new Rng(options.seed)
  const w = tf.tidy(() => tf.variable(tf.tensor2d(uniformFanIn(rng, numClasses * d, d), [numClasses, d]))) // [C, d]
  const bias = tf.tidy(() => tf.variable(tf.tensor1d(uniformFanIn(rng, numClasses, d)))) // [C]
  const adam = new Adam([w, bias], { lr: options.lr, weightDecay: options.weightDecay })
  const xTest = tf.tensor2d(te.x, [te.n, d])
  const xb = new Float32Array(batchSize * d)
  const yb = new Float32Array(batchSize * numClasses)
  const perEpoch: Array<number> = []
  try {
    for (let epoch = 0; epoch < options.epochs; epoch++) {
      const perm = rng.fork(`probe-epoch-${epoch}`).permutation(tr.n)
      // PyTorch's DataLoader keeps the last partial batch (drop_last=False). Batches are gathered in JS
      // (the cpu backend's gather costs milliseconds per call).
      for (let start = 0; start < tr.n; start += batchSize) {
        const b = Math.min(tr.n, start + batchSize) - start
        yb.fill(0)
        for (let i = 0; i < b; i++) {
          const row = perm[start + i]!
          xb.set(tr.x.subarray(row * d, (row + 1) * d), i * d)
          yb[i * numClasses + tr.y[row]!] = 1
        }
        tf.tidy(() => {
          const x = tf.tensor2d(xb.subarray(0, b * d), [b, d]) // [B, d]
          const y = tf.tensor2d(yb.subarray(0, b * numClasses), [b, numClasses]) // [B, C] one-hot
          const { value, grads } = tf.variableGrads(() => {
            const logits = tf.add(tf.matMul(x, w, false, true), bias) // [B, C]
            return tf.losses.softmaxCrossEntropy(y, logits) as tf.Scalar
          }, [w, bias])
          adam.step(grads)
          value.dispose()
        })
      }
      perEpoch.push(accuracy(xTest, te.y, w, bias))
    }
  } finally {
    tf.dispose([w, bias, xTest])
    adam.dispose()
  }
  let best = -1
  let bestEpoch = 0
  perEpoch.forEach((a, i) => {
    if (a > best) {
      best = a
      bestEpoch = i + 1
    }
  })
  return { final: perEpoch[perEpoch.length - 1]!, best, bestEpoch, perEpoch }
}

const accuracy = (x: tf.Tensor2D, y: Uint8Array, w: tf.Variable, b: tf.Variable): number => {
  const pred = readTensor(() => tf.argMax(tf.add(tf.matMul(x, w, false, true), b), 1))
  let correct = 0
  for (let i = 0; i < y.length; i++) if (pred[i] === y[i]) correct++
  return correct / y.length
}

/** Accuracy in [0, 1] of the weighted kNN vote of `train` on `test`. */
export const tfjsKnnAccuracy = (train: Features, test: Features, options: KnnOptions): number => {
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

const l2normalize = (x: tf.Tensor2D): tf.Tensor2D =>
  tf.div(x, tf.maximum(tf.norm(x, "euclidean", 1, true), 1e-12)) as tf.Tensor2D
