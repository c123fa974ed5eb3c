/** No predictor: p = f, W_p = I. */
import type { tf } from "@ssl/core"
import { METRICS_FHAT, type PredictorContext, type PredictorRule, type PredictorState } from "./PredictorRule.ts"

export class Identity implements PredictorRule {
  readonly fHatOptions = METRICS_FHAT

  constructor(private readonly context: PredictorContext) {}

  apply(f: tf.Tensor2D): tf.Tensor2D {
    return f
  }

  afterStep(): void {}

  matrix(): Float64Array {
    const d = this.context.dim
    const eye = new Float64Array(d * d)
    for (let i = 0; i < d; i++) eye[i * d + i] = 1
    return eye
  }

  state(): PredictorState {
    return {}
  }

  restore(): void {}

  dispose(): void {}
}
