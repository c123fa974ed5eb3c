/**
 * Grayscale with probability p (torchvision RandomGrayscale): L = 0.2989 R + 0.587 G + 0.114 B, copied to all
 * three channels. Defined for RGB; on a 1-channel batch it is a no-op (the image is already grey). Any other
 * channel count is an error.
 */
import type { tf } from "../tf.ts"
import { type Augmentation, checkProbability, dims4, drawMask, mapOnHost } from "./Augmentation.ts"

/** torchvision's rgb_to_grayscale weights (ITU-R 601-2 luma). */
export const LUMA = [0.2989, 0.587, 0.114] as const

/** Channels of a batch, failing unless it is 1 (grey) or 3 (RGB). */
export const colourChannels = (images: tf.Tensor4D, op: string): 1 | 3 => {
  const c = dims4(images, op)[3]
  if (c !== 1 && c !== 3) throw new RangeError(`${op} works on RGB (C = 3) or grey (C = 1) images, got C = ${c}`)
  return c
}

export const randomGrayscale = (p = 0.1): Augmentation => {
  checkProbability(p, "randomGrayscale p")
  return (images, rng) => {
    const [batch, height, width] = dims4(images, "randomGrayscale")
    const channels = colourChannels(images, "randomGrayscale")
    // Draw even for grey input, so a recipe consumes the same random numbers whatever C is.
    const mask = drawMask(rng, batch, p)
    if (channels === 1 || mask.every((m) => m === 0)) return images.clone()
    const pixels = height * width
    return mapOnHost(images, (src, dst) => {
      for (let b = 0; b < batch; b++) {
        const base = b * pixels * 3
        if (mask[b] === 0) {
          dst.set(src.subarray(base, base + pixels * 3), base)
          continue
        }
        for (let i = base; i < base + pixels * 3; i += 3) {
          const l = LUMA[0] * src[i]! + LUMA[1] * src[i + 1]! + LUMA[2] * src[i + 2]!
          dst[i] = l
          dst[i + 1] = l
          dst[i + 2] = l
        }
      }
    })
  }
}
