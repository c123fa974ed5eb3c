import { afterEach, beforeEach, describe, expect, test } from "bun:test"
import fc from "fast-check"
import { eigh } from "../../src/linalg/eigh.ts"
import { InvalidOption, NonFiniteInput, ShapeMismatch } from "../../src/linalg/errors.ts"
import { Rng } from "../../src/rng.ts"
import { CorrelationEstimator } from "../../src/ssl/CorrelationEstimator.ts"
import { tf } from "../../src/tf.ts"
import { maxAbsDiff } from "../helpers/randomMatrix.ts"

let baseline = 0
beforeEach(() => { baseline = tf.memory().numTensors })
afterEach(() => { expect(tf.memory().numTensors).toBe(baseline) })

/** Naive batch statistic: (1/N) Σ_rows f fᵀ, and the row mean. */
const naiveBatch = (f: ArrayLike<number>, n: number, d: number) => {
  const c = new Float64Array(d * d), m = new Float64Array(d)
  for (let r = 0; r < n; r++) {
    for (let i = 0; i < d; i++) {
      m[i] = m[i]! + f[r * d + i]! / n
      for (let j = 0; j < d; j++) c[i * d + j] = c[i * d + j]! + (f[r * d + i]! * f[r * d + j]!) / n
    }
  }
  return { c, m }
}

/** A sequence of batches with a nonzero mean (like projector outputs after a ReLU-free head), float32-exact. */
const batches = fc.record({
  d: fc.integer({ min: 1, max: 6 }),
  sizes: fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 5 }),
  seed: fc.integer(),
  rho: fc.oneof(fc.constant(0), fc.constant(1), fc.double({ min: 0, max: 1, noNaN: true }), fc.constant(null)),
}).map(({ d, sizes, seed, rho }) => {
  const rng = new Rng(seed)
  const shift = rng.normals(d)
  return { d, rho, list: sizes.map((n) => ({ n, f: Float32Array.from({ length: n * d }, (_, k) => rng.normal() + shift[k % d]!) })) }
})

const isPsd = (m: Float64Array, d: number) => {
  const { values } = eigh(m, d)
  return values[0]! >= -1e-9 * Math.max(Math.abs(values[d - 1]!), 1e-300)
}

