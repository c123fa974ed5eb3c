import { activeNative } from "./activeNative.ts"

/**
 * Each row of x [n, d] divided by its l2 norm (at least 1e-12, as F.normalize), as a new [n, d] array: the squares
 * summed in float64, one float32 rounding per output. The native kernel when the blas backend loaded it, else the
 * JavaScript loop, which computes the same numbers.
 */
export const l2NormalizeRows = (x: Float32Array, n: number, d: number): Float32Array => {
  if (x.length !== n * d) throw new RangeError(`l2NormalizeRows: ${x.length} values are not ${n} rows of ${d}`)
  const out = new Float32Array(n * d)
  const native = activeNative()
  if (native !== undefined) native.l2NormalizeRows(x, n, d, out)
  else l2NormalizeLoop(x, n, d, out)
  return out
}

// Its C twin: ssl_l2_normalize_rows (packages/core/native/sslkernels.c).
const l2NormalizeLoop = (x: Float32Array, n: number, d: number, out: Float32Array): void => {
  for (let i = 0; i < n; i++) {
    const o = i * d
    let s = 0
    for (let j = 0; j < d; j++) s += x[o + j]! * x[o + j]!
    const norm = Math.sqrt(s)
    const den = norm < 1e-12 ? 1e-12 : norm
    for (let j = 0; j < d; j++) out[o + j] = x[o + j]! / den
  }
}
