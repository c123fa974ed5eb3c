/**
 * Symmetric eigendecomposition in float64 (tfjs has none, and DirectPred needs one every step).
 *
 * Method (Golub & Van Loan §8.3, the same plan as LAPACK dsytrd + dsteqr):
 *   1. scale A by its largest |entry| (no overflow/underflow in the squares below);
 *   2. Householder reduction to tridiagonal T = Qᵀ A Q, accumulating Qᵀ;
 *   3. implicit symmetric QR steps with a Wilkinson shift on T (bulge chasing with Givens rotations),
 *      deflating small off-diagonals, applying each rotation to the accumulated eigenvectors;
 *   4. sort ascending, fix each eigenvector's sign, undo the scaling.
 * Eigenvectors are kept as ROWS of a work matrix (rows of Vᵀ), so every rotation and every Householder
 * update touches contiguous memory. Cost ≈ 9n³ flops: 128×128 in a few ms, 512×512 in well under a second.
 *
 * Asymmetric input is symmetrised, (A + Aᵀ)/2, not rejected: the callers' matrices (F̂, W_p) are symmetric
 * up to rounding, and the symmetric part is the matrix whose spectrum `eigh` is defined for.
 */
import { EighNoConvergence, NonFiniteInput, ShapeMismatch } from "./errors.ts"

/** Result of {@link eigh}. */
export interface Eigh {
  /** [n] eigenvalues, ascending. */
  readonly values: Float64Array
  /** [n, n] row-major; column j is the unit eigenvector for values[j]. */
  readonly vectors: Float64Array
}

/**
 * Eigendecomposition A = V diag(values) Vᵀ of a symmetric n×n float64 matrix (row-major), n ≥ 1.
 * Returns ascending eigenvalues and orthonormal eigenvectors as columns of `vectors` [n, n] row-major.
 * Sign convention (reproducible results): each eigenvector's largest-magnitude component is positive (the
 * first such component on exact ties). Uses the symmetric part (A + Aᵀ)/2 of A.
 * @throws ShapeMismatch if a.length ≠ n·n or n is not a positive integer.
 * @throws NonFiniteInput if any entry is NaN or ±Infinity.
 */
export const eigh = (a: Float64Array, n: number): Eigh => {
  if (!Number.isInteger(n) || n < 1 || a.length !== n * n) {
    throw new ShapeMismatch({ kernel: "eigh", expected: "n*n entries with n a positive integer", actual: `n = ${n}, length ${a.length}` })
  }
  for (let i = 0; i < a.length; i++) {
    if (!Number.isFinite(a[i]!)) throw new NonFiniteInput({ kernel: "eigh", index: i, value: a[i]! })
  }
  // w: the symmetrised working copy, then scaled to max |w_ij| = 1 (becomes garbage); z: rows are eigenvectors (Vᵀ).
  const w = new Float64Array(n * n)
  let maxAbs = 0
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const x = a[i * n + j]!
      const y = a[j * n + i]!
      const v = x === y ? x : 0.5 * x + 0.5 * y // halves first: no overflow near ±MAX_VALUE
      w[i * n + j] = v
      if (Math.abs(v) > maxAbs) maxAbs = Math.abs(v)
    }
  }
  const values = new Float64Array(n)
  const vectors = new Float64Array(n * n)
  if (maxAbs === 0) {
    for (let i = 0; i < n; i++) vectors[i * n + i] = 1
    return { values, vectors }
  }
  // Divide (not multiply by 1/maxAbs): 1/maxAbs overflows for subnormal maxAbs.
  for (let i = 0; i < w.length; i++) w[i] = w[i]! / maxAbs
  const d = new Float64Array(n) // diagonal of T
  const e = new Float64Array(n) // e[i] = T[i, i+1]; e[n-1] unused
  const z = new Float64Array(n * n)
  tridiagonalize(w, n, d, e, z)
  tridiagonalQr(d, e, z, n)

  // Sort ascending (stable on ties), fix signs, transpose rows of z into columns of `vectors`.
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => d[i]! - d[j]! || i - j)
  for (let j = 0; j < n; j++) {
    const src = order[j]! * n
    values[j] = d[order[j]!]! * maxAbs
    let big = 0
    let sign = 1
    for (let i = 0; i < n; i++) {
      const v = z[src + i]!
      if (Math.abs(v) > big) {
        big = Math.abs(v)
        sign = v < 0 ? -1 : 1
      }
    }
    for (let i = 0; i < n; i++) vectors[i * n + j] = sign * z[src + i]!
  }
  return { values, vectors }
}

