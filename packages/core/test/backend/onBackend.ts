import { afterAll, beforeAll, describe } from "bun:test"
import { initBackend, tf } from "../../src/index.ts"
import { activeNative, setActiveNative } from "../../src/backend/blas/native/activeNative.ts"
import { findNativeKernels } from "../../src/backend/blas/native/findNativeKernels.ts"
import type { NativeKernels } from "../../src/backend/blas/native/NativeKernels.ts"

/**
 * The two implementations of the blas backend's element-wise kernels: the native library and the JavaScript
 * fallback. Every kernel test runs on both (SSL_NATIVE=0 runs only the JavaScript one, as the backend would).
 */
export type KernelPath = "native" | "javascript"
export const KERNEL_PATHS: ReadonlyArray<KernelPath> = process.env.SSL_NATIVE === "0" ? ["javascript"] : ["native", "javascript"]
// Outside forEachKernelPath (e.g. the buffer pool's tests), blas runs on the first path: the backend's own choice.
let kernelPath: KernelPath = KERNEL_PATHS[0]!
let native: NativeKernels | undefined

/** The native kernels; a test on the native path fails (not skips) when they cannot be built or loaded. */
export const nativeKernels = (): NativeKernels => {
  if (native === undefined) {
    const found = findNativeKernels()
    if (!found.ok) throw new Error(`the native kernels are unavailable: ${found.why}`)
    native = found.kernels
  }
  return native
}

/** Declares `body`'s tests once per kernel path, each group running the blas backend on its path. */
export const forEachKernelPath = (body: (path: KernelPath) => void): void => {
  for (const path of KERNEL_PATHS) {
    describe(`${path} kernels`, () => {
      beforeAll(() => { kernelPath = path })
      afterAll(() => { kernelPath = KERNEL_PATHS[0]! })
      body(path)
    })
  }
}

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
  const previousNative = activeNative()
  if (name === "blas") setActiveNative(kernelPath === "native" ? nativeKernels() : undefined)
  try {
    return await f()
  } finally {
    if (name === "blas") setActiveNative(previousNative)
    if (previous !== undefined) await tf.setBackend(previous)
  }
}

/**
 * Leaves two recycled buffers of length n, full of garbage (4e30), in the blas backend's pool, so that the next
 * kernel outputs of that length start from garbage: a kernel that leaves any element unwritten is then caught.
 * Only lengths ≥ 1024 are pooled. Call it inside `onBackend("blas", …)`.
 */
export const poisonPool = (n: number): void => {
  tf.tidy(() => {
    for (let i = 0; i < 2; i++) tf.add(tf.fill([n], 1e30), tf.fill([n], 3e30))
  })
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
