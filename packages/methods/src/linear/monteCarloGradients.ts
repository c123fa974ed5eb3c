/**
 * Lemma 1 checked the long way (docs/paper/claims.md#c1): sample data and augmentations, evaluate the loss of Eqn. 1
 *   J = ½ E ‖W_p W x₁ − StopGrad(W_a x₂)‖²
 * on a large sample, and take its gradient with tfjs autodiff (float32). The model: x ~ N(0, Σx) and two
 * independent views x_k = x + n_k, n_k ~ N(0, Σn), so X = E[x̄x̄ᵀ] = Σx and X' = E[V[x'|x]] = Σn exactly.
 *
 * Memory stays bounded: the sample is processed in batches inside tf.tidy; the per-batch gradients are summed
 * in float64 on the host, weighted by batch size. No tensor outlives the call.
 */
import { tf } from "@ssl/core"
import { cholesky, mat, transpose, type Mat } from "./dense.ts"

export interface MonteCarloGradientInput {
  readonly Wp: Mat // [n2, n2]
  readonly W: Mat // [n2, n1]
  readonly Wa: Mat // [n2, n1]
  /** Data covariance Σx (positive definite). [n1, n1] */
  readonly sigmaX: Mat
  /** Augmentation-noise covariance Σn (positive definite). [n1, n1] */
  readonly sigmaN: Mat
  /** Total number of (x, x₁, x₂) triples. */
  readonly samples: number
  readonly batch: number
  /** Seed for tfjs' random ops. */
  readonly seed: number
}

export interface MonteCarloGradients {
  readonly dWp: Mat
  readonly dW: Mat
  /** The Monte-Carlo loss estimate (diagnostic). */
  readonly loss: number
}

const toTensor = (m: Mat): tf.Tensor2D => tf.tensor2d(Float32Array.from(m.data), [m.rows, m.cols])

export const monteCarloGradients = (input: MonteCarloGradientInput): MonteCarloGradients => {
  const { Wp, W, Wa, sigmaX, sigmaN, samples, batch, seed } = input
  if (!(Number.isInteger(samples) && samples > 0)) throw new RangeError(`samples must be a positive integer (was ${samples})`)
  if (!(Number.isInteger(batch) && batch > 0)) throw new RangeError(`batch must be a positive integer (was ${batch})`)
  const n1 = W.cols, n2 = W.rows
  const dWp = new Float64Array(n2 * n2)
  const dW = new Float64Array(n2 * n1)
  let loss = 0
  // Constants live for the whole call and are disposed at the end.
  const LxT = toTensor(transpose(cholesky(sigmaX))) // [n1, n1]
  const LnT = toTensor(transpose(cholesky(sigmaN))) // [n1, n1]
  const WpT = toTensor(Wp), WT = toTensor(W), WaT = toTensor(Wa)
  try {
    let done = 0, chunk = 0
    while (done < samples) {
      const b = Math.min(batch, samples - done)
      const s = seed + 3 * chunk
      const [gWp, gW, value] = tf.tidy(() => {
        const x = tf.matMul(tf.randomNormal([b, n1], 0, 1, "float32", s), LxT) // [B, n1] ~ N(0, Σx)
        const x1 = tf.add(x, tf.matMul(tf.randomNormal([b, n1], 0, 1, "float32", s + 1), LnT))
        const x2 = tf.add(x, tf.matMul(tf.randomNormal([b, n1], 0, 1, "float32", s + 2), LnT))
        const target = tf.matMul(x2, WaT, false, true) // [B, n2]: a constant here, i.e. the stop-gradient
        // J_b(W_p, W) = ½ mean_b ‖W_p W x₁ − W_a x₂‖²
        const { value, grads } = tf.valueAndGrads((wp: tf.Tensor, w: tf.Tensor) => {
          const pred = tf.matMul(tf.matMul(x1, w, false, true), wp, false, true) // [B, n2]
          return tf.mul(0.5, tf.mean(tf.sum(tf.square(tf.sub(pred, target)), 1))) as tf.Scalar
        })([WpT, WT])
        return [grads[0]!, grads[1]!, value] as const
      })
      const w = b / samples
      const a = gWp.dataSync(), c = gW.dataSync()
      for (let i = 0; i < dWp.length; i++) dWp[i]! += w * a[i]!
      for (let i = 0; i < dW.length; i++) dW[i]! += w * c[i]!
      loss += w * value.dataSync()[0]!
      tf.dispose([gWp, gW, value])
      done += b
      chunk++
    }
  } finally {
    tf.dispose([LxT, LnT, WpT, WT, WaT])
  }
  return { dWp: mat(n2, n2, dWp), dW: mat(n2, n1, dW), loss }
}
