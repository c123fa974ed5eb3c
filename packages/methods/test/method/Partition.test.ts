/**
 * C21's partition predictor: fast-check laws and a naive float64 reference for the side assignment, the
 * feature-dependent prediction, its gradient and the per-side DirectPred matrices; no tensor leaks; checkpoints;
 * and a training step of an SslModel with it.
 */
import { describe, expect, test } from "bun:test"
import { directPredPredictor, Rng, tf } from "@ssl/core"
import fc from "fast-check"
import { PartitionPredictor } from "../../src/method/predictors/Partition.ts"
import { SslModel } from "../../src/method/SslModel.ts"
import { tinyModel, tinyViews } from "../helpers/tiny.ts"

const identity = (d: number) => {
  const m = new Float64Array(d * d)
  for (let i = 0; i < d; i++) m[i * d + i] = 1
  return m
}
const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let m = 0
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!))
  return m
}
const randomRows = (rng: Rng, batch: number, d: number) => Float32Array.from(rng.normals(batch * d))

/** Naive float64 reference of the sides: f_b·w_i ≥ mean_b(f_b·w_i). */
const naiveSides = (rows: ArrayLike<number>, batch: number, d: number, dirs: Float64Array, n: number): Array<Array<boolean>> => {
  const score = (b: number, i: number) => {
    let s = 0
    for (let j = 0; j < d; j++) s += rows[b * d + j]! * dirs[j * n + i]!
    return s
  }
  const means = Array.from({ length: n }, (_, i) => Array.from({ length: batch }, (_, b) => score(b, i)).reduce((a, x) => a + x, 0) / batch)
  return Array.from({ length: batch }, (_, b) => Array.from({ length: n }, (_, i) => score(b, i) >= means[i]!))
}

/** Naive float64 prediction: p_b = (1/n) Σ_i W_{i, side} f_b, from the predictor's side matrices. */
const naivePredict = (pp: PartitionPredictor, rows: ArrayLike<number>, batch: number): Float64Array => {
  const d = pp.dim
  const n = pp.partitions
  const sides = naiveSides(rows, batch, d, pp.directions, n)
  const out = new Float64Array(batch * d)
  for (let b = 0; b < batch; b++) {
    for (let i = 0; i < n; i++) {
      const w = pp.sideMatrix(2 * i + (sides[b]![i] ? 0 : 1))
      for (let r = 0; r < d; r++) {
        let s = 0
        for (let c = 0; c < d; c++) s += w[r * d + c]! * rows[b * d + c]!
        out[b * d + r] = out[b * d + r]! + s / n
      }
    }
  }
  return out
}

