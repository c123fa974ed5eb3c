import { describe, expect, test } from "bun:test"
import fc from "fast-check"
import { eigh } from "../../src/linalg/eigh.ts"
import { EighNoConvergence, NonFiniteInput, ShapeMismatch } from "../../src/linalg/errors.ts"
import { frobenius, matmul, transpose } from "../../src/linalg/matrix.ts"
import { Rng } from "../../src/rng.ts"
import { jacobiEigh } from "../helpers/jacobiEigh.ts"
import { gaussianMatrix, maxAbsDiff, randomOrthogonal, randomSymmetric, withSpectrum } from "../helpers/randomMatrix.ts"

/** ‖A V − V Λ‖_F */
const residual = (a: Float64Array, n: number, values: Float64Array, vectors: Float64Array): number => {
  const av = matmul(a, vectors, n, n, n)
  let s = 0
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) s += (av[i * n + j]! - vectors[i * n + j]! * values[j]!) ** 2
  return Math.sqrt(s)
}

/** ‖VᵀV − I‖_max */
const orthogonalityError = (v: Float64Array, n: number): number => {
  const vtv = matmul(transpose(v, n, n), v, n, n, n)
  let m = 0
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) m = Math.max(m, Math.abs(vtv[i * n + j]! - (i === j ? 1 : 0)))
  return m
}

/** All the laws one decomposition must satisfy; tolerances scale with n·ε·‖A‖_F (backward stability). */
const expectLaws = (input: Float64Array, n: number): void => {
  const { values: rawValues, vectors } = eigh(input, n)
  // Check in units of max|a_ij| so the test's own sums neither underflow nor overflow at extreme scales.
  const m = input.reduce((mx, x) => Math.max(mx, Math.abs(x)), 0) || 1
  const a = input.map((x) => x / m)
  const values = rawValues.map((x) => x / m)
  const norm = frobenius(a)
  // backward error ≲ n·ε·‖A‖, plus the subnormal grid of the returned eigenvalues (only matters when max|a| < 1e-292)
  const tol = 64 * n * Number.EPSILON * Math.max(norm, Number.MIN_VALUE) + (n * Number.MIN_VALUE) / m
  expect(values.length).toBe(n)
  expect(vectors.length).toBe(n * n)
  expect(residual(a, n, values, vectors)).toBeLessThanOrEqual(Math.min(tol, 1e-9 * norm + (n * Number.MIN_VALUE) / m))
  expect(orthogonalityError(vectors, n)).toBeLessThanOrEqual(64 * n * Number.EPSILON)
  for (let j = 1; j < n; j++) expect(values[j]!).toBeGreaterThanOrEqual(values[j - 1]!)
  let tr = 0
  for (let i = 0; i < n; i++) tr += a[i * n + i]!
  expect(Math.abs(values.reduce((s, x) => s + x, 0) - tr)).toBeLessThanOrEqual(tol)
  expect(Math.abs(frobenius(values) - norm)).toBeLessThanOrEqual(tol)
  // sign convention: each column's largest-magnitude entry is positive
  for (let j = 0; j < n; j++) {
    let big = 0, at = 0
    for (let i = 0; i < n; i++) if (Math.abs(vectors[i * n + j]!) > big) { big = Math.abs(vectors[i * n + j]!); at = i }
    expect(vectors[at * n + j]!).toBeGreaterThan(0)
  }
}

const seededSymmetric = fc.record({ n: fc.integer({ min: 1, max: 10 }), seed: fc.integer(), scaleExp: fc.integer({ min: -8, max: 8 }) })

