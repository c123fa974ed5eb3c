// The evaluation's kernels (probeStep, l2NormalizeRows, knnPredict, knnClassify) on both kernel paths (native library, JavaScript
// loops): each against a naive float64 reference written from its definition, and the native path against the
// JavaScript one bit for bit. Shapes drawn, the linear probe's parameter count up past the buffer pool's 1024
// threshold; ties in the kNN similarities drawn on purpose.
// Mutations caught (each checked by hand): probeStep's weight decay left out of Adam's gradient, the bias left out of
// the logits, the gradient not divided by the batch size, the native step's second row of a pair read from the first
// row's features, its layout for more than 16 classes dropping the last feature (the reference test); the JavaScript
// loop rounding the softmax's
// exponentials to float32 (within the reference's tolerance: only the native = JavaScript test sees it); knnPredict keeping the
// higher index on a tie (`>=` for `>` in the heap's replacement test), the vote weight exp(s) instead of exp(s / T),
// the native pre-filter dropping the entries equal to its lower bound (`>` for `>=`);
// l2NormalizeRows without its 1e-12 floor (a zero row becomes NaN); knnClassify's similarities taken with the
// queries not normalised, or a block's predictions written at the wrong offset.
import { expect, test } from "bun:test"
import fc from "fast-check"
import { tf } from "../../src/index.ts"
import { knnClassify, type ProbeAdam, probeParams, probeStep } from "../../src/index.ts"
import { knnPredict } from "../../src/backend/blas/native/knnPredict.ts"
import { l2NormalizeRows } from "../../src/backend/blas/native/l2NormalizeRows.ts"
import { activeNative, setActiveNative } from "../../src/backend/blas/native/activeNative.ts"
import { forEachKernelPath, KERNEL_PATHS, nativeKernels, onBackend, uniforms } from "./onBackend.ts"

/** Runs f on one path of the kernels (they read the active native library directly, as the blas kernels do). */
const onPath = <A>(path: "native" | "javascript", f: () => A): A => {
  const previous = activeNative()
  setActiveNative(path === "native" ? nativeKernels() : undefined)
  try {
    return f()
  } finally {
    setActiveNative(previous)
  }
}

const probeCase = fc.record({
  n: fc.integer({ min: 1, max: 300 }),
  d: fc.oneof(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 100, max: 300 })),
  classes: fc.integer({ min: 1, max: 20 }), // past 16: the native step's other layout
  batch: fc.integer({ min: 1, max: 140 }),
  steps: fc.integer({ min: 1, max: 3 }),
  weightDecay: fc.constantFrom(0, 1e-3),
  lr: fc.constantFrom(1e-3, 3e-4),
  seed: fc.nat(),
})

interface ProbeCase { n: number; d: number; classes: number; batch: number; steps: number; weightDecay: number; lr: number; seed: number }

const probeData = (c: ProbeCase) => {
  const x = uniforms(c.seed, c.n * c.d).map((v) => 3 * v)
  const labels = Uint8Array.from(uniforms(c.seed + 1, c.n), (v) => Math.floor((v + 1) / 2 * c.classes) % c.classes)
  const rows = Int32Array.from(uniforms(c.seed + 2, c.steps * c.batch), (v) => Math.floor((v + 1) / 2 * c.n) % c.n)
  const w = uniforms(c.seed + 3, c.classes * c.d).map((v) => v / Math.sqrt(c.d))
  const b = uniforms(c.seed + 4, c.classes).map((v) => v / Math.sqrt(c.d))
  return { x, labels, rows, w, b }
}
const adamAt = (c: ProbeCase, t: number): ProbeAdam => ({ lr: c.lr, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: c.weightDecay, t })

/** `steps` probe steps on one path; returns the parameters and moments. */
const runProbe = (c: ProbeCase, path: "native" | "javascript") => onPath(path, () => {
  const { x, labels, rows, w, b } = probeData(c)
  const p = probeParams(w, b)
  for (let s = 0; s < c.steps; s++) probeStep(x, c.d, rows.subarray(s * c.batch, (s + 1) * c.batch), labels, c.classes, p, adamAt(c, s + 1))
  return p
})

