/**
 * The linear probe of the original code's evaluator (docs/paper/evaluation.md#original-protocol): standardised frozen features, a linear
 * layer (PyTorch nn.Linear init), cross-entropy, Adam lr 3e-4 with weight decay 1e-3, batch 128 shuffled,
 * E epochs; test accuracy after every epoch. Reports BOTH the final-epoch accuracy and the best over epochs —
 * the original returns the best, which selects on the test set and is therefore optimistic.
 */
import { probeParams, probeStep, Rng, tf } from "@ssl/core"
import { uniformFanIn } from "../models/init.ts"
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
  const w = uniformFanIn(rng, numClasses * d, d) // [C, d]
  const params = probeParams(w, uniformFanIn(rng, numClasses, d)) // bias [C]
  const xTest = tf.tensor2d(te.x, [te.n, d])
  const perEpoch: Array<number> = []
  let t = 0
  try {
    for (let epoch = 0; epoch < options.epochs; epoch++) {
      const perm = rng.fork(`probe-epoch-${epoch}`).permutation(tr.n)
      // PyTorch's DataLoader keeps the last partial batch (drop_last=False). One fused step per batch (probeStep:
      // forward, softmax cross-entropy gradient and Adam), off tfjs: its bookkeeping outweighs [128, d]·[d, C].
      for (let start = 0; start < tr.n; start += batchSize) {
        t += 1
        probeStep(tr.x, d, perm.subarray(start, Math.min(tr.n, start + batchSize)), tr.y, numClasses, params,
          { lr: options.lr, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: options.weightDecay, t })
      }
      perEpoch.push(accuracy(xTest, te.y, params.w, params.b, numClasses))
    }
  } finally {
    xTest.dispose()
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

/** Test accuracy of the probe: the test set's logits [N, C] as one matMul on the active backend. */
const accuracy = (x: tf.Tensor2D, y: Uint8Array, w: Float32Array, b: Float32Array, classes: number): number => {
  const pred = readTensor(() => tf.argMax(tf.add(tf.matMul(x, tf.tensor2d(w, [classes, x.shape[1]]), false, true), tf.tensor1d(b)), 1))
  let correct = 0
  for (let i = 0; i < y.length; i++) if (pred[i] === y[i]) correct++
  return correct / y.length
}
