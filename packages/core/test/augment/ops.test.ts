import { describe, expect, test } from "bun:test"
import fc from "fast-check"
import type { Augmentation } from "../../src/augment/Augmentation.ts"
import { colorJitter, hueMatrix } from "../../src/augment/colorJitter.ts"
import { gaussianBlur, gaussianKernel } from "../../src/augment/gaussianBlur.ts"
import { gaussianNoise } from "../../src/augment/gaussianNoise.ts"
import { LUMA, randomGrayscale } from "../../src/augment/grayscale.ts"
import { horizontalFlip } from "../../src/augment/horizontalFlip.ts"
import { normalize } from "../../src/augment/normalize.ts"
import { randomResizedCrop, sampleCropBox } from "../../src/augment/randomResizedCrop.ts"
import { randomTranslate } from "../../src/augment/randomTranslate.ts"
import { Rng } from "../../src/rng.ts"
import { tf } from "../../src/tf.ts"
import { maxAbsDiff, minMax, noLeaks, randomImages, take, values } from "./helpers.ts"

/** Every op, at a non-trivial strength, with the channel counts it accepts. */
const ops: ReadonlyArray<readonly [string, Augmentation, ReadonlyArray<1 | 3>]> = [
  ["randomResizedCrop", randomResizedCrop({ scale: [0.2, 1] }), [1, 3]],
  ["randomTranslate", randomTranslate(3), [1, 3]],
  ["horizontalFlip", horizontalFlip(0.5), [1, 3]],
  ["colorJitter", colorJitter({ p: 0.8, brightness: 0.8, contrast: 0.8, saturation: 0.8, hue: 0.2 }), [1, 3]],
  ["randomGrayscale", randomGrayscale(0.5), [3]],
  ["gaussianBlur", gaussianBlur({ sigma: [0.1, 2], kernel: 5, p: 0.7 }), [1, 3]],
  ["gaussianNoise (clipped)", gaussianNoise({ std: 0.2 }), [1, 3]],
]

describe("every op: shape, [0,1] range, determinism under a seed, no leaks", () => {
  for (const [name, op, channelCounts] of ops) {
    test(name, async () => {
      await noLeaks(() => {
        fc.assert(fc.property(
          fc.integer({ min: 1, max: 5 }), fc.integer({ min: 8, max: 20 }), fc.integer({ min: 8, max: 20 }), fc.constantFrom(...channelCounts), fc.nat(),
          (b, h, w, c, seed) => {
            const x = randomImages(seed, [b, h, w, c])
            const y1 = op(x, new Rng(seed))
            const y2 = op(x, new Rng(seed))
            expect(y1.shape).toEqual([b, h, w, c])
            const [lo, hi] = minMax(y1)
            expect(lo).toBeGreaterThanOrEqual(0)
            expect(hi).toBeLessThanOrEqual(1)
            expect(Array.from(values(y2))).toEqual(Array.from(values(y1)))
            tf.dispose([x, y1, y2])
          }), { numRuns: 15 })
      })
    })
  }

  test("different seeds give different outputs", async () => {
    await noLeaks(() => {
      const x = randomImages(1, [8, 12, 12, 3])
      for (const [, op] of ops) {
        const a = op(x, new Rng(1))
        const b = op(x, new Rng(2))
        expect(maxAbsDiff(values(a), values(b))).toBeGreaterThan(0)
        tf.dispose([a, b])
      }
      x.dispose()
    })
  })

  test("the input is never disposed or modified", async () => {
    const x = randomImages(3, [2, 10, 10, 3])
    const before = Array.from(values(x))
    for (const [, op] of ops) op(x, new Rng(5)).dispose()
    expect(x.isDisposed).toBe(false)
    expect(Array.from(values(x))).toEqual(before)
    x.dispose()
  })
})

