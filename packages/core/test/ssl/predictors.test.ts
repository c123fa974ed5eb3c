import { describe, expect, test } from "bun:test"
import fc from "fast-check"
import { eigh } from "../../src/linalg/eigh.ts"
import { InvalidOption, NonFiniteInput } from "../../src/linalg/errors.ts"
import { frobenius, transpose } from "../../src/linalg/matrix.ts"
import { Rng } from "../../src/rng.ts"
import { directCopyPredictor } from "../../src/ssl/directCopyPredictor.ts"
import { directPredPredictor } from "../../src/ssl/directPredPredictor.ts"
import { jacobiEigh } from "../helpers/jacobiEigh.ts"
import { commutatorNorm, maxAbsDiff, randomCorrelation } from "../helpers/randomMatrix.ts"

/** The original code's compute_w_corr (boost_scale), transcribed naively on top of the Jacobi reference solver. */
const naiveDirectPred = (f: Float64Array, d: number, eps: number, inside: boolean, convert: number): Float64Array => {
  const { values, vectors } = jacobiEigh(f, d)
  const max = Math.max(...values)
  const radius = Math.max(...Array.from(values, Math.abs))
  const p = Array.from(values, (s) => {
    const e = max > d * Number.EPSILON * radius ? Math.max(s, 0) / max : 0 // the documented degenerate rule
    return inside ? Math.max(e + eps, 1e-4) ** (1 / convert) : Math.max(e ** (1 / convert) + eps, 1e-4)
  })
  const w = new Float64Array(d * d)
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) for (let k = 0; k < d; k++) w[i * d + j] = w[i * d + j]! + vectors[i * d + k]! * p[k]! * vectors[j * d + k]!
  return w
}

const correlations = fc.record({ d: fc.integer({ min: 1, max: 10 }), rows: fc.integer({ min: 1, max: 24 }), seed: fc.integer() })
  .map(({ d, rows, seed }) => ({ d, f: randomCorrelation(new Rng(seed), d, rows) }))
const options = fc.record({
  eps: fc.oneof(fc.constant(0), fc.constant(0.1), fc.double({ min: 0, max: 1, noNaN: true })),
  epsInside: fc.boolean(),
  convert: fc.oneof(fc.constant(2), fc.constant(1), fc.double({ min: 0.5, max: 4, noNaN: true })),
})

/**
 * Root sensitivity: p_j = (s_j/s_max)^(1/convert) turns an eigenvalue error δ ≈ 64·d·ε_mach (relative to s_max)
 * of a (near-)null direction into δ^(1/convert) in W_p — about 4e-7 for √ at d = 10. Both solvers err by δ.
 */
const rootTol = (d: number, convert = 2) => 2 * (64 * d * Number.EPSILON) ** (1 / Math.max(convert, 1)) + 1e-12

