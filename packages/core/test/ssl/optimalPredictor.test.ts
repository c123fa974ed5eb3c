/**
 * The plug-in "optimal" predictor W_p = M2sym (M + λI)⁻¹ and its running statistics: fast-check laws and a
 * naive float64 reference (Gauss–Jordan inverse, no eigendecomposition).
 * Mutations caught (each checked): the ridge without its /d (reference, residual, eigenvalue law, known value);
 * M2 used without symmetrising (reference, residual, symmetric-part law, known value); another ridge inside the
 * inverse; M2 accumulated as f f_aᵀ instead of f_a fᵀ (the moving-average test).
 */
import { afterEach, beforeEach, describe, expect, test } from "bun:test"
import fc from "fast-check"
import { eigh } from "../../src/linalg/eigh.ts"
import { InvalidOption, ShapeMismatch } from "../../src/linalg/errors.ts"
import { frobenius, transpose } from "../../src/linalg/matrix.ts"
import { Rng } from "../../src/rng.ts"
import { optimalPredictor } from "../../src/ssl/optimalPredictor.ts"
import { PlugInStatistics } from "../../src/ssl/PlugInStatistics.ts"
import { tf } from "../../src/tf.ts"
import { commutatorNorm, maxAbsDiff, randomCorrelation } from "../helpers/randomMatrix.ts"

let baseline = 0
beforeEach(() => { baseline = tf.memory().numTensors })
afterEach(() => { expect(tf.memory().numTensors).toBe(baseline) })

/** (M + λI)⁻¹ by Gauss–Jordan with partial pivoting, then M2sym times it: the formula read literally. */
const naiveOptimal = (m: Float64Array, m2: Float64Array, d: number, lambdaRel: number): Float64Array => {
  let tr = 0
  for (let i = 0; i < d; i++) tr += m[i * d + i]!
  const lambda = (lambdaRel * tr) / d
  const a = Array.from({ length: d }, (_, i) => [
    ...Array.from({ length: d }, (_, j) => m[i * d + j]! + (i === j ? lambda : 0)),
    ...Array.from({ length: d }, (_, j) => (i === j ? 1 : 0)),
  ])
  for (let c = 0; c < d; c++) {
    let p = c
    for (let r = c + 1; r < d; r++) if (Math.abs(a[r]![c]!) > Math.abs(a[p]![c]!)) p = r
    ;[a[c], a[p]] = [a[p]!, a[c]!]
    const pivot = a[c]![c]!
    for (let j = 0; j < 2 * d; j++) a[c]![j] = a[c]![j]! / pivot
    for (let r = 0; r < d; r++) {
      if (r === c) continue
      const f = a[r]![c]!
      for (let j = 0; j < 2 * d; j++) a[r]![j] = a[r]![j]! - f * a[c]![j]!
    }
  }
  const out = new Float64Array(d * d)
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) for (let k = 0; k < d; k++) {
    out[i * d + j] = out[i * d + j]! + 0.5 * (m2[i * d + k]! + m2[k * d + i]!) * a[k]![d + j]!
  }
  return out
}

/** M from full-rank-ish data, M2 any matrix, a relative ridge keeping M + λI well conditioned. */
const problems = fc.record({
  d: fc.integer({ min: 1, max: 8 }),
  seed: fc.integer(),
  lambda: fc.oneof(fc.constant(0.01), fc.double({ min: 1e-3, max: 10, noNaN: true })),
}).map(({ d, seed, lambda }) => {
  const rng = new Rng(seed)
  return { d, lambda, m: randomCorrelation(rng, d, 2 * d + 3), m2: rng.normals(d * d) }
})

/** Error budget: ‖M2‖·cond(M + λI)·d·ε_mach, cond ≤ (s_max + λ)/λ. */
const tolerance = (m: Float64Array, m2: Float64Array, d: number, lambdaRel: number) => {
  const { values } = eigh(m, d)
  let tr = 0
  for (let i = 0; i < d; i++) tr += m[i * d + i]!
  const lambda = (lambdaRel * tr) / d
  return 64 * d * Number.EPSILON * frobenius(m2) * ((values[d - 1]! + lambda) / lambda) / lambda
}

