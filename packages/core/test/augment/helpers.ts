/** Shared helpers for augmentation tests. */
import { expect } from "bun:test"
import { Rng } from "../../src/rng.ts"
import { tf } from "../../src/tf.ts"

/** A batch [B, H, W, C] of uniform values in [0, 1] from a seed. */
export const randomImages = (seed: number, shape: readonly [number, number, number, number]): tf.Tensor4D => {
  const rng = new Rng(seed)
  const n = shape[0] * shape[1] * shape[2] * shape[3]
  return tf.tensor4d(Float32Array.from({ length: n }, () => rng.next()), [...shape])
}

/** Runs `body` and asserts it leaves exactly as many tensors as it found. */
export const noLeaks = async (body: () => void | Promise<void>): Promise<void> => {
  const before = tf.memory().numTensors
  await body()
  expect(tf.memory().numTensors).toBe(before)
}

export const values = (t: tf.Tensor): Float32Array => t.dataSync() as Float32Array

/** Reads a tensor's values and disposes it. */
export const take = (t: tf.Tensor): Float32Array => {
  const v = t.dataSync() as Float32Array
  t.dispose()
  return v
}

export const minMax = (t: tf.Tensor): [number, number] => {
  let lo = Infinity
  let hi = -Infinity
  for (const v of values(t)) {
    if (v < lo) lo = v
    if (v > hi) hi = v
  }
  return [lo, hi]
}

export const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  expect(a.length).toBe(b.length)
  let m = 0
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!))
  return m
}
