import { afterEach, beforeEach, describe, expect, test } from "bun:test"
import fc from "fast-check"
import { InvalidOption, ShapeMismatch } from "../../src/linalg/errors.ts"
import { Rng } from "../../src/rng.ts"
import { emaUpdate, emaUpdateF64 } from "../../src/ssl/emaUpdate.ts"
import { tf } from "../../src/tf.ts"

let baseline = 0
beforeEach(() => { baseline = tf.memory().numTensors })
afterEach(() => { expect(tf.memory().numTensors).toBe(baseline) })

/** A few parameter shapes drawn by fast-check, filled from a seeded Rng. */
const params = fc.record({
  shapes: fc.array(fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 0, maxLength: 3 }), { minLength: 1, maxLength: 4 }),
  seed: fc.integer(),
  gamma: fc.double({ min: 0, max: 1, noNaN: true }),
})

const withParams = <T>(shapes: number[][], seed: number, body: (target: tf.Variable[], online: tf.Tensor[], t0: Float32Array[], o0: Float32Array[]) => T): T => {
  const rng = new Rng(seed)
  const size = (s: number[]) => s.reduce((a, b) => a * b, 1)
  const t0 = shapes.map((s) => Float32Array.from(rng.normals(size(s))))
  const o0 = shapes.map((s) => Float32Array.from(rng.normals(size(s))))
  const target = shapes.map((s, i) => tf.tidy(() => tf.variable(tf.tensor(t0[i]!, s)))) // tidy frees the initial value
  const online = shapes.map((s, i) => tf.tensor(o0[i]!, s))
  try {
    return body(target, online, t0, o0)
  } finally {
    target.forEach((v) => v.dispose())
    online.forEach((t) => t.dispose())
  }
}

describe("emaUpdate", () => {
  test("θ_t ← γθ_t + (1−γ)θ_o: matches float64, stays between the two, no leaks", () => {
    fc.assert(fc.property(params, ({ shapes, seed, gamma }) => {
      withParams(shapes, seed, (target, online, t0, o0) => {
        const before = tf.memory().numTensors
        emaUpdate(target, online, gamma)
        expect(tf.memory().numTensors).toBe(before) // the old values are freed, nothing new lingers
        target.forEach((v, i) => {
          const got = v.dataSync()
          const want = emaUpdateF64(Float64Array.from(t0[i]!), o0[i]!, gamma)
          for (let k = 0; k < got.length; k++) {
            const lo = Math.min(t0[i]![k]!, o0[i]![k]!), hi = Math.max(t0[i]![k]!, o0[i]![k]!)
            const ulp = 2 ** -22 * Math.max(Math.abs(lo), Math.abs(hi)) // float32 rounding of γ, 1−γ and the sum
            expect(Math.abs(got[k]! - want[k]!)).toBeLessThanOrEqual(ulp)
            expect(got[k]!).toBeGreaterThanOrEqual(lo - ulp)
            expect(got[k]!).toBeLessThanOrEqual(hi + ulp)
          }
        })
      })
    }))
  })

  test("γ = 0 copies the online parameters, γ = 1 freezes the target (exactly)", () => {
    fc.assert(fc.property(params, ({ shapes, seed }) => {
      withParams(shapes, seed, (target, online, t0, o0) => {
        emaUpdate(target, online, 1)
        target.forEach((v, i) => expect(Array.from(v.dataSync())).toEqual(Array.from(t0[i]!)))
        emaUpdate(target, online, 0)
        target.forEach((v, i) => expect(Array.from(v.dataSync())).toEqual(Array.from(o0[i]!)))
      })
    }), { numRuns: 30 })
  })

  test("repeated updates converge geometrically to the online parameters", () => {
    withParams([[3, 2]], 5, (target, online, t0, o0) => {
      for (let s = 0; s < 20; s++) emaUpdate(target, online, 0.5)
      const got = target[0]!.dataSync()
      for (let k = 0; k < got.length; k++) expect(Math.abs(got[k]! - o0[0]![k]!)).toBeLessThanOrEqual(2 ** -20 * Math.abs(t0[0]![k]! - o0[0]![k]!) + 1e-6)
    })
  })

  test("bad input: typed errors", () => {
    withParams([[2]], 1, (target, online) => {
      expect(() => emaUpdate(target, online, 1.5)).toThrow(InvalidOption)
      expect(() => emaUpdate(target, online, NaN)).toThrow(InvalidOption)
      expect(() => emaUpdate(target, [], 0.5)).toThrow(ShapeMismatch)
      const wrong = tf.zeros([3])
      expect(() => emaUpdate(target, [wrong], 0.5)).toThrow(ShapeMismatch)
      wrong.dispose()
    })
  })
})

describe("emaUpdateF64", () => {
  test("convex combination; γ = 0 copies; γ = 1 freezes", () => {
    fc.assert(fc.property(fc.float64Array({ minLength: 1, maxLength: 20, min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }), fc.integer(), fc.double({ min: 0, max: 1, noNaN: true }), (t, seed, gamma) => {
      const o = new Rng(seed).normals(t.length, 1e3)
      const got = emaUpdateF64(Float64Array.from(t), o, gamma)
      for (let i = 0; i < t.length; i++) {
        const lo = Math.min(t[i]!, o[i]!), hi = Math.max(t[i]!, o[i]!), ulp = 4 * Number.EPSILON * Math.max(Math.abs(lo), Math.abs(hi))
        expect(got[i]!).toBeGreaterThanOrEqual(lo - ulp)
        expect(got[i]!).toBeLessThanOrEqual(hi + ulp)
      }
      const plain = (xs: ArrayLike<number>) => Array.from(xs, (x) => x + 0) // exact up to the sign of zero
      expect(plain(emaUpdateF64(Float64Array.from(t), o, 0))).toEqual(plain(o))
      expect(plain(emaUpdateF64(Float64Array.from(t), o, 1))).toEqual(plain(t))
    }))
    expect(() => emaUpdateF64(new Float64Array(2), [1], 0.5)).toThrow(ShapeMismatch)
  })
})
