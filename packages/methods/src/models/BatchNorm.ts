/**
 * BatchNorm with PyTorch semantics. Train mode: normalise with the batch statistics (biased variance) and
 * update the running averages (momentum 0.1, unbiased variance), as nn.BatchNorm1d/2d do. Eval mode: normalise
 * with the running averages; "measure" uses batch statistics and leaves the running averages alone. Written out with tf.moments because tf.batchNorm's gradient needs explicit
 * offset/scale tensors (docs/STACK.md §6.3) and the projector's BN has no affine parameters.
 */
import { tf } from "@ssl/core"
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
    const axes = x.rank === 2 ? [0] : [0, 1, 2]
    let mean: tf.Tensor
    let variance: tf.Tensor
    if (mode !== "eval") {
      const m = tf.moments(x, axes)
      mean = m.mean
      variance = m.variance
      const n = x.size / this.channels
      if (n < 2) throw new Error(`BatchNorm in train mode needs more than one value per channel (got ${n})`)
      const k = this.momentum
      // The running-stat updates are recorded on the tape but lead to no loss, so backprop prunes them.
      if (mode === "train") tf.tidy(() => {
        this.runningMean.assign(tf.add(tf.mul(this.runningMean, 1 - k), tf.mul(m.mean, k)))
        this.runningVar.assign(tf.add(tf.mul(this.runningVar, 1 - k), tf.mul(m.variance, (k * n) / (n - 1))))
      })
    } else {
      mean = this.runningMean
      variance = this.runningVar
    }
    let y = tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, this.eps)))
    if (this.gamma !== undefined && this.beta !== undefined) y = tf.add(tf.mul(y, this.gamma), this.beta)
    return y as T
  }
}
