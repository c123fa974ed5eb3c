import { describe, expect, test } from "bun:test"
import fc from "fast-check"
import { choleskyPsd, covarianceMatrix, syntheticLinear } from "../../src/data/syntheticLinear.ts"
import { Rng } from "../../src/rng.ts"

/** Naive float64 L Lᵀ. */
const llt = (l: Float64Array, d: number): Float64Array => {
  const out = new Float64Array(d * d)
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) {
    let s = 0
    for (let k = 0; k < d; k++) s += l[i * d + k]! * l[j * d + k]!
    out[i * d + j] = s
  }
  return out
}

/** Sample second moment (1/n) Σ x xᵀ of rows [n, d]. */
const moment = (x: Float64Array, n: number, d: number): Float64Array => {
  const out = new Float64Array(d * d)
  for (let s = 0; s < n; s++) for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) out[i * d + j]! += (x[s * d + i]! * x[s * d + j]!) / n
  return out
}

/** Random PSD matrices of rank r ≤ d: B Bᵀ with B [d, r]. */
const psd = fc.integer({ min: 1, max: 6 }).chain((d) =>
  fc.integer({ min: 1, max: d }).chain((r) =>
    fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: d * r, maxLength: d * r }).map((b) => {
      const a = new Float64Array(d * d)
      for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) for (let k = 0; k < r; k++) a[i * d + j]! += b[i * r + k]! * b[j * r + k]!
      return { d, a }
    })))

describe("choleskyPsd", () => {
  test("L Lᵀ = A for PSD A of any rank, L lower-triangular", () => {
    fc.assert(fc.property(psd, ({ d, a }) => {
      const l = choleskyPsd(a, d)
      for (let i = 0; i < d; i++) for (let j = i + 1; j < d; j++) expect(l[i * d + j]).toBe(0)
      const back = llt(l, d)
      const scale = Math.max(1, ...Array.from(a, Math.abs))
      for (let i = 0; i < d * d; i++) expect(Math.abs(back[i]! - a[i]!)).toBeLessThan(1e-6 * scale)
    }))
  })

  test("an indefinite matrix is rejected", () => {
    expect(() => choleskyPsd(Float64Array.from([1, 2, 2, 1]), 2)).toThrow(/not positive semi-definite/)
  })
})

describe("syntheticLinear", () => {
  test("sample moments approach Σx and Σx + Σn; the two views differ by independent noise", () => {
    const covX = [[2, 0.5, 0], [0.5, 1, 0], [0, 0, 0.25]]
    const covNoise = [0.1, 0.2, 0]
    const data = syntheticLinear({ covX, covNoise })
    const n = 40000
    const { x, view1, view2 } = data.sampleViews(new Rng(7), n)
    const mx = moment(x, n, 3)
    const mv = moment(view1, n, 3)
    const diff = new Float64Array(n * 3)
    for (let i = 0; i < diff.length; i++) diff[i] = view1[i]! - view2[i]!
    const md = moment(diff, n, 3)
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) {
      const sx = covX[i]![j]!
      const sn = i === j ? covNoise[i]! : 0
      const tol = 4 * Math.sqrt(2 * 2 / n) // ~4 standard errors for variances ≤ 2
      expect(Math.abs(mx[i * 3 + j]! - sx)).toBeLessThan(tol)
      expect(Math.abs(mv[i * 3 + j]! - (sx + sn))).toBeLessThan(tol)
      expect(Math.abs(md[i * 3 + j]! - 2 * sn)).toBeLessThan(tol)
    }
    // The third coordinate has no noise: both views equal x there exactly.
    for (let s = 0; s < 10; s++) expect(view1[s * 3 + 2]).toBe(x[s * 3 + 2]!)
  })

  test("same seed, same data; different seed, different data", () => {
    const data = syntheticLinear({ covX: [1, 1], covNoise: [0.5, 0.5] })
    expect(Array.from(data.sampleViews(new Rng(3), 5).view2)).toEqual(Array.from(data.sampleViews(new Rng(3), 5).view2))
    expect(Array.from(data.sampleInputs(new Rng(3), 5))).not.toEqual(Array.from(data.sampleInputs(new Rng(4), 5)))
  })

  test("bad covariances are rejected with what is wrong", () => {
    expect(() => covarianceMatrix([[1, 2], [0, 1]])).toThrow(/symmetric/)
    expect(() => covarianceMatrix([1, -1], "covNoise")).toThrow(/covNoise diagonal entry 1/)
    expect(() => syntheticLinear({ covX: [1, 1], covNoise: [1] })).toThrow(/must match/)
    expect(() => covarianceMatrix([[1, 0]])).toThrow(/square/)
  })
})
