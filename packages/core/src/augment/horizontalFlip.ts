/** Random horizontal flip: each image is mirrored left-right with probability p (torchvision default 0.5). */
import { type Augmentation, checkProbability, dims4, drawMask, mapOnHost } from "./Augmentation.ts"

export const horizontalFlip = (p = 0.5): Augmentation => {
  checkProbability(p, "horizontalFlip p")
  return (images, rng) => {
    const [batch, height, width, channels] = dims4(images, "horizontalFlip")
    const mask = drawMask(rng, batch, p)
    if (mask.every((m) => m === 0)) return images.clone()
    const row = width * channels
    return mapOnHost(images, (src, dst) => {
      for (let b = 0; b < batch; b++) {
        const base = b * height * row
        if (mask[b] === 0) {
          dst.set(src.subarray(base, base + height * row), base)
          continue
        }
        for (let y = 0; y < height; y++) {
          const r = base + y * row
          for (let x = 0; x < width; x++) {
            const from = r + (width - 1 - x) * channels
            const to = r + x * channels
            for (let c = 0; c < channels; c++) dst[to + c] = src[from + c]!
          }
        }
      }
    })
  }
}
