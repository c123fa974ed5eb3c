import { afterEach, beforeEach, describe, expect, test } from "bun:test"
import fc from "fast-check"
import { eigh } from "../../src/linalg/eigh.ts"
import type { Eigh } from "../../src/linalg/eigh.ts"
import { ShapeMismatch } from "../../src/linalg/errors.ts"
import { matmul, transpose } from "../../src/linalg/matrix.ts"
import { Rng } from "../../src/rng.ts"
import { directPredPredictor } from "../../src/ssl/directPredPredictor.ts"
import { effectiveRank } from "../../src/ssl/effectiveRank.ts"
import { eigenspaceAlignment } from "../../src/ssl/eigenspaceAlignment.ts"
import { predictorAsymmetry } from "../../src/ssl/predictorAsymmetry.ts"
import { zStd, zStdRows } from "../../src/ssl/zStd.ts"
import { tf } from "../../src/tf.ts"
import { jacobiEigh } from "../helpers/jacobiEigh.ts"
import { gaussianMatrix, maxAbsDiff, randomCorrelation, randomOrthogonal, withSpectrum } from "../helpers/randomMatrix.ts"

let baseline = 0
beforeEach(() => { baseline = tf.memory().numTensors })
afterEach(() => { expect(tf.memory().numTensors).toBe(baseline) })

const similar = (q: Float64Array, a: Float64Array, n: number) => matmul(matmul(q, a, n, n, n), transpose(q, n, n), n, n, n)

/** Naive alignment from the Jacobi reference: cos_j for eigenvalues in descending order. */
const naiveCos = (wp: Float64Array, f: Float64Array, d: number) => {
  const { values, vectors } = jacobiEigh(f, d)
  return Array.from(values, (_, r) => {
    const j = d - 1 - r
    const u = Array.from({ length: d }, (_, i) => vectors[i * d + j]!)
    const wu = Array.from({ length: d }, (_, i) => u.reduce((s, x, k) => s + wp[i * d + k]! * x, 0))
    const dot = u.reduce((s, x, i) => s + x * wu[i]!, 0)
    return dot / (Math.hypot(...u) * Math.hypot(...wu))
  })
}

const pairs = fc.record({ d: fc.integer({ min: 1, max: 8 }), seed: fc.integer() }).map(({ d, seed }) => {
  const rng = new Rng(seed)
  return { d, rng, f: randomCorrelation(rng, d, 2 * d), wp: gaussianMatrix(rng, d, d) }
})

/** An F with well-separated eigenvalues (gaps ≥ 0.5): its eigenvectors are well determined. */
const separated = (rng: Rng, d: number) => withSpectrum(randomOrthogonal(rng, d), Array.from({ length: d }, (_, j) => 1 + j + 0.5 * rng.next()))

