// W = Q diag(p) Qᵀ, DirectPred's predictor from F̂'s eigendecomposition: the native kernel and the JavaScript loops
// against a naive float64 reference (any q, not only orthogonal ones; sizes drawn up to 160, past DirectPred's 128),
// the two paths bit-identical to each other, and directPredPredictor's weight on fixed inputs pinned to the loops it
// used before the native path (the JavaScript ones), bit for bit, on both paths.
// Mutations caught (each checked by hand): an FMA contraction in the C loop (fma(a, u[j], row[j]): the bit-identity
// and pinning checks); the C mirror loop dropped (lower triangle left zero: the reference check); p indexed by i
// instead of k in the JavaScript loops (the reference check).
import { expect, test } from "bun:test"
import fc from "fast-check"
import { scaledGram, scaledGramJs } from "../../src/backend/blas/scaledGram.ts"
import { directPredPredictor } from "../../src/index.ts"
import { forEachKernelPath, onBackend } from "./onBackend.ts"

const problem = fc.integer({ min: 1, max: 160 }).chain((n) => fc.tuple(
  fc.constant(n),
  fc.float64Array({ minLength: n * n, maxLength: n * n, min: -2, max: 2, noNaN: true }),
  fc.float64Array({ minLength: n, maxLength: n, min: 0, max: 3, noNaN: true }),
))

// Σ_k q_ik p_k q_jk, with the bound of its rounding error: n ulps of Σ_k |q_ik p_k q_jk|
const reference = (q: Float64Array, p: Float64Array, n: number) => {
  const w = new Float64Array(n * n), scale = new Float64Array(n * n)
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    let s = 0, a = 0
    for (let k = 0; k < n; k++) {
      const t = q[i * n + k]! * p[k]! * q[j * n + k]!
      s += t
      a += Math.abs(t)
    }
    w[i * n + j] = s
    scale[i * n + j] = a
  }
  return { w, scale }
}

forEachKernelPath((path) => {
  test(`scaledGram (${path}): Q diag(p) Qᵀ within float64 rounding of the naive sum, exactly symmetric`, async () => {
    await onBackend("blas", () => fc.assert(fc.property(problem, ([n, q, p]) => {
      const got = scaledGram(q, p, n)
      const { w, scale } = reference(q, p, n)
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
        expect(Math.abs(got[i * n + j]! - w[i * n + j]!)).toBeLessThanOrEqual(4 * n * Number.EPSILON * scale[i * n + j]! + 1e-300)
        expect(got[i * n + j]).toBe(got[j * n + i]!)
      }
    }), { numRuns: 40 }))
  }, 60_000)

  test(`scaledGram (${path}): bit-identical to the JavaScript loops`, async () => {
    await onBackend("blas", () => fc.assert(fc.property(problem, ([n, q, p]) => {
      expect(scaledGram(q, p, n)).toEqual(scaledGramJs(q, p, n))
    }), { numRuns: 40 }))
  }, 60_000)

  test(`directPredPredictor (${path}): the weight on a fixed F̂ is the one the JavaScript path gives, bit for bit`, async () => {
    // F̂ = fᵀf/N of fixed rows (N = 256, D = 128: the bench's sizes), values from a fixed LCG
    const n = 128, rows = 256
    let s = 12345
    const f = Float64Array.from({ length: rows * n }, () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32) - 0.5)
    const fHat = new Float64Array(n * n)
    for (let r = 0; r < rows; r++) for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) fHat[i * n + j] = fHat[i * n + j]! + f[r * n + i]! * f[r * n + j]! / rows
    await onBackend("blas", () => {
      for (const options of [{ eps: 0.1, convert: 2 }, { eps: -0.05, epsInside: true, convert: 2 }]) {
        const { weight, eigen, p } = directPredPredictor(fHat, n, options)
        expect(weight).toEqual(scaledGramJs(eigen.vectors, p, n))
      }
    })
  }, 60_000)
})