describe("identity at zero strength", () => {
  const zero: ReadonlyArray<readonly [string, Augmentation]> = [
    ["crop scale [1,1] ratio [1,1]", randomResizedCrop({ scale: [1, 1], ratio: [1, 1] })],
    ["translate 0", randomTranslate(0)],
    ["flip p=0", horizontalFlip(0)],
    ["jitter all 0", colorJitter({ p: 1, brightness: 0, contrast: 0, saturation: 0, hue: 0 })],
    ["jitter p=0", colorJitter({ p: 0, brightness: 0.8, contrast: 0.8, saturation: 0.8, hue: 0.2 })],
    ["grayscale p=0", randomGrayscale(0)],
    ["blur p=0", gaussianBlur({ p: 0 })],
    ["blur σ→0", gaussianBlur({ sigma: [1e-3, 1e-3], kernel: 5 })],
    ["blur kernel 1", gaussianBlur({ kernel: 1 })],
    ["noise 0", gaussianNoise({ std: 0 })],
    ["normalize mean 0 std 1", normalize([0, 0, 0], [1, 1, 1])],
  ]
  for (const [name, op] of zero) {
    test(name, async () => {
      await noLeaks(() => {
        const x = randomImages(11, [4, 16, 16, 3])
        const y = op(x, new Rng(3))
        expect(Array.from(values(y))).toEqual(Array.from(values(x)))
        tf.dispose([x, y])
      })
    })
  }
})

describe("randomResizedCrop", () => {
  test("sampled boxes lie inside the image, with area fraction in scale and aspect ratio in range (up to rounding)", () => {
    // Square images and s·r <= 1: a crop always fits, so no fallback.
    fc.assert(fc.property(fc.integer({ min: 16, max: 96 }), fc.nat(), (n, seed) => {
      const box = sampleCropBox(new Rng(seed), n, n, [0.3, 0.75], [3 / 4, 4 / 3])
      expect(box.top).toBeGreaterThanOrEqual(0)
      expect(box.left).toBeGreaterThanOrEqual(0)
      expect(box.top + box.h).toBeLessThanOrEqual(n)
      expect(box.left + box.w).toBeLessThanOrEqual(n)
      // Rounding each side by <= 0.5 px moves the area by at most (h + w + 1) / 2 px² and the ratio accordingly.
      const slack = (box.h + box.w + 1) / 2 / (n * n)
      expect((box.h * box.w) / (n * n)).toBeGreaterThanOrEqual(0.3 - slack)
      expect((box.h * box.w) / (n * n)).toBeLessThanOrEqual(0.75 + slack)
      expect(box.w / box.h).toBeGreaterThanOrEqual((3 / 4) * (1 - 1 / box.w) * (1 - 1 / box.h) - 1e-9)
      expect(box.w / box.h).toBeLessThanOrEqual((4 / 3) / ((1 - 1 / box.w) * (1 - 1 / box.h)) + 1e-9)
    }))
  })

  test("when no crop fits the ratio range, torchvision's fallback: a centred crop clamped to the ratio", () => {
    const box = sampleCropBox(new Rng(0), 78, 16, [0.9, 1], [3 / 4, 4 / 3])
    expect(box).toEqual({ top: Math.floor((78 - 21) / 2), left: 0, h: 21, w: 16 })
  })

  test("matches a float64 bilinear reference on the same boxes", async () => {
    await noLeaks(() => {
      const [B, H, W, C] = [3, 14, 18, 2]
      const x = randomImages(21, [B, H, W, C])
      const xs = values(x)
      const y = take(randomResizedCrop({ scale: [0.2, 0.8] })(x, new Rng(9)))
      // Same Rng sequence: randomResizedCrop draws only the boxes, in image order.
      const rng = new Rng(9)
      for (let b = 0; b < B; b++) {
        const box = sampleCropBox(rng, H, W, [0.2, 0.8], [3 / 4, 4 / 3])
        for (let i = 0; i < H; i++) for (let j = 0; j < W; j++) for (let c = 0; c < C; c++) {
          const sy = box.top + (i * (box.h - 1)) / (H - 1)
          const sx = box.left + (j * (box.w - 1)) / (W - 1)
          const y0 = Math.floor(sy), x0 = Math.floor(sx)
          const y1 = Math.min(y0 + 1, H - 1), x1 = Math.min(x0 + 1, W - 1)
          const fy = sy - y0, fx = sx - x0
          const at = (yy: number, xx: number) => xs[((b * H + yy) * W + xx) * C + c]!
          const ref = (1 - fy) * ((1 - fx) * at(y0, x0) + fx * at(y0, x1)) + fy * ((1 - fx) * at(y1, x0) + fx * at(y1, x1))
          expect(Math.abs(y[((b * H + i) * W + j) * C + c]! - ref)).toBeLessThan(1e-5)
        }
      }
      x.dispose()
    })
  })

  test("size option resizes; bad ranges are rejected", () => {
    const x = randomImages(1, [2, 20, 20, 1])
    const y = randomResizedCrop({ size: [10, 12] })(x, new Rng(1))
    expect(y.shape).toEqual([2, 10, 12, 1])
    tf.dispose([x, y])
    expect(() => randomResizedCrop({ scale: [0.9, 0.1] })).toThrow(/scale must be a range/)
    expect(() => randomResizedCrop({ scale: [0.5, 2] })).toThrow(/<= 1/)
  })
})