describe("eigenspaceAlignment", () => {
  test("cos ∈ [−1, 1]; matches the naive Jacobi reference; eigenvalues descending; summary = median over significant", () => {
    fc.assert(fc.property(pairs, ({ d, rng, wp }) => {
      const f = separated(rng, d)
      const a = eigenspaceAlignment(wp, f, d)
      for (let j = 0; j < d; j++) expect(Math.abs(a.cos[j]!)).toBeLessThanOrEqual(1)
      for (let j = 1; j < d; j++) expect(a.eigenvalues[j]!).toBeLessThanOrEqual(a.eigenvalues[j - 1]!)
      expect(maxAbsDiff(a.cos, naiveCos(wp, f, d))).toBeLessThanOrEqual(1e-9)
      const sorted = Array.from(a.cos).sort((x, y) => x - y)
      const med = d % 2 === 1 ? sorted[(d - 1) / 2]! : (sorted[d / 2 - 1]! + sorted[d / 2]!) / 2
      expect(a.significant).toBe(d)
      expect(a.alignment).toBeCloseTo(med, 14)
    }))
  })

  test("commuting symmetric PD W_p ⇒ cos = 1 on every (non-degenerate) eigenvector; DirectPred's W_p is aligned", () => {
    fc.assert(fc.property(pairs, ({ d, rng, f }) => {
      const q = randomOrthogonal(rng, d)
      const fs = withSpectrum(q, Array.from({ length: d }, (_, j) => 1 + j))
      const wp = withSpectrum(q, Array.from({ length: d }, () => 0.1 + rng.next()))
      const a = eigenspaceAlignment(wp, fs, d)
      for (const c of a.cos) expect(c).toBeCloseTo(1, 9)
      expect(a.alignment).toBeCloseTo(1, 9)
      const dp = directPredPredictor(f, d, { eps: 0.1, convert: 2 })
      const b = eigenspaceAlignment(dp.weight, f, d, { eigen: dp.eigen })
      for (const c of b.cos) expect(c).toBeCloseTo(1, 9)
    }))
  })

  test("invariant to eigenvector sign flips and to an orthogonal change of basis", () => {
    fc.assert(fc.property(pairs, fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }), ({ d, rng, wp }, flips) => {
      const f = separated(rng, d)
      const base = eigenspaceAlignment(wp, f, d)
      const e = eigh(f, d)
      const flipped: Eigh = { values: e.values, vectors: e.vectors.map((v, k) => (flips[k % d] ? -v : v)) }
      expect(maxAbsDiff(eigenspaceAlignment(wp, f, d, { eigen: flipped }).cos, base.cos)).toBeLessThanOrEqual(1e-12)
      const q = randomOrthogonal(rng, d)
      const rotated = eigenspaceAlignment(similar(q, wp, d), similar(q, f, d), d)
      expect(maxAbsDiff(rotated.cos, base.cos)).toBeLessThanOrEqual(1e-9)
      expect(maxAbsDiff(rotated.eigenvalues, base.eigenvalues)).toBeLessThanOrEqual(1e-12 * d * base.eigenvalues[0]!)
    }))
  })

  test("threshold: near-null eigenvectors are left out of the summary; no signal ⇒ NaN; W_p u = 0 ⇒ cos 0", () => {
    const q = randomOrthogonal(new Rng(4), 4)
    const f = withSpectrum(q, [1, 0.5, 1e-4, 0])
    const wp = withSpectrum(q, [1, 1, -1, -1]) // aligned on the top two, anti-aligned on the null two
    const a = eigenspaceAlignment(wp, f, 4)
    expect(a.significant).toBe(2)
    expect(a.alignment).toBeCloseTo(1, 12)
    expect(a.cos[3]).toBeCloseTo(-1, 12)
    const loose = eigenspaceAlignment(wp, f, 4, { relThreshold: 1e-5 }) // admits 1e-4: median of (1, 1, −1) = 1
    expect(loose.significant).toBe(3)
    expect(loose.alignment).toBeCloseTo(1, 12)
    expect(eigenspaceAlignment(wp, new Float64Array(16), 4).alignment).toBeNaN()
    expect(Array.from(eigenspaceAlignment(new Float64Array(16), f, 4).cos)).toEqual([0, 0, 0, 0])
    expect(() => eigenspaceAlignment(new Float64Array(9), f, 4)).toThrow(ShapeMismatch)
  })
})

