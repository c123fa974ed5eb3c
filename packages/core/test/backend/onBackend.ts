import { initBackend, tf } from "../../src/index.ts"

/**
 * Runs `f` with tfjs switched to `name`, then restores the previous backend, so other test files (one tfjs engine
 * per `bun test` process) never see our switch. `blas` is initialised through initBackend (1 thread).
 */
const initialised = new Set<string>()

export const onBackend = async <A>(name: "blas" | "cpu" | "wasm", f: () => A | Promise<A>): Promise<A> => {
  const previous = tf.getBackend()
  if ((name === "blas" || name === "wasm") && !initialised.has(name)) {
    await initBackend(name, { threads: 1, log: () => {} })
    initialised.add(name)
  } else {
    await tf.setBackend(name)
  }
  try {
    return await f()
  } finally {
    if (previous !== undefined) await tf.setBackend(previous)
  }
}

/** Values of a tensor computed by `f` on each backend (all tensors it makes are freed). */
export const compute = (f: () => tf.Tensor): Float32Array => tf.tidy(() => f().dataSync() as Float32Array).slice()

/** A [n]-array of floats in [-1, 1) from a seed, as a Float32Array. */
export const uniforms = (seed: number, n: number): Float32Array => {
  let s = seed >>> 0
  const out = new Float32Array(n)
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    out[i] = (s / 2 ** 32) * 2 - 1
  }
  return out
}

/**
 * Largest violation of |got - want| <= tol * scale + abs, elementwise (<= 0 means all within). `scale` is the sum of
 * |terms| of each output (e.g. |a|@|b| for a matmul): rounding error of a float32 sum grows with that sum, not
 * with the (possibly cancelling) result.
 */
export const worstExcess = (got: ArrayLike<number>, want: ArrayLike<number>, scale: ArrayLike<number>, tol: number, abs = 1e-30): number => {
  if (got.length !== want.length) return Number.POSITIVE_INFINITY
  let worst = Number.NEGATIVE_INFINITY
  for (let i = 0; i < got.length; i++) worst = Math.max(worst, Math.abs(got[i]! - want[i]!) - (tol * scale[i]! + abs))
  return got.length === 0 ? 0 : worst
}
