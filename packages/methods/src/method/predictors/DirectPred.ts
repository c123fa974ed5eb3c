/**
 * DirectPred (docs/paper/original-code.md#directpred-algorithm): a bias-free linear W_p trained by SGD and,
 * after the optimiser step whenever step % freq == 0, overwritten by the eigen-construction from F̂
 * (@ssl/core's directPredPredictor). The momentum buffer is kept, so SGD continues from it in between.
 * F̂ is the moving average {ρ, zeroMean} of both views' projector outputs; ε inside the root with a negative ε
 * is Table 7's c_j = −ε.
 */
import { type CorrelationOptions, directPredPredictor, type tf } from "@ssl/core"
import type { PredictorConfig } from "@ssl/configs"
import type { Mode } from "../../models/Mode.ts"
import { LinearSgd } from "./LinearSgd.ts"
import type { PredictorContext, PredictorRule, PredictorState, StepObservation } from "./PredictorRule.ts"

export type DirectPredConfig = Extract<PredictorConfig, { readonly kind: "directpred" }>

export class DirectPred implements PredictorRule {
  readonly fHatOptions: CorrelationOptions
  private readonly head: LinearSgd

  constructor(private readonly context: PredictorContext, private readonly config: DirectPredConfig) {
    this.fHatOptions = { rho: config.rho, zeroMean: config.zeroMean }
    this.head = new LinearSgd(context, { bias: false })
  }

  apply(f: tf.Tensor2D, mode: Mode): tf.Tensor2D {
    return this.head.apply(f, mode)
  }

  afterStep(observed: StepObservation): void {
    this.head.afterStep()
    if (observed.step % this.config.freq !== 0) return
    const { eps, epsInside } = this.config
    this.head.setWeight(directPredPredictor(observed.fHat(), this.context.dim, { eps, epsInside, convert: 2 }).weight)
  }

  matrix(): Float64Array {
    return this.head.matrix()
  }

  state(): PredictorState {
    return {}
  }

  restore(): void {}

  dispose(): void {}
}
