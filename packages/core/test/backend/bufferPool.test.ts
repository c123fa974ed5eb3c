// The blas backend recycles output buffers of disposed tensors; nothing a user or another tensor can still reach
// may ever be overwritten.
import { describe, expect, test } from "bun:test"
import { tf } from "../../src/index.ts"
import { onBackend, uniforms } from "./onBackend.ts"

const N = 8192 // above the pool's minimum length
const storage = (t: tf.Tensor): Float32Array => (tf.backend() as unknown as { data: { get(id: object): { values: Float32Array } } }).data.get(t.dataId).values

describe("blas buffer pool", () => {
  test("a disposed output's buffer is reused by the next output of the same size", async () => {
    await onBackend("blas", () => {
      const x = tf.tensor1d(uniforms(1, N))
      const a = tf.relu(x)
      const buf = storage(a)
      a.dispose()
      const b = tf.neg(x)
      expect(storage(b)).toBe(buf)
      expect(Array.from(b.dataSync().slice(0, 4))).toEqual(Array.from(uniforms(1, 4)).map((v) => -v))
      tf.dispose([x, b])
    })
  })

  test("arrays returned by dataSync are copies: they survive the tensor's disposal and the buffer's reuse", async () => {
    await onBackend("blas", () => {
      const x = tf.tensor1d(uniforms(2, N))
      const a = tf.relu(x)
      const seen = a.dataSync()
      const copy = Float32Array.from(seen)
      a.dispose()
      const b = tf.neg(x)
      expect(seen).toEqual(copy)
      tf.dispose([x, b])
    })
  })

  test("views and shared data are never recycled: slice, clone, reshape, variables", async () => {
    await onBackend("blas", () => {
      const x = tf.tensor1d(uniforms(3, N))
      const a = tf.relu(x)
      const want = Float32Array.from(a.dataSync())
      const sliced = tf.slice(a, [0], [N / 2]) // the cpu Slice kernel may return a subarray view of a's buffer
      const cloned = a.clone()
      const reshaped = tf.reshape(a, [N / 2, 2])
      const v = tf.variable(a)
      a.dispose()
      const others = [tf.neg(x), tf.neg(x), tf.neg(x)] // would take a's buffer if it were wrongly free
      expect(Array.from(sliced.dataSync())).toEqual(Array.from(want.subarray(0, N / 2)))
      expect(cloned.dataSync()).toEqual(want)
      expect(reshaped.dataSync()).toEqual(want)
      expect(v.dataSync()).toEqual(want)
      tf.dispose([x, sliced, cloned, reshaped, v, ...others])
    })
  })

  test("a long chain of ops with disposal in between keeps every value right (against cpu)", async () => {
    const run = () => tf.tidy(() => {
      let h = tf.tensor2d(uniforms(4, 64 * 128), [64, 128])
      const w = tf.tensor2d(uniforms(5, 128 * 128), [128, 128])
      for (let i = 0; i < 10; i++) {
        const next = tf.relu(tf.add(tf.matMul(h, w), tf.mul(h, 0.5)))
        h.dispose()
        h = tf.div(next, tf.add(tf.max(next), 1))
      }
      return Array.from(h.dataSync())
    })
    const want = await onBackend("cpu", run)
    const got = await onBackend("blas", run)
    // Rounding differences of 10 chained GEMMs stay far below 1e-4 of the scale; a recycled-too-early buffer would
    // show up as errors of the order of the values themselves.
    const scale = Math.max(...want.map(Math.abs))
    expect(scale).toBeGreaterThan(0)
    for (let i = 0; i < want.length; i++) expect(Math.abs(got[i]! - want[i]!)).toBeLessThanOrEqual(1e-4 * scale)
  })
})
