/**
 * BatchNorm with PyTorch semantics. Train mode: normalise with the batch statistics (biased variance) and
 * update the running averages (momentum 0.1, unbiased variance), as nn.BatchNorm1d/2d do. Eval mode: normalise
 * with the running averages; "measure" uses batch statistics and leaves the running averages alone. The training
 * transform is @ssl/core's batchNormTrain (fused kernels on the blas backend, tf.moments and element-wise ops
 * elsewhere) rather than tf.batchNorm, whose gradient needs explicit offset/scale tensors, and the projector's BN
 * has no affine parameters.
 */
import { batchNormTrain, emaStep, tf } from "@ssl/core"
import { filled } from "./init.ts"
import type { ParamStore } from "./ParamStore.ts"
import type { Mode } from "./Mode.ts"

export interface BatchNormOptions {
  /** Learnable scale and shift (PyTorch `affine`); the projector's BN has none. */
  readonly affine?: boolean
  readonly momentum?: number
  readonly eps?: number
}

export class BatchNorm {
  readonly gamma: tf.Variable | undefined // [C]
  readonly beta: tf.Variable | undefined // [C]
  readonly runningMean: tf.Variable // [C]
  readonly runningVar: tf.Variable // [C]
  readonly momentum: number
  readonly eps: number

  constructor(store: ParamStore, name: string, readonly channels: number, options: BatchNormOptions = {}) {
    const affine = options.affine ?? true
    this.momentum = options.momentum ?? 0.1
    this.eps = options.eps ?? 1e-5
    this.gamma = affine ? store.param(`${name}.weight`, [channels], filled(channels, 1)) : undefined
    this.beta = affine ? store.param(`${name}.bias`, [channels], filled(channels, 0)) : undefined
    this.runningMean = store.buffer(`${name}.running_mean`, [channels], filled(channels, 0))
    this.runningVar = store.buffer(`${name}.running_var`, [channels], filled(channels, 1))
  }

  /** [B, C] or [B, H, W, C] → same shape. Statistics over every axis but the last. */
  apply<T extends tf.Tensor>(x: T, mode: Mode): T {
    if (mode === "eval") {
      const y = tf.mul(tf.sub(x, this.runningMean), tf.rsqrt(tf.add(this.runningVar, this.eps)))
      return (this.gamma !== undefined && this.beta !== undefined ? tf.add(tf.mul(y, this.gamma), this.beta) : y) as T
    }
    const n = x.size / this.channels
    if (n < 2) throw new Error(`BatchNorm in train mode needs more than one value per channel (got ${n})`)
    // Batch statistics and normalisation: two fused kernels on the blas backend, tf.moments and friends elsewhere.
    const affine = this.gamma !== undefined && this.beta !== undefined ? { gamma: this.gamma, beta: this.beta } : {}
    const { y, mean, variance } = batchNormTrain(x, { ...affine, eps: this.eps })
    const k = this.momentum
    // r ← r·(1 − k) + s·k' as one fused kernel each (the op sequence elsewhere): the same roundings as those ops. The
    // updates are recorded on the tape but lead to no loss, so backprop prunes them.
    if (mode === "train") tf.tidy(() => {
      this.runningMean.assign(emaStep(this.runningMean, mean, 1 - k, k))
      this.runningVar.assign(emaStep(this.runningVar, variance, 1 - k, (k * n) / (n - 1)))
    })
    return y as T
  }
}
