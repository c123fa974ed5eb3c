/**
 * The one seeded random number generator of the project (no `Math.random` in kernels or methods).
 *
 * xoshiro128** seeded through splitmix32: fast, 32-bit state words, and good enough statistically for
 * initialisation, augmentation and Monte-Carlo. `fork(label)` derives an independent stream from a label,
 * so adding a new consumer never shifts the numbers an existing one draws.
 */
export class Rng {
  private s0: number
  private s1: number
  private s2: number
  private s3: number
  private spareNormal: number | undefined = undefined

  constructor(readonly seed: number) {
    if (!Number.isInteger(seed)) throw new RangeError(`Rng seed must be an integer (was ${seed})`)
    let x = seed >>> 0
    const next = () => {
      x = (x + 0x9e3779b9) | 0
      let z = x
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b)
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35)
      return (z ^ (z >>> 16)) >>> 0
    }
    this.s0 = next()
    this.s1 = next()
    this.s2 = next()
    this.s3 = next()
  }

  /** A uniform 32-bit unsigned integer. */
  uint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0
    const t = this.s1 << 9
    this.s2 ^= this.s0
    this.s3 ^= this.s1
    this.s1 ^= this.s2
    this.s0 ^= this.s3
    this.s2 ^= t
    this.s3 = rotl(this.s3, 11)
    return result
  }

  /** Uniform in [0, 1) with 53 bits of precision. */
  next(): number {
    const hi = this.uint32() >>> 5 // 27 bits
    const lo = this.uint32() >>> 6 // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992
  }

  /** Uniform in [lo, hi). */
  uniform(lo = 0, hi = 1): number {
    return lo + (hi - lo) * this.next()
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    if (!(Number.isInteger(n) && n > 0)) throw new RangeError(`Rng.int needs a positive integer bound (was ${n})`)
    return Math.floor(this.next() * n)
  }

  /** Standard normal (Marsaglia polar method; the second draw is kept for the next call). */
  normal(mean = 0, std = 1): number {
    if (this.spareNormal !== undefined) {
      const z = this.spareNormal
      this.spareNormal = undefined
      return mean + std * z
    }
    let u = 0
    let v = 0
    let s = 0
    do {
      u = 2 * this.next() - 1
      v = 2 * this.next() - 1
      s = u * u + v * v
    } while (s >= 1 || s === 0)
    const f = Math.sqrt((-2 * Math.log(s)) / s)
    this.spareNormal = v * f
    return mean + std * u * f
  }

  /** Fills a new Float64Array (or Float32Array) of `n` standard normals scaled by `std`. */
  normals(n: number, std = 1): Float64Array {
    const out = new Float64Array(n)
    for (let i = 0; i < n; i++) out[i] = this.normal(0, std)
    return out
  }

  /** Fisher–Yates permutation of 0..n-1. */
  permutation(n: number): Int32Array {
    const p = new Int32Array(n)
    for (let i = 0; i < n; i++) p[i] = i
    for (let i = n - 1; i > 0; i--) {
      const j = this.int(i + 1)
      const t = p[i]!
      p[i] = p[j]!
      p[j] = t
    }
    return p
  }

  /** A seed for APIs that take one (tfjs initialisers and random ops): a non-negative 31-bit integer. */
  nextSeed(): number {
    return this.uint32() >>> 1
  }

  /** An independent stream derived from this generator's seed and a label (does not advance this one). */
  fork(label: string): Rng {
    let h = 0x811c9dc5 ^ (this.seed >>> 0)
    for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193)
    return new Rng(h | 0)
  }
}

const rotl = (x: number, k: number): number => (x << k) | (x >>> (32 - k))
