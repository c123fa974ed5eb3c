/** Seeded random matrices for the linear-algebra and SSL kernel tests (row-major Float64Arrays). */
import { Rng } from "../../src/rng.ts"

/** [m, n] i.i.d. N(0, std²). */
export const gaussianMatrix = (rng: Rng, m: number, n: number, std = 1): Float64Array => rng.normals(m * n, std)

/**
 * A Haar-ish random orthogonal n×n matrix: modified Gram–Schmidt on the columns of a Gaussian matrix
 * (re-orthogonalised twice, so QᵀQ = I to ~1e-15 even for n in the hundreds).
 */
export const randomOrthogonal = (rng: Rng, n: number): Float64Array => {
  const g = gaussianMatrix(rng, n, n)
  const cols: Float64Array[] = Array.from({ length: n }, (_, j) => Float64Array.from({ length: n }, (_, i) => g[i * n + j]!))
  for (let j = 0; j < n; j++) {
    const c = cols[j]!
    for (let pass = 0; pass < 2; pass++) {
      for (let k = 0; k < j; k++) {
        const q = cols[k]!
        let dot = 0
        for (let i = 0; i < n; i++) dot += q[i]! * c[i]!
        for (let i = 0; i < n; i++) c[i] = c[i]! - dot * q[i]!
      }
    }
    let norm = 0
    for (let i = 0; i < n; i++) norm += c[i]! * c[i]!
    norm = Math.sqrt(norm)
    for (let i = 0; i < n; i++) c[i] = c[i]! / norm
  }
  const q = new Float64Array(n * n)
  for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) q[i * n + j] = cols[j]![i]!
  return q
}

/** Q diag(spectrum) Qᵀ for a given orthogonal Q [n, n]. */
export const withSpectrum = (q: Float64Array, spectrum: ArrayLike<number>): Float64Array => {
  const n = spectrum.length
  const out = new Float64Array(n * n)
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      let s = 0
      for (let k = 0; k < n; k++) s += q[i * n + k]! * spectrum[k]! * q[j * n + k]!
      out[i * n + j] = s
      out[j * n + i] = s
    }
  }
  return out
}

/** A random symmetric n×n matrix (G + Gᵀ)/2 with G Gaussian. */
export const randomSymmetric = (rng: Rng, n: number, std = 1): Float64Array => {
  const g = gaussianMatrix(rng, n, n, std)
  const out = new Float64Array(n * n)
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[i * n + j] = 0.5 * (g[i * n + j]! + g[j * n + i]!)
  return out
}

/** Max |a_i − b_i|. */
export const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  if (a.length !== b.length) throw new Error(`maxAbsDiff: lengths ${a.length} and ${b.length} differ`)
  let m = 0
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!))
  return m
}

/**
 * A random uncentred correlation matrix F = fᵀf/n from n Gaussian rows f [n, d] with a random mean and
 * random per-coordinate scales (so the spectrum is spread and, for n < d, rank-deficient) — like F̂.
 */
export const randomCorrelation = (rng: Rng, d: number, n: number): Float64Array => {
  const shift = rng.normals(d, 0.5)
  const scales = Float64Array.from({ length: d }, () => Math.exp(rng.normal(0, 1)))
  const f = Float64Array.from({ length: n * d }, (_, k) => scales[k % d]! * rng.normal() + shift[k % d]!)
  const out = new Float64Array(d * d)
  for (let r = 0; r < n; r++) for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) out[i * d + j] = out[i * d + j]! + (f[r * d + i]! * f[r * d + j]!) / n
  for (let i = 0; i < d; i++) for (let j = 0; j < i; j++) out[i * d + j] = out[j * d + i]! // exactly symmetric
  return out
}

/** ‖A B − B A‖_F for square n×n matrices. */
export const commutatorNorm = (a: Float64Array, b: Float64Array, n: number): number => {
  let s = 0
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let ab = 0, ba = 0
      for (let k = 0; k < n; k++) { ab += a[i * n + k]! * b[k * n + j]!; ba += b[i * n + k]! * a[k * n + j]! }
      s += (ab - ba) ** 2
    }
  }
  return Math.sqrt(s)
}
