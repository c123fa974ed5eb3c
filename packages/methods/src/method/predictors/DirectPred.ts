/**
 * DirectPred (docs/paper/original-code.md#directpred-algorithm): a bias-free linear W_p trained by SGD and,
 * after the optimiser step whenever step % freq == 0, overwritten by the eigen-construction from F̂
 * (@ssl/core's directPredPredictor). The momentum buffer is kept, so SGD continues from it in between.
 * F̂ is the moving average {ρ, zeroMean} of both views' projector outputs; ε inside the root with a negative ε
 * is Table 7's c_j = −ε.
 */
import { type CorrelationOptions, directPredPredictor } from "@ssl/core"
import type { PredictorConfig } from "@ssl/configs"
import { LinearSgd } from "./LinearSgd.ts"
import type { PredictorContext, StepObservation } from "./PredictorRule.ts"

export type DirectPredConfig = Extract<PredictorConfig, { readonly kind: "directpred" }>

export class DirectPred extends LinearSgd {
  override readonly fHatOptions: CorrelationOptions

  constructor(context: PredictorContext, private readonly config: DirectPredConfig) {
    super(context, { bias: false })
    this.fHatOptions = { rho: config.rho, zeroMean: config.zeroMean }
  }

  override afterStep(observed: StepObservation): void {
    super.afterStep(observed)
    if (observed.step % this.config.freq !== 0) return
    const { eps, epsInside } = this.config
    this.setWeight(directPredPredictor(observed.fHat(), this.context.dim, { eps, epsInside, convert: 2 }).weight)
  }
}
