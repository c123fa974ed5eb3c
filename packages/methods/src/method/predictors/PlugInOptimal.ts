/**
 * The plug-in "optimal" predictor of Table 1 (docs/paper/claims.md#c17): a bias-free linear W_p trained by
 * SGD and, after the optimiser step whenever step % freq == 0, overwritten by W_p = M2sym (M + λI)⁻¹ from the
 * moving averages ρ of M = E[ffᵀ] and M2 = E[f_a fᵀ] over the pairs the loss compares (@ssl/core's
 * PlugInStatistics and optimalPredictor), λ = lambda·tr(M)/d.
 */
import { PlugInStatistics } from "@ssl/core"
import type { PredictorConfig } from "@ssl/configs"
import { LinearSgd } from "./LinearSgd.ts"
import { type PredictorContext, type PredictorState, stateEntry, type StepObservation } from "./PredictorRule.ts"

export type PlugInOptimalConfig = Extract<PredictorConfig, { readonly kind: "optimal" }>

export class PlugInOptimal extends LinearSgd {
  private readonly statistics: PlugInStatistics

  constructor(context: PredictorContext, private readonly config: PlugInOptimalConfig) {
    super(context, { bias: false })
    this.statistics = new PlugInStatistics(context.dim, config.rho)
  }

  override afterStep(observed: StepObservation): void {
    this.statistics.update([[observed.f1, observed.t1], [observed.f2, observed.t2]])
    super.afterStep(observed)
    if (observed.step % this.config.freq === 0) this.setWeight(this.statistics.predictor(this.config.lambda))
  }

  override state(): PredictorState {
    return this.statistics.state()
  }

  override restore(state: PredictorState): void {
    const what = "plug-in predictor's statistics"
    this.statistics.restore({ optimalM: stateEntry(state, "optimalM", what), optimalM2: stateEntry(state, "optimalM2", what) })
  }
}