describe("predictorAsymmetry", () => {
  test("bounds [0, 2]; 0 iff symmetric; 2 for skew-symmetric; invariant to Q·Qᵀ (Frobenius) and to scale", () => {
    fc.assert(fc.property(pairs, fc.double({ min: 1e-3, max: 1e3, noNaN: true }), ({ d, rng, wp }, c) => {
      const a = predictorAsymmetry(wp, d)
      for (const v of [a.frobenius, a.l1]) { expect(v).toBeGreaterThanOrEqual(0); expect(v).toBeLessThanOrEqual(2 + 1e-12) }
      const wt = transpose(wp, d, d)
      expect(predictorAsymmetry(wp.map((x, k) => x + wt[k]!), d)).toEqual({ frobenius: 0, l1: 0 })
      if (d >= 2) {
        const skew = predictorAsymmetry(wp.map((x, k) => x - wt[k]!), d)
        expect(skew.frobenius).toBeCloseTo(2, 12)
        expect(skew.l1).toBeCloseTo(2, 12)
      }
      const q = randomOrthogonal(rng, d)
      expect(predictorAsymmetry(similar(q, wp, d), d).frobenius).toBeCloseTo(a.frobenius, 10)
      const s = predictorAsymmetry(wp.map((x) => x * c), d)
      expect(s.frobenius).toBeCloseTo(a.frobenius, 12)
      expect(s.l1).toBeCloseTo(a.l1, 12)
    }))
  })

  test("i.i.d. Gaussian W_p: L1 ≈ √2·(1 − 1/d), Frobenius ≈ √(2(1 − 1/d)) (within 5 standard errors)", () => {
    // L1: numerator = Σ_{i≠j}|X_ij − X_ji| over d(d−1)/2 independent pairs (each counted twice), E|X−Y| = 2/√π,
    // sd |X−Y| = √(2 − 4/π); denominator Σ|X_ij| over d² entries, E|X| = √(2/π), sd = √(1 − 2/π).
    // Delta method: relative sd of the ratio ≈ √(cvNum² + cvDen²), cv = sd/(mean·√count).
    for (const [d, seed] of [[128, 1], [128, 2], [64, 3], [256, 4]] as const) {
      const a = predictorAsymmetry(gaussianMatrix(new Rng(seed), d, d), d)
      const pairsCount = (d * (d - 1)) / 2
      const cvNum = Math.sqrt(2 - 4 / Math.PI) / (2 / Math.sqrt(Math.PI)) / Math.sqrt(pairsCount)
      const cvDen = Math.sqrt(1 - 2 / Math.PI) / Math.sqrt(2 / Math.PI) / Math.sqrt(d * d)
      const l1Want = Math.SQRT2 * (1 - 1 / d)
      expect(Math.abs(a.l1 - l1Want)).toBeLessThanOrEqual(5 * l1Want * Math.hypot(cvNum, cvDen))
      expect(Math.abs(a.l1 - Math.SQRT2)).toBeLessThan(0.05) // the [Re] reading "≈ √2"
      // Frobenius²: num Σ (X−Y)² over pairs ×2: chi-square, cv = √2/√pairs; den Σ X²: cv = √2/d; ratio sqrt halves the cv
      const frWant = Math.sqrt(2 * (1 - 1 / d))
      expect(Math.abs(a.frobenius - frWant)).toBeLessThanOrEqual(5 * 0.5 * frWant * Math.hypot(Math.SQRT2 / Math.sqrt(pairsCount), Math.SQRT2 / d))
    }
  })

  test("zero matrix ⇒ 0; shape errors", () => {
    expect(predictorAsymmetry(new Float64Array(4), 2)).toEqual({ frobenius: 0, l1: 0 })
    expect(() => predictorAsymmetry(new Float64Array(3), 2)).toThrow(ShapeMismatch)
  })
})