/** The definition in float64 throughout (torch's formulas), from the same start. */
const referenceProbe = (c: ProbeCase) => {
  const { x, labels, rows, w, b } = probeData(c)
  const C = c.classes, d = c.d
  const W = Float64Array.from(w), B = Float64Array.from(b)
  const m = new Float64Array(C * d + C), v = new Float64Array(C * d + C)
  for (let s = 0; s < c.steps; s++) {
    const batch = rows.subarray(s * c.batch, (s + 1) * c.batch)
    const grad = new Float64Array(C * d + C) // [dW (C·d), db (C)]
    for (const r of batch) {
      const z = Array.from({ length: C }, (_, k) => {
        let acc = B[k]!
        for (let j = 0; j < d; j++) acc += x[r * d + j]! * W[k * d + j]!
        return acc
      })
      const mx = Math.max(...z)
      const e = z.map((zk) => Math.exp(zk - mx))
      const sum = e.reduce((a, q) => a + q, 0)
      for (let k = 0; k < C; k++) {
        const g = (e[k]! / sum - (k === labels[r] ? 1 : 0)) / batch.length
        for (let j = 0; j < d; j++) grad[k * d + j]! += g * x[r * d + j]!
        grad[C * d + k]! += g
      }
    }
    const t = s + 1
    for (let i = 0; i < C * d + C; i++) {
      const param = i < C * d ? W : B
      const at = i < C * d ? i : i - C * d
      const g = grad[i]! + c.weightDecay * param[at]!
      m[i] = 0.9 * m[i]! + 0.1 * g
      v[i] = 0.999 * v[i]! + 0.001 * g * g
      param[at] = param[at]! - c.lr * (m[i]! / (1 - 0.9 ** t)) / (Math.sqrt(v[i]! / (1 - 0.999 ** t)) + 1e-8)
    }
  }
  return { W, B }
}

forEachKernelPath((path) => {
  test("probeStep: Adam steps of softmax regression equal the float64 definition within float32 rounding", () => {
    fc.assert(fc.property(probeCase, (c) => {
      const got = runProbe(c, path)
      const want = referenceProbe(c)
      // float32 storage of the parameters and moments: a few ulps of |θ| plus a few ulps of each step (lr per step)
      for (let i = 0; i < got.w.length; i++) expect(Math.abs(got.w[i]! - want.W[i]!)).toBeLessThanOrEqual(1e-6 * Math.abs(want.W[i]!) + 1e-6 * c.lr * c.steps)
      for (let i = 0; i < got.b.length; i++) expect(Math.abs(got.b[i]! - want.B[i]!)).toBeLessThanOrEqual(1e-6 * Math.abs(want.B[i]!) + 1e-6 * c.lr * c.steps)
    }), { numRuns: 60 })
  }, 60_000)

  test("l2NormalizeRows: unit rows in the direction of x (float64 definition); a zero row stays zero", () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 50 }), fc.oneof(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1024, max: 3000 })), fc.nat(),
      (n, d, seed) => {
        const x = uniforms(seed, n * d)
        if (n > 0) x.fill(0, 0, d) // the first row zero
        const out = onPath(path, () => l2NormalizeRows(x, n, d))
        for (let i = 0; i < n; i++) {
          let s = 0
          for (let j = 0; j < d; j++) s += x[i * d + j]! ** 2
          const norm = Math.max(Math.sqrt(s), 1e-12)
          for (let j = 0; j < d; j++) expect(Math.abs(out[i * d + j]! - x[i * d + j]! / norm)).toBeLessThanOrEqual(6e-8 * Math.abs(x[i * d + j]! / norm))
        }
        if (n > 0) expect(Array.from(out.subarray(0, d))).toEqual(new Array(d).fill(0))
      }), { numRuns: 60 })
  }, 60_000)

  test("knnPredict: the weighted vote of the k most similar (ties: lower index) as a sort-based float64 reference", () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 8 }), fc.oneof(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1024, max: 2100 })),
      fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 10 }), fc.boolean(), fc.nat(), (rows, n, k, classes, ties, seed) => {
        // with `ties`, similarities from 5 values, so the k-th place is usually shared
        const sim = uniforms(seed, rows * n).map((v) => ties ? Math.round(v * 2) / 2 : v)
        const labels = Uint8Array.from(uniforms(seed + 1, n), (v) => Math.floor((v + 1) / 2 * classes) % classes)
        const T = 0.07
        const pred = onPath(path, () => knnPredict(sim, rows, n, k, labels, classes, T))
        for (let r = 0; r < rows; r++) {
          const row = sim.subarray(r * n, (r + 1) * n)
          const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => row[b]! - row[a]! || a - b).slice(0, Math.min(k, n))
          const votes = new Array(classes).fill(0)
          for (const i of order) votes[labels[i]!] += Math.exp(row[i]! / T)
          const best = Math.max(...votes)
          const want = votes.findIndex((v) => v === best)
          // summed in another order, two classes' votes can be equal up to rounding: either is then right
          if (pred[r] !== want) expect(Math.abs(votes[pred[r]!]! - best)).toBeLessThanOrEqual(1e-12 * best)
          else expect(pred[r]).toBe(want)
        }
      }), { numRuns: 80 })
  }, 60_000)
})

