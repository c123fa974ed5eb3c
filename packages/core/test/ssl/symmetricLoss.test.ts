import { afterEach, beforeEach, describe, expect, test } from "bun:test"
import fc from "fast-check"
import { ShapeMismatch } from "../../src/linalg/errors.ts"
import { Rng } from "../../src/rng.ts"
import { stopGradient } from "../../src/ssl/stopGradient.ts"
import { symmetricLoss, symmetricMseLoss, symmetricNegativeCosineLoss } from "../../src/ssl/symmetricLoss.ts"
import { tf } from "../../src/tf.ts"

type Rows = Float32Array
interface Case { b: number; d: number; p1: Rows; t1: Rows; p2: Rows; t2: Rows }

/** Naive float64 cosine with the same zero-row rule: x / max(‖x‖, 1e-12). */
const cosF64 = (x: Rows, y: Rows, r: number, d: number): number => {
  let xx = 0, yy = 0, xy = 0
  for (let k = 0; k < d; k++) {
    const a = x[r * d + k]!, b = y[r * d + k]!
    xx += a * a; yy += b * b; xy += a * b
  }
  return xy / (Math.max(Math.sqrt(xx), 1e-12) * Math.max(Math.sqrt(yy), 1e-12))
}
const cosineLossF64 = (c: Case): number => {
  let s = 0
  for (let r = 0; r < c.b; r++) s += -2 * cosF64(c.p1, c.t1, r, c.d) - 2 * cosF64(c.p2, c.t2, r, c.d)
  return s / c.b
}
const mseLossF64 = (c: Case): number => {
  let s = 0
  for (let i = 0; i < c.b * c.d; i++) s += 0.5 * (c.p1[i]! - c.t1[i]!) ** 2 + 0.5 * (c.p2[i]! - c.t2[i]!) ** 2
  return s / c.b
}

const seededCase = fc.record({ b: fc.integer({ min: 1, max: 6 }), d: fc.integer({ min: 1, max: 6 }), seed: fc.integer() }).map(({ b, d, seed }): Case => {
  const rng = new Rng(seed)
  const draw = () => Float32Array.from(rng.normals(b * d))
  return { b, d, p1: draw(), t1: draw(), p2: draw(), t2: draw() }
})
/** Arbitrary bounded float32 entries, zeros and subnormals included (zero rows happen). */
const arbitraryCase = fc.record({ b: fc.integer({ min: 1, max: 4 }), d: fc.integer({ min: 1, max: 4 }) }).chain(({ b, d }) => {
  const m = fc.float32Array({ minLength: b * d, maxLength: b * d, min: -8, max: 8, noNaN: true, noDefaultInfinity: true })
  return fc.record({ b: fc.constant(b), d: fc.constant(d), p1: m, t1: m, p2: m, t2: m })
})

const tensors = (c: Case) => [c.p1, c.t1, c.p2, c.t2].map((x) => tf.tensor2d(x, [c.b, c.d])) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D, tf.Tensor2D]
const lossValue = (c: Case, kind: "cosine" | "mse" = "cosine"): number =>
  tf.tidy(() => {
    const [p1, t1, p2, t2] = tensors(c)
    return symmetricLoss(kind, p1, t1, p2, t2).dataSync()[0]!
  })

let baseline = 0
beforeEach(() => { baseline = tf.memory().numTensors })
afterEach(() => { expect(tf.memory().numTensors).toBe(baseline) }) // no tensor leaks in any test

describe("stopGradient", () => {
  test("identity forward, zero gradient backward", () => {
    fc.assert(fc.property(fc.float32Array({ minLength: 1, maxLength: 12, min: -4, max: 4, noNaN: true }), (xs) => {
      tf.tidy(() => {
        const x = tf.tensor1d(xs)
        const plain = (t: tf.Tensor) => Array.from(t.dataSync(), (v) => v + 0) // −0 → 0
        expect(plain(stopGradient(x))).toEqual(plain(x))
        const g = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(stopGradient(v), v)))(x) // d/dx[sg(x)·x] = sg(x)
        expect(plain(g)).toEqual(plain(x))
        const g0 = tf.grad((v: tf.Tensor) => tf.sum(tf.square(stopGradient(v))))(x)
        expect(Array.from(g0.dataSync()).every((v) => v === 0)).toBe(true)
      })
    }))
  })
})