describe("directPredPredictor", () => {
  test("matches the naive Jacobi-based transcription of compute_w_corr", () => {
    fc.assert(fc.property(correlations, options, ({ d, f }, o) => {
      const { weight } = directPredPredictor(f, d, o)
      expect(maxAbsDiff(weight, naiveDirectPred(f, d, o.eps, o.epsInside, o.convert))).toBeLessThanOrEqual(rootTol(d, o.convert))
    }))
  })

  test("symmetric, PSD, commutes with F̂; eigenvalues in [max(ε,1e-4), 1+ε] (ε outside, √)", () => {
    fc.assert(fc.property(correlations, options, ({ d, f }, o) => {
      const { weight, p, eigen } = directPredPredictor(f, d, o)
      expect(maxAbsDiff(weight, transpose(weight, d, d))).toBe(0)
      expect(commutatorNorm(weight, f, d)).toBeLessThanOrEqual(1e-12 * d * frobenius(f) * frobenius(weight))
      const lo = o.epsInside ? Math.max(o.eps, 1e-4) ** (1 / o.convert) : Math.max(o.eps, 1e-4)
      const hi = o.epsInside ? (1 + o.eps) ** (1 / o.convert) : 1 + o.eps
      const wv = eigh(weight, d).values
      const tol = 1e-12 * d * (1 + o.eps)
      expect(wv[0]!).toBeGreaterThanOrEqual(lo - tol) // ≥ 1e-4 > 0: PSD (in fact PD)
      expect(wv[d - 1]!).toBeLessThanOrEqual(hi + tol)
      expect(p[d - 1]!).toBeCloseTo(hi, 12) // the top eigenvector of F̂ gets exactly e = 1
      // the decomposition used is F̂'s (LAPACK or our eigh: equal up to float64 rounding)
      expect(maxAbsDiff(eigen.values, eigh(f, d).values)).toBeLessThanOrEqual(1e-12 * d * frobenius(f))
      for (let j = 1; j < d; j++) expect(p[j]!).toBeGreaterThanOrEqual(p[j - 1]!) // monotone in s_j
    }))
  })

  test("unchanged by F̂ → cF̂ (c > 0)", () => {
    fc.assert(fc.property(correlations, options, fc.double({ min: 1e-3, max: 1e3, noNaN: true }), ({ d, f }, o, c) => {
      const a = directPredPredictor(f, d, o).weight
      const b = directPredPredictor(f.map((x) => x * c), d, o).weight
      expect(maxAbsDiff(a, b)).toBeLessThanOrEqual(rootTol(d, o.convert))
    }))
  })

  test("known values: ε = 0.1 outside √; c_j variant (Table 7) is ε = −c inside", () => {
    // F̂ = diag(4, 1, 0): e = (1, 1/4, 0) → p = (1.1, 0.6, 0.1)
    const f = Float64Array.of(4, 0, 0, 0, 1, 0, 0, 0, 0)
    const { weight } = directPredPredictor(f, 3, { eps: 0.1, convert: 2 })
    expect(maxAbsDiff(weight, [1.1, 0, 0, 0, 0.6, 0, 0, 0, 0.1])).toBeLessThan(1e-15)
    // c = 0.05: p = √max(e − 0.05, 1e-4) = (√0.95, √0.2, √1e-4)
    const cj = directPredPredictor(f, 3, { eps: -0.05, epsInside: true, convert: 2 }).weight
    expect(maxAbsDiff(cj, [Math.sqrt(0.95), 0, 0, 0, Math.sqrt(0.2), 0, 0, 0, 0.01])).toBeLessThan(1e-15)
    // the 1e-4 floor: ε = 0 outside puts the null direction at exactly 1e-4
    expect(directPredPredictor(f, 3, { eps: 0, convert: 2 }).weight[8]).toBe(1e-4)
  })

  test("degenerate F̂ (zero or negative semidefinite): W_p = max(ε, 1e-4)·I, never NaN", () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 6 }), fc.integer(), options, (d, seed, o) => {
      const neg = randomCorrelation(new Rng(seed), d, 3).map((x) => -x)
      for (const f of [new Float64Array(d * d), neg]) {
        const { weight } = directPredPredictor(f, d, o)
        const v = o.epsInside ? Math.max(o.eps, 1e-4) ** (1 / o.convert) : Math.max(o.eps, 1e-4)
        expect(maxAbsDiff(weight, Array.from({ length: d * d }, (_, k) => (k % (d + 1) === 0 ? v : 0)))).toBeLessThanOrEqual(1e-14)
      }
    }))
  })

  test("512×512 runs and keeps its laws", () => {
    const d = 512
    const f = randomCorrelation(new Rng(512), d, 600)
    const { weight, eigen } = directPredPredictor(f, d, { eps: 0.1, convert: 2 })
    expect(maxAbsDiff(weight, transpose(weight, d, d))).toBe(0)
    expect(eigen.values[d - 1]!).toBeGreaterThan(0)
  }, 30_000)

  test("bad options and input are typed errors", () => {
    const f = Float64Array.of(1, 0, 0, 1)
    expect(() => directPredPredictor(f, 2, { eps: NaN, convert: 2 })).toThrow(InvalidOption)
    expect(() => directPredPredictor(f, 2, { eps: 0.1, convert: 0 })).toThrow(InvalidOption)
    expect(() => directPredPredictor(Float64Array.of(1, NaN, NaN, 1), 2, { eps: 0.1, convert: 2 })).toThrow(NonFiniteInput)
  })
})

