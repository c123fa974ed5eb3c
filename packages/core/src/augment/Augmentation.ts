/**
 * An augmentation is a seeded, batched tfjs op on images [B, H, W, C]. Contract shared by every op here:
 *   - it returns a NEW tensor and never disposes its input (the caller owns both);
 *   - its intermediates are freed (no tensor leaks);
 *   - all randomness comes from the Rng passed in (per-image parameters are drawn in JS, in image order,
 *     so the same seed gives the same output on every backend); never Math.random;
 *   - at zero strength it is the identity.
 *
 * Implementation note: the pixel-permuting and per-image colour ops run as plain JS loops over the batch's
 * host data (`mapOnHost`): on the cpu/blas backends tfjs's reverse, gather and broadcasting binary ops cost
 * 15–70 ms on a [256, 28, 28, 1] batch where the loop costs ~1 ms. Resampling (crop) stays a tfjs op.
 */
import type { Rng } from "../rng.ts"
import { tf } from "../tf.ts"

export type Augmentation = (images: tf.Tensor4D, rng: Rng) => tf.Tensor4D

/** Applies ops left to right, freeing the intermediate batches. */
export const compose = (...ops: ReadonlyArray<Augmentation>): Augmentation => (images, rng) => {
  if (ops.length === 0) return images.clone()
  let x = ops[0]!(images, rng)
  for (let i = 1; i < ops.length; i++) {
    const next = ops[i]!(x, rng)
    x.dispose()
    x = next
  }
  return x
}

/** Checks the input is a batch [B, H, W, C] and returns its dimensions. */
export const dims4 = (images: tf.Tensor, op: string): readonly [number, number, number, number] => {
  if (images.rank !== 4) throw new RangeError(`${op} expects images [B, H, W, C] (got rank ${images.rank}, shape [${images.shape.join(", ")}])`)
  return images.shape as [number, number, number, number]
}

/** Throws unless p is a probability. */
export const checkProbability = (p: number, what: string): void => {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`${what} must be a probability in [0, 1] (was ${p})`)
}

/**
 * Computes a new batch from the input's values in JS: `body(src, dst)` fills `dst` (same layout
 * [B, H, W, C], zero-initialised). `src` may be the backend's own buffer: never write to it.
 */
export const mapOnHost = (images: tf.Tensor4D, body: (src: Float32Array, dst: Float32Array) => void): tf.Tensor4D => {
  if (images.dtype !== "float32") throw new TypeError(`augmentations expect float32 images (got ${images.dtype})`)
  const src = images.dataSync() as Float32Array
  const dst = new Float32Array(src.length)
  body(src, dst)
  return tf.tensor4d(dst, images.shape)
}

/** Draws one Bernoulli(p) per image: 1 = apply. */
export const drawMask = (rng: Rng, batch: number, p: number): Uint8Array => {
  checkProbability(p, "probability")
  const m = new Uint8Array(batch)
  for (let b = 0; b < batch; b++) m[b] = rng.next() < p ? 1 : 0
  return m
}

/** A [lo, hi] range with lo <= hi. */
export type Range = readonly [number, number]

export const checkRange = (r: Range, what: string, min = -Infinity, max = Infinity): void => {
  if (!(r[0] <= r[1] && r[0] >= min && r[1] <= max)) {
    throw new RangeError(`${what} must be a range [lo, hi] with ${min} <= lo <= hi <= ${max} (was [${r[0]}, ${r[1]}])`)
  }
}
