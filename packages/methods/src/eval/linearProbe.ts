/**
 * The linear probe of the original code's evaluator (docs/paper/evaluation.md#original-protocol): standardised frozen features, a linear
 * layer (PyTorch nn.Linear init), cross-entropy, Adam lr 3e-4 with weight decay 1e-3, batch 128 shuffled,
 * E epochs; test accuracy after every epoch. Reports BOTH the final-epoch accuracy and the best over epochs —
 * the original returns the best, which selects on the test set and is therefore optimistic.
 */
import { Rng, tf } from "@ssl/core"
import { uniformFanIn } from "../models/init.ts"
import { Adam } from "../optim/Adam.ts"
import { type Features, standardize } from "./Features.ts"
import { readTensor } from "../readTensor.ts"

export interface LinearProbeOptions {
  readonly epochs: number
  readonly seed: number
  /** Adam's lr, weight decay and batch size (the run config's eval.probe). */
  readonly lr: number
  readonly weightDecay: number
  readonly batchSize: number
  /** Number of classes (default: 1 + the largest label seen). */
  readonly numClasses?: number
}

export interface ProbeResult {
  /** Test accuracy after the last epoch, in [0, 1]. */
  readonly final: number
  /** Highest test accuracy over the epochs (selected on the test set: optimistic), in [0, 1]. */
  readonly best: number
  readonly bestEpoch: number
  /** Test accuracy after each epoch. */
  readonly perEpoch: ReadonlyArray<number>
}

export const linearProbe = (train: Features, test: Features, options: LinearProbeOptions): ProbeResult => {
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
