/**
 * Asymmetry of the predictor (docs/paper/claims.md#c13): how far W_p is from symmetric.
 *   frobenius = ‖W_p − W_pᵀ‖_F / ‖W_p‖_F ∈ [0, 2]
 *   l1        = Σ|W_p − W_pᵀ| / Σ|W_p|   ∈ [0, 2]   (the [Re] reproduction's implementation)
 * 0 for symmetric, 2 for skew-symmetric; an i.i.d. Gaussian matrix gives ≈ √2·(1 − 1/D) for l1 and
 * ≈ √(2(1 − 1/D)) for frobenius. The zero matrix is defined to have asymmetry 0.
 */
import { ShapeMismatch } from "../linalg/errors.ts"

export interface Asymmetry {
  readonly frobenius: number
  readonly l1: number
}

/** Asymmetry of W_p [D, D] (row-major). */
export const predictorAsymmetry = (wp: Float64Array, dim: number): Asymmetry => {
  if (wp.length !== dim * dim) throw new ShapeMismatch({ kernel: "predictorAsymmetry", expected: `${dim}·${dim} entries`, actual: `${wp.length}` })
  let diff2 = 0, norm2 = 0, diff1 = 0, norm1 = 0
  for (let i = 0; i < dim; i++) {
    for (let j = 0; j < dim; j++) {
      const a = wp[i * dim + j]!
      const d = a - wp[j * dim + i]!
      diff2 += d * d
      diff1 += Math.abs(d)
      norm2 += a * a
      norm1 += Math.abs(a)
    }
  }
  return {
    frobenius: norm2 > 0 ? Math.sqrt(diff2) / Math.sqrt(norm2) : 0,
    l1: norm1 > 0 ? diff1 / norm1 : 0,
  }
}
