/**
 * Small dense float64 matrices for the linear-model simulator: row-major `Float64Array`s with their shape.
 *
 * Why our own: the simulator runs millions of tiny products (n ≤ ~20) inside an RK4 loop, where plain loops
 * over typed arrays beat any generic wrapper; core's `eigh` does the one thing we cannot write in a few lines.
 * A `Mat` may be a view (`subarray`) into an integrator's state vector: no copy in the right-hand sides.
 */
import type { Rng } from "@ssl/core"

export interface Mat {
  readonly rows: number
  readonly cols: number
  /** Row-major, length rows·cols; entry (i, j) at i·cols + j. */
  readonly data: Float64Array
}

export const mat = (rows: number, cols: number, data?: Float64Array): Mat => {
  const d = data ?? new Float64Array(rows * cols)
  if (d.length !== rows * cols) throw new RangeError(`mat: data length ${d.length} is not ${rows}×${cols}`)
  return { rows, cols, data: d }
}

export const zeros = (rows: number, cols: number): Mat => mat(rows, cols)

export const identity = (n: number): Mat => {
  const m = zeros(n, n)
  for (let i = 0; i < n; i++) m.data[i * n + i] = 1
  return m
}

export const fromRows = (rows: ReadonlyArray<ReadonlyArray<number>>): Mat => {
  const r = rows.length
  const c = rows[0]?.length ?? 0
  const m = zeros(r, c)
  rows.forEach((row, i) => {
    if (row.length !== c) throw new RangeError(`fromRows: row ${i} has ${row.length} entries, expected ${c}`)
    row.forEach((v, j) => { m.data[i * c + j] = v })
  })
  return m
}

export const toRows = (a: Mat): number[][] =>
  Array.from({ length: a.rows }, (_, i) => Array.from(a.data.subarray(i * a.cols, (i + 1) * a.cols)))

export const clone = (a: Mat): Mat => mat(a.rows, a.cols, a.data.slice())

export const diag = (values: ArrayLike<number>): Mat => {
  const n = values.length
  const m = zeros(n, n)
  for (let i = 0; i < n; i++) m.data[i * n + i] = values[i]!
  return m
}

export const diagonalOf = (a: Mat): Float64Array => {
  const n = Math.min(a.rows, a.cols)
  const out = new Float64Array(n)
  for (let i = 0; i < n; i++) out[i] = a.data[i * a.cols + i]!
  return out
}

/** a·b. [m, k] × [k, n] → [m, n] */
export const matmul = (a: Mat, b: Mat, out?: Mat): Mat => {
  if (a.cols !== b.rows) throw new RangeError(`matmul: ${a.rows}×${a.cols} by ${b.rows}×${b.cols}`)
  const m = a.rows, k = a.cols, n = b.cols
  const o = out ?? zeros(m, n)
  const A = a.data, B = b.data, O = o.data
  O.fill(0)
  for (let i = 0; i < m; i++) {
    for (let p = 0; p < k; p++) {
      const aip = A[i * k + p]!
      if (aip === 0) continue
      const bo = p * n, oo = i * n
      for (let j = 0; j < n; j++) O[oo + j]! += aip * B[bo + j]!
    }
  }
  return o
}

/** aᵀ·b. [k, m]ᵀ × [k, n] → [m, n] */
export const matmulTN = (a: Mat, b: Mat, out?: Mat): Mat => {
  if (a.rows !== b.rows) throw new RangeError(`matmulTN: (${a.rows}×${a.cols})ᵀ by ${b.rows}×${b.cols}`)
  const k = a.rows, m = a.cols, n = b.cols
  const o = out ?? zeros(m, n)
  const A = a.data, B = b.data, O = o.data
  O.fill(0)
  for (let p = 0; p < k; p++) {
    for (let i = 0; i < m; i++) {
      const api = A[p * m + i]!
      if (api === 0) continue
      const bo = p * n, oo = i * n
      for (let j = 0; j < n; j++) O[oo + j]! += api * B[bo + j]!
    }
  }
  return o
}

/** a·bᵀ. [m, k] × [n, k]ᵀ → [m, n] */
export const matmulNT = (a: Mat, b: Mat, out?: Mat): Mat => {
  if (a.cols !== b.cols) throw new RangeError(`matmulNT: ${a.rows}×${a.cols} by (${b.rows}×${b.cols})ᵀ`)
  const m = a.rows, k = a.cols, n = b.rows
  const o = out ?? zeros(m, n)
  const A = a.data, B = b.data, O = o.data
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0
      for (let p = 0; p < k; p++) s += A[i * k + p]! * B[j * k + p]!
      O[i * n + j] = s
    }
  }
  return o
}

export const transpose = (a: Mat): Mat => {
  const o = zeros(a.cols, a.rows)
  for (let i = 0; i < a.rows; i++) for (let j = 0; j < a.cols; j++) o.data[j * a.rows + i] = a.data[i * a.cols + j]!
  return o
}

const sameShape = (a: Mat, b: Mat, op: string): void => {
  if (a.rows !== b.rows || a.cols !== b.cols) throw new RangeError(`${op}: ${a.rows}×${a.cols} vs ${b.rows}×${b.cols}`)
}

