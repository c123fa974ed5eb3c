/**
 * DirectCopy ([Re]'s form, docs/paper/original-code.md#directcopy): a bias-free linear W_p trained by SGD and,
 * after the optimiser step whenever step % freq == 0, overwritten by W_p = F̂/‖F̂‖_F + εI
 * (@ssl/core's directCopyPredictor), F̂ the moving average ρ of both views' projector outputs.
 */
import { type CorrelationOptions, directCopyPredictor } from "@ssl/core"
import type { PredictorConfig } from "@ssl/configs"
import { LinearSgd } from "./LinearSgd.ts"
import type { PredictorContext, StepObservation } from "./PredictorRule.ts"

export type DirectCopyConfig = Extract<PredictorConfig, { readonly kind: "directcopy" }>

export class DirectCopy extends LinearSgd {
  override readonly fHatOptions: CorrelationOptions

  constructor(context: PredictorContext, private readonly config: DirectCopyConfig) {
    super(context, { bias: false })
    this.fHatOptions = { rho: config.rho, zeroMean: false }
  }

  override afterStep(observed: StepObservation): void {
    super.afterStep(observed)
    if (observed.step % this.config.freq !== 0) return
    this.setWeight(directCopyPredictor(observed.fHat(), this.context.dim, { eps: this.config.eps }).weight)
  }
}