test.if(KERNEL_PATHS.includes("native"))("the native evaluation kernels give the JavaScript loops' numbers bit for bit", async () => {
  // (onBackend loads the native library once; the kernels themselves need no backend)
  await onBackend("cpu", () => {})
  fc.assert(fc.property(probeCase, (c) => {
    const a = runProbe(c, "native"), b = runProbe(c, "javascript")
    for (const key of ["w", "b", "mW", "vW", "mb", "vb"] as const) expect(Array.from(a[key])).toEqual(Array.from(b[key]))
  }), { numRuns: 60 })
  fc.assert(fc.property(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 700 }), fc.nat(), (n, d, seed) => {
    const x = uniforms(seed, n * d)
    expect(Array.from(onPath("native", () => l2NormalizeRows(x, n, d)))).toEqual(Array.from(onPath("javascript", () => l2NormalizeRows(x, n, d))))
  }), { numRuns: 40 })
  fc.assert(fc.property(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 2100 }), fc.integer({ min: 1, max: 30 }), fc.boolean(), fc.nat(),
    (rows, n, k, ties, seed) => {
      const sim = uniforms(seed, rows * n).map((v) => ties ? Math.round(v * 4) / 4 : v)
      const labels = Uint8Array.from(uniforms(seed + 1, n), (v) => Math.floor((v + 1) * 5) % 10)
      const run = (path: "native" | "javascript") => Array.from(onPath(path, () => knnPredict(sim, rows, n, k, labels, 10, 0.07)))
      expect(run("native")).toEqual(run("javascript"))
    }), { numRuns: 60 })
}, 60_000)

test("the evaluation kernels refuse inputs that do not fit, saying what was wrong", () => {
  const p = probeParams(new Float32Array(6), new Float32Array(2))
  expect(() => probeStep(new Float32Array(6), 3, Int32Array.of(0), Uint8Array.of(0, 1), 3, p, { lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0, t: 1 }))
    .toThrow(/do not fit 3 classes × 3 features/)
  expect(() => probeStep(new Float32Array(6), 3, Int32Array.of(0), Uint8Array.of(0, 1), 2, p, { lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0, t: 0 }))
    .toThrow(/step count/)
  expect(() => l2NormalizeRows(new Float32Array(5), 2, 3)).toThrow(/not 2 rows of 3/)
  expect(() => knnPredict(new Float32Array(4), 2, 2, 1, Uint8Array.of(0, 3), 3, 0.07)).toThrow(/label 3/)
  expect(() => knnPredict(new Float32Array(4), 2, 2, 0, Uint8Array.of(0, 1), 3, 0.07)).toThrow(/positive integer/)
})

forEachKernelPath(() => {
  test.each(["blas", "cpu"] as const)("knnClassify on %s: the cosine kNN of a float64 reference, in blocks of queries", async (backend) => {
    await onBackend(backend, () => {
      const before = tf.memory().numTensors
      fc.assert(fc.property(fc.integer({ min: 1, max: 120 }), fc.integer({ min: 1, max: 90 }), fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 25 }), fc.integer({ min: 1, max: 50 }), fc.integer({ min: 2, max: 6 }), fc.nat(), (n, m, d, k, chunk, classes, seed) => {
          const bank = uniforms(seed, n * d), queries = uniforms(seed + 1, m * d)
          const labels = Uint8Array.from(uniforms(seed + 2, n), (v) => Math.floor((v + 1) / 2 * classes) % classes)
          const pred = knnClassify(bank, labels, queries, d, { k, temperature: 0.07, classes, chunk })
          const unit = (x: Float32Array, i: number) => {
            const row = Array.from(x.subarray(i * d, (i + 1) * d))
            const norm = Math.max(Math.hypot(...row), 1e-12)
            return row.map((v) => v / norm)
          }
          const bankRows = Array.from({ length: n }, (_, i) => unit(bank, i))
          for (let r = 0; r < m; r++) {
            const q = unit(queries, r)
            const sim = bankRows.map((b) => b.reduce((a, v, j) => a + v * q[j]!, 0))
            const order = sim.map((_, i) => i).sort((a, b) => sim[b]! - sim[a]! || a - b)
            const votes = new Array(classes).fill(0)
            for (const i of order.slice(0, k)) votes[labels[i]!] += Math.exp(sim[i]! / 0.07)
            const best = Math.max(...votes)
            // float32 similarities: a neighbour at the k-th place within rounding of the next, or two classes' votes
            // within rounding, may go either way
            const nearTie = (k < n && sim[order[k - 1]!]! - sim[order[k]!]! < 1e-5) || votes.filter((v) => v >= best * (1 - 1e-4)).length > 1
            if (!nearTie) expect(pred[r]).toBe(votes.indexOf(best))
          }
        }), { numRuns: 80 })
      expect(tf.memory().numTensors).toBe(before)
    })
  }, 60_000)
})
