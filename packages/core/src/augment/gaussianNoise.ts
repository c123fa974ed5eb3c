/**
 * Additive Gaussian pixel noise x + σ·z, z ~ N(0, 1) per value (docs/paper/scale.md#harness: σ = 0.1), drawn from the Rng
 * in JS so the same seed gives the same noise on every backend. With `clip` the result is clamped to [0, 1];
 * without, the noise stays exactly symmetric (as the linear model's x' = x + n).
 */
import type { Rng } from "../rng.ts"
import type { tf } from "../tf.ts"
import { type Augmentation, dims4, mapOnHost } from "./Augmentation.ts"

export interface GaussianNoiseOptions {
  readonly std: number
  /** Clamp to [0, 1] afterwards. Default true. */
  readonly clip?: boolean
}

export const gaussianNoise = (options: GaussianNoiseOptions): Augmentation => {
  const { std } = options
  const clip = options.clip ?? true
  if (!(std >= 0)) throw new RangeError(`gaussianNoise std must be >= 0 (was ${std})`)
  return (images: tf.Tensor4D, rng: Rng): tf.Tensor4D => {
    dims4(images, "gaussianNoise")
    if (std === 0) return images.clone()
    return mapOnHost(images, (src, dst) => {
      for (let i = 0; i < src.length; i++) {
        const v = src[i]! + std * rng.normal()
        dst[i] = clip ? (v < 0 ? 0 : v > 1 ? 1 : v) : v
      }
    })
  }
}