describe("directCopyPredictor", () => {
  const epsArb = fc.oneof(fc.constant(0.3), fc.double({ min: 0, max: 2, noNaN: true }))

  test("equals F̂/‖F̂‖_F + εI (naive), symmetric, commutes with F̂, unchanged by F̂ → cF̂", () => {
    fc.assert(fc.property(correlations, epsArb, fc.double({ min: 1e-3, max: 1e3, noNaN: true }), ({ d, f }, eps, c) => {
      const { weight } = directCopyPredictor(f, d, { eps })
      const norm = Math.sqrt(f.reduce((s, x) => s + x * x, 0))
      const naive = Array.from(f, (x, k) => x / norm + (k % (d + 1) === 0 ? eps : 0))
      expect(maxAbsDiff(weight, naive)).toBeLessThanOrEqual(1e-14 * (1 + eps))
      expect(maxAbsDiff(weight, transpose(weight, d, d))).toBe(0)
      expect(commutatorNorm(weight, f, d)).toBeLessThanOrEqual(1e-13 * d * frobenius(f) * frobenius(weight))
      expect(maxAbsDiff(directCopyPredictor(f.map((x) => x * c), d, { eps }).weight, weight)).toBeLessThanOrEqual(1e-14 * (1 + eps))
    }))
  })

  test("PSD F̂: eigenvalues are λ_j/‖F̂‖_F + ε ∈ [ε, 1 + ε] (checked against the Jacobi reference)", () => {
    fc.assert(fc.property(correlations, epsArb, ({ d, f }, eps) => {
      const got = eigh(directCopyPredictor(f, d, { eps }).weight, d).values
      const ref = jacobiEigh(f, d).values
      const norm = frobenius(f)
      const tol = 1e-12 * d * (1 + eps)
      for (let j = 0; j < d; j++) {
        expect(Math.abs(got[j]! - (ref[j]! / norm + eps))).toBeLessThanOrEqual(tol)
        expect(got[j]!).toBeGreaterThanOrEqual(eps - tol)
        expect(got[j]!).toBeLessThanOrEqual(1 + eps + tol)
      }
    }))
  })

  test("ε = 0.3 on diag(2, 0); F̂ = 0 gives εI; extreme scales do not overflow", () => {
    expect(Array.from(directCopyPredictor(Float64Array.of(2, 0, 0, 0), 2, { eps: 0.3 }).weight)).toEqual([1.3, 0, 0, 0.3])
    expect(Array.from(directCopyPredictor(new Float64Array(4), 2, { eps: 0.5 }).weight)).toEqual([0.5, 0, 0, 0.5])
    expect(maxAbsDiff(directCopyPredictor(Float64Array.of(1e300, 0, 0, 1e300), 2, { eps: 0 }).weight, [Math.SQRT1_2, 0, 0, Math.SQRT1_2])).toBeLessThan(1e-15)
    expect(maxAbsDiff(directCopyPredictor(Float64Array.of(1e-300, 0, 0, 1e-300), 2, { eps: 0 }).weight, [Math.SQRT1_2, 0, 0, Math.SQRT1_2])).toBeLessThan(1e-15)
    expect(() => directCopyPredictor(Float64Array.of(1, Infinity, 1, 1), 2, { eps: 0.3 })).toThrow(NonFiniteInput)
  })
})