/**
 * Householder reduction of the symmetric w [n, n] to tridiagonal (d, e), writing Qᵀ into z so that
 * w = Q T Qᵀ. Step k reflects rows/cols k+1.. to zero column k below the subdiagonal: H = I − 2 v vᵀ.
 */
const tridiagonalize = (w: Float64Array, n: number, d: Float64Array, e: Float64Array, z: Float64Array): void => {
  const vs = new Float64Array(n * n) // row k holds the unit Householder vector of step k (entries k+1..n-1)
  const hasReflector = new Uint8Array(n)
  const p = new Float64Array(n)
  for (let k = 0; k < n - 2; k++) {
    // x = w[k+1.., k] (the row k, by symmetry: contiguous). Norms are taken in units of max|x_i| so that
    // tiny entries (|x| < 1e-154) do not underflow in their squares and leave a non-unit v.
    d[k] = w[k * n + k]!
    const x0 = w[k * n + k + 1]!
    let tailMax = 0
    for (let i = k + 2; i < n; i++) tailMax = Math.max(tailMax, Math.abs(w[k * n + i]!))
    if (tailMax === 0) {
      e[k] = x0 // already tridiagonal in this column
      continue
    }
    const unit = Math.max(tailMax, Math.abs(x0))
    let norm2 = 0 // ‖x/unit‖²
    for (let i = k + 1; i < n; i++) norm2 += (w[k * n + i]! / unit) ** 2
    const norm = Math.sqrt(norm2) // in units of `unit`
    const x0u = x0 / unit
    const alphaU = x0u > 0 ? -norm : norm // reflect onto −sign(x0)·‖x‖ e1: no cancellation in v0
    const v = vs.subarray(k * n, (k + 1) * n)
    v[k + 1] = x0u - alphaU
    for (let i = k + 2; i < n; i++) v[i] = w[k * n + i]! / unit
    let vn2 = 0
    for (let i = k + 1; i < n; i++) vn2 += v[i]! * v[i]!
    const vInv = 1 / Math.sqrt(vn2)
    for (let i = k + 1; i < n; i++) v[i] = v[i]! * vInv
    const alpha = alphaU * unit
    hasReflector[k] = 1
    e[k] = alpha

    // Trailing block B = w[k+1.., k+1..] ← H B H = B − v qᵀ − q vᵀ with p = 2 B v, q = p − (vᵀp) v.
    let vp = 0
    for (let i = k + 1; i < n; i++) {
      let s = 0
      const row = i * n
      for (let j = k + 1; j < n; j++) s += w[row + j]! * v[j]!
      p[i] = 2 * s
      vp += v[i]! * s * 2
    }
    for (let i = k + 1; i < n; i++) p[i] = p[i]! - vp * v[i]!
    for (let i = k + 1; i < n; i++) {
      const row = i * n
      const vi = v[i]!
      const qi = p[i]!
      for (let j = k + 1; j < n; j++) w[row + j] = w[row + j]! - vi * p[j]! - qi * v[j]!
    }
  }
  if (n >= 2) {
    d[n - 2] = w[(n - 2) * n + n - 2]!
    e[n - 2] = w[(n - 2) * n + n - 1]!
  }
  d[n - 1] = w[(n - 1) * n + n - 1]!

  // z = Qᵀ = H_{n-3} ⋯ H_0, built as z ← z H_k for k descending, starting from I. When H_k is applied,
  // z differs from I only in rows/cols > k+1, so rows ≤ k are untouched and skipped.
  for (let i = 0; i < n; i++) z[i * n + i] = 1
  for (let k = n - 3; k >= 0; k--) {
    if (hasReflector[k] === 0) continue
    const v = vs.subarray(k * n, (k + 1) * n)
    for (let r = k + 1; r < n; r++) {
      const row = r * n
      let s = 0
      for (let j = k + 1; j < n; j++) s += z[row + j]! * v[j]!
      s *= 2
      for (let j = k + 1; j < n; j++) z[row + j] = z[row + j]! - s * v[j]!
    }
  }
}