describe("randomTranslate", () => {
  test("each image is the input shifted by some (dy, dx) within ±k, zero-filled (naive oracle)", async () => {
    await noLeaks(() => {
      const [B, H, W, C] = [6, 9, 11, 2]
      const k = 3
      const x = randomImages(4, [B, H, W, C])
      const xs = values(x)
      const ys = take(randomTranslate(k)(x, new Rng(17)))
      const shifted = (b: number, dy: number, dx: number): number[] => {
        const out: number[] = []
        for (let i = 0; i < H; i++) for (let j = 0; j < W; j++) for (let c = 0; c < C; c++) {
          const si = i - dy, sj = j - dx
          out.push(si >= 0 && si < H && sj >= 0 && sj < W ? xs[((b * H + si) * W + sj) * C + c]! : 0)
        }
        return out
      }
      const seen = new Set<string>()
      for (let b = 0; b < B; b++) {
        const img = Array.from(ys.subarray(b * H * W * C, (b + 1) * H * W * C))
        let match: string | undefined
        for (let dy = -k; dy <= k && match === undefined; dy++) for (let dx = -k; dx <= k; dx++) {
          if (maxAbsDiff(shifted(b, dy, dx), img) === 0) { match = `${dy},${dx}`; break }
        }
        expect(match).toBeDefined()
        seen.add(match!)
      }
      expect(seen.size).toBeGreaterThan(1)
      x.dispose()
    })
  })
})

describe("horizontalFlip", () => {
  test("p = 1 mirrors every image along the width", async () => {
    await noLeaks(() => {
      const x = randomImages(2, [3, 5, 7, 3])
      const y = horizontalFlip(1)(x, new Rng(0))
      const r = tf.reverse(x, 2)
      expect(Array.from(values(y))).toEqual(Array.from(values(r)))
      tf.dispose([x, y, r])
    })
  })

  test("p = 0.5 flips about half the images, each either flipped or untouched", async () => {
    await noLeaks(() => {
      const x = randomImages(5, [200, 4, 4, 1])
      const y = take(horizontalFlip(0.5)(x, new Rng(1)))
      const r = tf.reverse(x, 2)
      const xs = values(x), rs = values(r)
      let flipped = 0
      for (let b = 0; b < 200; b++) {
        const sl = (a: Float32Array) => Array.from(a.subarray(b * 16, (b + 1) * 16))
        const isFlip = maxAbsDiff(sl(y), sl(rs)) === 0
        expect(isFlip || maxAbsDiff(sl(y), sl(xs)) === 0).toBe(true)
        if (isFlip) flipped++
      }
      expect(flipped).toBeGreaterThan(70)
      expect(flipped).toBeLessThan(130)
      tf.dispose([x, r])
    })
  })
})

