/**
 * The sequential intervals (alpha spending, Bonferroni across looks): the spending laws by property, and the
 * coverage of the whole sequence of looks by simulation.
 */
import { describe, expect, test } from "bun:test"
import fc from "fast-check"
import { Rng } from "@ssl/core"
import { lookInterval, looksAt, seedsToDecide, seedsToDecideMean, spentBy, type SpendingDesign } from "../../src/execution/sequential.ts"
import { studentTQuantile } from "../../src/statistics/studentT.ts"
import { differenceInterval } from "../../src/statistics/summarize.ts"

const design: SpendingDesign = { alpha: 0.05, maxSeeds: 12, rho: 1 }

/** Strictly increasing seed counts in [2, cap]. */
const lookCounts = (cap: number) => fc.uniqueArray(fc.integer({ min: 2, max: cap }), { minLength: 1, maxLength: cap - 1 }).map((xs) => [...xs].sort((a, b) => a - b))

describe("alpha spending", () => {
  // Catches: spending α at every look (Σ = K·α), or a spending function that overshoots α at the cap.
  test("the errors of any sequence of looks sum to at most α, and to α exactly at the cap", () => {
    fc.assert(fc.property(fc.integer({ min: 3, max: 40 }), fc.double({ min: 0.001, max: 0.5, noNaN: true }), fc.double({ min: 0.25, max: 4, noNaN: true }), (cap, alpha, rho) =>
      fc.assert(fc.property(lookCounts(cap), (counts) => {
        const d = { alpha, maxSeeds: cap, rho }
        const looks = looksAt(d, counts)
        const total = looks.reduce((s, l) => s + l.alpha, 0)
        expect(total).toBeLessThanOrEqual(alpha * (1 + 1e-12))
        expect(total).toBeCloseTo(spentBy(d, counts[counts.length - 1]!), 12)
        for (const l of looks) expect(l.alpha).toBeGreaterThan(0)
        if (counts[counts.length - 1] === cap) expect(total).toBeCloseTo(alpha, 12)
      }), { numRuns: 5 })))
  })

  test("a look's interval is the Welch interval at the look's level, wider than at 95%", () => {
    const [first] = looksAt(design, [3])
    expect(first!.level).toBeCloseTo(1 - 0.05 * 3 / 12, 12)
    const a = [0.71, 0.74, 0.7], b = [0.69, 0.7, 0.72]
    const look = lookInterval(first!, a, b)
    const fixed = differenceInterval(a, b, 0.95)
    expect(look.upper - look.lower).toBeGreaterThan(fixed.upper - fixed.lower)
  })

  test("bad designs are refused with what to change", () => {
    expect(() => looksAt(design, [3, 3])).toThrow(/strictly increasing/)
    expect(() => looksAt(design, [13])).toThrow(/≤ 12/)
    expect(() => looksAt({ ...design, alpha: 0 }, [3])).toThrow(/alpha/)
  })
})

/** Fraction of trials in which SOME look's interval misses the true difference, looks at `counts` seeds. */
const missRate = (levels: (k: number) => number, counts: ReadonlyArray<number>, trials: number, seed: number): number => {
  const rng = new Rng(seed)
  let misses = 0
  for (let t = 0; t < trials; t++) {
    const muA = rng.uniform(0.6, 0.8), muB = rng.uniform(0.6, 0.8)
    const sA = rng.uniform(0.005, 0.03), sB = rng.uniform(0.005, 0.03)
    const a: number[] = [], b: number[] = []
    for (let k = 0; k < counts.length; k++) {
      while (a.length < counts[k]!) { a.push(rng.normal(muA, sA)); b.push(rng.normal(muB, sB)) }
      const d = differenceInterval(a, b, levels(k))
      if (d.lower > muA - muB || d.upper < muA - muB) { misses += 1; break }
    }
  }
  return misses / trials
}

describe("coverage under repeated looks (simulation, Gaussian seeds, unequal variances)", () => {
  const counts = [3, 5, 7, 9, 12]
  const trials = 4000
  // Monte-Carlo error of a rate near 0.05 over 4000 trials: ≈ 0.0034; allow 3 of them.
  const bound = 0.05 + 3 * Math.sqrt(0.05 * 0.95 / trials)

  // Catches: any spending that gives the looks more than α in all (e.g. level 0.95 at every look, below).
  test("the spending design misses the true difference at some look in at most α of the trials", () => {
    const looks = looksAt(design, counts)
    const rate = missRate((k) => looks[k]!.level, counts, trials, 20210211)
    expect(rate).toBeLessThanOrEqual(bound)
  })

  // The test has power: the naive design (95% at each of 5 looks) fails it.
  test("looking at fixed 95% intervals after every round does not keep α (why the spending is needed)", () => {
    expect(missRate(() => 0.95, counts, trials, 20210211)).toBeGreaterThan(bound)
  })
})

describe("seedsToDecide", () => {
  const d = (a: number[], b: number[]) => differenceInterval(a, b, 0.95)
  // Catches: ranking by the gap alone (ignoring the spread) or returning a count past the cap.
  test("a wide gap needs one more seed; a gap of zero never decides; never beyond the cap", () => {
    expect(seedsToDecide(design, d([0.8, 0.81, 0.79], [0.6, 0.61, 0.59]), 0)).toBe(4)
    expect(seedsToDecide(design, d([0.7, 0.75, 0.65], [0.7, 0.75, 0.65]), 0)).toBe(Infinity)
    fc.assert(fc.property(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 3, maxLength: 3 }), fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 3, maxLength: 3 }), (a, b) => {
      const n = seedsToDecide(design, d(a, b), 0)
      expect(n === Infinity || (n >= 3 && n <= design.maxSeeds)).toBe(true)
    }))
  })

  test("a noisier comparison with the same gap needs more seeds", () => {
    const quiet = seedsToDecide(design, d([0.72, 0.73, 0.71], [0.70, 0.71, 0.69]), 0)
    const noisy = seedsToDecide(design, d([0.74, 0.72, 0.70], [0.72, 0.70, 0.68]), 0)
    expect(quiet).toBeLessThan(noisy)
  })
})

describe("seedsToDecideMean", () => {
  // Catches: a one-sample need computed with the two-sample √(2/n) (it would ask for more seeds than needed).
  test("the smallest n whose one-sample interval at the next look's level clears the bound", () => {
    const stats = { mean: 0.22, std: 0.06, n: 3 }
    const n = seedsToDecideMean(design, stats, 0.3)
    expect(n).toBeGreaterThan(3)
    expect(n).toBeLessThanOrEqual(12)
    const alpha = (k: number) => spentBy(design, k) - spentBy(design, 3)
    const half = (k: number) => studentTQuantile(1 - alpha(k) / 2, k - 1) * 0.06 / Math.sqrt(k)
    expect(half(n)).toBeLessThan(0.08)
    expect(half(n - 1) >= 0.08 || n - 1 === 3).toBe(true)
    expect(seedsToDecideMean(design, { mean: 0.3, std: 0.1, n: 3 }, 0.3)).toBe(Infinity)
  })
})
