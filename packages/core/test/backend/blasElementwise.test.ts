// The blas backend's element-wise and reduction kernels against tfjs' cpu backend, with numpy broadcasting.
import { describe, expect, test } from "bun:test"
import fc from "fast-check"
import { tf } from "../../src/index.ts"
import { compute, onBackend, uniforms, worstExcess } from "./onBackend.ts"

// An output shape (rank 0..4) and two operand shapes that broadcast to it.
const broadcastPair = fc.array(fc.integer({ min: 1, max: 5 }), { maxLength: 4 }).chain((out) =>
  fc.tuple(fc.constant(out), fc.array(fc.boolean(), { minLength: out.length, maxLength: out.length }),
    fc.array(fc.boolean(), { minLength: out.length, maxLength: out.length }), fc.nat({ max: out.length }), fc.nat({ max: out.length }), fc.nat()))
  .map(([out, onesA, onesB, dropA, dropB, seed]) => ({
    a: out.map((d, i) => (onesA[i] ? 1 : d)).slice(dropA), b: out.map((d, i) => (onesB[i] ? 1 : d)).slice(dropB), seed,
  }))

const size = (s: number[]) => s.reduce((p, q) => p * q, 1)

describe("blas element-wise kernels match the cpu backend", () => {
  const binary: Array<[string, (a: tf.Tensor, b: tf.Tensor) => tf.Tensor]> = [
    ["add", tf.add], ["sub", tf.sub], ["mul", tf.mul], ["div", tf.div], ["maximum", tf.maximum], ["minimum", tf.minimum],
    ["squaredDifference", tf.squaredDifference], ["pow", (a, b) => tf.pow(tf.abs(a), b)],
  ]
  for (const [name, op] of binary) {
    test(`${name} with broadcasting (bit-identical: same float64 op, same rounding)`, async () => {
      const before = tf.memory().numTensors
      await fc.assert(fc.asyncProperty(broadcastPair, async ({ a, b, seed }) => {
        const av = uniforms(seed, size(a)), bv = uniforms(seed + 1, size(b))
        const f = () => op(tf.tensor(av, a), tf.tensor(bv, b))
        const want = await onBackend("cpu", () => compute(f))
        const got = await onBackend("blas", () => compute(f))
        expect(Array.from(got)).toEqual(Array.from(want))
      }), { numRuns: 60 })
      expect(tf.memory().numTensors).toBe(before)
    })
  }

  const unary: Array<[string, (x: tf.Tensor) => tf.Tensor]> = [
    ["relu", tf.relu], ["step", (x) => tf.step(x)], ["step(alpha)", (x) => tf.step(x, 0.3)], ["neg", tf.neg], ["abs", tf.abs],
    ["square", tf.square], ["sqrt", (x) => tf.sqrt(tf.abs(x))], ["rsqrt", (x) => tf.rsqrt(tf.abs(x))],
    ["reciprocal", tf.reciprocal], ["exp", tf.exp], ["log", (x) => tf.log(tf.abs(x))], ["sigmoid", tf.sigmoid],
  ]
  test("unary kernels, NaN and zero included", async () => {
    const special = new Float32Array([Number.NaN, 0, -0, 1e-30, -1e-30, 3, -3])
    await fc.assert(fc.asyncProperty(fc.array(fc.integer({ min: 1, max: 6 }), { maxLength: 3 }), fc.nat(), async (shape, seed) => {
      const xv = uniforms(seed, size(shape))
      xv.set(special.subarray(0, Math.min(special.length, xv.length)))
      for (const [, op] of unary) {
        const f = () => op(tf.tensor(xv, shape))
        const want = await onBackend("cpu", () => compute(f))
        const got = await onBackend("blas", () => compute(f))
        expect(Array.from(got)).toEqual(Array.from(want))
      }
    }), { numRuns: 40 })
  })

  test("sum, mean, max, min over any axes, keepDims (sums within 1e-6 of sum |x|)", async () => {
    await fc.assert(fc.asyncProperty(
      fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 4 }).chain((shape) =>
        fc.tuple(fc.constant(shape), fc.subarray(shape.map((_, i) => i), { minLength: 1 }), fc.boolean(), fc.nat())),
      async ([shape, axes, keepDims, seed]) => {
        const xv = uniforms(seed, size(shape))
        const ops: Array<(x: tf.Tensor) => tf.Tensor> = [
          (x) => tf.sum(x, axes, keepDims), (x) => tf.mean(x, axes, keepDims), (x) => tf.max(x, axes, keepDims), (x) => tf.min(x, axes, keepDims)]
        for (const op of ops) {
          const f = () => op(tf.tensor(xv, shape))
          const want = await onBackend("cpu", () => compute(f))
          const got = await onBackend("blas", () => compute(f))
          const scale = await onBackend("cpu", () => compute(() => tf.sum(tf.abs(tf.tensor(xv, shape)), axes, keepDims)))
          expect(worstExcess(got, want, scale, 1e-6)).toBeLessThanOrEqual(0)
          const shapeGot = await onBackend("blas", () => tf.tidy(() => f().shape))
          expect(shapeGot).toEqual(await onBackend("cpu", () => tf.tidy(() => f().shape)))
        }
      }), { numRuns: 60 })
  })

  test("large add/sub/scalar products (the BLAS saxpy/sscal path) are bit-identical too, NaN and 0 included", async () => {
    await fc.assert(fc.asyncProperty(
      fc.record({ rows: fc.integer({ min: 64, max: 90 }), seed: fc.nat(), scalar: fc.constantFrom(0, 1.5, -0.9, Number.NaN),
        scalarShape: fc.constantFrom<number[]>([], [1], [1, 1, 1]) }),
      async ({ rows, seed, scalar, scalarShape }) => {
        const shape = [rows, 64]
        const av = uniforms(seed, rows * 64), bv = uniforms(seed + 1, rows * 64)
        av[3] = Number.NaN
        bv[5] = Number.POSITIVE_INFINITY
        const ops: Array<() => tf.Tensor> = [
          () => tf.add(tf.tensor(av, shape), tf.tensor(bv, shape)),
          () => tf.sub(tf.tensor(av, shape), tf.tensor(bv, shape)),
          () => tf.mul(tf.tensor(av, shape), tf.tensor([scalar], scalarShape)),
          () => tf.mul(tf.tensor([scalar], scalarShape), tf.tensor(bv, shape)),
        ]
        for (const f of ops) {
          const want = await onBackend("cpu", () => tf.tidy(() => { const t = f(); return { shape: t.shape, v: Array.from(t.dataSync()) } }))
          const got = await onBackend("blas", () => tf.tidy(() => { const t = f(); return { shape: t.shape, v: Array.from(t.dataSync()) } }))
          expect(got).toEqual(want)
        }
      }), { numRuns: 20 })
  })

  test("ReLU's gradient (the fused SslReluGrad kernel on blas) equals tfjs' mul(dy, step(x)), NaN included; second order too", async () => {
    await fc.assert(fc.asyncProperty(fc.integer({ min: 1, max: 5000 }), fc.nat(), async (n, seed) => {
      const xv = uniforms(seed, n), dyv = uniforms(seed + 1, n)
      xv[0] = Number.NaN
      if (n > 2) { xv[1] = 0; dyv[2] = Number.NaN }
      const first = () => tf.grad((x: tf.Tensor) => tf.sum(tf.mul(tf.relu(x), tf.tensor1d(dyv))))(tf.tensor1d(xv))
      // d/dx of sum(w · d(sum relu(x)·c)/dx) = 0, and the gradient through dy is step(x)
      const second = () => tf.grad((c: tf.Tensor) => tf.sum(tf.grad((x: tf.Tensor) => tf.sum(tf.mul(tf.relu(x), c)))(tf.tensor1d(xv))))(tf.tensor1d(dyv))
      for (const f of [first, second]) {
        const want = await onBackend("cpu", () => compute(f))
        const got = await onBackend("blas", () => compute(f))
        expect(Array.from(got)).toEqual(Array.from(want))
      }
    }), { numRuns: 30 })
  })

  test("int32 inputs fall back to the cpu kernels", async () => {
    const f = () => tf.add(tf.tensor([1, 2, 3], [3], "int32"), tf.tensor([4], [1], "int32"))
    const got = await onBackend("blas", () => tf.tidy(() => { const t = f(); return { dtype: t.dtype, v: Array.from(t.dataSync()) } }))
    expect(got).toEqual({ dtype: "int32", v: [5, 6, 7] })
  })
})