describe("symmetricNegativeCosineLoss", () => {
  test("matches the naive float64 reference (arbitrary entries, zero rows included) and lies in [−4, 4]", () => {
    fc.assert(fc.property(arbitraryCase, (c) => {
      const got = lossValue(c)
      expect(Math.abs(got - cosineLossF64(c))).toBeLessThanOrEqual(2e-5)
      expect(got).toBeGreaterThanOrEqual(-4 - 2e-5)
      expect(got).toBeLessThanOrEqual(4 + 2e-5)
    }), { numRuns: 200 })
    fc.assert(fc.property(seededCase, (c) => { expect(Math.abs(lossValue(c) - cosineLossF64(c))).toBeLessThanOrEqual(2e-5) }))
  })

  test("attains −4 for aligned pairs and +4 for opposite pairs", () => {
    fc.assert(fc.property(seededCase, fc.double({ min: 0.01, max: 100, noNaN: true }), (c, s) => {
      const aligned = { ...c, t1: c.p1.map((x) => x * s), t2: c.p2.map((x) => x * s) }
      const opposite = { ...c, t1: c.p1.map((x) => -x * s), t2: c.p2.map((x) => -x * s) }
      expect(lossValue(aligned)).toBeCloseTo(-4, 5)
      expect(lossValue(opposite)).toBeCloseTo(4, 5)
    }))
  })

  test("invariant to positive rescaling of any input row", () => {
    fc.assert(fc.property(seededCase, fc.integer({ min: 0, max: 3 }), fc.nat(), fc.double({ min: 1e-3, max: 1e3, noNaN: true }), (c, which, row, s) => {
      const r = row % c.b
      const keys = ["p1", "t1", "p2", "t2"] as const
      const scaled = { ...c, [keys[which]!]: c[keys[which]!].map((x, i) => (Math.floor(i / c.d) === r ? x * s : x)) }
      expect(Math.abs(lossValue(scaled) - lossValue(c))).toBeLessThanOrEqual(2e-6)
    }))
  })

  test("symmetric in the two views: (p1, t1) ↔ (p2, t2)", () => {
    fc.assert(fc.property(seededCase, (c) => {
      const swapped = { ...c, p1: c.p2, t1: c.t2, p2: c.p1, t2: c.t1 }
      expect(Math.abs(lossValue(swapped) - lossValue(c))).toBeLessThanOrEqual(1e-6)
    }))
  })

  test("gradient: zero into stop-gradient targets, nonzero without the stop, analytic into predictions", () => {
    fc.assert(fc.property(seededCase, (c) => {
      tf.tidy(() => {
        const ts = tensors(c)
        const stopped = tf.grads((p1: tf.Tensor, t1: tf.Tensor, p2: tf.Tensor, t2: tf.Tensor) =>
          symmetricNegativeCosineLoss(p1 as tf.Tensor2D, t1 as tf.Tensor2D, p2 as tf.Tensor2D, t2 as tf.Tensor2D))(ts)
        expect(Array.from(stopped[1]!.dataSync()).every((v) => v === 0)).toBe(true)
        expect(Array.from(stopped[3]!.dataSync()).every((v) => v === 0)).toBe(true)
        // d/dp of −(2/B) cos(p, t) = −(2/B)(t̂ − cos·p̂)/‖p‖
        const gp1 = stopped[0]!.dataSync()
        for (let r = 0; r < c.b; r++) {
          let pp = 0, tt = 0, pt = 0
          for (let k = 0; k < c.d; k++) { const p = c.p1[r * c.d + k]!, t = c.t1[r * c.d + k]!; pp += p * p; tt += t * t; pt += p * t }
          const np = Math.sqrt(pp), nt = Math.sqrt(tt), cos = pt / (np * nt)
          for (let k = 0; k < c.d; k++) {
            const want = (-2 / c.b) * (c.t1[r * c.d + k]! / nt - (cos * c.p1[r * c.d + k]!) / np) / np
            // float32: the terms are of size (2/B)/‖p‖, which is large for short rows (cancelling exactly when d = 1)
            expect(Math.abs(gp1[r * c.d + k]! - want)).toBeLessThanOrEqual(1e-5 * (2 / c.b / np) + 1e-4 * Math.abs(want))
          }
        }
        const free = tf.grads((p1: tf.Tensor, t1: tf.Tensor, p2: tf.Tensor, t2: tf.Tensor) =>
          symmetricNegativeCosineLoss(p1 as tf.Tensor2D, t1 as tf.Tensor2D, p2 as tf.Tensor2D, t2 as tf.Tensor2D, { stopGradient: false }))(ts)
        // the target gradient is the mirror image: nonzero unless t ∥ p in every row (measure zero for Gaussians, d ≥ 2)
        if (c.d >= 2) expect(Array.from(free[1]!.dataSync()).some((v) => Math.abs(v) > 1e-6)).toBe(true)
        expect(Array.from(free[0]!.dataSync())).toEqual(Array.from(gp1)) // the prediction gradient is unchanged
      })
    }))
  })

  test("zero rows give a finite loss and finite gradients", () => {
    tf.tidy(() => {
      const z = tf.zeros([3, 4]) as tf.Tensor2D
      const x = tf.randomNormal([3, 4], 0, 1, "float32", 1) as tf.Tensor2D
      expect(symmetricNegativeCosineLoss(z, x, x, z).dataSync()[0]! + 0).toBe(0)
      const g = tf.grads((a: tf.Tensor, b: tf.Tensor) => symmetricNegativeCosineLoss(a as tf.Tensor2D, b as tf.Tensor2D, a as tf.Tensor2D, b as tf.Tensor2D, { stopGradient: false }))([z, x])
      for (const t of g) expect(Array.from(t.dataSync()).every(Number.isFinite)).toBe(true)
    })
  })

  test("shape mismatch is a typed error", () => {
    tf.tidy(() => {
      const a = tf.zeros([2, 3]) as tf.Tensor2D, b = tf.zeros([2, 4]) as tf.Tensor2D
      expect(() => symmetricNegativeCosineLoss(a, b, a, a)).toThrow(ShapeMismatch)
      expect(() => symmetricMseLoss(a, a, a, b)).toThrow(ShapeMismatch)
    })
  })
})