describe("zStd", () => {
  /** Naive: normalise rows, population std per column, mean, × √d. */
  const naive = (z: ArrayLike<number>, n: number, d: number) => {
    const rows = Array.from({ length: n }, (_, b) => { const r = Array.from({ length: d }, (_, k) => z[b * d + k]!); const m = Math.max(Math.hypot(...r), 1e-12); return r.map((x) => x / m) })
    let s = 0
    for (let k = 0; k < d; k++) {
      const mean = rows.reduce((t, r) => t + r[k]!, 0) / n
      s += Math.sqrt(rows.reduce((t, r) => t + (r[k]! - mean) ** 2, 0) / n)
    }
    return (s / d) * Math.sqrt(d)
  }
  const batch = fc.record({ n: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 8 }), seed: fc.integer(), scale: fc.double({ min: 1e-6, max: 1e6, noNaN: true }) })

  test("∈ [0, 1]; matches the naive reference; invariant to positive row scaling and signed permutations of coordinates", () => {
    fc.assert(fc.property(batch, ({ n, d, seed, scale }) => {
      const rng = new Rng(seed)
      const z = gaussianMatrix(rng, n, d)
      const v = zStdRows(z, n, d)
      expect(v).toBeGreaterThanOrEqual(0)
      expect(v).toBeLessThanOrEqual(1 + 1e-12)
      expect(Math.abs(v - naive(z, n, d))).toBeLessThanOrEqual(1e-12)
      expect(zStdRows(z.map((x, i) => x * (Math.floor(i / d) % 2 === 0 ? scale : 1)), n, d)).toBeCloseTo(v, 10)
      // A mean of per-coordinate stds is invariant to signed permutations of the coordinates (not to general
      // rotations: those mix the per-coordinate variances; only the bound survives them).
      const perm = rng.permutation(d)
      const signs = Array.from({ length: d }, () => (rng.next() < 0.5 ? -1 : 1))
      const permuted = z.map((_, i) => signs[i % d]! * z[Math.floor(i / d) * d + perm[i % d]!]!)
      expect(zStdRows(permuted, n, d)).toBeCloseTo(v, 12)
      const q = randomOrthogonal(rng, d)
      expect(zStdRows(matmul(z, transpose(q, d, d), n, d, d), n, d)).toBeLessThanOrEqual(1 + 1e-12)
    }))
  })

  test("collapsed batch (all rows equal up to positive scale) ⇒ 0; antipodal ±e_k pairs attain the bound 1", () => {
    fc.assert(fc.property(batch, ({ n, d, seed }) => {
      const rng = new Rng(seed)
      const row = rng.normals(d)
      const z = Float64Array.from({ length: n * d }, (_, i) => row[i % d]! * (1 + Math.floor(i / d)))
      expect(zStdRows(z, n, d)).toBeLessThanOrEqual(1e-7) // population variance of identical values, up to rounding
    }))
    for (const d of [1, 2, 5, 16]) {
      const rows: number[] = []
      for (let k = 0; k < d; k++) for (const s of [1, -1]) rows.push(...Array.from({ length: d }, (_, j) => (j === k ? s : 0)))
      // column k: ±1 once each, 0 elsewhere (2d rows): var = 2/(2d) = 1/d, std = 1/√d, × √d = 1
      expect(zStdRows(rows, 2 * d, d)).toBeCloseTo(1, 12)
    }
  })

  test("tensor path equals the float path; no leaks; typed errors", () => {
    fc.assert(fc.property(batch, ({ n, d, seed }) => {
      const z = Float32Array.from(new Rng(seed).normals(n * d))
      const t = tf.tensor2d(z, [n, d])
      expect(zStd(t)).toBe(zStdRows(z, n, d))
      t.dispose()
    }), { numRuns: 30 })
    expect(() => zStdRows([1, 2, 3], 2, 2)).toThrow(ShapeMismatch)
  })
})

describe("effectiveRank", () => {
  test("∈ [1, d]; d for isotropic; 1 for rank one; invariant to scale and to Q F Qᵀ; matches the naive entropy", () => {
    fc.assert(fc.property(pairs, fc.double({ min: 1e-3, max: 1e3, noNaN: true }), ({ d, rng, f }, c) => {
      const values = eigh(f, d).values
      const r = effectiveRank(values)
      expect(r).toBeGreaterThanOrEqual(1 - 1e-12)
      expect(r).toBeLessThanOrEqual(d)
      const pos = Array.from(values, (x) => Math.max(x, 0))
      const total = pos.reduce((a, b) => a + b, 0)
      const h = -pos.reduce((s, x) => (x > 0 ? s + (x / total) * Math.log(x / total) : s), 0)
      expect(r).toBeCloseTo(Math.exp(h), 10)
      expect(effectiveRank(values.map((x) => x * c))).toBeCloseTo(r, 10)
      expect(effectiveRank(eigh(similar(randomOrthogonal(rng, d), f, d), d).values)).toBeCloseTo(r, 8)
      expect(effectiveRank(new Float64Array(d).fill(c))).toBeCloseTo(d, 12)
      expect(effectiveRank(Float64Array.from({ length: d }, (_, j) => (j === 0 ? c : 0)))).toBe(1)
    }))
    expect(effectiveRank(eigh(Float64Array.from({ length: 49 }, (_, k) => (k % 8 === 0 ? 1 : 0)), 7).values)).toBeCloseTo(7, 12) // I_7
  })

  test("k equal eigenvalues and zeros ⇒ k; negatives are clamped; all ≤ 0 ⇒ 0", () => {
    expect(effectiveRank([2, 2, 2, 0, 0])).toBeCloseTo(3, 12)
    expect(effectiveRank([1, 1, -1e-17])).toBeCloseTo(2, 12)
    expect(effectiveRank([0, -1])).toBe(0)
  })
})