describe("CorrelationEstimator", () => {
  test("float64 path: moving-average recursion equals the naive reference; first call sets F̂", () => {
    fc.assert(fc.property(batches, fc.boolean(), ({ d, rho, list }, zeroMean) => {
      const est = new CorrelationEstimator(d, { rho, zeroMean })
      let refC = new Float64Array(d * d), refM = new Float64Array(d)
      list.forEach(({ n, f }, t) => {
        est.updateRows(Float64Array.from(f), n)
        const { c, m } = naiveBatch(f, n, d)
        if (t === 0) { refC = c; refM = m } else {
          const keep = rho === null ? t / (t + 1) : rho
          refC = refC.map((x, i) => keep * x + (1 - keep) * c[i]!)
          refM = refM.map((x, i) => keep * x + (1 - keep) * m[i]!)
        }
        const want = zeroMean ? refC.map((x, k) => x - refM[Math.floor(k / d)]! * refM[k % d]!) : refC
        const got = est.estimate()
        expect(maxAbsDiff(got, want)).toBeLessThanOrEqual(1e-12 * (1 + Math.max(...refC.map(Math.abs))))
        expect(maxAbsDiff(got, Array.from({ length: d * d }, (_, k) => got[(k % d) * d + Math.floor(k / d)]!))).toBe(0) // symmetric
        expect(isPsd(got, d)).toBe(true)
      })
      expect(est.steps).toBe(list.length)
    }))
  })

  test("ρ = 0 gives exactly this batch's mean of ffᵀ; ρ = 1 keeps the first batch; ρ = null averages the batches", () => {
    fc.assert(fc.property(batches, ({ d, list }) => {
      const e0 = new CorrelationEstimator(d, { rho: 0 }), e1 = new CorrelationEstimator(d, { rho: 1 }), en = new CorrelationEstimator(d, { rho: null })
      const avg = new Float64Array(d * d)
      for (const { n, f } of list) {
        for (const e of [e0, e1, en]) e.updateRows(Float64Array.from(f), n)
        naiveBatch(f, n, d).c.forEach((x, i) => { avg[i] = avg[i]! + x / list.length })
      }
      const last = list[list.length - 1]!, first = list[0]!
      const tol = 1e-12 * (1 + Math.max(...avg.map(Math.abs)))
      expect(maxAbsDiff(e0.estimate(), naiveBatch(last.f, last.n, d).c)).toBeLessThanOrEqual(tol)
      expect(maxAbsDiff(e1.estimate(), naiveBatch(first.f, first.n, d).c)).toBeLessThanOrEqual(tol)
      expect(maxAbsDiff(en.estimate(), avg)).toBeLessThanOrEqual(tol)
    }))
  })

  test("zero-mean with ρ = 0 is the batch covariance (population), and stays PSD over a sequence", () => {
    fc.assert(fc.property(batches, ({ d, rho, list }) => {
      const est = new CorrelationEstimator(d, { rho: 0, zeroMean: true })
      const running = new CorrelationEstimator(d, { rho, zeroMean: true })
      for (const { n, f } of list) {
        est.updateRows(Float64Array.from(f), n)
        running.updateRows(Float64Array.from(f), n)
        expect(isPsd(running.estimate(), d)).toBe(true)
      }
      const { n, f } = list[list.length - 1]!
      const { m } = naiveBatch(f, n, d)
      const cov = new Float64Array(d * d)
      for (let r = 0; r < n; r++) for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) cov[i * d + j] = cov[i * d + j]! + ((f[r * d + i]! - m[i]!) * (f[r * d + j]! - m[j]!)) / n
      expect(maxAbsDiff(est.estimate(), cov)).toBeLessThanOrEqual(1e-12 * (1 + Math.max(...Array.from(f, Math.abs)) ** 2))
    }))
  })

  test("tfjs path (fᵀf by tf.matMul) matches the float64 path; two views pool like their concatenation; no leaks", () => {
    fc.assert(fc.property(batches, ({ d, rho, list }) => {
      const viaTf = new CorrelationEstimator(d, { rho }), viaTwo = new CorrelationEstimator(d, { rho }), viaF64 = new CorrelationEstimator(d, { rho })
      for (const { n, f } of list) {
        const t = tf.tensor2d(f, [n, d])
        viaTf.update(t)
        const h = Math.floor(n / 2)
        const [a, b] = tf.split(t, [h, n - h], 0) as [tf.Tensor2D, tf.Tensor2D]
        viaTwo.update([a, b])
        tf.dispose([t, a, b])
        viaF64.updateRows(Float64Array.from(f), n)
      }
      const want = viaF64.estimate()
      const scale = 1 + Math.max(...want.map(Math.abs))
      expect(maxAbsDiff(viaTf.estimate(), want)).toBeLessThanOrEqual(1e-5 * scale)
      expect(maxAbsDiff(viaTwo.estimate(), want)).toBeLessThanOrEqual(1e-5 * scale)
      expect(maxAbsDiff(viaTf.mean(), viaF64.mean())).toBeLessThanOrEqual(1e-5 * scale)
    }), { numRuns: 50 })
  })

  test("state round-trips through a checkpoint snapshot", () => {
    const est = new CorrelationEstimator(3, { rho: 0.5, zeroMean: true })
    const rng = new Rng(3)
    est.updateRows(rng.normals(12), 4)
    const copy = CorrelationEstimator.fromState(JSON.parse(JSON.stringify(est.state())))
    const next = rng.normals(6)
    est.updateRows(next, 2)
    copy.updateRows(next, 2)
    expect(Array.from(copy.estimate())).toEqual(Array.from(est.estimate()))
    expect(copy.steps).toBe(2)
  })

  test("before any update the estimate is zero; bad input is a typed error", () => {
    expect(Array.from(new CorrelationEstimator(2, { rho: 0.3 }).estimate())).toEqual([0, 0, 0, 0])
    expect(() => new CorrelationEstimator(2, { rho: 1.2 })).toThrow(InvalidOption)
    expect(() => new CorrelationEstimator(0, { rho: 0.3 })).toThrow(InvalidOption)
    const est = new CorrelationEstimator(2, { rho: 0.3 })
    expect(() => est.updateRows(new Float64Array(3), 1)).toThrow(ShapeMismatch)
    expect(() => est.updateRows(Float64Array.of(NaN, 1), 1)).toThrow(NonFiniteInput)
    const wrong = tf.zeros([4, 3]) as tf.Tensor2D
    expect(() => est.update(wrong)).toThrow(ShapeMismatch)
    wrong.dispose()
  })
})

describe("CorrelationEstimator.restore", () => {
  // Mutation caught: a restore that copies the checkpoint's numbers without checking its ρ/zeroMean/dim would
  // silently continue another config's average (SslModel restores F̂ in place from a checkpoint).
  test("continues a snapshot of the same config, refuses another config's with a typed error", () => {
    const est = new CorrelationEstimator(2, { rho: 0.3 })
    est.updateRows(Float64Array.of(1, 2, 3, 4), 2)
    const same = new CorrelationEstimator(2, { rho: 0.3 })
    same.restore(est.state())
    expect(same.state()).toEqual(est.state())
    expect(() => new CorrelationEstimator(2, { rho: 0.5 }).restore(est.state())).toThrow(InvalidOption)
    expect(() => new CorrelationEstimator(2, { rho: 0.3, zeroMean: true }).restore(est.state())).toThrow(InvalidOption)
    expect(() => new CorrelationEstimator(3, { rho: 0.3 }).restore(est.state())).toThrow(InvalidOption)
  })
})