describe("colour", () => {
  test("grayscale p = 1: every channel equals the luma", async () => {
    await noLeaks(() => {
      const x = randomImages(8, [2, 4, 4, 3])
      const xs = values(x)
      const y = take(randomGrayscale(1)(x, new Rng(0)))
      for (let p = 0; p < 32; p++) {
        const l = LUMA[0] * xs[3 * p]! + LUMA[1] * xs[3 * p + 1]! + LUMA[2] * xs[3 * p + 2]!
        for (let c = 0; c < 3; c++) expect(Math.abs(y[3 * p + c]! - l)).toBeLessThan(1e-6)
      }
      x.dispose()
    })
  })

  test("grayscale and saturation/hue are no-ops on grey (1-channel) images; a 2-channel batch is an error", async () => {
    await noLeaks(() => {
      const x = randomImages(8, [3, 6, 6, 1])
      for (const op of [randomGrayscale(1), colorJitter({ saturation: 0.9, hue: 0.4 })]) {
        const y = op(x, new Rng(1))
        expect(Array.from(values(y))).toEqual(Array.from(values(x)))
        y.dispose()
      }
      const two = randomImages(1, [1, 4, 4, 2])
      expect(() => randomGrayscale(1)(two, new Rng(0))).toThrow(/C = 2/)
      tf.dispose([x, two])
    })
  })

  test("brightness only: each image is scaled by one factor in [1-b, 1+b]", async () => {
    await noLeaks(() => {
      const x = tf.tidy(() => tf.mul(randomImages(3, [20, 4, 4, 3]), 0.5) as tf.Tensor4D) // ≤ 0.5, so ×1.3 never clips
      const xs = values(x)
      const y = take(colorJitter({ brightness: 0.3 })(x, new Rng(2)))
      for (let b = 0; b < 20; b++) {
        const f = y[b * 48]! / xs[b * 48]!
        expect(f).toBeGreaterThanOrEqual(0.7 - 1e-5)
        expect(f).toBeLessThanOrEqual(1.3 + 1e-5)
        for (let i = 0; i < 48; i++) expect(Math.abs(y[b * 48 + i]! - f * xs[b * 48 + i]!)).toBeLessThan(1e-5)
      }
      x.dispose()
    })
  })

  test("contrast on grey images keeps each image's mean (no clipping at low strength)", async () => {
    await noLeaks(() => {
      const x = tf.tidy(() => tf.add(tf.mul(randomImages(3, [10, 6, 6, 1]), 0.4), 0.3) as tf.Tensor4D) // in [0.3, 0.7]
      const m0 = take(tf.tidy(() => tf.mean(x, [1, 2, 3])))
      const y = colorJitter({ contrast: 0.5 })(x, new Rng(4))
      const m1 = take(tf.tidy(() => tf.mean(y, [1, 2, 3])))
      expect(maxAbsDiff(m0, m1)).toBeLessThan(1e-5)
      tf.dispose([x, y])
    })
  })

  test("YIQ hue matrix: a rotation group keeping luma; 0 and 1 turn are the identity", () => {
    const I = [1, 0, 0, 0, 1, 0, 0, 0, 1]
    expect(maxAbsDiff(hueMatrix(0), I)).toBeLessThan(1e-12)
    expect(maxAbsDiff(hueMatrix(1), I)).toBeLessThan(1e-12)
    fc.assert(fc.property(fc.double({ min: -0.5, max: 0.5, noNaN: true }), fc.double({ min: -0.5, max: 0.5, noNaN: true }), (a, b) => {
      const A = hueMatrix(a), B = hueMatrix(b), AB = hueMatrix(a + b)
      const prod: number[] = []
      for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) prod.push([0, 1, 2].reduce((s, k) => s + A[r * 3 + k]! * B[k * 3 + c]!, 0))
      expect(maxAbsDiff(prod, AB)).toBeLessThan(1e-9)
      // Luma row (0.299, 0.587, 0.114) is invariant: yᵀ M = yᵀ.
      const y = [0.299, 0.587, 0.114]
      for (let c = 0; c < 3; c++) expect(Math.abs(y.reduce((s, yk, k) => s + yk * A[k * 3 + c]!, 0) - y[c]!)).toBeLessThan(1e-9)
    }))
  })
})

