/**
 * Colour jitter, applied to each image with probability p (torchvision RandomApply(ColorJitter(b, c, s, h), p)).
 * Per image, factors b ~ U(max(0, 1-brightness), 1+brightness), likewise contrast and saturation, and a hue
 * shift h ~ U(-hue, hue) (hue <= 0.5, in turns). Each adjustment blends and clamps to [0, 1] as torchvision:
 *   brightness: f·x;   contrast: f·x + (1-f)·mean(luma(x));   saturation: f·x + (1-f)·luma(x).
 * Hue is an APPROXIMATION: torchvision shifts H in HSV; we rotate the chroma plane (I, Q) of YIQ by 2π·h,
 * which keeps luma and is a linear map per image (a 3×3 matrix per pixel). The two agree in direction and
 * roughly in magnitude for small shifts, not exactly.
 * Order: torchvision draws a random order of the four per image; we draw one order per batch (from the Rng).
 * On 1-channel (grey) input, brightness and contrast apply and saturation and hue are no-ops.
 */
import type { Rng } from "../rng.ts"
import { type Augmentation, checkProbability, drawMask, mapOnHost } from "./Augmentation.ts"
import { colourChannels, LUMA } from "./grayscale.ts"

export interface ColorJitterOptions {
  readonly brightness?: number
  readonly contrast?: number
  readonly saturation?: number
  /** In turns, 0 <= hue <= 0.5. */
  readonly hue?: number
  /** Probability of jittering an image at all. Default 1. */
  readonly p?: number
}

// RGB -> YIQ (FCC NTSC) and its exact numerical inverse, so a zero rotation is the identity to rounding.
const YIQ = [
  [0.299, 0.587, 0.114],
  [0.595716, -0.274453, -0.321263],
  [0.211456, -0.522591, 0.311135],
] as const
const inverse3 = (m: ReadonlyArray<ReadonlyArray<number>>): number[][] => {
  const [a, b, c] = m[0]!
  const [d, e, f] = m[1]!
  const [g, h, i] = m[2]!
  const A = e! * i! - f! * h!
  const B = -(d! * i! - f! * g!)
  const C = d! * h! - e! * g!
  const det = a! * A + b! * B + c! * C
  return [
    [A / det, -(b! * i! - c! * h!) / det, (b! * f! - c! * e!) / det],
    [B / det, (a! * i! - c! * g!) / det, -(a! * f! - c! * d!) / det],
    [C / det, -(a! * h! - b! * g!) / det, (a! * e! - b! * d!) / det],
  ]
}
const YIQ_INV = inverse3(YIQ)

/** The 3×3 RGB -> RGB matrix that rotates YIQ chroma by `turns`·2π (row-major, applied as M·rgb). */
export const hueMatrix = (turns: number): number[] => {
  const t = 2 * Math.PI * turns
  const cos = Math.cos(t)
  const sin = Math.sin(t)
  const rot = [[1, 0, 0], [0, cos, -sin], [0, sin, cos]]
  const out: number[] = []
  for (let r = 0; r < 3; r++) {
    for (let c = 0; c < 3; c++) {
      let s = 0
      for (let k = 0; k < 3; k++) for (let l = 0; l < 3; l++) s += YIQ_INV[r]![k]! * rot[k]![l]! * YIQ[l]![c]!
      out.push(s)
    }
  }
  return out
}

const factors = (rng: Rng, batch: number, strength: number): Float64Array => {
  const lo = Math.max(0, 1 - strength)
  const out = new Float64Array(batch)
  for (let b = 0; b < batch; b++) out[b] = rng.uniform(lo, 1 + strength)
  return out
}

const clamp01 = (v: number): number => (v < 0 ? 0 : v > 1 ? 1 : v)

export const colorJitter = (options: ColorJitterOptions): Augmentation => {
  const brightness = options.brightness ?? 0
  const contrast = options.contrast ?? 0
  const saturation = options.saturation ?? 0
  const hue = options.hue ?? 0
  const p = options.p ?? 1
  checkProbability(p, "colorJitter p")
  for (const [name, v] of [["brightness", brightness], ["contrast", contrast], ["saturation", saturation]] as const) {
    if (!(v >= 0)) throw new RangeError(`colorJitter ${name} must be >= 0 (was ${v})`)
  }
  if (!(hue >= 0 && hue <= 0.5)) throw new RangeError(`colorJitter hue must be in [0, 0.5] (was ${hue})`)
  return (images, rng) => {
    const channels = colourChannels(images, "colorJitter")
    const [batch, height, width] = images.shape
    // Random numbers in a fixed sequence: mask, order, then each factor vector (drawn even when unused).
    const mask = drawMask(rng, batch, p)
    const order = rng.permutation(4)
    const fb = factors(rng, batch, brightness)
    const fc = factors(rng, batch, contrast)
    const fs = factors(rng, batch, saturation)
    const fh = new Float64Array(batch)
    for (let b = 0; b < batch; b++) fh[b] = rng.uniform(-hue, hue)
    if (mask.every((m) => m === 0)) return images.clone()
    const n = height * width * channels
    const [l0, l1, l2] = LUMA
    return mapOnHost(images, (src, dst) => {
      for (let b = 0; b < batch; b++) {
        const lo = b * n
        const hi = lo + n
        dst.set(src.subarray(lo, hi), lo)
        if (mask[b] === 0) continue
        for (const op of order) {
          if (op === 0 && brightness > 0) {
            const f = fb[b]!
            for (let i = lo; i < hi; i++) dst[i] = clamp01(f * dst[i]!)
          } else if (op === 1 && contrast > 0) {
            const f = fc[b]!
            let mean = 0
            if (channels === 3) for (let i = lo; i < hi; i += 3) mean += l0 * dst[i]! + l1 * dst[i + 1]! + l2 * dst[i + 2]!
            else for (let i = lo; i < hi; i++) mean += dst[i]!
            const m = ((1 - f) * mean) / (n / channels)
            for (let i = lo; i < hi; i++) dst[i] = clamp01(f * dst[i]! + m)
          } else if (op === 2 && saturation > 0 && channels === 3) {
            const f = fs[b]!
            for (let i = lo; i < hi; i += 3) {
              const g = (1 - f) * (l0 * dst[i]! + l1 * dst[i + 1]! + l2 * dst[i + 2]!)
              dst[i] = clamp01(f * dst[i]! + g)
              dst[i + 1] = clamp01(f * dst[i + 1]! + g)
              dst[i + 2] = clamp01(f * dst[i + 2]! + g)
            }
          } else if (op === 3 && hue > 0 && channels === 3) {
            const [m00, m01, m02, m10, m11, m12, m20, m21, m22] = hueMatrix(fh[b]!) as [number, number, number, number, number, number, number, number, number]
            for (let i = lo; i < hi; i += 3) {
              const r = dst[i]!
              const g = dst[i + 1]!
              const bl = dst[i + 2]!
              dst[i] = clamp01(m00 * r + m01 * g + m02 * bl)
              dst[i + 1] = clamp01(m10 * r + m11 * g + m12 * bl)
              dst[i + 2] = clamp01(m20 * r + m21 * g + m22 * bl)
            }
          }
        }
      }
    })
  }
}
