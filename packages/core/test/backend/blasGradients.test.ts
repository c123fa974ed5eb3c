// Training through the blas backend: gradients of a small conv + dense net against the cpu backend, and the
// analytic gradient against central finite differences of a float64 reference of the same tiny net; on both kernel paths.
import { describe, expect, test } from "bun:test"
import { tf } from "../../src/index.ts"
import { forEachKernelPath, onBackend, uniforms } from "./onBackend.ts"

interface Params { w1: Float32Array; b1: Float32Array; w2: Float32Array; wd: Float32Array; bd: Float32Array }
const X_SHAPE = [2, 6, 6, 2] as const // [N, H, W, C]
const SHAPES = { w1: [3, 3, 2, 4], b1: [4], w2: [3, 3, 4, 3], wd: [12, 5], bd: [5] } as const

const params = (seed: number): Params => ({
  w1: uniforms(seed, 72).map((v) => v * 0.5), b1: uniforms(seed + 1, 4).map((v) => v * 0.1),
  w2: uniforms(seed + 2, 108).map((v) => v * 0.3), wd: uniforms(seed + 3, 60).map((v) => v * 0.3),
  bd: uniforms(seed + 4, 5).map((v) => v * 0.1),
})

// conv3x3 same (+bias, relu) -> conv3x3 stride 2 valid (relu) -> flatten -> dense (+bias) -> mean of squares.
const lossTf = (x: tf.Tensor4D, p: Record<keyof Params, tf.Tensor>): tf.Scalar => {
  const h1 = tf.relu(tf.add(tf.conv2d(x, p.w1 as tf.Tensor4D, 1, "same"), p.b1)) as tf.Tensor4D
  const h2 = tf.relu(tf.conv2d(h1, p.w2 as tf.Tensor4D, 2, "valid")) // [2, 2, 2, 3]
  const flat = tf.reshape(h2, [X_SHAPE[0], -1])
  const y = tf.fused.matMul({ a: flat as tf.Tensor2D, b: tf.reshape(p.wd, [flat.shape[1]!, 5]) as tf.Tensor2D, bias: p.bd })
  return tf.mean(tf.square(y))
}

const gradients = (xv: Float32Array, p: Params): { loss: number; grads: Params } => {
  let result: { loss: number; grads: Params } | undefined
  tf.tidy(() => {
  const x = tf.tensor4d(xv, X_SHAPE.slice() as [number, number, number, number])
  const vars = Object.fromEntries(Object.entries(p).map(([k, v]) => [k, tf.tensor(v, SHAPES[k as keyof Params].slice())])) as Record<keyof Params, tf.Tensor>
  const keys = Object.keys(vars) as Array<keyof Params>
  const { value, grads } = tf.valueAndGrads((...ts: tf.Tensor[]) => lossTf(x, Object.fromEntries(keys.map((k, i) => [k, ts[i]!])) as never))(keys.map((k) => vars[k]))
  result = { loss: value.dataSync()[0]!, grads: Object.fromEntries(keys.map((k, i) => [k, grads[i]!.dataSync().slice()])) as unknown as Params }
  })
  return result!
}

// float64 forward of the same net, for finite differences.
const lossF64 = (xv: Float64Array, p: Record<keyof Params, Float64Array>): number => {
  const [N, H, W, C] = X_SHAPE
  const conv = (x: Float64Array, h: number, w: number, c: number, f: Float64Array, oc: number, stride: number, same: boolean) => {
    const oh = same ? Math.ceil(h / stride) : Math.ceil((h - 2) / stride), ow = same ? Math.ceil(w / stride) : Math.ceil((w - 2) / stride)
    const padT = same ? Math.floor(Math.max((oh - 1) * stride + 3 - h, 0) / 2) : 0
    const padL = same ? Math.floor(Math.max((ow - 1) * stride + 3 - w, 0) / 2) : 0
    const y = new Float64Array(N * oh * ow * oc)
    for (let n = 0; n < N; n++) for (let i = 0; i < oh; i++) for (let j = 0; j < ow; j++) for (let o = 0; o < oc; o++) {
      let s = 0
      for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) {
        const ih = i * stride + a - padT, iw = j * stride + b - padL
        if (ih < 0 || ih >= h || iw < 0 || iw >= w) continue
        for (let q = 0; q < c; q++) s += x[((n * h + ih) * w + iw) * c + q]! * f[((a * 3 + b) * c + q) * oc + o]!
      }
      y[((n * oh + i) * ow + j) * oc + o] = s
    }
    return { y, oh, ow }
  }
  const c1 = conv(xv, H, W, C, p.w1, 4, 1, true)
  const h1 = c1.y.map((v, i) => Math.max(0, v + p.b1[i % 4]!))
  const c2 = conv(h1, c1.oh, c1.ow, 4, p.w2, 3, 2, false)
  const h2 = c2.y.map((v) => Math.max(0, v))
  const d = h2.length / N
  let loss = 0
  for (let n = 0; n < N; n++) for (let o = 0; o < 5; o++) {
    let s = p.bd[o]!
    for (let q = 0; q < d; q++) s += h2[n * d + q]! * p.wd[q * 5 + o]!
    loss += (s * s) / (N * 5)
  }
  return loss
}

forEachKernelPath(() => describe("gradients on the blas backend", () => {
  const xv = uniforms(11, X_SHAPE.reduce((a, b) => a * b, 1))
  const p = params(5)

  test("conv + dense net: every gradient matches the cpu backend", async () => {
    const before = tf.memory().numTensors
    const want = await onBackend("cpu", () => gradients(xv, p))
    const got = await onBackend("blas", () => gradients(xv, p))
    expect(Math.abs(got.loss - want.loss)).toBeLessThanOrEqual(1e-5 * Math.abs(want.loss))
    for (const k of Object.keys(want.grads) as Array<keyof Params>) {
      // Errors compound over 4 layers of float32 sums in different orders: allow 1e-4 of the largest entry.
      const g = got.grads[k], w = want.grads[k]
      const scale = Math.max(...Array.from(w, Math.abs))
      expect(scale).toBeGreaterThan(0)
      for (let i = 0; i < w.length; i++) expect(Math.abs(g[i]! - w[i]!)).toBeLessThanOrEqual(1e-4 * scale)
    }
    expect(tf.memory().numTensors).toBe(before)
  })

  test("analytic gradient (blas, float32) = central finite differences of a float64 reference", async () => {
    const got = await onBackend("blas", () => gradients(xv, p))
    const p64 = Object.fromEntries(Object.entries(p).map(([k, v]) => [k, Float64Array.from(v)])) as Record<keyof Params, Float64Array>
    const x64 = Float64Array.from(xv)
    expect(Math.abs(lossF64(x64, p64) - got.loss)).toBeLessThanOrEqual(1e-5 * lossF64(x64, p64))
    const h = 1e-6
    for (const k of Object.keys(p64) as Array<keyof Params>) {
      const v = p64[k], g = got.grads[k]
      const scale = Math.max(...Array.from(g, Math.abs))
      for (let i = 0; i < v.length; i++) {
        const keep = v[i]!
        v[i] = keep + h; const up = lossF64(x64, p64)
        v[i] = keep - h; const down = lossF64(x64, p64)
        v[i] = keep
        const fd = (up - down) / (2 * h)
        // float32 forward/backward vs exact float64 differences: 1e-3 of the gradient's scale.
        expect(Math.abs(g[i]! - fd)).toBeLessThanOrEqual(1e-3 * scale + 1e-7)
      }
    }
  })
}))
