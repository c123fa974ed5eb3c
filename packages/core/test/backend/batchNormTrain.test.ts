// The fused BatchNorm (training mode) kernels of the blas backend against the op sequence they replace (tf.moments,
// sub, rsqrt, mul, add) on the cpu backend, and the forward pass against a float64 reference: values and gradients
// with respect to x, γ, β — also through the returned mean and variance — on both kernel paths, for [M, C] and
// [B, H, W, C] inputs, with and without affine parameters, sizes past the pool's 1024 threshold, pool poisoned.
// Mutations caught (each checked by hand): the variance divided by M − 1 (unbiased) instead of M; the dvar term of dx
// dropped (the returned variance's gradient then vanishes); dγ computed without the 1/std factor.
import { expect, test } from "bun:test"
import fc from "fast-check"
import { batchNormTrain, tf } from "../../src/index.ts"
import { forEachKernelPath, onBackend, poisonPool, uniforms } from "./onBackend.ts"

const EPS = 1e-5
const shapes = fc.oneof(
  fc.tuple(fc.integer({ min: 2, max: 40 }), fc.integer({ min: 1, max: 40 })).map(([m, c]) => [m, c]),
  fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 2, max: 9 }), fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 24 }))
    .map(([b, h, w, c]) => [b, h, w, c]),
)
const size = (s: number[]) => s.reduce((p, q) => p * q, 1)
const close = (got: ArrayLike<number>, want: ArrayLike<number>, tol: number) => {
  const scale = Math.max(1, ...Array.from(want, Math.abs))
  let worst = 0
  for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(got[i]! - want[i]!))
  expect(got.length).toBe(want.length)
  expect(worst).toBeLessThanOrEqual(tol * scale)
}

/** y, mean, variance and the gradients of Σ y·w + Σ mean·u + Σ var·v with respect to x (and γ, β). */
const evaluate = (shape: number[], seed: number, affine: boolean) => () => tf.tidy(() => {
  const n = size(shape), C = shape[shape.length - 1]!
  const x = tf.tensor(uniforms(seed, n).map((v, i) => v * (1 + (i % C))), shape) // channels of different scales
  const w = tf.tensor(uniforms(seed + 1, n), shape), u = tf.tensor1d(uniforms(seed + 2, C)), v = tf.tensor1d(uniforms(seed + 3, C))
  const gamma = tf.tensor1d(uniforms(seed + 4, C).map((a) => 1 + a)), beta = tf.tensor1d(uniforms(seed + 5, C))
  const out = (xs: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => batchNormTrain(xs, affine ? { gamma: g, beta: b, eps: EPS } : { eps: EPS })
  const f = (xs: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => {
    const r = out(xs, g, b)
    return tf.addN([tf.sum(tf.mul(r.y, w)), tf.sum(tf.mul(r.mean, u)), tf.sum(tf.mul(r.variance, v))]) as tf.Scalar
  }
  const r = out(x, gamma, beta)
  const grads = affine ? tf.grads(f)([x, gamma, beta]) : [tf.grads((xs: tf.Tensor) => f(xs, gamma, beta))([x])[0]!, gamma, beta]
  return {
    x: x.dataSync().slice(), y: r.y.dataSync().slice(), mean: r.mean.dataSync().slice(), variance: r.variance.dataSync().slice(),
    dx: grads[0]!.dataSync().slice(), dgamma: grads[1]!.dataSync().slice(), dbeta: grads[2]!.dataSync().slice(),
    gamma: gamma.dataSync().slice(), beta: beta.dataSync().slice(),
  }
})

forEachKernelPath(() => {
  test("values and gradients match the op sequence; the forward pass matches a float64 reference", async () => {
    const before = tf.memory().numTensors
    await fc.assert(fc.asyncProperty(shapes, fc.nat(), fc.boolean(), async (shape, seed, affine) => {
      const want = await onBackend("cpu", evaluate(shape, seed, affine))
      const got = await onBackend("blas", () => {
        poisonPool(size(shape))
        return evaluate(shape, seed, affine)()
      })
      close(got.y, want.y, 2e-5)
      close(got.mean, want.mean, 2e-6)
      close(got.variance, want.variance, 2e-5)
      close(got.dx, want.dx, 1e-4)
      if (affine) {
        close(got.dgamma, want.dgamma, 1e-4)
        close(got.dbeta, want.dbeta, 1e-4)
      }
      // float64 reference of the forward pass
      const C = shape[shape.length - 1]!, M = size(shape) / C
      for (let c = 0; c < C; c++) {
        let m = 0, s = 0
        for (let r = 0; r < M; r++) m += got.x[r * C + c]!
        m /= M
        for (let r = 0; r < M; r++) s += (got.x[r * C + c]! - m) ** 2
        s /= M
        expect(Math.abs(got.mean[c]! - m)).toBeLessThanOrEqual(1e-6 * (1 + Math.abs(m)))
        expect(Math.abs(got.variance[c]! - s)).toBeLessThanOrEqual(1e-6 * (1 + s))
        for (let r = 0; r < M; r++) {
          const yRef = ((got.x[r * C + c]! - m) / Math.sqrt(s + EPS)) * (affine ? got.gamma[c]! : 1) + (affine ? got.beta[c]! : 0)
          expect(Math.abs(got.y[r * C + c]! - yRef)).toBeLessThanOrEqual(1e-5 * (1 + Math.abs(yRef)))
        }
      }
    }), { numRuns: 60 })
    expect(tf.memory().numTensors).toBe(before)
  }, 60_000)
})
