import { describe, expect, test } from "bun:test"
import fc from "fast-check"
import { ShapeMismatch } from "../../src/linalg/errors.ts"
import { add, addScaled, frobenius, fromRows, identity, matmul, scale, sub, symmetrize, toRows, trace, transpose } from "../../src/linalg/matrix.ts"
import { Rng } from "../../src/rng.ts"
import { maxAbsDiff } from "../helpers/randomMatrix.ts"

/** The naive definition C_ij = Σ_p A_ip B_pj on nested arrays. */
const naiveMatmul = (a: number[][], b: number[][]): number[][] =>
  a.map((row) => b[0]!.map((_, j) => row.reduce((s, x, p) => s + x * b[p]![j]!, 0)))

const dims = fc.tuple(fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 7 }), fc.integer())

describe("matrix helpers", () => {
  test("matmul matches the naive definition; (AB)ᵀ = BᵀAᵀ; I is neutral", () => {
    fc.assert(fc.property(dims, ([m, k, n, seed]) => {
      const rng = new Rng(seed)
      const a = rng.normals(m * k), b = rng.normals(k * n)
      const c = matmul(a, b, m, k, n)
      const want = naiveMatmul(toRows(a, m, k), toRows(b, k, n)).flat()
      expect(maxAbsDiff(c, want)).toBeLessThan(1e-12 * k)
      const ct = matmul(transpose(b, k, n), transpose(a, m, k), n, k, m)
      expect(maxAbsDiff(transpose(c, m, n), ct)).toBeLessThan(1e-12 * k)
      expect(Array.from(matmul(identity(m), a, m, m, k))).toEqual(Array.from(a))
      // out buffers are overwritten, not accumulated into
      const out = new Float64Array(m * n).fill(7)
      expect(maxAbsDiff(matmul(a, b, m, k, n, out), c)).toBe(0)
    }))
  })

  test("elementwise helpers, trace, frobenius, symmetrize, nested-array round trip", () => {
    fc.assert(fc.property(dims, ([m, , n, seed]) => {
      const rng = new Rng(seed)
      const a = rng.normals(m * n), b = rng.normals(m * n), s = rng.normal()
      for (let i = 0; i < a.length; i++) {
        expect(add(a, b)[i]).toBe(a[i]! + b[i]!)
        expect(sub(a, b)[i]).toBe(a[i]! - b[i]!)
        expect(scale(a, s)[i]).toBe(s * a[i]!)
        expect(addScaled(a, b, s)[i]).toBe(a[i]! + s * b[i]!)
      }
      expect(Math.abs(frobenius(a) ** 2 - a.reduce((t, x) => t + x * x, 0))).toBeLessThan(1e-12 * a.length)
      const rows = toRows(a, m, n)
      expect(Array.from(fromRows(rows).data)).toEqual(Array.from(a))
      const sq = rng.normals(n * n)
      const sym = symmetrize(sq, n)
      expect(maxAbsDiff(sym, transpose(sym, n, n))).toBe(0)
      expect(trace(sym, n)).toBeCloseTo(trace(sq, n), 12)
      const inPlace = Float64Array.from(sq)
      symmetrize(inPlace, n, inPlace)
      expect(Array.from(inPlace)).toEqual(Array.from(sym))
    }))
  })

  test("shape errors are typed", () => {
    expect(() => matmul(new Float64Array(6), new Float64Array(6), 2, 3, 3)).toThrow(ShapeMismatch)
    expect(() => fromRows([[1, 2], [3]])).toThrow(ShapeMismatch)
    expect(() => add(new Float64Array(2), new Float64Array(3))).toThrow(ShapeMismatch)
  })
})
