import { Rng, tf } from "@ssl/core"
import { SslModel } from "@ssl/methods"
import { modelSpec } from "@ssl/methods/internal/experiment/runExperiment.ts"
import { resolveConfig, type RunConfigInput } from "@ssl/configs"
import type { Workload } from "./Workload.ts"

/**
 * One training step of a real config through the trainer's own entry points: the config resolved as `ssl train`
 * resolves it, `modelSpec` → `SslModel` (model, optimiser groups, EMA target and predictor rule of that config),
 * then `SslModel.step` on two views. Augmentation is excluded here and in the PyTorch reference: both time the
 * step on two fixed random views [B, H, W, C] (the data pipeline is not part of the step).
 */
export const sslStep = (input: RunConfigInput, shape: readonly [number, number, number], seed: number): Workload => {
  const config = resolveConfig(input)
  const batch = config.train.batchSize
  const rng = new Rng(seed)
  const view = () => tf.tensor4d(Float32Array.from(rng.normals(batch * shape[0] * shape[1] * shape[2], 1)), [batch, ...shape])
  const v1 = view(), v2 = view() // [B, H, W, C]
  const model = new SslModel(modelSpec(config, shape))
  let iteration = 0
  return {
    step: () => void model.step(v1, v2, iteration++),
    dispose: () => {
      model.dispose()
      tf.dispose([v1, v2])
    },
  }
}
