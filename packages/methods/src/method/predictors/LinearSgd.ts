/**
 * A linear W_p trained by SGD (p = W_p f, PyTorch nn.Linear(d, d) without bias by default, as the paper's
 * linear-predictor runs): the `linear` kind, and the base of DirectPred, DirectCopy and the plug-in predictor,
 * which overwrite it from their estimates when due. With symmetrize, W ← (W + Wᵀ)/2 after every optimiser step.
 */
import { type CorrelationOptions, tf } from "@ssl/core"
import { Linear } from "../../models/Linear.ts"
import type { Mode } from "../../models/Mode.ts"
import { readFloat32 } from "../../readTensor.ts"
import { METRICS_FHAT, type PredictorContext, type PredictorRule, type PredictorState, type StepObservation } from "./PredictorRule.ts"

export class LinearSgd implements PredictorRule {
  readonly fHatOptions: CorrelationOptions = METRICS_FHAT
  private readonly layer: Linear

  constructor(protected readonly context: PredictorContext, options: { readonly bias: boolean }) {
    this.layer = new Linear(context.store, "predictor.fc", context.dim, context.dim, context.rng.fork("predictor"), { bias: options.bias })
  }

  apply(f: tf.Tensor2D, _mode: Mode): tf.Tensor2D {
    return this.layer.apply(f)
  }

  afterStep(_observed: StepObservation): void {
    if (this.context.symmetrize) tf.tidy(() => this.layer.weight.assign(tf.div(tf.add(this.layer.weight, tf.transpose(this.layer.weight)), 2)))
  }

  /** Overwrites W_p [d, d] (row-major float64) with float32 values; SGD's momentum buffer is kept. */
  protected setWeight(weight: Float64Array): void {
    const d = this.context.dim
    tf.tidy(() => this.layer.weight.assign(tf.tensor2d(Float32Array.from(weight), [d, d])))
  }

  matrix(): Float64Array {
    return Float64Array.from(readFloat32(() => this.layer.weight.clone()))
  }

  state(): PredictorState {
    return {}
  }

  restore(_state: PredictorState): void {}

  dispose(): void {}
}
