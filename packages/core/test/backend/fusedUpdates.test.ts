// The fused SGD-with-momentum and EMA kernels of the blas backend against the op sequences they replace, run on the
// cpu backend: bit-identical on both kernel paths (native, JavaScript), sizes past the pool's 1024 threshold with the
// pool poisoned, weight decay and momentum 0 included (the sequence then skips an op), NaN and Inf included; and the
// float64 reference of PyTorch's formula within float32 rounding.
// Mutations caught (each checked by hand): an FMA contraction in the C loop (-ffp-contract=fast: d = fma(p, wd, g)
// rounds once instead of twice); momentum 0 computed as 0·buf + d (NaN in the buffer then leaks); the parameter
// stepped with the old buffer instead of the new one.
import { expect, test } from "bun:test"
import fc from "fast-check"
import { emaStep, emaSteps, sgdMomentumStep, sgdMomentumSteps, tf } from "../../src/index.ts"
import { forEachKernelPath, onBackend, poisonPool, uniforms } from "./onBackend.ts"

const hyper = fc.record({
  lr: fc.constantFrom(0.03, 0.05, 1e-3),
  momentum: fc.constantFrom(0, 0.9),
  weightDecay: fc.constantFrom(0, 4e-4, 1e-3),
})
const size = fc.oneof(fc.integer({ min: 1, max: 300 }), fc.integer({ min: 1024, max: 20000 }))

const values = (seed: number, n: number, special: boolean) => {
  const v = uniforms(seed, n)
  if (special && n > 3) v.set([Number.NaN, Number.POSITIVE_INFINITY, -0], seed % (n - 3))
  return v
}

forEachKernelPath(() => {
  test("sgdMomentumStep: the fused kernel equals the op sequence, bit for bit", async () => {
    const before = tf.memory().numTensors
    await fc.assert(fc.asyncProperty(size, hyper, fc.nat(), fc.boolean(), async (n, h, seed, special) => {
      const p = values(seed, n, special), b = values(seed + 1, n, special), g = values(seed + 2, n, special)
      const run = () => tf.tidy(() => {
        const out = sgdMomentumStep(tf.tensor1d(p), tf.tensor1d(b), tf.tensor1d(g), h)
        return [Array.from(out.param.dataSync()), Array.from(out.buf.dataSync())]
      })
      const want = await onBackend("cpu", run)
      const got = await onBackend("blas", () => {
        poisonPool(n)
        return run()
      })
      expect(got).toEqual(want)
      // PyTorch's formula in float64, within a few float32 roundings of the result's magnitude
      for (let i = 0; i < n; i++) {
        if (!Number.isFinite(p[i]!) || !Number.isFinite(g[i]!) || !Number.isFinite(b[i]!)) continue
        const d = g[i]! + h.weightDecay * p[i]!
        const nb = h.momentum * b[i]! + d
        // rounding error scales with the sum of |terms| (they may cancel), not with the result
        const terms = Math.abs(g[i]!) + Math.abs(h.weightDecay * p[i]!) + Math.abs(h.momentum * b[i]!)
        expect(Math.abs(got[1]![i]! - nb)).toBeLessThanOrEqual(4e-7 * terms)
        expect(Math.abs(got[0]![i]! - (p[i]! - h.lr * nb))).toBeLessThanOrEqual(4e-7 * (Math.abs(p[i]!) + h.lr * terms))
      }
    }), { numRuns: 40 })
    expect(tf.memory().numTensors).toBe(before)
  }, 60_000)

  test("emaStep: the fused kernel equals γ·t + (1−γ)·o as ops, bit for bit; γ = 0 and 1 copy exactly", async () => {
    await fc.assert(fc.asyncProperty(size, fc.constantFrom(0, 0.99, 0.996, 0.5, 1), fc.nat(), fc.boolean(), async (n, gamma, seed, special) => {
      const t = values(seed, n, special), o = values(seed + 1, n, special)
      const run = () => tf.tidy(() => Array.from(emaStep(tf.tensor1d(t), tf.tensor1d(o), gamma).dataSync()))
      const want = await onBackend("cpu", run)
      const got = await onBackend("blas", () => {
        poisonPool(n)
        return run()
      })
      expect(got).toEqual(want)
      if (!special && gamma === 1) expect(got).toEqual(Array.from(t))
      if (!special && gamma === 0) expect(got).toEqual(Array.from(o))
    }), { numRuns: 40 })
  }, 60_000)

  // BatchNorm's running statistics: r·(1 − k) + s·ρ with ρ ≠ k (the variance's k·n/(n − 1)).
  // Mutation caught (checked by hand): the kernel ignoring ρ and using 1 − γ.
  test("emaStep with ρ given: the fused kernel equals γ·t + ρ·o as ops, bit for bit, and float64 within rounding", async () => {
    await fc.assert(fc.asyncProperty(size, fc.constantFrom(0.9, 0.5), fc.constantFrom(0.1 * 128 / 127, 0.3, 2), fc.nat(), async (n, gamma, rest, seed) => {
      const t = values(seed, n, false), o = values(seed + 1, n, false)
      const run = () => tf.tidy(() => Array.from(emaStep(tf.tensor1d(t), tf.tensor1d(o), gamma, rest).dataSync()))
      const want = await onBackend("cpu", run)
      const got = await onBackend("blas", () => {
        poisonPool(n)
        return run()
      })
      expect(got).toEqual(want)
      for (let i = 0; i < n; i++) {
        const terms = Math.abs(gamma * t[i]!) + Math.abs(rest * o[i]!)
        expect(Math.abs(got[i]! - (gamma * t[i]! + rest * o[i]!))).toBeLessThanOrEqual(4e-7 * terms + 1e-30)
      }
    }), { numRuns: 30 })
  }, 60_000)

  // Many parameters in one call. Mutations caught (checked by hand): the outputs of a parameter swapped (buffer
  // first); every parameter updated from the first one's gradient.
  test("sgdMomentumSteps and emaSteps: one call over many tensors equals the op sequences, bit for bit", async () => {
    const before = tf.memory().numTensors
    await fc.assert(fc.asyncProperty(fc.array(size, { minLength: 1, maxLength: 3 }), hyper, fc.nat(), async (sizes, h, seed) => {
      const arrays = sizes.map((n, i) => [0, 1, 2].map((k) => values(seed + 3 * i + k, n, false)))
      const run = () => tf.tidy(() => {
        const ts = arrays.map((a) => a.map((v) => tf.tensor1d(v)))
        const sgd = sgdMomentumSteps(ts.map((t) => t[0]!), ts.map((t) => t[1]!), ts.map((t) => t[2]!), h)
        const ema = emaSteps(ts.map((t) => t[0]!), ts.map((t) => t[1]!), 0.99)
        return [...sgd.flatMap((o) => [o.param, o.buf]), ...ema].map((t) => Array.from(t.dataSync()))
      })
      const want = await onBackend("cpu", run)
      const got = await onBackend("blas", () => {
        sizes.forEach((n) => poisonPool(n))
        return run()
      })
      expect(got).toEqual(want)
    }), { numRuns: 15 })
    expect(tf.memory().numTensors).toBe(before)
  }, 60_000)
})
