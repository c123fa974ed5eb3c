// The JS kernels that let tfjs' wasm backend train a convnet: Conv2DBackpropFilter (missing) and MaxPoolGrad (wrong
// for even sizes with stride 2), against the cpu backend.
import { describe, expect, test } from "bun:test"
import fc from "fast-check"
import { tf } from "../../src/index.ts"
import { compute, onBackend, uniforms, worstExcess } from "./onBackend.ts"

describe("wasm kernel fixes", () => {
  test("Conv2DBackpropFilter and MaxPoolGrad match cpu (stride 1/2, same/valid, even sizes)", async () => {
    const before = tf.memory().numTensors
    await fc.assert(fc.asyncProperty(
      fc.record({ n: fc.integer({ min: 1, max: 2 }), h: fc.integer({ min: 3, max: 8 }), c: fc.integer({ min: 1, max: 4 }),
        oc: fc.integer({ min: 1, max: 4 }), k: fc.constantFrom(1, 2, 3), stride: fc.constantFrom(1, 2),
        pad: fc.constantFrom("same", "valid") as fc.Arbitrary<"same" | "valid">, seed: fc.nat() }),
      async ({ n, h, c, oc, k, stride, pad, seed }) => {
        const xv = uniforms(seed, n * h * h * c), wv = uniforms(seed + 1, k * k * c * oc)
        const filterGrad = (abs: boolean) => () => {
          const f = (t: tf.Tensor) => (abs ? tf.abs(t) : t)
          const x = f(tf.tensor4d(xv, [n, h, h, c])) as tf.Tensor4D
          // d/dw of sum(conv(x, w)) = sums of x over taps; with |x| that is the scale of those sums
          return tf.grad((w: tf.Tensor) => tf.sum(tf.conv2d(x, w as tf.Tensor4D, stride, pad)))(tf.tensor4d(wv, [k, k, c, oc]))
        }
        const want = await onBackend("cpu", () => compute(filterGrad(false)))
        const scale = await onBackend("cpu", () => compute(filterGrad(true)))
        const got = await onBackend("wasm", () => compute(filterGrad(false)))
        expect(worstExcess(got, want, scale, 1e-5)).toBeLessThanOrEqual(0)
        const poolGrad = () => tf.grad((x: tf.Tensor) => tf.sum(tf.mul(tf.maxPool(x as tf.Tensor4D, k, stride, pad), 3)))(tf.tensor4d(xv, [n, h, h, c]))
        expect(Array.from(await onBackend("wasm", () => compute(poolGrad)))).toEqual(Array.from(await onBackend("cpu", () => compute(poolGrad))))
      }), { numRuns: 40 })
    expect(tf.memory().numTensors).toBe(before)
  }, 30_000)

  test("a small convnet trains on wasm (loss decreases)", async () => {
    const losses = await onBackend("wasm", () => {
      const x = tf.tensor4d(uniforms(3, 4 * 8 * 8 * 1), [4, 8, 8, 1])
      const w = tf.variable(tf.tensor4d(uniforms(4, 3 * 3 * 1 * 4), [3, 3, 1, 4]))
      const opt = tf.train.sgd(0.1)
      const out: number[] = []
      for (let i = 0; i < 5; i++) {
        const loss = opt.minimize(() => tf.mean(tf.square(tf.sub(tf.maxPool(tf.conv2d(x, w as tf.Tensor4D, 1, "same"), 2, 2, "same"), 0.5))), true)!
        out.push(loss.dataSync()[0]!)
        loss.dispose()
      }
      tf.dispose([x, w])
      opt.dispose()
      return out
    })
    expect(losses[4]!).toBeLessThan(losses[0]!)
  }, 20_000)
})
