/**
 * DirectCopy ([Re]'s form, docs/paper/original-code.md#directcopy): a bias-free linear W_p trained by SGD and,
 * after the optimiser step whenever step % freq == 0, overwritten by W_p = F̂/‖F̂‖_F + εI
 * (@ssl/core's directCopyPredictor), F̂ the moving average ρ of both views' projector outputs.
 */
import { type CorrelationOptions, directCopyPredictor, type tf } from "@ssl/core"
import type { PredictorConfig } from "@ssl/configs"
import type { Mode } from "../../models/Mode.ts"
import { LinearSgd } from "./LinearSgd.ts"
import type { PredictorContext, PredictorRule, PredictorState, StepObservation } from "./PredictorRule.ts"

export type DirectCopyConfig = Extract<PredictorConfig, { readonly kind: "directcopy" }>

export class DirectCopy implements PredictorRule {
  readonly fHatOptions: CorrelationOptions
  private readonly head: LinearSgd

  constructor(private readonly context: PredictorContext, private readonly config: DirectCopyConfig) {
    this.fHatOptions = { rho: config.rho, zeroMean: false }
    this.head = new LinearSgd(context, { bias: false })
  }

  apply(f: tf.Tensor2D, mode: Mode): tf.Tensor2D {
    return this.head.apply(f, mode)
  }

  afterStep(observed: StepObservation): void {
    this.head.afterStep()
    if (observed.step % this.config.freq !== 0) return
    this.head.setWeight(directCopyPredictor(observed.fHat(), this.context.dim, { eps: this.config.eps }).weight)
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
