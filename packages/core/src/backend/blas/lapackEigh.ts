import { activeBlasOrUndefined } from "./activeBlas.ts"
import type { BlasLibrary } from "./BlasLibrary.ts"
import { findBlasLibrary } from "./findBlasLibrary.ts"

/** Same shape as linalg's `Eigh`: ascending values; vectors [n, n] row-major, column j = eigenvector j. */
export interface LapackEigh {
  readonly values: Float64Array
  readonly vectors: Float64Array
}

let fallbackLookup: BlasLibrary | null | undefined

/** The library of the blas backend if it is loaded, else one found on the system (once), else null. */
const library = (): BlasLibrary | null => {
  const active = activeBlasOrUndefined()
  if (active !== undefined) return active
  if (fallbackLookup === undefined) {
    const found = findBlasLibrary()
    fallbackLookup = found.ok ? found.library : null
  }
  return fallbackLookup
}

const workspaces = new Map<number, { work: Float64Array; iwork: Int32Array }>()

/**
 * Symmetric eigendecomposition by LAPACK dsyevd (divide and conquer) through the system BLAS: the same contract as
 * linalg's `eigh` — (A + Aᵀ)/2 is decomposed, eigenvalues ascending, each eigenvector's largest-magnitude component
 * positive (first on ties) — about 8x faster at n = 128 than the JS implementation. Returns undefined when no
 * LAPACK is available, the input is not finite, or dsyevd reports failure, so callers can fall back to `eigh`.
 */
export const lapackEigh = (a: Float64Array, n: number): LapackEigh | undefined => {
  if (!Number.isInteger(n) || n < 1 || a.length !== n * n) return undefined
  const lib = library()
  if (lib === null || lib.dsyevd === undefined) return undefined
  // Symmetrised copy, scaled to max |entry| = 1 as eigh does (no precision lost to subnormals or overflow).
  // Row-major symmetric = column-major symmetric, so no transpose is needed on the way in.
  const m = new Float64Array(n * n)
  let maxAbs = 0
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const x = a[i * n + j]!, y = a[j * n + i]!
      if (!Number.isFinite(x)) return undefined
      const v = x === y ? x : 0.5 * x + 0.5 * y
      m[i * n + j] = v
      maxAbs = Math.max(maxAbs, Math.abs(v))
    }
  }
  if (maxAbs === 0) {
    const vectors = new Float64Array(n * n)
    for (let i = 0; i < n; i++) vectors[i * n + i] = 1
    return { values: new Float64Array(n), vectors }
  }
  for (let i = 0; i < m.length; i++) m[i] = m[i]! / maxAbs
  let ws = workspaces.get(n)
  if (ws === undefined) {
    ws = { work: new Float64Array(1 + 6 * n + 2 * n * n), iwork: new Int32Array(3 + 5 * n) }
    workspaces.set(n, ws)
  }
  const values = new Float64Array(n), info = new Int32Array(1)
  lib.dsyevd(new Uint8Array([86 /* V */]), new Uint8Array([76 /* L */]), new Int32Array([n]), m, new Int32Array([n]), values,
    ws.work, new Int32Array([ws.work.length]), ws.iwork, new Int32Array([ws.iwork.length]), info)
  if (info[0] !== 0) return undefined
  for (let j = 0; j < n; j++) values[j] = values[j]! * maxAbs
  // dsyevd leaves eigenvector j in column j of the column-major output, i.e. in row j of our row-major buffer.
  const vectors = new Float64Array(n * n)
  for (let j = 0; j < n; j++) {
    let big = 0, sign = 1
    for (let i = 0; i < n; i++) {
      const v = m[j * n + i]!
      if (Math.abs(v) > big) { big = Math.abs(v); sign = v < 0 ? -1 : 1 }
    }
    for (let i = 0; i < n; i++) vectors[i * n + j] = sign * m[j * n + i]!
  }
  return { values, vectors }
}