describe("optimalPredictor", () => {
  test("matches the naive float64 reference (Gauss–Jordan inverse)", () => {
    fc.assert(fc.property(problems, ({ d, m, m2, lambda }) => {
      expect(maxAbsDiff(optimalPredictor(m, m2, d, { lambda }), naiveOptimal(m, m2, d, lambda))).toBeLessThanOrEqual(tolerance(m, m2, d, lambda))
    }))
  })

  test("solves W (M + λI) = M2sym, with λ = lambda·tr(M)/d", () => {
    fc.assert(fc.property(problems, ({ d, m, m2, lambda }) => {
      const w = optimalPredictor(m, m2, d, { lambda })
      let tr = 0
      for (let i = 0; i < d; i++) tr += m[i * d + i]!
      const l = (lambda * tr) / d
      let worst = 0
      for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) {
        let lhs = 0
        for (let k = 0; k < d; k++) lhs += w[i * d + k]! * (m[k * d + j]! + (k === j ? l : 0))
        worst = Math.max(worst, Math.abs(lhs - 0.5 * (m2[i * d + j]! + m2[j * d + i]!)))
      }
      expect(worst).toBeLessThanOrEqual(64 * d * Number.EPSILON * frobenius(m2) * (1 + (eigh(m, d).values[d - 1]! + l) / l))
    }))
  })

  test("reads only M2's symmetric part, and is unchanged by f → cf (M, M2 → c²M, c²M2)", () => {
    fc.assert(fc.property(problems, fc.double({ min: 1e-3, max: 1e3, noNaN: true }), ({ d, m, m2, lambda }, c) => {
      const w = optimalPredictor(m, m2, d, { lambda })
      const tol = tolerance(m, m2, d, lambda)
      expect(maxAbsDiff(optimalPredictor(m, transpose(m2, d, d), d, { lambda }), w)).toBeLessThanOrEqual(tol)
      expect(maxAbsDiff(optimalPredictor(m.map((x) => x * c), m2.map((x) => x * c), d, { lambda }), w)).toBeLessThanOrEqual(tol)
    }))
  })

  test("M2 = M: W commutes with M, is symmetric, and has eigenvalues s/(s + λ) in [0, 1)", () => {
    fc.assert(fc.property(problems, ({ d, m, lambda }) => {
      const w = optimalPredictor(m, m, d, { lambda })
      expect(commutatorNorm(w, m, d)).toBeLessThanOrEqual(1e-10 * d * frobenius(m) * (1 + frobenius(w)))
      expect(maxAbsDiff(w, transpose(w, d, d))).toBeLessThanOrEqual(1e-10 * (1 + frobenius(w)))
      let tr = 0
      for (let i = 0; i < d; i++) tr += m[i * d + i]!
      const l = (lambda * tr) / d
      const want = Array.from(eigh(m, d).values, (s) => Math.max(s, 0) / (Math.max(s, 0) + l))
      expect(maxAbsDiff(eigh(w, d).values, want)).toBeLessThanOrEqual(1e-9)
    }))
  })

  test("known value: M = diag(3, 1), M2 = [[1, 4], [0, 2]], lambda = 0.5 → λ = 1, W = [[1/4, 1], [1/2, 1]]", () => {
    const w = optimalPredictor(Float64Array.of(3, 0, 0, 1), Float64Array.of(1, 4, 0, 2), 2, { lambda: 0.5 })
    expect(maxAbsDiff(w, [0.25, 1, 0.5, 1])).toBeLessThan(1e-15)
  })

  test("bad input: a negative or non-finite lambda, or mismatched shapes, is a typed error", () => {
    const m = Float64Array.of(1, 0, 0, 1)
    expect(() => optimalPredictor(m, m, 2, { lambda: -0.1 })).toThrow(InvalidOption)
    expect(() => optimalPredictor(m, m, 2, { lambda: Number.NaN })).toThrow(InvalidOption)
    expect(() => optimalPredictor(m, Float64Array.of(1), 2, { lambda: 0.1 })).toThrow(ShapeMismatch)
  })
})