/**
 * Implicit symmetric QR on the tridiagonal (d, e) with Wilkinson shifts (Golub & Van Loan Alg. 8.3.2),
 * deflating off-diagonals below ε·(|d_i| + |d_{i+1}|). Rotations in the plane (k, k+1) are applied to
 * rows k, k+1 of z, so on exit row i of z is the eigenvector of d[i].
 */
const tridiagonalQr = (d: Float64Array, e: Float64Array, z: Float64Array, n: number): void => {
  const eps = Number.EPSILON
  // The matrix is scaled to max |entry| = 1: a subnormal off-diagonal is far below ε·‖A‖ and is dropped even
  // between two zero diagonal entries, where the relative test alone would never fire (subnormal arithmetic
  // has too few bits for the QR step to converge).
  const floor = 2.2250738585072014e-308 // smallest normal double
  const negligible = (i: number): boolean => {
    const off = Math.abs(e[i]!)
    return off <= floor || off <= eps * (Math.abs(d[i]!) + Math.abs(d[i + 1]!))
  }
  const maxSweeps = 50 * n
  let sweeps = 0
  let hi = n - 1
  while (hi > 0) {
    // Deflate converged eigenvalues at the bottom.
    if (negligible(hi - 1)) {
      e[hi - 1] = 0
      hi--
      continue
    }
    // Find the unreduced block [lo, hi].
    let lo = hi - 1
    while (lo > 0 && !negligible(lo - 1)) lo--
    if (lo > 0) e[lo - 1] = 0
    if (++sweeps > maxSweeps) throw new EighNoConvergence({ n, iterations: sweeps })

    // Wilkinson shift: the eigenvalue of the trailing 2×2 block closer to d[hi].
    const b = e[hi - 1]!
    const delta = (d[hi - 1]! - d[hi]!) / 2
    const root = Math.hypot(delta, b)
    // b·(b/(δ ± root)), not b²/(δ ± root): b² underflows for tiny blocks and the step would stall
    const mu = d[hi]! - b * (b / (delta + (delta >= 0 ? root : -root)))

    // Chase the bulge from lo to hi.
    let x = d[lo]! - mu
    let y = e[lo]!
    for (let k = lo; k < hi; k++) {
      // (c, s) from (x, y)/max(|x|, |y|): orthogonal to full precision even when x, y are tiny or subnormal
      // (hypot, not sqrt(x² + y²), and no division of a subnormal by a subnormal)
      const m = Math.max(Math.abs(x), Math.abs(y))
      let c = 1
      let s = 0
      let r = 0
      if (m > 0) {
        const xm = x / m
        const ym = y / m
        const rm = Math.hypot(xm, ym)
        c = xm / rm
        s = ym / rm
        r = rm * m
      }
      if (k > lo) e[k - 1] = r
      // 2×2 block [p q; q t] ← Gᵀ [p q; q t] G with Gᵀ = [c s; −s c]
      const pk = d[k]!
      const qk = e[k]!
      const tk = d[k + 1]!
      const cs = c * s
      d[k] = c * c * pk + 2 * cs * qk + s * s * tk
      d[k + 1] = s * s * pk - 2 * cs * qk + c * c * tk
      e[k] = cs * (tk - pk) + (c * c - s * s) * qk
      if (k + 1 < hi) {
        const wNext = e[k + 1]!
        y = s * wNext // new bulge at (k, k+2)
        e[k + 1] = c * wNext
        x = e[k]!
      }
      // Eigenvectors: rows k, k+1 of z.
      const rk = k * n
      const rk1 = rk + n
      for (let j = 0; j < n; j++) {
        const zk = z[rk + j]!
        const zk1 = z[rk1 + j]!
        z[rk + j] = c * zk + s * zk1
        z[rk1 + j] = c * zk1 - s * zk
      }
    }
  }
}
