/**
 * Synthetic data for the paper's linear-model settings (docs/paper/model.md#setup): inputs x ~ N(0, Σx) and two
 * augmented views x' = x + n with additive noise n ~ N(0, Σn), drawn independently per view. Float64,
 * row-major [n, d], all randomness from the Rng passed in. Then X = E[x xᵀ] = Σx and X' = Σn.
 */
import type { Rng } from "../rng.ts"

/** A covariance: a full d×d matrix (rows) or a diagonal (a vector of variances). Must be PSD. */
export type Covariance = ReadonlyArray<ReadonlyArray<number>> | ReadonlyArray<number>

/** Dense row-major d×d from a Covariance, checking shape and symmetry. */
export const covarianceMatrix = (cov: Covariance, what = "covariance"): { readonly d: number; readonly m: Float64Array } => {
  const d = cov.length
  if (d === 0) throw new RangeError(`${what} must have at least one dimension`)
  const m = new Float64Array(d * d)
  if (typeof cov[0] === "number") {
    ;(cov as ReadonlyArray<number>).forEach((v, i) => {
      if (!(v >= 0)) throw new RangeError(`${what} diagonal entry ${i} must be a variance >= 0 (was ${v})`)
      m[i * d + i] = v
    })
    return { d, m }
  }
  const rows = cov as ReadonlyArray<ReadonlyArray<number>>
  rows.forEach((row, i) => {
    if (row.length !== d) throw new RangeError(`${what} must be square: row ${i} has ${row.length} entries, expected ${d}`)
    row.forEach((v, j) => { m[i * d + j] = v })
  })
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < i; j++) {
      const a = m[i * d + j]!
      const b = m[j * d + i]!
      if (Math.abs(a - b) > 1e-9 * (1 + Math.abs(a) + Math.abs(b))) throw new RangeError(`${what} must be symmetric: [${i}][${j}]=${a} but [${j}][${i}]=${b}`)
    }
  }
  return { d, m }
}

/**
 * A lower-triangular L with L Lᵀ = A for a PSD A (row-major d×d). Semi-definite input is fine: a pivot
 * below `tol`·max(diag) makes its column zero (that direction has no variance). Fails if A is not PSD.
 */
export const choleskyPsd = (a: Float64Array, d: number, what = "covariance"): Float64Array => {
  const l = new Float64Array(d * d)
  let maxDiag = 0
  for (let i = 0; i < d; i++) maxDiag = Math.max(maxDiag, Math.abs(a[i * d + i]!))
  const tol = 1e-12 * Math.max(maxDiag, 1e-300)
  for (let j = 0; j < d; j++) {
    let s = a[j * d + j]!
    for (let k = 0; k < j; k++) s -= l[j * d + k]! ** 2
    if (s < -1e-8 * Math.max(maxDiag, 1)) throw new RangeError(`${what} is not positive semi-definite (pivot ${j} is ${s})`)
    if (s <= tol) continue // a null direction: column j stays zero
    const ljj = Math.sqrt(s)
    l[j * d + j] = ljj
    for (let i = j + 1; i < d; i++) {
      let t = a[i * d + j]!
      for (let k = 0; k < j; k++) t -= l[i * d + k]! * l[j * d + k]!
      l[i * d + j] = t / ljj
    }
  }
  return l
}

/** n samples of N(0, L Lᵀ) as row-major [n, d]. */
const sampleWithFactor = (rng: Rng, n: number, l: Float64Array, d: number): Float64Array => {
  const out = new Float64Array(n * d)
  const z = new Float64Array(d)
  for (let s = 0; s < n; s++) {
    for (let k = 0; k < d; k++) z[k] = rng.normal()
    for (let i = 0; i < d; i++) {
      let acc = 0
      for (let k = 0; k <= i; k++) acc += l[i * d + k]! * z[k]!
      out[s * d + i] = acc
    }
  }
  return out
}

export interface SyntheticLinearData {
  readonly dim: number
  /** Σx as row-major d×d. */
  readonly covX: Float64Array
  /** Σn as row-major d×d. */
  readonly covNoise: Float64Array
  /** n inputs x ~ N(0, Σx): [n, d]. */
  readonly sampleInputs: (rng: Rng, n: number) => Float64Array
  /** x + noise, noise ~ N(0, Σn) drawn fresh for every row: [n, d]. */
  readonly augment: (rng: Rng, x: Float64Array) => Float64Array
  /** n inputs and two independently augmented views of each: three [n, d] arrays. */
  readonly sampleViews: (rng: Rng, n: number) => { readonly x: Float64Array; readonly view1: Float64Array; readonly view2: Float64Array }
}

/** The linear-model data source x ~ N(0, Σx), views x + n with n ~ N(0, Σn). */
export const syntheticLinear = (spec: { readonly covX: Covariance; readonly covNoise: Covariance }): SyntheticLinearData => {
  const cx = covarianceMatrix(spec.covX, "covX")
  const cn = covarianceMatrix(spec.covNoise, "covNoise")
  if (cx.d !== cn.d) throw new RangeError(`covX is ${cx.d}×${cx.d} but covNoise is ${cn.d}×${cn.d}; they must match`)
  const d = cx.d
  const lx = choleskyPsd(cx.m, d, "covX")
  const ln = choleskyPsd(cn.m, d, "covNoise")
  const augment = (rng: Rng, x: Float64Array): Float64Array => {
    if (x.length % d !== 0) throw new RangeError(`augment expects [n, ${d}] rows (length ${x.length} is not a multiple of ${d})`)
    const noise = sampleWithFactor(rng, x.length / d, ln, d)
    for (let i = 0; i < noise.length; i++) noise[i] = noise[i]! + x[i]!
    return noise
  }
  return {
    dim: d,
    covX: cx.m,
    covNoise: cn.m,
    sampleInputs: (rng, n) => sampleWithFactor(rng, n, lx, d),
    augment,
    sampleViews: (rng, n) => {
      const x = sampleWithFactor(rng, n, lx, d)
      return { x, view1: augment(rng, x), view2: augment(rng, x) }
    },
  }
}
