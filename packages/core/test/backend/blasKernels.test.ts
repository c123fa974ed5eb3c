// Every kernel the blas backend overrides, against tfjs' cpu backend, on shapes drawn by fast-check, on both kernel
// paths (native library and JavaScript fallback: the fused bias/ReLU and im2col/col2im differ between them).
import { describe, expect, test } from "bun:test"
import fc from "fast-check"
import { tf } from "../../src/index.ts"
import { compute, forEachKernelPath, onBackend, uniforms, worstExcess } from "./onBackend.ts"

// Both backends compute the same float32 sums in different orders, so results differ by rounding only. A float32
// sum of k products carries error up to about k·2⁻²⁴·Σ|terms| (typically √k·2⁻²⁴·Σ|terms|); 1e-5·Σ|terms| is that
// bound for k ≈ 170, beyond every k drawn here, and still ~100x tighter than any indexing mistake would give.
const TOL = 1e-5

const both = async (make: () => tf.Tensor, makeScale: () => tf.Tensor) => {
  const want = await onBackend("cpu", () => compute(make))
  const scale = await onBackend("cpu", () => compute(makeScale))
  const got = await onBackend("blas", () => compute(make))
  return { got, want, scale }
}

const leakFree = async (f: () => Promise<void>) => {
  const before = tf.memory().numTensors
  await f()
  expect(tf.memory().numTensors).toBe(before)
}

// A batch shape for the output and, for each operand, a broadcast-compatible version of it (dims set to 1 or
// dropped from the front). `cpuSafe` marks the cases tfjs' cpu kernel gets right (it only broadcasts a whole
// batch of 1, or a batch equal to the trailing dims of the other's batch).
const batchShapes = fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 2 }).chain((out) =>
  fc.tuple(fc.constant(out), fc.array(fc.boolean(), { minLength: out.length, maxLength: out.length }),
    fc.array(fc.boolean(), { minLength: out.length, maxLength: out.length }), fc.nat({ max: out.length }), fc.nat({ max: out.length })))
  .map(([out, onesA, onesB, dropA, dropB]) => {
    const a = out.map((d, i) => (onesA[i] ? 1 : d)).slice(dropA)
    const b = out.map((d, i) => (onesB[i] ? 1 : d)).slice(dropB)
    const size = (s: number[]) => s.reduce((p, q) => p * q, 1)
    const suffix = (s: number[], t: number[]) => s.length <= t.length && s.every((d, i) => d === t[t.length - s.length + i])
    const cpuSafe = size(a) === 1 || size(b) === 1 || suffix(a, b) || suffix(b, a)
    return { a, b, cpuSafe }
  })

const matmulCase = fc.record({
  batch: batchShapes,
  m: fc.integer({ min: 1, max: 12 }), k: fc.integer({ min: 1, max: 40 }), n: fc.integer({ min: 1, max: 12 }),
  transposeA: fc.boolean(), transposeB: fc.boolean(), seed: fc.nat(),
})

type MatmulCase = typeof matmulCase extends fc.Arbitrary<infer T> ? T : never
const matmulOperands = (c: MatmulCase) => {
  const aShape = [...c.batch.a, ...(c.transposeA ? [c.k, c.m] : [c.m, c.k])]
  const bShape = [...c.batch.b, ...(c.transposeB ? [c.n, c.k] : [c.k, c.n])]
  const size = (s: number[]) => s.reduce((p, q) => p * q, 1)
  return { aShape, bShape, av: uniforms(c.seed, size(aShape)), bv: uniforms(c.seed + 1, size(bShape)) }
}

