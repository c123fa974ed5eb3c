import { describe, expect, test } from "bun:test"
import fc from "fast-check"
import { Rng } from "@ssl/core"
import { differenceInterval, summarize } from "../src/statistics/summarize.ts"
import { incompleteBeta, logGamma, studentTCdf, studentTQuantile } from "../src/statistics/studentT.ts"

describe("Student t", () => {
  test("logGamma matches factorials and Γ(1/2) = √π", () => {
    for (let n = 1; n < 20; n++) {
      let f = 1
      for (let k = 2; k < n; k++) f *= k
      expect(logGamma(n)).toBeCloseTo(Math.log(f), 10)
    }
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 12)
  })

  test("incomplete beta against a float64 midpoint-rule integral", () => {
    fc.assert(fc.property(fc.double({ min: 0.01, max: 0.99, noNaN: true }), fc.double({ min: 1, max: 6, noNaN: true }),
      fc.double({ min: 1, max: 6, noNaN: true }), (x, a, b) => {
        const steps = 20_000
        const density = (t: number) => t ** (a - 1) * (1 - t) ** (b - 1)
        let part = 0, whole = 0
        for (let i = 0; i < steps; i++) {
          const t = (i + 0.5) / steps
          whole += density(t) / steps
          if (t < x) part += density(t) / steps
        }
        // the midpoint rule is O(1/steps) accurate at the cut x
        expect(Math.abs(incompleteBeta(x, a, b) - part / whole)).toBeLessThan(5e-4)
      }), { numRuns: 30 })
  })

  test("I_x(½, ½) = (2/π)·asin √x and I_x(a, 1) = xᵃ (closed forms, independent of the continued fraction)", () => {
    // Mutation caught: swapping a and b in the continued fraction's symmetry branch, or a wrong prefactor.
    fc.assert(fc.property(fc.double({ min: 1e-6, max: 1 - 1e-6, noNaN: true }), (x) => {
      expect(incompleteBeta(x, 0.5, 0.5)).toBeCloseTo((2 / Math.PI) * Math.asin(Math.sqrt(x)), 10)
    }))
    fc.assert(fc.property(fc.double({ min: 1e-4, max: 1 - 1e-4, noNaN: true }), fc.double({ min: 0.1, max: 20, noNaN: true }), (x, a) => {
      expect(incompleteBeta(x, a, 1)).toBeCloseTo(x ** a, 10)
    }))
  })

  test("quantiles at fractional degrees of freedom, where every real interval lives (reference: scipy.stats.t.ppf 1.17)", () => {
    // Mutation caught: df rounded or truncated inside the quantile (the Welch df is never an integer here).
    const reference: ReadonlyArray<readonly [number, number, number]> = [
      [0.975, 2.5, 3.5746548420036817], [0.975, 50 / 17, 3.218758614532882], [0.975, 3.7, 2.8675207071911895],
      [0.8, 50 / 17, 0.9815728752828108], [0.9, 1.5, 2.1963984175655376], [0.975, 7.31, 2.344447113983294],
    ]
    for (const [p, df, q] of reference) expect(studentTQuantile(p, df)).toBeCloseTo(q, 8)
  })

  test("known quantiles (t tables) and symmetry", () => {
    expect(studentTQuantile(0.975, 1)).toBeCloseTo(12.7062, 3)
    expect(studentTQuantile(0.975, 2)).toBeCloseTo(4.3027, 3)
    expect(studentTQuantile(0.975, 4)).toBeCloseTo(2.7764, 3)
    expect(studentTQuantile(0.975, 30)).toBeCloseTo(2.0423, 3)
    expect(studentTQuantile(0.975, 1e6)).toBeCloseTo(1.95996, 3)
    fc.assert(fc.property(fc.double({ min: 0.001, max: 0.999, noNaN: true }), fc.double({ min: 0.5, max: 100, noNaN: true }), (p, df) => {
      const q = studentTQuantile(p, df)
      expect(studentTCdf(q, df)).toBeCloseTo(p, 9)
      expect(studentTQuantile(1 - p, df)).toBeCloseTo(-q, 6)
    }))
  })
})

describe("differenceInterval", () => {
  test("summaries: mean and sample std", () => {
    expect(summarize([1, 2, 3, 4])).toEqual({ n: 4, mean: 2.5, std: Math.sqrt(5 / 3), values: [1, 2, 3, 4] })
  })

  test("shift equivariance and antisymmetry", () => {
    const arm = fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: 2, maxLength: 8 })
    fc.assert(fc.property(arm, arm, fc.double({ min: -5, max: 5, noNaN: true }), (a, b, c) => {
      const d = differenceInterval(a, b)
      const shifted = differenceInterval(a.map((v) => v + c), b)
      expect(shifted.lower).toBeCloseTo(d.lower + c, 6)
      expect(shifted.upper).toBeCloseTo(d.upper + c, 6)
      const swapped = differenceInterval(b, a)
      expect(swapped.lower).toBeCloseTo(-d.upper, 9)
      expect(d.lower).toBeLessThanOrEqual(d.difference)
      expect(d.upper).toBeGreaterThanOrEqual(d.difference)
    }))
  })

  test("95% coverage of the true difference on normal data (3 seeds per arm)", () => {
    const rng = new Rng(11)
    let covered = 0
    const trials = 4000
    for (let t = 0; t < trials; t++) {
      const a = [0, 0, 0].map(() => rng.normal(1, 1))
      const b = [0, 0, 0].map(() => rng.normal(0, 2))
      const d = differenceInterval(a, b)
      if (d.lower <= 1 && 1 <= d.upper) covered++
    }
    // Welch is slightly conservative or slightly liberal depending on the variance ratio; ±2.5 points is 7 SE.
    expect(Math.abs(covered / trials - 0.95)).toBeLessThan(0.025)
  })

  test("the Welch–Satterthwaite df and the interval, pinned on a small sample", () => {
    // a = [1, 2, 3] (var 1), b = [0, 0.5, 1] (var 1/4): v_a = 1/3, v_b = 1/12, df = (5/12)² / ((1/3)²/2 + (1/12)²/2) = 50/17.
    // Mutation caught: df floored, ceiled, rounded, or a constant (2.941 is none of 2, 3 or 4).
    const d = differenceInterval([1, 2, 3], [0, 0.5, 1])
    expect(d.df).toBeCloseTo(50 / 17, 12)
    expect(d.upper - d.difference).toBeCloseTo(3.218758614532882 * Math.sqrt(5 / 12), 8)
  })

  test("refuses too few seeds with a message that says what to do", () => {
    expect(() => differenceInterval([1], [1, 2])).toThrow("run more seeds")
  })
})
