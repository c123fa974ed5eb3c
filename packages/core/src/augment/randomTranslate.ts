/**
 * Random translation by whole pixels: per image, shifts dy, dx uniform in {-k, …, k}; pixels shifted in
 * from outside are 0 (docs/paper/scale.md#harness: ±3 px). Exact (a copy, no resampling).
 */
import type { Rng } from "../rng.ts"
import type { tf } from "../tf.ts"
import { type Augmentation, dims4, mapOnHost } from "./Augmentation.ts"

export const randomTranslate = (maxShift: number): Augmentation => {
  if (!(Number.isInteger(maxShift) && maxShift >= 0)) throw new RangeError(`randomTranslate maxShift must be a non-negative integer of pixels (was ${maxShift})`)
  return (images: tf.Tensor4D, rng: Rng): tf.Tensor4D => {
    const [batch, height, width, channels] = dims4(images, "randomTranslate")
    const shifts = Array.from({ length: batch }, () => [rng.int(2 * maxShift + 1) - maxShift, rng.int(2 * maxShift + 1) - maxShift] as const)
    if (maxShift === 0) return images.clone()
    const row = width * channels
    return mapOnHost(images, (src, dst) => {
      for (let b = 0; b < batch; b++) {
        const [dy, dx] = shifts[b]!
        // Output pixel (y, x) reads input (y - dy, x - dx); the rest stays 0.
        const x0 = Math.max(0, dx)
        const x1 = Math.min(width, width + dx)
        if (x1 <= x0) continue
        for (let y = Math.max(0, dy); y < Math.min(height, height + dy); y++) {
          const from = (b * height + y - dy) * row + (x0 - dx) * channels
          dst.set(src.subarray(from, from + (x1 - x0) * channels), (b * height + y) * row + x0 * channels)
        }
      }
    })
  }
}
