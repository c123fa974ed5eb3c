// The blas backend's element-wise and reduction kernels against tfjs' cpu backend, with numpy broadcasting, on both
// kernel paths (native library and JavaScript fallback), with sizes past the buffer pool's 1024 threshold and the
// pool poisoned first, so that the recycled-buffer path (unspecified contents) is compared too.
// Mutations caught (each checked by hand): an inner loop that stops one element short (native C or the compiled JS
// loop); a native ReLU that writes only its non-zero outputs (passes on fresh zeroed buffers, fails on the
// poisoned pool); a native ReLU written `x < 0 ? 0 : x` (keeps -0 where tfjs' Math.max(0, x) gives +0).
import { expect, test } from "bun:test"
import fc from "fast-check"
import { tf } from "../../src/index.ts"
import { compute, forEachKernelPath, onBackend, poisonPool, uniforms, worstExcess } from "./onBackend.ts"

const size = (s: number[]) => s.reduce((p, q) => p * q, 1)

// Two operand shapes that broadcast to `out` (dims set to 1 or dropped from the front).
const pairFor = (out: number[]) =>
  fc.tuple(fc.array(fc.boolean(), { minLength: out.length, maxLength: out.length }),
    fc.array(fc.boolean(), { minLength: out.length, maxLength: out.length }), fc.nat({ max: out.length }), fc.nat({ max: out.length }), fc.nat())
    .map(([onesA, onesB, dropA, dropB, seed]) => ({
      out, a: out.map((d, i) => (onesA[i] ? 1 : d)).slice(dropA), b: out.map((d, i) => (onesB[i] ? 1 : d)).slice(dropB), seed,
    }))
// Small outputs (rank 0..4, ≤ 625 elements: fresh buffers) and large ones (≥ 33·33 = 1089 elements: pooled buffers).
const smallOut = fc.array(fc.integer({ min: 1, max: 5 }), { maxLength: 4 })
const largeOut = fc.tuple(fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 2 }), fc.integer({ min: 33, max: 70 }), fc.integer({ min: 33, max: 70 }))
  .map(([lead, p, q]) => [...lead, p, q])
const broadcastPair = fc.oneof(smallOut, largeOut).chain(pairFor)

/** The op computed on cpu and on blas (pool poisoned for the output's length first). */
const onBoth = async (f: () => tf.Tensor, outLength: number) => {
  const want = await onBackend("cpu", () => compute(f))
  const got = await onBackend("blas", () => {
    poisonPool(outLength)
    return compute(f)
  })
  return { got: Array.from(got), want: Array.from(want) }
}