describe("symmetricMseLoss", () => {
  test("matches the naive float64 reference; ≥ 0; zero iff p = t", () => {
    fc.assert(fc.property(seededCase, (c) => {
      const got = lossValue(c, "mse")
      expect(Math.abs(got - mseLossF64(c))).toBeLessThanOrEqual(1e-5 * (1 + mseLossF64(c)))
      expect(got).toBeGreaterThanOrEqual(0)
      expect(lossValue({ ...c, t1: c.p1, t2: c.p2 }, "mse")).toBe(0)
    }))
  })

  test("on unit-norm rows it equals (cosine loss + 4)/2", () => {
    fc.assert(fc.property(seededCase, (c) => {
      const unit = (x: Rows) => x.map((v, i) => {
        const r = Math.floor(i / c.d)
        let n = 0
        for (let k = 0; k < c.d; k++) n += x[r * c.d + k]! ** 2
        return v / Math.sqrt(n)
      })
      const u = { ...c, p1: unit(c.p1), t1: unit(c.t1), p2: unit(c.p2), t2: unit(c.t2) }
      expect(Math.abs(lossValue(u, "mse") - (lossValue(u, "cosine") + 4) / 2)).toBeLessThanOrEqual(1e-5)
    }))
  })

  test("zero gradient into stop-gradient targets, nonzero without the stop", () => {
    fc.assert(fc.property(seededCase, (c) => {
      tf.tidy(() => {
        const ts = tensors(c)
        const f = (stop: boolean) => tf.grads((p1: tf.Tensor, t1: tf.Tensor, p2: tf.Tensor, t2: tf.Tensor) =>
          symmetricMseLoss(p1 as tf.Tensor2D, t1 as tf.Tensor2D, p2 as tf.Tensor2D, t2 as tf.Tensor2D, { stopGradient: stop }))(ts)
        const stopped = f(true), free = f(false)
        expect(Array.from(stopped[3]!.dataSync()).every((v) => v === 0)).toBe(true)
        // d/dt of ½‖p − t‖²/B = (t − p)/B
        const gt = free[3]!.dataSync()
        for (let i = 0; i < gt.length; i++) expect(gt[i]!).toBeCloseTo((c.t2[i]! - c.p2[i]!) / c.b, 5)
      })
    }))
  })
})
