// LAPACK dsyevd through the system BLAS: the same contract as linalg's eigh, checked against it and against its laws.
import { describe, expect, test } from "bun:test"
import fc from "fast-check"
import { lapackEigh } from "../../src/backend/blas/lapackEigh.ts"
import { eigh } from "../../src/index.ts"

const symmetric = fc.integer({ min: 1, max: 24 }).chain((n) =>
  fc.tuple(fc.constant(n), fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: n * n, maxLength: n * n })))

describe("lapackEigh", () => {
  test("A V = V Λ, VᵀV = I, ascending values equal to eigh's, same sign convention", () => {
    fc.assert(fc.property(symmetric, ([n, entries]) => {
      const a = Float64Array.from(entries)
      const got = lapackEigh(a, n)
      expect(got).toBeDefined()
      const { values, vectors } = got!
      const sym = (i: number, j: number) => 0.5 * a[i * n + j]! + 0.5 * a[j * n + i]!
      // scale of A without squaring (squares of tiny entries underflow): n·max|a_ij| bounds ‖A‖₂
      const norm = n * Math.max(...entries.map(Math.abs))
      for (let j = 0; j < n; j++) {
        if (j > 0) expect(values[j]!).toBeGreaterThanOrEqual(values[j - 1]!)
        for (let i = 0; i < n; i++) {
          let av = 0
          for (let k = 0; k < n; k++) av += sym(i, k) * vectors[k * n + j]!
          expect(Math.abs(av - values[j]! * vectors[i * n + j]!)).toBeLessThanOrEqual(1e-12 * norm)
        }
        for (let k = 0; k < n; k++) {
          let dot = 0
          for (let i = 0; i < n; i++) dot += vectors[i * n + j]! * vectors[i * n + k]!
          expect(Math.abs(dot - (j === k ? 1 : 0))).toBeLessThanOrEqual(1e-12)
        }
        // sign convention: the largest-magnitude component is positive
        let big = 0, at = 0
        for (let i = 0; i < n; i++) if (Math.abs(vectors[i * n + j]!) > big) { big = Math.abs(vectors[i * n + j]!); at = i }
        expect(vectors[at * n + j]!).toBeGreaterThanOrEqual(0)
      }
      const ref = eigh(a, n)
      for (let j = 0; j < n; j++) expect(Math.abs(values[j]! - ref.values[j]!)).toBeLessThanOrEqual(1e-12 * norm)
    }), { numRuns: 60 })
  })

  test("non-finite input or a bad size returns undefined (callers fall back to eigh and its typed errors)", () => {
    expect(lapackEigh(new Float64Array([1, Number.NaN, Number.NaN, 1]), 2)).toBeUndefined()
    expect(lapackEigh(new Float64Array(3), 2)).toBeUndefined()
  })
})