forEachKernelPath(() => {
  const binary: Array<[string, (a: tf.Tensor, b: tf.Tensor) => tf.Tensor]> = [
    ["add", tf.add], ["sub", tf.sub], ["mul", tf.mul], ["div", tf.div], ["maximum", tf.maximum], ["minimum", tf.minimum],
    ["squaredDifference", tf.squaredDifference], ["pow", (a, b) => tf.pow(tf.abs(a), b)],
  ]
  for (const [name, op] of binary) {
    test(`${name} with broadcasting, NaN and ±0 included (bit-identical: same float64 op, same rounding)`, async () => {
      const before = tf.memory().numTensors
      await fc.assert(fc.asyncProperty(broadcastPair, async ({ out, a, b, seed }) => {
        const av = uniforms(seed, size(a)), bv = uniforms(seed + 1, size(b))
        av.set([Number.NaN, 0, -0, 0].slice(0, av.length))
        bv.set([1, -0, 0, Number.NaN].slice(0, bv.length))
        const { got, want } = await onBoth(() => op(tf.tensor(av, a), tf.tensor(bv, b)), size(out))
        expect(got).toEqual(want)
      }), { numRuns: 60 })
      expect(tf.memory().numTensors).toBe(before)
    }, 60_000) // property tests on a loaded machine take seconds
  }

  const unary: Array<[string, (x: tf.Tensor) => tf.Tensor]> = [
    ["relu", tf.relu], ["step", (x) => tf.step(x)], ["step(alpha)", (x) => tf.step(x, 0.3)], ["neg", tf.neg], ["abs", tf.abs],
    ["square", tf.square], ["sqrt", (x) => tf.sqrt(tf.abs(x))], ["rsqrt", (x) => tf.rsqrt(tf.abs(x))],
    ["reciprocal", tf.reciprocal], ["exp", tf.exp], ["log", (x) => tf.log(tf.abs(x))], ["sigmoid", tf.sigmoid],
  ]
  test("unary kernels, NaN and ±0 included, small and pooled sizes", async () => {
    const special = new Float32Array([Number.NaN, 0, -0, 1e-30, -1e-30, 3, -3])
    const shapes = fc.oneof(fc.array(fc.integer({ min: 1, max: 6 }), { maxLength: 3 }), fc.integer({ min: 1024, max: 6000 }).map((n) => [n]))
    await fc.assert(fc.asyncProperty(shapes, fc.nat(), async (shape, seed) => {
      const xv = uniforms(seed, size(shape))
      xv.set(special.subarray(0, Math.min(special.length, xv.length)))
      for (const [, op] of unary) {
        const { got, want } = await onBoth(() => op(tf.tensor(xv, shape)), size(shape))
        expect(got).toEqual(want)
      }
    }), { numRuns: 40 })
  }, 60_000)

  test("sum, mean, max, min over any axes, keepDims, NaN included (sums within 1e-6 of sum |x|)", async () => {
    await fc.assert(fc.asyncProperty(
      fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 4 }).chain((shape) =>
        fc.tuple(fc.constant(shape), fc.subarray(shape.map((_, i) => i), { minLength: 1 }), fc.boolean(), fc.nat(), fc.boolean())),
      async ([shape, axes, keepDims, seed, withNaN]) => {
        const xv = uniforms(seed, size(shape))
        if (withNaN) xv[seed % xv.length] = Number.NaN
        const ops: Array<(x: tf.Tensor) => tf.Tensor> = [
          (x) => tf.sum(x, axes, keepDims), (x) => tf.mean(x, axes, keepDims), (x) => tf.max(x, axes, keepDims), (x) => tf.min(x, axes, keepDims)]
        for (const op of ops) {
          const f = () => op(tf.tensor(xv, shape))
          const want = await onBackend("cpu", () => compute(f))
          const got = await onBackend("blas", () => compute(f))
          const scale = await onBackend("cpu", () => compute(() => tf.sum(tf.abs(tf.tensor(xv, shape)), axes, keepDims)))
          expect(Array.from(got).map(Number.isNaN)).toEqual(Array.from(want).map(Number.isNaN))
          const finite = (v: Float32Array) => v.map((x) => (Number.isNaN(x) ? 0 : x))
          expect(worstExcess(finite(got), finite(want), finite(scale), 1e-6)).toBeLessThanOrEqual(0)
          const shapeGot = await onBackend("blas", () => tf.tidy(() => f().shape))
          expect(shapeGot).toEqual(await onBackend("cpu", () => tf.tidy(() => f().shape)))
        }
      }), { numRuns: 60 })
  }, 60_000)

  test("large add/sub/scalar products are bit-identical too, NaN, Inf and 0 included", async () => {
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
          const { got, want } = await onBoth(f, rows * 64)
          expect(got).toEqual(want)
        }
      }), { numRuns: 20 })
  }, 60_000)

  test("ReLU's gradient (the fused SslReluGrad kernel on blas) equals tfjs' mul(dy, step(x)), NaN and Inf included; second order too", async () => {
    await fc.assert(fc.asyncProperty(fc.integer({ min: 1, max: 5000 }), fc.nat(), async (n, seed) => {
      const xv = uniforms(seed, n), dyv = uniforms(seed + 1, n)
      xv[0] = Number.NaN
      if (n > 4) { xv[1] = 0; dyv[2] = Number.NaN; xv[3] = -1; dyv[3] = Number.POSITIVE_INFINITY; xv[4] = -0 }
      const first = () => tf.grad((x: tf.Tensor) => tf.sum(tf.mul(tf.relu(x), tf.tensor1d(dyv))))(tf.tensor1d(xv))
      // d/dx of sum(w · d(sum relu(x)·c)/dx) = 0, and the gradient through dy is step(x)
      const second = () => tf.grad((c: tf.Tensor) => tf.sum(tf.grad((x: tf.Tensor) => tf.sum(tf.mul(tf.relu(x), c)))(tf.tensor1d(xv))))(tf.tensor1d(dyv))
      for (const f of [first, second]) {
        const { got, want } = await onBoth(f, n)
        expect(got).toEqual(want)
      }
    }), { numRuns: 30 })
  }, 60_000)

  test("int32 inputs fall back to the cpu kernels", async () => {
    const f = () => tf.add(tf.tensor([1, 2, 3], [3], "int32"), tf.tensor([4], [1], "int32"))
    const got = await onBackend("blas", () => tf.tidy(() => { const t = f(); return { dtype: t.dtype, v: Array.from(t.dataSync()) } }))
    expect(got).toEqual({ dtype: "int32", v: [5, 6, 7] })
  })
})
