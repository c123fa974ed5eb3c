import { describe, expect, test } from "bun:test"
import fc from "fast-check"
import { Rng } from "@ssl/core"
import * as dense from "../../src/linear/dense.ts"

/** Naive float64 reference: (a·b)ᵢⱼ = Σₖ aᵢₖ bₖⱼ on nested arrays. */
const naive = (a: number[][], b: number[][]): number[][] =>
  a.map((row) => b[0]!.map((_, j) => row.reduce((s, v, k) => s + v * b[k]![j]!, 0)))

const shape = fc.tuple(fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 7 }), fc.integer())

const close = (a: dense.Mat, b: number[][], tol: number) => {
  const r = dense.toRows(a)
  expect(r.length).toBe(b.length)
  r.forEach((row, i) => row.forEach((v, j) => expect(Math.abs(v - b[i]![j]!)).toBeLessThanOrEqual(tol)))
}

describe("dense float64 helpers", () => {
  test("matmul, matmulTN, matmulNT agree with the naive product", () => {
    fc.assert(fc.property(shape, ([m, k, n, seed]) => {
      const rng = new Rng(seed)
      const a = dense.gaussian(m, k, 1, rng), b = dense.gaussian(k, n, 1, rng)
      const want = naive(dense.toRows(a), dense.toRows(b))
      close(dense.matmul(a, b), want, 1e-12)
      close(dense.matmulTN(dense.transpose(a), b), want, 1e-12)
      close(dense.matmulNT(a, dense.transpose(b)), want, 1e-12)
      // the `out` forms overwrite stale contents
      const out = dense.mat(m, n, new Float64Array(m * n).fill(7))
      close(dense.matmul(a, b, out), want, 1e-12)
    }), { numRuns: 50 })
  })

  test("commutator and anticommutator laws; symmetric + antisymmetric parts recompose", () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 6 }), fc.integer(), (n, seed) => {
      const rng = new Rng(seed)
      const a = dense.gaussian(n, n, 1, rng), b = dense.gaussian(n, n, 1, rng)
      expect(dense.maxAbs(dense.add(dense.commutator(a, b), dense.commutator(b, a)))).toBeLessThan(1e-12)
      expect(dense.maxAbs(dense.sub(dense.anticommutator(a, b), dense.anticommutator(b, a)))).toBeLessThan(1e-12)
      expect(dense.maxAbs(dense.sub(dense.add(dense.symmetricPart(a), dense.antisymmetricPart(a)), a))).toBeLessThan(1e-15)
      expect(dense.trace(dense.commutator(a, b))).toBeCloseTo(0, 10)
    }), { numRuns: 50 })
  })

  test("randomOrthogonal is orthogonal; cholesky reproduces a positive definite matrix; randomPsd is PSD", () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 12 }), fc.integer(), (n, seed) => {
      const rng = new Rng(seed)
      const q = dense.randomOrthogonal(n, rng)
      expect(dense.maxAbs(dense.sub(dense.matmulTN(q, q), dense.identity(n)))).toBeLessThan(1e-12)
      const a = dense.lincomb([1, dense.randomPsd(n, rng)], [0.1, dense.identity(n)])
      const l = dense.cholesky(a)
      expect(dense.maxAbs(dense.sub(dense.matmulNT(l, l), a))).toBeLessThan(1e-12)
      const x = dense.gaussian(n, 1, 1, rng)
      expect(dense.frobeniusInner(x, dense.matmul(dense.randomPsd(n, rng), x))).toBeGreaterThanOrEqual(-1e-12)
    }), { numRuns: 30 })
    expect(() => dense.cholesky(dense.fromRows([[1, 2], [2, 1]]))).toThrow("not positive definite")
  })

  test("scalarMultipleOfIdentity recognises c·I exactly and nothing else", () => {
    expect(dense.scalarMultipleOfIdentity(dense.lincomb([0.5, dense.identity(3)]))).toBe(0.5)
    expect(dense.scalarMultipleOfIdentity(dense.diag([1, 2]))).toBeUndefined()
    expect(dense.scalarMultipleOfIdentity(dense.fromRows([[1, 1e-300], [0, 1]]))).toBeUndefined()
    expect(dense.scalarMultipleOfIdentity(dense.zeros(2, 3))).toBeUndefined()
  })
})