describe("PlugInStatistics", () => {
  /** Pairs (f, f_a) of float32-exact [B, d] rows. */
  const sequences = fc.record({
    d: fc.integer({ min: 1, max: 5 }),
    sizes: fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 4 }),
    rho: fc.oneof(fc.constant(0), fc.constant(0.3), fc.double({ min: 0, max: 0.99, noNaN: true })),
    seed: fc.integer(),
  }).map(({ d, sizes, rho, seed }) => {
    const rng = new Rng(seed)
    const rows = (n: number) => Float32Array.from(rng.normals(n * d))
    return { d, rho, steps: sizes.map((n) => ({ n, pairs: [[rows(n), rows(n)], [rows(n), rows(n)]] as const })) }
  })

  test("M and M2 follow the naive float64 moving average of mean(ffᵀ) and mean(f_a fᵀ); W_p is optimalPredictor of them", () => {
    fc.assert(fc.property(sequences, ({ d, rho, steps }) => {
      const stats = new PlugInStatistics(d, rho)
      let m = new Float64Array(d * d)
      let m2 = new Float64Array(d * d)
      steps.forEach(({ n, pairs }, t) => {
        const bm = new Float64Array(d * d)
        const bm2 = new Float64Array(d * d)
        for (const [f, fa] of pairs) for (let r = 0; r < n; r++) for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) {
          bm[i * d + j] = bm[i * d + j]! + (f[r * d + i]! * f[r * d + j]!) / (2 * n)
          bm2[i * d + j] = bm2[i * d + j]! + (fa[r * d + i]! * f[r * d + j]!) / (2 * n)
        }
        const keep = t === 0 ? 0 : rho
        m = m.map((x, k) => keep * x + (1 - keep) * bm[k]!)
        m2 = m2.map((x, k) => keep * x + (1 - keep) * bm2[k]!)
        const tensors = pairs.map(([f, fa]) => [tf.tensor2d(f, [n, d]), tf.tensor2d(fa, [n, d])] as const)
        stats.update(tensors)
        tf.dispose(tensors.flat())
      })
      const state = stats.state()
      expect(maxAbsDiff(state.optimalM.corr, m)).toBeLessThanOrEqual(1e-5 * (1 + frobenius(m)))
      expect(maxAbsDiff(state.optimalM2.values, m2)).toBeLessThanOrEqual(1e-5 * (1 + frobenius(m2)))
      expect(state.optimalM2.steps).toBe(steps.length)
      const exact = optimalPredictor(Float64Array.from(state.optimalM.corr), Float64Array.from(state.optimalM2.values), d, { lambda: 0.1 })
      expect(maxAbsDiff(stats.predictor(0.1), exact)).toBe(0)
    }))
  })

  test("a checkpoint round trip (through JSON) continues identically", () => {
    const d = 3
    const rng = new Rng(4)
    const batch = () => [[tf.tensor2d(Float32Array.from(rng.normals(6 * d)), [6, d]), tf.tensor2d(Float32Array.from(rng.normals(6 * d)), [6, d])]] as const
    const a = new PlugInStatistics(d, 0.3)
    const first = batch()
    a.update(first)
    const b = PlugInStatistics.fromState(JSON.parse(JSON.stringify(a.state())))
    const second = batch()
    a.update(second)
    b.update(second)
    expect(b.state()).toEqual(a.state())
    expect(Array.from(b.predictor(0.01))).toEqual(Array.from(a.predictor(0.01)))
    tf.dispose([...first.flat(), ...second.flat()])
  })
})