describe("gaussianBlur", () => {
  test("kernel: normalised, symmetric, peaked at the centre", () => {
    const k = gaussianKernel(1.3, 4)
    expect(k.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12)
    for (let i = 0; i < 4; i++) expect(k[i]).toBeCloseTo(k[8 - i]!, 15)
    expect(Math.max(...k)).toBe(k[4]!)
  })

  test("matches a float64 reference (reflection pad, separable) for a fixed σ", async () => {
    await noLeaks(() => {
      const [B, H, W, C] = [2, 10, 12, 3]
      const sigma = 1.4, r = 3
      const x = randomImages(6, [B, H, W, C])
      const xs = values(x)
      const ys = take(gaussianBlur({ sigma: [sigma, sigma], kernel: 2 * r + 1 })(x, new Rng(0)))
      const k = gaussianKernel(sigma, r)
      const reflect = (i: number, n: number) => (i < 0 ? -i : i >= n ? 2 * (n - 1) - i : i)
      for (let b = 0; b < B; b++) for (let c = 0; c < C; c++) {
        const at = (i: number, j: number) => xs[((b * H + reflect(i, H)) * W + reflect(j, W)) * C + c]!
        for (let i = 0; i < H; i++) for (let j = 0; j < W; j++) {
          let s = 0
          for (let u = -r; u <= r; u++) for (let v = -r; v <= r; v++) s += k[u + r]! * k[v + r]! * at(i + u, j + v)
          expect(Math.abs(ys[((b * H + i) * W + j) * C + c]! - s)).toBeLessThan(1e-5)
        }
      }
      x.dispose()
    })
  })

  test("rejects even kernels and kernels too large for the image", () => {
    expect(() => gaussianBlur({ kernel: 4 })).toThrow(/odd/)
    const x = randomImages(1, [1, 4, 4, 1])
    expect(() => gaussianBlur({ kernel: 9 })(x, new Rng(0))).toThrow(/larger than 4 pixels/)
    x.dispose()
  })
})

describe("gaussianNoise and normalize", () => {
  test("unclipped noise has mean ≈ 0 and std ≈ σ", async () => {
    await noLeaks(() => {
      const x = randomImages(2, [16, 16, 16, 1])
      const y = gaussianNoise({ std: 0.1, clip: false })(x, new Rng(3))
      const d = take(tf.tidy(() => tf.sub(y, x)))
      const mean = d.reduce((a, b) => a + b, 0) / d.length
      const std = Math.sqrt(d.reduce((a, b) => a + (b - mean) ** 2, 0) / d.length)
      expect(Math.abs(mean)).toBeLessThan(0.005)
      expect(Math.abs(std - 0.1)).toBeLessThan(0.005)
      tf.dispose([x, y])
    })
  })

  test("normalize is (x - mean) / std per channel", async () => {
    await noLeaks(() => {
      const x = randomImages(2, [1, 2, 2, 3])
      const xs = values(x)
      const y = take(normalize([0.1, 0.2, 0.3], [0.5, 0.25, 2])(x, new Rng(0)))
      for (let p = 0; p < 4; p++) for (let c = 0; c < 3; c++) {
        expect(y[3 * p + c]).toBeCloseTo((xs[3 * p + c]! - [0.1, 0.2, 0.3][c]!) / [0.5, 0.25, 2][c]!, 5)
      }
      x.dispose()
      expect(() => normalize([0], [0])).toThrow(/positive/)
    })
  })
})
