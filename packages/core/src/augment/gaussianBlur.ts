/**
 * Gaussian blur as in the original code's data/gaussian_blur.py (from SimCLR's PyTorch port): per image,
 * σ ~ U(sigma), a normalised 1-D kernel exp(-x²/2σ²) on x = -r..r (kernel size k = 2r + 1), reflection
 * padding by r, then a vertical and a horizontal pass (separable). Applied with probability p.
 *
 * Each image gets its own σ, so the two 1-D passes run as JS loops over the host data (a depthwise
 * convolution with one filter per image and channel computes the same, 20× slower on the cpu backend).
 */
import type { Rng } from "../rng.ts"
import type { tf } from "../tf.ts"
import { type Augmentation, checkProbability, checkRange, dims4, drawMask, mapOnHost, type Range } from "./Augmentation.ts"

export interface GaussianBlurOptions {
  /** σ range in pixels. Original: [0.1, 2.0]. */
  readonly sigma?: Range
  /** Odd kernel size (STL-10: 9 = int(0.1·96) made odd). */
  readonly kernel?: number
  /** Probability of blurring an image. Original: 1 (always). */
  readonly p?: number
}

/** The normalised 1-D Gaussian kernel of size 2r+1 (float64). */
export const gaussianKernel = (sigma: number, radius: number): Float64Array => {
  const k = new Float64Array(2 * radius + 1)
  let sum = 0
  for (let i = -radius; i <= radius; i++) {
    const v = Math.exp(-(i * i) / (2 * sigma * sigma))
    k[i + radius] = v
    sum += v
  }
  for (let i = 0; i < k.length; i++) k[i] = k[i]! / sum
  return k
}

/** Reflection (without repeating the edge) of index i into 0..n-1, as ReflectionPad2d; needs r < n. */
const reflect = (i: number, n: number): number => (i < 0 ? -i : i >= n ? 2 * (n - 1) - i : i)

export const gaussianBlur = (options: GaussianBlurOptions = {}): Augmentation => {
  const sigma = options.sigma ?? [0.1, 2.0]
  const kernel = options.kernel ?? 9
  const p = options.p ?? 1
  checkRange(sigma, "gaussianBlur sigma", Number.MIN_VALUE)
  checkProbability(p, "gaussianBlur p")
  if (!(Number.isInteger(kernel) && kernel >= 1 && kernel % 2 === 1)) throw new RangeError(`gaussianBlur kernel must be an odd positive integer (was ${kernel})`)
  const radius = (kernel - 1) / 2
  return (images: tf.Tensor4D, rng: Rng): tf.Tensor4D => {
    const [batch, height, width, channels] = dims4(images, "gaussianBlur")
    if (radius >= height || radius >= width) {
      throw new RangeError(`gaussianBlur kernel ${kernel} needs images larger than ${radius} pixels for reflection padding (got ${height}×${width})`)
    }
    const mask = drawMask(rng, batch, p)
    const sigmas = Array.from({ length: batch }, () => rng.uniform(sigma[0], sigma[1]))
    if (radius === 0 || mask.every((m) => m === 0)) return images.clone()
    // Source offsets of every tap, reflection included: rowsAt[y * k + t] is the row read by tap t at y.
    const rowsAt = new Int32Array(height * kernel)
    const colsAt = new Int32Array(width * kernel)
    for (let y = 0; y < height; y++) for (let t = 0; t < kernel; t++) rowsAt[y * kernel + t] = reflect(y + t - radius, height)
    for (let x = 0; x < width; x++) for (let t = 0; t < kernel; t++) colsAt[x * kernel + t] = reflect(x + t - radius, width)
    const row = width * channels
    const n = height * row
    const tmp = new Float32Array(n)
    return mapOnHost(images, (src, dst) => {
      for (let b = 0; b < batch; b++) {
        const base = b * n
        if (mask[b] === 0) {
          dst.set(src.subarray(base, base + n), base)
          continue
        }
        const k = gaussianKernel(sigmas[b]!, radius)
        // Vertical pass: src -> tmp.
        for (let y = 0; y < height; y++) {
          for (let j = 0; j < row; j++) {
            let s = 0
            for (let t = 0; t < kernel; t++) s += k[t]! * src[base + rowsAt[y * kernel + t]! * row + j]!
            tmp[y * row + j] = s
          }
        }
        // Horizontal pass: tmp -> dst.
        for (let y = 0; y < height; y++) {
          for (let x = 0; x < width; x++) {
            for (let c = 0; c < channels; c++) {
              let s = 0
              for (let t = 0; t < kernel; t++) s += k[t]! * tmp[y * row + colsAt[x * kernel + t]! * channels + c]!
              dst[base + y * row + x * channels + c] = s
            }
          }
        }
      }
    })
  }
}
