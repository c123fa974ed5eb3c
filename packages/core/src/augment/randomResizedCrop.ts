/**
 * RandomResizedCrop (torchvision's parameter sampling): per image, an area fraction s ~ U(scale) and an
 * aspect ratio r = exp(U(log ratio)); a crop of w = round(√(s·H·W·r)) by h = round(√(s·H·W/r)) pixels at a
 * uniform position (10 tries, then a centre crop clamped to the ratio range), resized back to the output
 * size with bilinear sampling (tf.image.cropAndResize, one box per image).
 *
 * Sampling difference from torchvision: cropAndResize samples the crop's corner pixels exactly (like
 * align_corners=True) and does not antialias when shrinking. For the identity crop (scale [1,1], ratio
 * [1,1] on a square image) the output equals the input exactly.
 */
import type { Rng } from "../rng.ts"
import { tf } from "../tf.ts"
import { type Augmentation, checkRange, dims4, type Range } from "./Augmentation.ts"

export interface RandomResizedCropOptions {
  /** Fraction of the image area, [lo, hi] within (0, 1]. torchvision default [0.08, 1]. */
  readonly scale?: Range
  /** Aspect ratio w/h, [lo, hi]. torchvision default [3/4, 4/3]. */
  readonly ratio?: Range
  /** Output [height, width]; default the input's. */
  readonly size?: readonly [number, number]
}

/** One crop in pixels: rows [top, top+h), columns [left, left+w). */
export interface CropBox {
  readonly top: number
  readonly left: number
  readonly h: number
  readonly w: number
}

/** torchvision.transforms.RandomResizedCrop.get_params, with our Rng. */
export const sampleCropBox = (rng: Rng, height: number, width: number, scale: Range, ratio: Range): CropBox => {
  const area = height * width
  const logLo = Math.log(ratio[0])
  const logHi = Math.log(ratio[1])
  for (let attempt = 0; attempt < 10; attempt++) {
    const target = area * rng.uniform(scale[0], scale[1])
    const aspect = Math.exp(rng.uniform(logLo, logHi))
    const w = Math.round(Math.sqrt(target * aspect))
    const h = Math.round(Math.sqrt(target / aspect))
    if (w > 0 && w <= width && h > 0 && h <= height) {
      return { top: rng.int(height - h + 1), left: rng.int(width - w + 1), h, w }
    }
  }
  const inRatio = width / height
  let w = width
  let h = height
  if (inRatio < ratio[0]) h = Math.round(w / ratio[0])
  else if (inRatio > ratio[1]) w = Math.round(h * ratio[1])
  return { top: Math.floor((height - h) / 2), left: Math.floor((width - w) / 2), h, w }
}

export const randomResizedCrop = (options: RandomResizedCropOptions = {}): Augmentation => {
  const scale = options.scale ?? [0.08, 1]
  const ratio = options.ratio ?? [3 / 4, 4 / 3]
  checkRange(scale, "randomResizedCrop scale", Number.MIN_VALUE, 1)
  checkRange(ratio, "randomResizedCrop ratio", Number.MIN_VALUE)
  return (images: tf.Tensor4D, rng: Rng): tf.Tensor4D => {
    const [batch, height, width] = dims4(images, "randomResizedCrop")
    const [outH, outW] = options.size ?? [height, width]
    // Normalised [y1, x1, y2, x2] per image; pixel p sits at p / (dim - 1).
    const boxes = new Float32Array(batch * 4)
    const ny = Math.max(height - 1, 1)
    const nx = Math.max(width - 1, 1)
    for (let b = 0; b < batch; b++) {
      const c = sampleCropBox(rng, height, width, scale, ratio)
      boxes.set([c.top / ny, c.left / nx, (c.top + c.h - 1) / ny, (c.left + c.w - 1) / nx], 4 * b)
    }
    return tf.tidy(() => {
      const boxInd = tf.tensor1d(Int32Array.from({ length: batch }, (_, b) => b), "int32")
      return tf.image.cropAndResize(images, tf.tensor2d(boxes, [batch, 4]), boxInd, [outH, outW], "bilinear")
    })
  }
}
