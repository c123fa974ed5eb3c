import type { KernelConfig, NamedAttrMap, TensorInfo } from "@tensorflow/tfjs-core"
import { takeF32 } from "../bufferPool.ts"
import { activeNative } from "../native/activeNative.ts"
import type { NativeUnaryOp } from "../native/NativeKernels.ts"
import { blasKernel, cpuKernel, readF32 } from "../tensorData.ts"

type Loop = (o: Float32Array, x: Float32Array, attrs: NamedAttrMap | undefined) => void

const compile = (expr: string): Loop =>
  new Function("o", "xs", "attrs", `const n = xs.length; for (let i = 0; i < n; i++) { const x = xs[i]; o[i] = ${expr} }`) as Loop

/**
 * A float32 element-wise kernel compiled from an expression in `x` (and `attrs`), one monomorphic loop per op.
 * Several expressions may be given with `pick(attrs)` choosing one per call (e.g. a branch-free special case).
 * Prefer branch-free expressions: on random data a data-dependent `?:` mispredicts half the time and JSC does not
 * turn it into a conditional move (Relu as `x < 0 ? 0 : x` ran 7x slower than `(x + |x|) / 2` on normal data).
 * With the native library loaded, op `native` runs instead (the same float64 expression rounded once; `alpha` reads
 * the op's attribute, e.g. Step's alpha). Other dtypes go to the cpu kernel.
 */
export const unaryKernel = (
  kernelName: string, exprs: string | ReadonlyArray<string>, native: NativeUnaryOp | undefined,
  pick: (attrs: NamedAttrMap) => number = () => 0, alpha: (attrs: NamedAttrMap) => number = () => 0,
): KernelConfig => {
  const loops = (typeof exprs === "string" ? [exprs] : exprs).map(compile)
  const fallback = cpuKernel(kernelName)
  return blasKernel<{ x: TensorInfo }, NamedAttrMap>(kernelName, (args) => {
    const { x } = args.inputs
    if (x.dtype !== "float32") return fallback(args as never)
    const xv = readF32(args.backend, x)
    const out = takeF32(xv.length)
    const lib = native === undefined ? undefined : activeNative()
    if (lib !== undefined) lib.unary(native!, out, xv, alpha(args.attrs ?? {}))
    else loops[pick(args.attrs ?? {})]!(out, xv, args.attrs)
    return args.backend.makeTensorInfo(x.shape.slice(), "float32", out)
  })
}
