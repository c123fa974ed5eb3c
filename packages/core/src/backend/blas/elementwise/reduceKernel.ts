import { backend_util, util, type KernelConfig, type NamedAttrMap, type TensorInfo } from "@tensorflow/tfjs-core"
import { activeNative } from "../native/activeNative.ts"
import { blasKernel, cpuKernel, readF32 } from "../tensorData.ts"

export type Reduction = "sum" | "mean" | "max" | "min"

/**
 * Reductions over a contiguous block of axes, without the cpu backend's transpose: x is viewed as
 * [outer, reduced, inner] and reduced in place of memory order. Accumulates in float64 like the cpu kernel.
 * Runs in the native library when it is loaded. Non-contiguous axis sets and other dtypes go to the cpu kernel.
 */
export const reduceKernel = (kernelName: string, reduction: Reduction, axisAttr: "axis" | "reductionIndices"): KernelConfig => {
  const fallback = cpuKernel(kernelName)
  return blasKernel<{ x: TensorInfo }, NamedAttrMap>(kernelName, (args) => {
    const { x } = args.inputs
    const axes = util.parseAxisParam(args.attrs[axisAttr] as number | number[], x.shape).sort((p, q) => p - q)
    const contiguous = axes.every((a, i) => i === 0 || a === axes[i - 1]! + 1)
    if (x.dtype !== "float32" || !contiguous || axes.length === 0) return fallback(args as never)
    const shape = x.shape
    const first = axes[0]!, last = axes[axes.length - 1]!
    const outer = util.sizeFromShape(shape.slice(0, first))
    const reduced = util.sizeFromShape(shape.slice(first, last + 1))
    const inner = util.sizeFromShape(shape.slice(last + 1))
    if (reduced === 0) return fallback(args as never)
    const xv = readF32(args.backend, x)
    const out = new Float32Array(outer * inner)
    const lib = activeNative()
    if (lib !== undefined) lib.reduce(reduction, out, xv, outer, reduced, inner)
    else if (inner === 1) reduceInnermost(xv, out, reduced, reduction)
    else reduceMiddle(xv, out, outer, reduced, inner, reduction)
    const outShape = args.attrs.keepDims
      ? backend_util.expandShapeToKeepDim(backend_util.computeOutAndReduceShapes(shape, axes)[0], axes)
      : backend_util.computeOutAndReduceShapes(shape, axes)[0]
    return args.backend.makeTensorInfo(outShape, "float32", out)
  })
}

// x viewed as [rows, reduced]: one float64 accumulator per row (4 partial sums break the add-latency chain).
const reduceInnermost = (x: Float32Array, out: Float32Array, reduced: number, reduction: Reduction): void => {
  const rows = out.length
  for (let r = 0; r < rows; r++) {
    const base = r * reduced
    if (reduction === "sum" || reduction === "mean") {
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0, j = 0
      for (; j + 3 < reduced; j += 4) { s0 += x[base + j]!; s1 += x[base + j + 1]!; s2 += x[base + j + 2]!; s3 += x[base + j + 3]! }
      for (; j < reduced; j++) s0 += x[base + j]!
      const s = s0 + s1 + s2 + s3
      out[r] = reduction === "mean" ? s / reduced : s
    } else {
      let m = x[base]!
      if (reduction === "max") for (let j = 1; j < reduced; j++) { const v = x[base + j]!; if (v > m || v !== v) m = v }
      else for (let j = 1; j < reduced; j++) { const v = x[base + j]!; if (v < m || v !== v) m = v }
      out[r] = m
    }
  }
}

// x viewed as [outer, reduced, inner]: stream rows of length `inner` into a float64 accumulator row.
const reduceMiddle = (x: Float32Array, out: Float32Array, outer: number, reduced: number, inner: number, reduction: Reduction): void => {
  const acc = new Float64Array(inner)
  for (let o = 0; o < outer; o++) {
    const base = o * reduced * inner
    if (reduction === "sum" || reduction === "mean") {
      acc.fill(0)
      for (let r = 0; r < reduced; r++) {
        const off = base + r * inner
        for (let i = 0; i < inner; i++) acc[i]! += x[off + i]!
      }
      const scale = reduction === "mean" ? 1 / reduced : 1
      for (let i = 0; i < inner; i++) out[o * inner + i] = acc[i]! * scale
    } else {
      for (let i = 0; i < inner; i++) acc[i] = x[base + i]!
      const isMax = reduction === "max"
      for (let r = 1; r < reduced; r++) {
        const off = base + r * inner
        for (let i = 0; i < inner; i++) {
          const v = x[off + i]!, m = acc[i]!
          if (isMax ? v > m : v < m) acc[i] = v
          else if (v !== v) acc[i] = v
        }
      }
      for (let i = 0; i < inner; i++) out[o * inner + i] = acc[i]!
    }
  }
}
