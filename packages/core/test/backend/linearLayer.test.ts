// linearLayer — y = act(x Wᵀ + b) as one blas kernel with a registered gradient — against a naive float64 reference
// for y and for the gradients of Σ y·v with respect to x, W and b, on both kernel paths and on the cpu backend (where
// it is tf.fused.matMul): shapes drawn, outputs past the pool's 1024 threshold with the pool poisoned, with and without
// bias, linear and ReLU. The ReLU mask of the reference is taken from the computed y (y > 0), so a pre-activation that
// rounds to the other side of 0 in float32 cannot make the check flaky; y itself is checked against float64.
// Mutations caught (each checked by hand): the bias gradient summed over the unmasked dy instead of dy·step(y); the
// ReLU mask dropped from the gradient (dz = dy); the activation attribute ignored in the forward kernel (no ReLU).
import { expect, test } from "bun:test"
import fc from "fast-check"
import { linearLayer, tf } from "../../src/index.ts"
import { forEachKernelPath, onBackend, poisonPool, uniforms, worstExcess } from "./onBackend.ts"

const problem = fc.record({
  // B·out past 1024 in about half the cases (the pool's threshold)
  batch: fc.oneof(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 40, max: 90 })),
  inDim: fc.integer({ min: 1, max: 40 }),
  outDim: fc.oneof(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 26, max: 48 })),
  bias: fc.boolean(),
  relu: fc.boolean(),
  seed: fc.nat({ max: 1e6 }),
})
type Problem = typeof problem extends fc.Arbitrary<infer P> ? P : never

const inputs = ({ batch, inDim, outDim, seed }: Problem) => ({
  x: uniforms(seed, batch * inDim), // [B, in]
  w: uniforms(seed + 1, outDim * inDim), // [out, in]
  b: uniforms(seed + 2, outDim), // [out]
  v: uniforms(seed + 3, batch * outDim), // [B, out]: the upstream gradient
})

/** y and the gradients of Σ y·v, computed by `linearLayer` on the current backend. */
const run = (p: Problem) => {
  const { x, w, b, v } = inputs(p)
  return tf.tidy(() => {
    const xt = tf.tensor2d(x, [p.batch, p.inDim]), wt = tf.tensor2d(w, [p.outDim, p.inDim]), bt = tf.tensor1d(b)
    const vt = tf.tensor2d(v, [p.batch, p.outDim])
    const f = (xs: tf.Tensor2D, ws: tf.Tensor2D, bs: tf.Tensor1D) => linearLayer(xs, ws, p.bias ? bs : undefined, p.relu ? "relu" : "linear")
    const y = f(xt, wt, bt)
    // without a bias, b is not an input: its gradient is reported as zeros
    const [dx, dw, db = tf.zeros([p.outDim])] = tf.grads((...vs: tf.Tensor[]) =>
      tf.sum(tf.mul(f(vs[0] as tf.Tensor2D, vs[1] as tf.Tensor2D, vs[2] as tf.Tensor1D), vt)))(p.bias ? [xt, wt, bt] : [xt, wt])
    const read = (t: tf.Tensor) => Float32Array.from(t.dataSync())
    return { y: read(y), dx: read(dx!), dw: read(dw!), db: read(db) }
  })
}

/** The float64 reference, with |terms| sums as the scale of each output's rounding error. */
const reference = (p: Problem, y: Float32Array) => {
  const { batch: B, inDim: I, outDim: O } = p
  const { x, w, b, v } = inputs(p)
  const want = { y: new Float64Array(B * O), dx: new Float64Array(B * I), dw: new Float64Array(O * I), db: new Float64Array(O) }
  const scale = { y: new Float64Array(B * O), dx: new Float64Array(B * I), dw: new Float64Array(O * I), db: new Float64Array(O) }
  const dz = new Float64Array(B * O)
  for (let r = 0; r < B; r++) for (let o = 0; o < O; o++) {
    let s = p.bias ? b[o]! : 0, a = Math.abs(s)
    for (let k = 0; k < I; k++) { s += x[r * I + k]! * w[o * I + k]!; a += Math.abs(x[r * I + k]! * w[o * I + k]!) }
    want.y[r * O + o] = p.relu ? Math.max(s, 0) : s
    scale.y[r * O + o] = a
    dz[r * O + o] = p.relu && !(y[r * O + o]! > 0) ? 0 : v[r * O + o]!
  }
  for (let r = 0; r < B; r++) for (let k = 0; k < I; k++) for (let o = 0; o < O; o++) {
    const g = dz[r * O + o]!
    want.dx[r * I + k]! += g * w[o * I + k]!
    scale.dx[r * I + k]! += Math.abs(g * w[o * I + k]!)
    want.dw[o * I + k]! += g * x[r * I + k]!
    scale.dw[o * I + k]! += Math.abs(g * x[r * I + k]!)
  }
  for (let r = 0; r < B; r++) for (let o = 0; o < O; o++) { want.db[o]! += dz[r * O + o]!; scale.db[o]! += Math.abs(dz[r * O + o]!) }
  if (!p.bias) want.db.fill(0)
  return { want, scale }
}

const check = (p: Problem, got: ReturnType<typeof run>) => {
  const { want, scale } = reference(p, got.y)
  for (const k of ["y", "dx", "dw", "db"] as const) expect(worstExcess(got[k], want[k], scale[k], 1e-6)).toBeLessThanOrEqual(0)
}

forEachKernelPath((path) => {
  test(`linearLayer (blas, ${path} kernels): y and the gradients of x, W, b equal the float64 reference`, async () => {
    const before = tf.memory().numTensors
    await onBackend("blas", () => fc.assert(fc.property(problem, (p) => {
      poisonPool(p.batch * p.outDim)
      check(p, run(p))
    }), { numRuns: 60 }))
    expect(tf.memory().numTensors).toBe(before)
  }, 60_000)
})

test("linearLayer (cpu: tf.fused.matMul): the same reference", async () => {
  await onBackend("cpu", () => fc.assert(fc.property(problem, (p) => check(p, run(p))), { numRuns: 30 }))
}, 60_000)

test("linearLayer rejects mismatched shapes with a message naming them", async () => {
  await onBackend("blas", () => {
    expect(() => tf.tidy(() => linearLayer(tf.zeros([2, 3]), tf.zeros([4, 5]), undefined))).toThrow("x [B, in], weight [out, in]")
    expect(() => tf.tidy(() => linearLayer(tf.zeros([2, 3]), tf.zeros([4, 3]), tf.zeros([3])))).toThrow("bias [out]")
  })
})