describe("PartitionPredictor (C21)", () => {
  test("sides match the naive float64 reference, and every partition splits a batch into two non-empty halves", () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 1e6 }), fc.integer({ min: 2, max: 9 }), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 2, max: 24 }),
      (seed, d, n, batch) => {
        const pp = new PartitionPredictor({ dim: d, partitions: n, rho: 0.3, eps: 0.1 }, new Rng(seed), identity(d))
        const rows = randomRows(new Rng(seed + 1), batch, d)
        const got = pp.sides(rows, batch)
        const want = naiveSides(rows, batch, d, pp.directions, n)
        for (let b = 0; b < batch; b++) for (let i = 0; i < n; i++) expect(got[b * n + i] === 1).toBe(want[b]![i]!)
        // a mean threshold puts at least one row on each side unless all scores are equal (not with Gaussian rows)
        for (let i = 0; i < n; i++) {
          const pos = Array.from({ length: batch }, (_, b) => got[b * n + i]!).reduce((a, x) => a + x, 0)
          expect(pos).toBeGreaterThan(0)
          expect(pos).toBeLessThan(batch)
        }
        pp.dispose()
      }), { numRuns: 40 })
  })

  test("with every side's matrix equal to W, the prediction is linear: p = W f (the law it must reduce to)", () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 1e6 }), fc.integer({ min: 2, max: 8 }), fc.integer({ min: 1, max: 6 }), (seed, d, n) => {
      const rng = new Rng(seed)
      const w = rng.normals(d * d)
      const pp = new PartitionPredictor({ dim: d, partitions: n, rho: 0.3, eps: 0.1 }, rng.fork("dirs"), w)
      const rows = randomRows(rng, 7, d)
      const got = tf.tidy(() => pp.apply(tf.tensor2d(rows, [7, d])).dataSync())
      const want = new Float64Array(7 * d)
      for (let b = 0; b < 7; b++) for (let r = 0; r < d; r++) for (let c = 0; c < d; c++) want[b * d + r] = want[b * d + r]! + w[r * d + c]! * rows[b * d + c]!
      expect(maxDiff(got, want)).toBeLessThan(1e-4 * (1 + Math.max(...want.map(Math.abs))))
      pp.dispose()
    }), { numRuns: 30 })
  })

  test("after an update, each side's matrix is DirectPred of the F̂ of the rows on that side; apply and its gradient match float64", () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 1e6 }), fc.integer({ min: 2, max: 6 }), fc.integer({ min: 1, max: 4 }), (seed, d, n) => {
      const rng = new Rng(seed)
      const pp = new PartitionPredictor({ dim: d, partitions: n, rho: 0.3, eps: 0.1 }, rng.fork("dirs"), identity(d))
      const batch = 12
      const v1 = randomRows(rng, batch, d)
      const v2 = randomRows(rng, batch, d)
      pp.update([{ rows: v1, batch }, { rows: v2, batch }])
      pp.regulate()
      // reference: the side's rows from both views (each view split by its own mean), F̂ = mean f fᵀ (first batch: taken whole)
      const s1 = naiveSides(v1, batch, d, pp.directions, n)
      const s2 = naiveSides(v2, batch, d, pp.directions, n)
      for (let k = 0; k < 2 * n; k++) {
        const i = k >> 1
        const wanted = k % 2 === 0
        const picked: Array<ArrayLike<number>> = []
        for (let b = 0; b < batch; b++) {
          if (s1[b]![i] === wanted) picked.push(v1.subarray(b * d, (b + 1) * d))
          if (s2[b]![i] === wanted) picked.push(v2.subarray(b * d, (b + 1) * d))
        }
        const f = new Float64Array(d * d)
        for (const row of picked) for (let r = 0; r < d; r++) for (let c = 0; c < d; c++) f[r * d + c] = f[r * d + c]! + row[r]! * row[c]! / picked.length
        const want = directPredPredictor(f, d, { eps: 0.1, convert: 2 }).weight
        expect(maxDiff(pp.sideMatrix(k), want)).toBeLessThan(1e-5)
      }
      // the prediction and the gradient of Σ p ⊙ g with respect to f: (1/n) Σ_i W_{i,side}ᵀ g_b per row
      const g = randomRows(rng, batch, d)
      const [p, dx] = tf.tidy(() => {
        const x = tf.tensor2d(v1, [batch, d])
        const gt = tf.tensor2d(g, [batch, d])
        const out = tf.valueAndGrad((z: tf.Tensor) => tf.sum(tf.mul(pp.apply(z as tf.Tensor2D), gt)))(x)
        return [pp.apply(x), out.grad]
      })
      const value = Float64Array.from(p!.dataSync())
      const grad = Float64Array.from(dx!.dataSync())
      tf.dispose([p!, dx!])
      expect(maxDiff(value, naivePredict(pp, v1, batch))).toBeLessThan(1e-4)
      const wantGrad = new Float64Array(batch * d)
      for (let b = 0; b < batch; b++) {
        for (let i = 0; i < n; i++) {
          const w = pp.sideMatrix(2 * i + (s1[b]![i] ? 0 : 1))
          for (let c = 0; c < d; c++) for (let r = 0; r < d; r++) wantGrad[b * d + c] = wantGrad[b * d + c]! + w[r * d + c]! * g[b * d + r]! / n
        }
      }
      expect(maxDiff(grad, wantGrad)).toBeLessThan(1e-4)
      pp.dispose()
    }), { numRuns: 25 })
  })

  test("the metrics' W_p is the mean of the 2n matrices; state round-trips; nothing leaks", () => {
    const before = tf.memory().numTensors
    const rng = new Rng(5)
    const d = 4
    const pp = new PartitionPredictor({ dim: d, partitions: 3, rho: 0.3, eps: 0.1 }, rng.fork("dirs"), identity(d))
    for (let t = 0; t < 3; t++) {
      pp.update([{ rows: randomRows(rng, 10, d), batch: 10 }])
      pp.regulate()
    }
    const mean = new Float64Array(d * d)
    for (let k = 0; k < 6; k++) pp.sideMatrix(k).forEach((x, e) => { mean[e] = mean[e]! + x / 6 })
    expect(maxDiff(pp.matrix(), mean)).toBeLessThan(1e-7)
    const copy = new PartitionPredictor({ dim: d, partitions: 3, rho: 0.3, eps: 0.1 }, rng.fork("dirs"), identity(d))
    copy.restore(JSON.parse(JSON.stringify(pp.state())))
    const rows = randomRows(rng, 10, d)
    const [a, b] = tf.tidy(() => [pp.apply(tf.tensor2d(rows, [10, d])).dataSync(), copy.apply(tf.tensor2d(rows, [10, d])).dataSync()])
    expect(maxDiff(a!, b!)).toBe(0)
    pp.update([{ rows, batch: 10 }])
    copy.update([{ rows, batch: 10 }])
    pp.regulate()
    copy.regulate()
    expect(maxDiff(pp.matrix(), copy.matrix())).toBe(0)
    const wrong = new PartitionPredictor({ dim: d, partitions: 2, rho: 0.3, eps: 0.1 }, rng.fork("dirs"), identity(d))
    expect(() => wrong.restore(pp.state())).toThrow(/partitions/)
    for (const p of [pp, copy, wrong]) p.dispose()
    expect(tf.memory().numTensors).toBe(before)
  })

  test("an SslModel with the partition predictor trains (no SGD on the predictor), checkpoints and leaks nothing", () => {
    const before = tf.memory().numTensors
    const spec = tinyModel({ predictor: { kind: "partition", rho: 0.3, eps: 0.1, partitions: 3 } })
    const model = new SslModel(spec)
    expect(model.predictorStore.paramList()).toEqual([]) // no SGD-trained predictor variables
    expect(model.trainable.length).toBe(model.online.store.paramList().length)
    const [v1, v2] = tinyViews()
    const w0 = model.predictorMatrix()
    for (let step = 0; step < 3; step++) expect(Number.isFinite(model.step(v1, v2, step).loss)).toBe(true)
    expect(maxDiff(model.predictorMatrix(), w0)).toBeGreaterThan(0) // set from the estimates
    const again = new SslModel(spec)
    again.restore(model.snapshotTensors(), JSON.parse(JSON.stringify(model.snapshotState())))
    expect(maxDiff(again.predictorMatrix(), model.predictorMatrix())).toBe(0)
    expect(model.step(v1, v2, 3).loss).toBeCloseTo(again.step(v1, v2, 3).loss, 5)
    tf.dispose([v1, v2])
    model.dispose()
    again.dispose()
    expect(tf.memory().numTensors).toBe(before)
  })
})