describe("eigh", () => {
  test("laws on arbitrary small symmetric matrices (fast-check entries)", () => {
    const arb = fc.integer({ min: 1, max: 7 }).chain((n) =>
      fc.float64Array({ minLength: n * n, maxLength: n * n, min: -1e3, max: 1e3, noNaN: true, noDefaultInfinity: true })
        .map((g) => {
          const a = new Float64Array(n * n)
          for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) a[i * n + j] = (g[i * n + j]! + g[j * n + i]!) / 2
          return { n, a }
        }))
    fc.assert(fc.property(arb, ({ n, a }) => expectLaws(a, n)), { numRuns: 300 })
  })

  test("laws on seeded random symmetric matrices across scales 1e-8..1e8", () => {
    fc.assert(fc.property(seededSymmetric, ({ n, seed, scaleExp }) => {
      const a = randomSymmetric(new Rng(seed), n, 10 ** scaleExp)
      expectLaws(a, n)
    }), { numRuns: 300 })
  })

  test("matches the naive cyclic-Jacobi reference (values; vectors up to sign when separated)", () => {
    fc.assert(fc.property(seededSymmetric, ({ n, seed }) => {
      const a = randomSymmetric(new Rng(seed), n)
      const got = eigh(a, n)
      const ref = jacobiEigh(a, n)
      const norm = frobenius(a)
      expect(maxAbsDiff(got.values, ref.values)).toBeLessThanOrEqual(1e-12 * n * norm)
      for (let j = 0; j < n; j++) {
        const gap = Math.min(j > 0 ? got.values[j]! - got.values[j - 1]! : Infinity, j < n - 1 ? got.values[j + 1]! - got.values[j]! : Infinity)
        if (gap < 1e-6 * norm) continue // eigenvector ill-determined (Davis–Kahan): skip
        let dot = 0
        for (let i = 0; i < n; i++) dot += got.vectors[i * n + j]! * ref.vectors[i * n + j]!
        // Davis–Kahan: angle ≲ ‖E‖/gap with ‖E‖ ≈ n·ε·‖A‖ for both solvers
        expect(1 - Math.abs(dot)).toBeLessThanOrEqual(((1e-12 * n * norm) / gap) ** 2 + 1e-13)
      }
    }), { numRuns: 200 })
  })

  test("eigenvalues are invariant under orthogonal similarity Q A Qᵀ", () => {
    fc.assert(fc.property(seededSymmetric, ({ n, seed }) => {
      const rng = new Rng(seed)
      const a = randomSymmetric(rng, n)
      const q = randomOrthogonal(rng, n)
      const qaqt = matmul(matmul(q, a, n, n, n), transpose(q, n, n), n, n, n)
      expect(maxAbsDiff(eigh(a, n).values, eigh(qaqt, n).values)).toBeLessThanOrEqual(1e-12 * n * frobenius(a))
    }))
  })

  test("repeated eigenvalues: identity, scalar matrices and block spectra with multiplicities", () => {
    for (const n of [1, 2, 5, 33]) {
      const { values, vectors } = eigh(withSpectrum(randomOrthogonal(new Rng(n), n), new Float64Array(n).fill(3)), n)
      expect(maxAbsDiff(values, new Float64Array(n).fill(3))).toBeLessThan(1e-13 * n)
      expect(orthogonalityError(vectors, n)).toBeLessThan(1e-13 * n)
      const id = eigh(Float64Array.from({ length: n * n }, (_, k) => (k % (n + 1) === 0 ? 1 : 0)), n)
      expect(Array.from(id.values)).toEqual(new Array(n).fill(1))
      expect(orthogonalityError(id.vectors, n)).toBe(0)
    }
    fc.assert(fc.property(fc.integer(), fc.array(fc.tuple(fc.integer({ min: -3, max: 3 }), fc.integer({ min: 1, max: 4 })), { minLength: 1, maxLength: 4 }), (seed, blocks) => {
      const spectrum = blocks.flatMap(([value, mult]) => new Array<number>(mult).fill(value))
      const n = spectrum.length
      const a = withSpectrum(randomOrthogonal(new Rng(seed), n), spectrum)
      expectLaws(a, n)
      const sorted = [...spectrum].sort((x, y) => x - y)
      expect(maxAbsDiff(eigh(a, n).values, sorted)).toBeLessThan(1e-12 * n * Math.max(1, frobenius(a)))
    }))
  })

  test("rank-deficient B Bᵀ (B n×k, k < n): n − k zero eigenvalues, the rest positive", () => {
    fc.assert(fc.property(fc.integer(), fc.integer({ min: 2, max: 12 }).chain((n) => fc.tuple(fc.constant(n), fc.integer({ min: 0, max: n - 1 }))), (seed, [n, k]) => {
      const b = gaussianMatrix(new Rng(seed), n, k)
      const a = matmul(b, transpose(b, n, k), n, k, n)
      expectLaws(a, n)
      const { values } = eigh(a, n)
      const tol = 1e-13 * n * Math.max(frobenius(a), 1)
      for (let j = 0; j < n - k; j++) expect(Math.abs(values[j]!)).toBeLessThanOrEqual(tol)
      for (let j = n - k; j < n; j++) expect(values[j]!).toBeGreaterThan(tol)
    }))
  })

  test("1×1 and 2×2 closed forms", () => {
    fc.assert(fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), (x) => {
      const { values, vectors } = eigh(Float64Array.of(x), 1)
      expect(values[0]).toBe(x === 0 ? 0 : x)
      expect(vectors[0]).toBe(1)
    }))
    fc.assert(fc.property(fc.double({ min: -1e3, max: 1e3, noNaN: true }), fc.double({ min: -1e3, max: 1e3, noNaN: true }), fc.double({ min: -1e3, max: 1e3, noNaN: true }), (p, q, r) => {
      const { values } = eigh(Float64Array.of(p, q, q, r), 2)
      const mid = (p + r) / 2, rad = Math.hypot((p - r) / 2, q)
      const tol = 1e-13 * (Math.abs(p) + Math.abs(q) + Math.abs(r) + 1e-300)
      expect(Math.abs(values[0]! - (mid - rad))).toBeLessThanOrEqual(tol)
      expect(Math.abs(values[1]! - (mid + rad))).toBeLessThanOrEqual(tol)
    }))
    const { values, vectors } = eigh(Float64Array.of(2, 1, 1, 2), 2)
    expect(maxAbsDiff(values, [1, 3])).toBeLessThan(1e-15)
    const h = Math.SQRT1_2 // columns (−1, 1)/√2 → sign fixed to (1, −1)/√2 (first max on a tie); (1, 1)/√2
    expect(maxAbsDiff(vectors, [h, h, -h, h])).toBeLessThan(1e-15)
  })

  test("asymmetric input is symmetrised: eigh(A) = eigh((A + Aᵀ)/2)", () => {
    fc.assert(fc.property(seededSymmetric, ({ n, seed }) => {
      const g = gaussianMatrix(new Rng(seed), n, n)
      const sym = new Float64Array(n * n)
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) sym[i * n + j] = (g[i * n + j]! + g[j * n + i]!) / 2
      const x = eigh(g, n), y = eigh(sym, n)
      expect(Array.from(x.values)).toEqual(Array.from(y.values))
      expect(Array.from(x.vectors)).toEqual(Array.from(y.vectors))
    }), { numRuns: 50 })
  })

  test("deterministic, extreme scales and the zero matrix", () => {
    const a = randomSymmetric(new Rng(1), 20)
    expect(Array.from(eigh(a, 20).vectors)).toEqual(Array.from(eigh(a, 20).vectors))
    for (const s of [1e-250, 1e250, 1e-310]) expectLaws(a.map((x) => x * s), 20)
    // graded spectrum over 300 decades: the tiny eigenvalues must still converge (no underflowing rotations)
    const graded = withSpectrum(randomOrthogonal(new Rng(2), 8), [1, 1e-50, 1e-100, 1e-150, 1e-200, 1e-250, 1e-300, 0])
    expectLaws(graded, 8)
    // regression (found by fast-check): a column whose entries' squares underflow must still give a unit reflector
    const tinyColumn = new Float64Array(25)
    tinyColumn[4] = tinyColumn[20] = -1.1132464071745002e-164
    tinyColumn[19] = tinyColumn[23] = -0.007082946665507517
    expectLaws(tinyColumn, 5)
    expect(eigh(tinyColumn, 5).values[4]).toBeCloseTo(0.007082946665507517, 17)
    // regression: a zero-diagonal 2×2 block with a tiny off-diagonal (b² underflows in the Wilkinson shift)
    const zeroDiag = new Float64Array(9)
    zeroDiag[2] = zeroDiag[6] = -8.196537812514659e-271
    zeroDiag[4] = -2.6075061024572942e-67
    expectLaws(zeroDiag, 3)
    const blockTiny = Float64Array.of(1, 0, 0, 0, 0, 3e-300, 1e-300, 0, 0, 1e-300, 2e-300, 1e-300, 0, 0, 1e-300, 1e-300)
    const bt = eigh(blockTiny, 4)
    expect(bt.values[3]).toBe(1)
    expect(residual(blockTiny.map((x) => x * 1e290), 4, bt.values.map((x) => x * 1e290), bt.vectors)).toBeLessThan(1e-13)
    const zero = eigh(new Float64Array(9), 3)
    expect(Array.from(zero.values)).toEqual([0, 0, 0])
    expect(Array.from(zero.vectors)).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 1])
    // already diagonal (every Householder step is skipped), unsorted diagonal
    const diag = eigh(Float64Array.of(3, 0, 0, 0, -1, 0, 0, 0, 2), 3)
    expect(Array.from(diag.values)).toEqual([-1, 2, 3])
    expect(Array.from(diag.vectors)).toEqual([0, 0, 1, 1, 0, 0, 0, 1, 0])
  })

  test("n = 512 (and n = 128) satisfy the laws", () => {
    for (const n of [128, 512]) {
      const rng = new Rng(n)
      const b = gaussianMatrix(rng, n, n)
      const a = matmul(b, transpose(b, n, n), n, n, n) // a Wishart matrix, like F̂
      const t0 = performance.now()
      eigh(a, n)
      const ms = performance.now() - t0
      console.log(`eigh ${n}×${n}: ${ms.toFixed(1)} ms`)
      expectLaws(a, n)
    }
  }, 60_000)

  test("bad input: typed errors", () => {
    const bad = Float64Array.of(1, 2, 2, NaN)
    expect(() => eigh(bad, 2)).toThrow(NonFiniteInput)
    try { eigh(bad, 2) } catch (e) {
      expect((e as NonFiniteInput)._tag).toBe("NonFiniteInput")
      expect((e as NonFiniteInput).index).toBe(3)
      expect((e as Error).message).toContain("finite")
    }
    expect(() => eigh(Float64Array.of(1, Infinity, 2, 3), 2)).toThrow(NonFiniteInput)
    expect(() => eigh(new Float64Array(6), 2)).toThrow(ShapeMismatch)
    expect(() => eigh(new Float64Array(0), 0)).toThrow(ShapeMismatch)
    expect(new EighNoConvergence({ n: 3, iterations: 150 })._tag).toBe("EighNoConvergence")
  })
})
