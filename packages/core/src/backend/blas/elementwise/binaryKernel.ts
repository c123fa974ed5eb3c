import type { KernelConfig, TensorInfo } from "@tensorflow/tfjs-core"
import { broadcast_util, util } from "@tensorflow/tfjs-core"
import { takeF32 } from "../bufferPool.ts"
import { activeNative } from "../native/activeNative.ts"
import { NATIVE_MAX_RANK, type NativeBinaryOp } from "../native/NativeKernels.ts"
import { blasKernel, cpuKernel, readF32 } from "../tensorData.ts"
import { broadcastLayout } from "./broadcastLayout.ts"
import { level1FastPath } from "./level1FastPath.ts"

type Inner = (o: Float32Array, oo: number, a: Float32Array, ao: number, b: Float32Array, bo: number, n: number) => void

/**
 * Compiles the inner loops of `out = expr(x, y)` once per op, so each loop is monomorphic and JIT-friendly
 * (a shared loop taking the op as a callback is 2-3x slower in JSC). Variants by input strides: both
 * contiguous, b broadcast (constant along the loop), a broadcast.
 */
const compile = (expr: string): { both: Inner; bConst: Inner; aConst: Inner } => {
  const make = (ia: string, ib: string, pre: string) =>
    new Function("o", "oo", "a", "ao", "b", "bo", "n",
      `${pre}for (let i = 0; i < n; i++) { const x = ${ia}, y = ${ib}; o[oo + i] = ${expr} }`) as Inner
  return {
    both: make("a[ao + i]", "b[bo + i]", ""),
    bConst: make("a[ao + i]", "bv", "const bv = b[bo]; "),
    aConst: make("av", "b[bo + i]", "const av = a[ao]; "),
  }
}

// Merged dims and strides for the native call, reused (kernels run one at a time).
const layoutI32 = { dims: new Int32Array(NATIVE_MAX_RANK), sa: new Int32Array(NATIVE_MAX_RANK), sb: new Int32Array(NATIVE_MAX_RANK) }

/**
 * A float32 binary kernel with numpy broadcasting: the native library's op `native` when it is loaded, else an
 * odometer over the outer merged dims and a compiled loop over the innermost (or `level1`: the BLAS fast path for
 * large same-shape add/sub and scalar products). Both compute the same float64 expression rounded once, so their
 * results are identical. Other dtypes go to the cpu kernel. `expr` reads `x` (from a) and `y` (from b), e.g. "x * y".
 */
export const binaryKernel = (
  kernelName: string, expr: string, native: NativeBinaryOp | undefined, level1?: "add" | "sub" | "mul", fallbackKernel: string = kernelName,
): KernelConfig => {
  const loops = compile(expr)
  const fallback = kernelName === fallbackKernel ? cpuKernel(kernelName) : unsupported(kernelName)
  return blasKernel<{ a: TensorInfo; b: TensorInfo }, object>(kernelName, (args) => {
    const { a, b } = args.inputs
    if (a.dtype !== "float32" || b.dtype !== "float32") return fallback(args as never)
    const av = readF32(args.backend, a), bv = readF32(args.backend, b)
    const lib = native === undefined ? undefined : activeNative()
    if (lib !== undefined) {
      const { outShape, dims, stridesA, stridesB } = broadcastLayout(a.shape, b.shape)
      if (dims.length <= NATIVE_MAX_RANK) {
        const out = takeF32(util.sizeFromShape(outShape))
        const k = dims.length
        layoutI32.dims.set(dims)
        layoutI32.sa.set(stridesA)
        layoutI32.sb.set(stridesB)
        lib.binary(native!, out, av, bv, layoutI32.dims.subarray(0, k), layoutI32.sa.subarray(0, k), layoutI32.sb.subarray(0, k))
        return args.backend.makeTensorInfo(outShape, "float32", out)
      }
    }
    if (level1 !== undefined) {
      const fast = level1FastPath(level1, av, bv, util.arraysEqual(a.shape, b.shape))
      if (fast !== undefined) return args.backend.makeTensorInfo(broadcast_util.assertAndGetBroadcastShape(a.shape, b.shape), "float32", fast)
    }
    const { outShape, dims, stridesA, stridesB } = broadcastLayout(a.shape, b.shape)
    const size = util.sizeFromShape(outShape)
    const out = takeF32(size)
    if (size > 0) run(loops, out, av, bv, dims, stridesA, stridesB)
    return args.backend.makeTensorInfo(outShape, "float32", out)
  })
}

const run = (
  loops: ReturnType<typeof compile>, out: Float32Array, av: Float32Array, bv: Float32Array,
  dims: number[], sa: number[], sb: number[],
): void => {
  const k = dims.length
  if (k === 0) { loops.both(out, 0, av, 0, bv, 0, 1); return }
  const n = dims[k - 1]!, ia = sa[k - 1]!, ib = sb[k - 1]!
  const inner = ia === 1 && ib === 1 ? loops.both : ia === 1 ? loops.bConst : loops.aConst
  const rows = out.length / n
  const idx = new Array<number>(k - 1).fill(0)
  let ao = 0, bo = 0
  for (let r = 0, oo = 0; r < rows; r++, oo += n) {
    inner(out, oo, av, ao, bv, bo, n)
    // advance the odometer over the outer dims
    for (let d = k - 2; d >= 0; d--) {
      ao += sa[d]!
      bo += sb[d]!
      if (++idx[d]! < dims[d]!) break
      ao -= sa[d]! * dims[d]!
      bo -= sb[d]! * dims[d]!
      idx[d] = 0
    }
  }
}

/** For our own kernels (no cpu twin): non-float32 inputs are a usage error. */
const unsupported = (kernelName: string) => (): never => {
  throw new Error(`${kernelName}: float32 inputs only`)
}
