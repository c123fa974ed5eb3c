// The fused symmetric negative-cosine loss of the blas backend (one kernel, one gradient kernel) against the op
// sequence it replaces (row normalisations, products, sums, mean) run on the cpu backend, and its value against a
// naive float64 reference: shapes drawn with B·D past the pool's 1024 threshold, zero rows (the ε floor) included,
// with and without StopGrad on the targets; gradients with respect to all four inputs; no tensor leaked.
// Mutations caught (each checked by hand): the radial term −cos·x/‖x‖² dropped from the gradient; the ε floor's
// radial term kept (zero rows then get a NaN/huge gradient); the targets' gradients left non-zero under StopGrad;
// the loss scaled by −1/B instead of −2/B.
import { expect, test } from "bun:test"
import fc from "fast-check"
import { symmetricLoss, tf } from "../../src/index.ts"
import { forEachKernelPath, onBackend, poisonPool, uniforms } from "./onBackend.ts"

const problem = fc.record({
  b: fc.oneof(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 30, max: 70 })),
  d: fc.oneof(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 30, max: 64 })),
  zeroRow: fc.boolean(), // row 0 of p1 and of t2 set to zeros
  stop: fc.boolean(),
  seed: fc.nat({ max: 1e6 }),
})
type Problem = typeof problem extends fc.Arbitrary<infer P> ? P : never

const inputs = ({ b, d, zeroRow, seed }: Problem) => {
  const [p1, t1, p2, t2] = [0, 1, 2, 3].map((i) => uniforms(seed + i, b * d)) // each [B, D]
  if (zeroRow) { p1!.fill(0, 0, d); t2!.fill(0, 0, d) }
  return [p1!, t1!, p2!, t2!] as const
}

/** L and its gradients with respect to p1, t1, p2, t2 on the current backend. */
const run = (pr: Problem) => tf.tidy(() => {
  const ts = inputs(pr).map((v) => tf.tensor2d(v, [pr.b, pr.d]))
  const f = (...xs: tf.Tensor[]) => symmetricLoss("cosine", ...(xs as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D, tf.Tensor2D]), { stopGradient: pr.stop })
  const { value, grads } = tf.valueAndGrads(f)(ts)
  return { loss: value.dataSync()[0]!, grads: grads.map((g) => Float32Array.from(g.dataSync())) }
})

const lossF64 = (pr: Problem): number => {
  const [p1, t1, p2, t2] = inputs(pr)
  const cos = (x: Float32Array, y: Float32Array, r: number) => {
    let xx = 0, yy = 0, xy = 0
    for (let k = r * pr.d; k < (r + 1) * pr.d; k++) { xx += x[k]! ** 2; yy += y[k]! ** 2; xy += x[k]! * y[k]! }
    return xy / (Math.max(Math.sqrt(xx), 1e-12) * Math.max(Math.sqrt(yy), 1e-12))
  }
  let s = 0
  for (let r = 0; r < pr.b; r++) s += cos(p1, t1, r) + cos(p2, t2, r)
  return (-2 / pr.b) * s
}

forEachKernelPath((path) => {
  test(`fused cosine loss (${path}): value within float32 rounding of float64, gradients of the op sequence`, async () => {
    const before = tf.memory().numTensors
    await fc.assert(fc.asyncProperty(problem, async (pr) => {
      const want = await onBackend("cpu", () => run(pr))
      const got = await onBackend("blas", () => {
        poisonPool(pr.b * pr.d)
        return run(pr)
      })
      expect(Math.abs(got.loss - lossF64(pr))).toBeLessThanOrEqual(4e-7 * 4)
      expect(Math.abs(got.loss - want.loss)).toBeLessThanOrEqual(1e-5 * 4)
      const xs = inputs(pr)
      got.grads.forEach((g, i) => {
        const w = want.grads[i]!, x = xs[i]!
        for (let r = 0; r < pr.b; r++) {
          // both terms of ∂cos/∂x are at most 1/max(‖x‖, ε) in size: the op sequence's float32 roundings scale with it
          let xx = 0
          for (let k = r * pr.d; k < (r + 1) * pr.d; k++) xx += x[k]! ** 2
          const scale = (2 / pr.b) / Math.max(Math.sqrt(xx), 1e-12)
          for (let k = r * pr.d; k < (r + 1) * pr.d; k++) expect(Math.abs(g[k]! - w[k]!)).toBeLessThanOrEqual(2e-5 * scale)
        }
        if (pr.stop && (i === 1 || i === 3)) expect(g.every((v) => v === 0)).toBe(true)
      })
    }), { numRuns: 60 })
    expect(tf.memory().numTensors).toBe(before)
  }, 60_000)
})
