import { CorrelationEstimator, directPredPredictor, Rng, tf } from "@ssl/core"
import type { Workload, WorkloadSpec } from "./Workload.ts"

// DirectPred's predictor update (docs/paper/original-code.md#directpred-algorithm, steps 2-3 and 6): F̂ ← ρF̂ + (1−ρ)·fᵀf/N from a [256, 128] batch,
// eigh of the 128x128 F̂ (float64), W_p = Q diag(sqrt(s/s_max) + ε) Qᵀ, written into the predictor variable.
const N = 256, D = 128

const makeDirectpredUpdate = (): Workload => {
  const rng = new Rng(3)
  const f = tf.tensor2d(Float32Array.from(rng.normals(N * D, 1)), [N, D])
  const predictor = tf.tidy(() => tf.variable(tf.eye(D), false))
  const estimator = new CorrelationEstimator(D, { rho: 0.3, zeroMean: false })
  const step = () => {
    estimator.update(f)
    const { weight } = directPredPredictor(estimator.estimate(), D, { eps: 0.1, convert: 2 })
    tf.tidy(() => predictor.assign(tf.tensor2d(Float32Array.from(weight), [D, D])))
  }
  return { step, dispose: () => [f, predictor].forEach((t) => t.dispose()) }
}

export const directpredUpdate: WorkloadSpec = {
  name: "directpred-update",
  describe: "DirectPred: F-hat EMA from a [256,128] batch, eigh of 128x128 (float64), boost_scale predictor",
  make: makeDirectpredUpdate,
}