/** Σ cᵢ·Aᵢ, all of one shape. */
export const lincomb = (...terms: ReadonlyArray<readonly [number, Mat]>): Mat => {
  const first = terms[0]
  if (first === undefined) throw new RangeError("lincomb needs at least one term")
  const o = zeros(first[1].rows, first[1].cols)
  for (const [c, a] of terms) {
    sameShape(o, a, "lincomb")
    if (c === 0) continue
    const A = a.data, O = o.data
    for (let i = 0; i < O.length; i++) O[i]! += c * A[i]!
  }
  return o
}

export const add = (a: Mat, b: Mat): Mat => lincomb([1, a], [1, b])
export const sub = (a: Mat, b: Mat): Mat => lincomb([1, a], [-1, b])
export const scale = (a: Mat, c: number): Mat => lincomb([c, a])

/** Writes Σ cᵢ·Aᵢ into `out` (which may be a view into a state derivative). */
export const writeLincomb = (out: Mat, ...terms: ReadonlyArray<readonly [number, Mat]>): void => {
  const O = out.data
  O.fill(0)
  for (const [c, a] of terms) {
    sameShape(out, a, "writeLincomb")
    if (c === 0) continue
    const A = a.data
    for (let i = 0; i < O.length; i++) O[i]! += c * A[i]!
  }
}

export const frobenius = (a: Mat): number => {
  let s = 0
  for (const v of a.data) s += v * v
  return Math.sqrt(s)
}

/** ⟨a, b⟩_F = Σ aᵢⱼ bᵢⱼ. */
export const frobeniusInner = (a: Mat, b: Mat): number => {
  sameShape(a, b, "frobeniusInner")
  let s = 0
  for (let i = 0; i < a.data.length; i++) s += a.data[i]! * b.data[i]!
  return s
}

export const trace = (a: Mat): number => diagonalOf(a).reduce((s, v) => s + v, 0)

/** (a + aᵀ)/2 */
export const symmetricPart = (a: Mat): Mat => lincomb([0.5, a], [0.5, transpose(a)])
/** (a − aᵀ)/2 */
export const antisymmetricPart = (a: Mat): Mat => lincomb([0.5, a], [-0.5, transpose(a)])
/** [a, b] = ab − ba */
export const commutator = (a: Mat, b: Mat): Mat => sub(matmul(a, b), matmul(b, a))
/** {a, b} = ab + ba */
export const anticommutator = (a: Mat, b: Mat): Mat => add(matmul(a, b), matmul(b, a))

/** c if a = c·I (square, exactly), else undefined: lets the simulator skip products with isotropic X, X'. */
export const scalarMultipleOfIdentity = (a: Mat): number | undefined => {
  if (a.rows !== a.cols) return undefined
  const c = a.data[0] ?? 0
  for (let i = 0; i < a.rows; i++) {
    for (let j = 0; j < a.cols; j++) if (a.data[i * a.cols + j] !== (i === j ? c : 0)) return undefined
  }
  return c
}

export const maxAbs = (a: Mat): number => a.data.reduce((m, v) => Math.max(m, Math.abs(v)), 0)

/** Entries i.i.d. N(0, std²). */
export const gaussian = (rows: number, cols: number, std: number, rng: Rng): Mat =>
  mat(rows, cols, rng.normals(rows * cols, std))

/** A Haar-ish random orthogonal n×n matrix: Gram–Schmidt (twice, for float64 orthogonality) of a Gaussian. */
export const randomOrthogonal = (n: number, rng: Rng): Mat => {
  const q = gaussian(n, n, 1, rng)
  const Q = q.data
  for (let pass = 0; pass < 2; pass++) {
    for (let j = 0; j < n; j++) {
      for (let k = 0; k < j; k++) {
        let dot = 0
        for (let i = 0; i < n; i++) dot += Q[i * n + j]! * Q[i * n + k]!
        for (let i = 0; i < n; i++) Q[i * n + j]! -= dot * Q[i * n + k]!
      }
      let norm = 0
      for (let i = 0; i < n; i++) norm += Q[i * n + j]! ** 2
      norm = Math.sqrt(norm)
      for (let i = 0; i < n; i++) Q[i * n + j]! /= norm
    }
  }
  return q
}

/** A random PSD matrix A·Aᵀ/k with A ∈ R^{n×k} Gaussian (docs/paper/claims.md: "X = AAᵀ/n"); k < n gives rank k. */
export const randomPsd = (n: number, rng: Rng, k = n): Mat => {
  const a = gaussian(n, k, 1, rng)
  return scale(matmulNT(a, a), 1 / k)
}

/** Lower-triangular L with L·Lᵀ = a, for a symmetric positive definite `a` (a tiny jitter is the caller's job). */
export const cholesky = (a: Mat): Mat => {
  const n = a.rows
  const l = zeros(n, n)
  const L = l.data, A = a.data
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = A[i * n + j]!
      for (let k = 0; k < j; k++) s -= L[i * n + k]! * L[j * n + k]!
      if (i === j) {
        if (!(s > 0)) throw new RangeError(`cholesky: matrix is not positive definite (pivot ${i} = ${s})`)
        L[i * n + i] = Math.sqrt(s)
      } else L[i * n + j] = s / L[j * n + j]!
    }
  }
  return l
}