// float64 reference of a broadcasting batched matmul (row-major), for the cases the cpu kernel cannot check.
const naiveMatMul = (av: Float32Array, aShape: number[], bv: Float32Array, bShape: number[], tA: boolean, tB: boolean) => {
  const ra = aShape.length, rb = bShape.length
  const m = tA ? aShape[ra - 1]! : aShape[ra - 2]!, k = tA ? aShape[ra - 2]! : aShape[ra - 1]!
  const n = tB ? bShape[rb - 2]! : bShape[rb - 1]!
  const ba = aShape.slice(0, -2), bb = bShape.slice(0, -2), r = Math.max(ba.length, bb.length)
  const pa = [...new Array<number>(r - ba.length).fill(1), ...ba], pb = [...new Array<number>(r - bb.length).fill(1), ...bb]
  const out = pa.map((d, i) => Math.max(d, pb[i]!))
  const nOut = out.reduce((p, q) => p * q, 1)
  const res = new Float64Array(nOut * m * n)
  for (let t = 0; t < nOut; t++) {
    let rem = t, ia = 0, ib = 0, sa = 1, sb = 1
    for (let d = r - 1; d >= 0; d--) {
      const coord = rem % out[d]!; rem = Math.floor(rem / out[d]!)
      if (pa[d]! !== 1) ia += coord * sa
      if (pb[d]! !== 1) ib += coord * sb
      sa *= pa[d]!; sb *= pb[d]!
    }
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
      let s = 0
      for (let q = 0; q < k; q++) {
        const x = av[ia * m * k + (tA ? q * m + i : i * k + q)]!, y = bv[ib * k * n + (tB ? j * k + q : q * n + j)]!
        s += x * y
      }
      res[(t * m + i) * n + j] = s
    }
  }
  return res
}

