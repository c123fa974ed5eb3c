/**
 * Tiny float64 dense-matrix helpers. A matrix is a row-major Float64Array plus its dims, passed explicitly:
 * `a` [m, k] means a.length = m·k and a[i·k + j] = A_ij. Plain loops, i-k-j order for matmul, no allocation
 * inside loops; every function that produces a matrix takes an optional `out` so hot loops (e.g. RK4 in the
 * linear-model simulator) can reuse buffers. `out` must not alias an input of matmul/transpose.
 */
import { ShapeMismatch } from "./errors.ts"

const check = (kernel: string, a: Float64Array, expected: number): void => {
  if (a.length !== expected) throw new ShapeMismatch({ kernel, expected: `${expected} entries`, actual: `${a.length}` })
}

/** C = A B with A [m, k], B [k, n] → C [m, n]. */
export const matmul = (a: Float64Array, b: Float64Array, m: number, k: number, n: number, out = new Float64Array(m * n)): Float64Array => {
  check("matmul(a)", a, m * k)
  check("matmul(b)", b, k * n)
  check("matmul(out)", out, m * n)
  out.fill(0)
  for (let i = 0; i < m; i++) {
    const ci = i * n
    const ai = i * k
    for (let p = 0; p < k; p++) {
      const aip = a[ai + p]!
      if (aip === 0) continue
      const bp = p * n
      for (let j = 0; j < n; j++) out[ci + j] = out[ci + j]! + aip * b[bp + j]!
    }
  }
  return out
}

/** Aᵀ with A [m, n] → [n, m]. */
export const transpose = (a: Float64Array, m: number, n: number, out = new Float64Array(m * n)): Float64Array => {
  check("transpose(a)", a, m * n)
  check("transpose(out)", out, m * n)
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) out[j * m + i] = a[i * n + j]!
  return out
}

/** The n×n identity. */
export const identity = (n: number): Float64Array => {
  const out = new Float64Array(n * n)
  for (let i = 0; i < n; i++) out[i * n + i] = 1
  return out
}

/** Frobenius norm √Σ a_ij² of any matrix (or vector). */
export const frobenius = (a: Float64Array): number => {
  let s = 0
  for (let i = 0; i < a.length; i++) s += a[i]! * a[i]!
  return Math.sqrt(s)
}

/** Trace of a square n×n matrix. */
export const trace = (a: Float64Array, n: number): number => {
  check("trace", a, n * n)
  let s = 0
  for (let i = 0; i < n; i++) s += a[i * n + i]!
  return s
}

/** Elementwise A + B (same shape). `out` may alias a or b. */
export const add = (a: Float64Array, b: Float64Array, out = new Float64Array(a.length)): Float64Array => {
  check("add(b)", b, a.length)
  check("add(out)", out, a.length)
  for (let i = 0; i < a.length; i++) out[i] = a[i]! + b[i]!
  return out
}

/** Elementwise A − B (same shape). `out` may alias a or b. */
export const sub = (a: Float64Array, b: Float64Array, out = new Float64Array(a.length)): Float64Array => {
  check("sub(b)", b, a.length)
  check("sub(out)", out, a.length)
  for (let i = 0; i < a.length; i++) out[i] = a[i]! - b[i]!
  return out
}

/** s·A. `out` may alias a. */
export const scale = (a: Float64Array, s: number, out = new Float64Array(a.length)): Float64Array => {
  check("scale(out)", out, a.length)
  for (let i = 0; i < a.length; i++) out[i] = s * a[i]!
  return out
}

/** A + s·B (same shape), the axpy of Euler/RK steps. `out` may alias a or b. */
export const addScaled = (a: Float64Array, b: Float64Array, s: number, out = new Float64Array(a.length)): Float64Array => {
  check("addScaled(b)", b, a.length)
  check("addScaled(out)", out, a.length)
  for (let i = 0; i < a.length; i++) out[i] = a[i]! + s * b[i]!
  return out
}

/** (A + Aᵀ)/2 of a square n×n matrix. `out` may alias a. */
export const symmetrize = (a: Float64Array, n: number, out = new Float64Array(n * n)): Float64Array => {
  check("symmetrize(a)", a, n * n)
  check("symmetrize(out)", out, n * n)
  for (let i = 0; i < n; i++) {
    out[i * n + i] = a[i * n + i]!
    for (let j = i + 1; j < n; j++) {
      const v = 0.5 * (a[i * n + j]! + a[j * n + i]!)
      out[i * n + j] = v
      out[j * n + i] = v
    }
  }
  return out
}

/** Row-major Float64Array from nested rows (all rows the same length). Mostly for tests and literals. */
export const fromRows = (rows: ReadonlyArray<ReadonlyArray<number>>): { data: Float64Array; rows: number; cols: number } => {
  const m = rows.length
  const n = m === 0 ? 0 : rows[0]!.length
  const data = new Float64Array(m * n)
  rows.forEach((row, i) => {
    if (row.length !== n) throw new ShapeMismatch({ kernel: "fromRows", expected: `every row of length ${n}`, actual: `row ${i} of length ${row.length}` })
    for (let j = 0; j < n; j++) data[i * n + j] = row[j]!
  })
  return { data, rows: m, cols: n }
}

/** Nested rows from a row-major [m, n] matrix. */
export const toRows = (a: Float64Array, m: number, n: number): number[][] => {
  check("toRows", a, m * n)
  return Array.from({ length: m }, (_, i) => Array.from(a.subarray(i * n, (i + 1) * n)))
}
