/** Tiny synthetic data and model specs so every trainer test takes well under a second per step. */
import { type Augmentation, gaussianNoise, Rng, tf } from "@ssl/core"
import { Method } from "@ssl/configs/internal/schema.ts"
import type { SslModelSpec } from "../../src/method/SslModel.ts"
import type { TrainOptions } from "../../src/train/train.ts"

export const TINY_SHAPE = [6, 6, 1] as const

/** N images [N, 6, 6, 1] in [0, 1] with some structure (a per-image random blob) and labels. */
export const tinyImages = (n: number, seed = 1) => {
  const rng = new Rng(seed)
  const per = 36
  const images = new Float32Array(n * per)
  const labels = new Uint8Array(n)
  for (let i = 0; i < n; i++) {
    const c = i % 3
    labels[i] = c
    for (let j = 0; j < per; j++) images[i * per + j] = Math.min(1, Math.max(0, (j % 3 === c ? 0.7 : 0.2) + 0.15 * rng.normal()))
  }
  return { size: n, images, labels }
}

export const tinyAugment: Augmentation = gaussianNoise({ std: 0.1, clip: false })

/** A method as a preset writes it (defaulted keys optional), resolved by the config schema. */
export type MethodInput = Partial<typeof Method.inferIn>

export const tinyModel = (method: MethodInput = {}, overrides: Partial<SslModelSpec> = {}): SslModelSpec => ({
  inputShape: TINY_SHAPE,
  encoder: { kind: "mlp", hidden: [12] },
  projector: { hidden: 10, out: 4 },
  method: Method.assert({ target: { kind: "ema", gamma: 0.9 }, predictor: { kind: "linear" }, ...method }),
  optimizer: { lr: 0.05, momentum: 0.9, weightDecay: 4e-4, predictor: { lrMultiplier: 1, weightDecay: 4e-4 } },
  seed: 3,
  ...overrides,
})

export const tinyTrain = (model: SslModelSpec, overrides: Partial<TrainOptions> = {}): TrainOptions => ({
  model,
  images: tinyImages(64),
  augment: tinyAugment,
  steps: 12,
  batchSize: 16,
  seed: 5,
  logEvery: 2,
  checkpointEvery: 4,
  ...overrides,
})

/** Two views of a fixed batch [16, 6, 6, 1]. */
export const tinyViews = (seed = 0): [tf.Tensor4D, tf.Tensor4D] => {
  const { images } = tinyImages(16, seed + 10)
  return tf.tidy(() => {
    const x = tf.tensor4d(images, [16, ...TINY_SHAPE])
    const rng = new Rng(seed)
    return [tinyAugment(x, rng), tinyAugment(x, rng)] as [tf.Tensor4D, tf.Tensor4D]
  })
}
