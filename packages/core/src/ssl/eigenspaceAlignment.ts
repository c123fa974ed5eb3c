/**
 * Eigenspace alignment between the predictor W_p and the correlation F (docs/paper/claims.md#c13, the paper's Fig. 2
 * caption): for each eigenvector u_j of F,
 *   cos_j = u_jᵀ W_p u_j / (‖u_j‖ ‖W_p u_j‖) ∈ [−1, 1]
 * (1 when u_j is an eigenvector of W_p with a positive eigenvalue). Reported per eigenvector, sorted by F's
 * eigenvalue DESCENDING, plus the summary `alignment` = median cos_j over the eigenvectors whose eigenvalue
 * exceeds `relThreshold`·max eigenvalue (the project's definition; eigenvectors of a near-null eigenspace are
 * arbitrary, so they are left out of the summary).
 */
import { eighFast } from "../linalg/eighFast.ts"
import type { Eigh } from "../linalg/eigh.ts"
import { InvalidOption, ShapeMismatch } from "../linalg/errors.ts"

export interface AlignmentOptions {
  /** A precomputed eigh(F) (e.g. DirectPredResult.eigen), to skip the decomposition. */
  readonly eigen?: Eigh
  /** Eigenvalues > relThreshold·max count towards the summary. Default 1e-3. */
  readonly relThreshold?: number
}

export interface Alignment {
  /** F's eigenvalues, descending [D]. */
  readonly eigenvalues: Float64Array
  /** cos_j for the eigenvector of eigenvalues[j] [D]; 0 where W_p u_j = 0. */
  readonly cos: Float64Array
  /** Median of cos over the significant eigenvectors; NaN when none is significant (max eigenvalue ≤ 0). */
  readonly alignment: number
  /** How many eigenvectors entered the median. */
  readonly significant: number
}

/** Alignment of W_p [D, D] with the eigenvectors of F [D, D] (both row-major). */
export const eigenspaceAlignment = (wp: Float64Array, f: Float64Array, dim: number, options: AlignmentOptions = {}): Alignment => {
  if (wp.length !== dim * dim) throw new ShapeMismatch({ kernel: "eigenspaceAlignment", expected: `W_p of ${dim}·${dim} entries`, actual: `${wp.length}` })
  const rel = options.relThreshold ?? 1e-3
  if (!(rel >= 0)) throw new InvalidOption({ kernel: "eigenspaceAlignment", option: "relThreshold", expected: "a number ≥ 0", actual: String(rel) })
  const eigen = options.eigen ?? eighFast(f, dim)
  if (eigen.values.length !== dim) throw new ShapeMismatch({ kernel: "eigenspaceAlignment", expected: `an eigendecomposition of size ${dim}`, actual: `${eigen.values.length}` })
  const eigenvalues = new Float64Array(dim)
  const cos = new Float64Array(dim)
  const u = new Float64Array(dim)
  for (let r = 0; r < dim; r++) {
    const j = dim - 1 - r // descending
    eigenvalues[r] = eigen.values[j]!
    for (let i = 0; i < dim; i++) u[i] = eigen.vectors[i * dim + j]!
    let uu = 0
    let uwu = 0
    let ww = 0
    for (let i = 0; i < dim; i++) {
      let wu = 0
      const row = i * dim
      for (let k = 0; k < dim; k++) wu += wp[row + k]! * u[k]!
      uu += u[i]! * u[i]!
      uwu += u[i]! * wu
      ww += wu * wu
    }
    const denom = Math.sqrt(uu) * Math.sqrt(ww)
    cos[r] = denom > 0 ? Math.max(-1, Math.min(1, uwu / denom)) : 0
  }
  const top = eigenvalues[0]!
  const picked: number[] = []
  if (top > 0) for (let r = 0; r < dim; r++) if (eigenvalues[r]! > rel * top) picked.push(cos[r]!)
  return { eigenvalues, cos, alignment: median(picked), significant: picked.length }
}

const median = (xs: number[]): number => {
  if (xs.length === 0) return NaN
  const s = [...xs].sort((a, b) => a - b)
  const mid = s.length >> 1
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2
}
