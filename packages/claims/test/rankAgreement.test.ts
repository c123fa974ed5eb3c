import { describe, expect, test } from "bun:test"
import fc from "fast-check"
import { Rng } from "@ssl/core"
import { ranks, spearman, spearmanBootstrap } from "../src/statistics/rankAgreement.ts"

describe("rank agreement", () => {
  test("ranks average ties; Spearman's ρ against a float64 reference (1 − 6Σd²/(n(n²−1)) without ties)", () => {
    expect(ranks([10, 30, 20, 20])).toEqual([1, 4, 2.5, 2.5])
    // Mutation caught: ranks by position instead of value, or ties given the first rank.
    fc.assert(fc.property(fc.uniqueArray(fc.integer({ min: -1000, max: 1000 }), { minLength: 3, maxLength: 12 }), fc.integer({ min: 0, max: 1e6 }), (a, seed) => {
      const rng = new Rng(seed)
      const b = a.map(() => rng.uniform())
      const ra = ranks(a), rb = ranks(b), n = a.length
      const d2 = ra.reduce((s, r, i) => s + (r - rb[i]!) ** 2, 0)
      expect(spearman(a, b)).toBeCloseTo(1 - (6 * d2) / (n * (n * n - 1)), 10)
    }))
  })
  test("laws: ρ = 1 for any increasing map, −1 for a decreasing one, symmetric in its arguments", () => {
    fc.assert(fc.property(fc.uniqueArray(fc.integer({ min: -500, max: 500 }), { minLength: 3, maxLength: 10 }), (a) => {
      expect(spearman(a, a.map((x) => Math.exp(x / 10)))).toBeCloseTo(1, 12)
      expect(spearman(a, a.map((x) => -x * 3))).toBeCloseTo(-1, 12)
      const b = [...a].reverse()
      expect(spearman(a, b)).toBeCloseTo(spearman(b, a), 12)
    }))
  })
  test("the bootstrap interval contains the estimate, is reproducible from its seed, and shrinks with cleaner data", () => {
    const reference = [1, 2, 3, 4, 5]
    const noisy = reference.map((m, i) => [m + 3, m - 3, m + (i % 2 === 0 ? 2 : -2)])
    const clean = reference.map((m) => [m + 0.01, m - 0.01, m])
    const a = spearmanBootstrap(reference, noisy, new Rng(3), { reps: 500 })
    expect(spearmanBootstrap(reference, noisy, new Rng(3), { reps: 500 })).toEqual(a)
    expect(a.lower).toBeLessThanOrEqual(a.upper)
    const c = spearmanBootstrap(reference, clean, new Rng(3), { reps: 500 })
    expect(c).toMatchObject({ estimate: 1, lower: 1, upper: 1 })
    expect(a.upper - a.lower).toBeGreaterThan(c.upper - c.lower)
  })
})
