/**
 * The original code's default 2-layer predictor, trained by SGD: Linear(d, h) → BatchNorm(no affine) → ReLU →
 * Linear(h, d), with biases. For the metrics, W_p is the [Re] linearisation W_out·W_hidden (ignoring BN and
 * ReLU). With symmetrize, the original's tying: W_hidden ← (W_hidden + W_outᵀ)/2, W_out ← W_hiddenᵀ.
 */
import { tf } from "@ssl/core"
import { BatchNorm } from "../../models/BatchNorm.ts"
import { Linear } from "../../models/Linear.ts"
import type { Mode } from "../../models/Mode.ts"
import { readFloat32 } from "../../readTensor.ts"
import { METRICS_FHAT, type PredictorContext, type PredictorRule, type PredictorState } from "./PredictorRule.ts"

export class TwoLayer implements PredictorRule {
  readonly fHatOptions = METRICS_FHAT
  private readonly hidden: Linear
  private readonly out: Linear
  private readonly bn: BatchNorm

  constructor(private readonly context: PredictorContext, options: { readonly hidden: number }) {
    const { store, dim } = context
    const rng = context.rng.fork("predictor")
    this.hidden = new Linear(store, "predictor.fc1", dim, options.hidden, rng)
    this.out = new Linear(store, "predictor.fc2", options.hidden, dim, rng)
    this.bn = new BatchNorm(store, "predictor.bn", options.hidden, { affine: false })
  }

  /** [B, d] → [B, h] → [B, d]. */
  apply(f: tf.Tensor2D, mode: Mode): tf.Tensor2D {
    return this.out.apply(tf.relu(this.bn.apply(this.hidden.apply(f), mode)))
  }

  afterStep(): void {
    if (!this.context.symmetrize) return
    tf.tidy(() => {
      const tied = tf.div(tf.add(this.hidden.weight, tf.transpose(this.out.weight)), 2) // [h, d]
      this.hidden.weight.assign(tied)
      this.out.weight.assign(tf.transpose(tied))
    })
  }

  /** W_out·W_hidden [d, d] row-major float64. */
  matrix(): Float64Array {
    return Float64Array.from(readFloat32(() => tf.matMul(this.out.weight, this.hidden.weight)))
  }

  state(): PredictorState {
    return {}
  }

  restore(): void {}

  dispose(): void {}
}