forEachKernelPath(() => describe("blas backend kernels match the cpu backend", () => {
  test("BatchMatMul: batch broadcasting, transposes", async () => {
    await leakFree(() => fc.assert(fc.asyncProperty(matmulCase, async (c) => {
      const { aShape, bShape, av, bv } = matmulOperands(c)
      const mm = (abs: boolean) => () => {
        const a = tf.tensor(av, aShape), b = tf.tensor(bv, bShape)
        return tf.matMul(abs ? tf.abs(a) : a, abs ? tf.abs(b) : b, c.transposeA, c.transposeB)
      }
      const got = await onBackend("blas", () => compute(mm(false)))
      const scale = naiveMatMul(av.map(Math.abs), aShape, bv.map(Math.abs), bShape, c.transposeA, c.transposeB)
      expect(worstExcess(got, naiveMatMul(av, aShape, bv, bShape, c.transposeA, c.transposeB), scale, TOL)).toBeLessThanOrEqual(0)
      if (c.batch.cpuSafe) {
        const want = await onBackend("cpu", () => compute(mm(false)))
        expect(worstExcess(got, want, scale, TOL)).toBeLessThanOrEqual(0)
      }
    })))
  }, 30_000)

  test("_FusedMatMul: bias and activation fused after the GEMM", async () => {
    const activations = ["linear", "relu", "relu6", "elu", "leakyrelu", "sigmoid", "prelu"] as const
    await leakFree(() => fc.assert(fc.asyncProperty(
      fc.record({ m: fc.integer({ min: 1, max: 9 }), k: fc.integer({ min: 1, max: 30 }), n: fc.integer({ min: 1, max: 9 }),
        transposeA: fc.boolean(), transposeB: fc.boolean(), bias: fc.constantFrom("none", "row", "full", "scalar"),
        activation: fc.constantFrom(...activations), seed: fc.nat() }),
      async (c) => {
        const aShape = c.transposeA ? [c.k, c.m] : [c.m, c.k], bShape = c.transposeB ? [c.n, c.k] : [c.k, c.n]
        const av = uniforms(c.seed, c.m * c.k), bv = uniforms(c.seed + 1, c.k * c.n)
        const biasShape = { none: [], row: [c.n], full: [c.m, c.n], scalar: [1] }[c.bias]
        const biasV = uniforms(c.seed + 2, biasShape.reduce((p, q) => p * q, 1))
        const alpha = uniforms(c.seed + 3, c.n)
        const run = (abs: boolean) => () => {
          const f = (t: tf.Tensor) => (abs ? tf.abs(t) : t)
          return tf.fused.matMul({
            a: f(tf.tensor2d(av, aShape as [number, number])), b: f(tf.tensor2d(bv, bShape as [number, number])),
            transposeA: c.transposeA, transposeB: c.transposeB,
            ...(c.bias === "none" ? {} : { bias: f(tf.tensor(biasV, biasShape)) }),
            ...(abs ? {} : { activation: c.activation, preluActivationWeights: tf.tensor1d(alpha), leakyreluAlpha: 0.1 }),
          })
        }
        // Activations are 1-Lipschitz up to |alpha| <= 1, so the pre-activation scale bounds the error after them too.
        const { got, want, scale } = await both(run(false), run(true))
        expect(worstExcess(got, want, scale, TOL)).toBeLessThanOrEqual(0)
      })))
  }, 30_000)

  const convCase = fc.record({
    batch: fc.integer({ min: 1, max: 3 }), inC: fc.integer({ min: 1, max: 8 }), outC: fc.integer({ min: 1, max: 8 }),
    k: fc.constantFrom(1, 3, 5), stride: fc.constantFrom(1, 2), pad: fc.constantFrom("same", "valid") as fc.Arbitrary<"same" | "valid">,
    extraH: fc.integer({ min: 0, max: 6 }), extraW: fc.integer({ min: 0, max: 6 }), seed: fc.nat(),
  }).map((c) => ({ ...c, h: c.k + c.extraH, w: c.k + c.extraW }))
  type ConvCase = typeof convCase extends fc.Arbitrary<infer T> ? T : never

  const convTensors = (c: ConvCase, abs: boolean) => {
    const f = (t: tf.Tensor) => (abs ? tf.abs(t) : t)
    const x = f(tf.tensor4d(uniforms(c.seed, c.batch * c.h * c.w * c.inC), [c.batch, c.h, c.w, c.inC])) as tf.Tensor4D
    const w = f(tf.tensor4d(uniforms(c.seed + 1, c.k * c.k * c.inC * c.outC), [c.k, c.k, c.inC, c.outC])) as tf.Tensor4D
    return { x, w }
  }
  const outShape = (c: ConvCase) => tf.tidy(() => tf.conv2d(tf.zeros([c.batch, c.h, c.w, c.inC]) as tf.Tensor4D,
    tf.zeros([c.k, c.k, c.inC, c.outC]) as tf.Tensor4D, c.stride, c.pad).shape)

  test("Conv2D and FusedConv2D (bias + relu): kernel 1/3/5, stride 1/2, same/valid, channels 1..8", async () => {
    await leakFree(() => fc.assert(fc.asyncProperty(convCase, async (c) => {
      const plain = await both(() => { const { x, w } = convTensors(c, false); return tf.conv2d(x, w, c.stride, c.pad) },
        () => { const { x, w } = convTensors(c, true); return tf.conv2d(x, w, c.stride, c.pad) })
      expect(worstExcess(plain.got, plain.want, plain.scale, TOL)).toBeLessThanOrEqual(0)
      const bias = uniforms(c.seed + 7, c.outC)
      const fused = (abs: boolean) => () => {
        const { x, w } = convTensors(c, abs)
        const b = tf.tensor1d(bias)
        return tf.fused.conv2d({ x, filter: w, strides: c.stride, pad: c.pad, bias: abs ? tf.abs(b) : b, activation: abs ? "linear" : "relu" })
      }
      const f = await both(fused(false), fused(true))
      expect(worstExcess(f.got, f.want, f.scale, TOL)).toBeLessThanOrEqual(0)
    })))
  }, 60_000)

  test("Conv2DBackpropInput and Conv2DBackpropFilter", async () => {
    await leakFree(() => fc.assert(fc.asyncProperty(convCase, async (c) => {
      const dyShape = outShape(c) as [number, number, number, number]
      const dyv = uniforms(c.seed + 3, dyShape.reduce((p, q) => p * q, 1))
      const dyOf = (abs: boolean) => { const t = tf.tensor4d(dyv, dyShape); return abs ? tf.abs(t) : t }
      const dx = await both(
        () => tf.conv2dTranspose(dyOf(false), convTensors(c, false).w, [c.batch, c.h, c.w, c.inC], c.stride, c.pad),
        () => tf.conv2dTranspose(dyOf(true), convTensors(c, true).w, [c.batch, c.h, c.w, c.inC], c.stride, c.pad))
      expect(worstExcess(dx.got, dx.want, dx.scale, TOL)).toBeLessThanOrEqual(0)
      const filterGrad = (abs: boolean) => () => {
        const { x } = convTensors(c, abs)
        return tf.grad((w: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(x, w as tf.Tensor4D, c.stride, c.pad), dyOf(abs))))(convTensors(c, abs).w)
      }
      const dw = await both(filterGrad(false), filterGrad(true))
      expect(worstExcess(dw.got, dw.want, dw.scale, TOL)).toBeLessThanOrEqual(0)
    })))
  }, 60_000)
}))
