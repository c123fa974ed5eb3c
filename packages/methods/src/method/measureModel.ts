/**
 * The quantities the claims read, measured on a model (README.md, Training: every logEvery steps the trainer records its quantities):
 *   - zStd of both views' projector outputs of the current batch (SimSiam's collapse metric, × √d);
 *   - eigenvalues of F̂ (descending) and the effective rank exp(H(λ/Σλ));
 *   - eigenvalues of W_p's SYMMETRIC PART (W_p + W_pᵀ)/2, descending (real, and equal to W_p's eigenvalues
 *     once W_p is symmetric; for mlp2 W_p is the [Re] linearisation W_out·W_hidden);
 *   - alignment: median over F̂'s significant eigenvectors (eigenvalue > 1e-3·max) of cos(u_j, W_p u_j), and
 *     optionally the per-eigenvector list (descending eigenvalue order);
 *   - asymmetry ‖W_p − W_pᵀ‖/‖W_p‖, Frobenius and the [Re] L1 form.
 */
import { effectiveRank, eigenspaceAlignment, eigh, predictorAsymmetry, symmetrize, zStdRows } from "@ssl/core"

export interface ModelMetrics {
  readonly zStd: number
  readonly effectiveRank: number
  /** Median cos_j over the significant eigenvectors of F̂ (NaN if F̂ = 0). */
  readonly alignment: number
  /** How many eigenvectors entered the median. */
  readonly significant: number
  /** ‖W_p − W_pᵀ‖_F / ‖W_p‖_F. */
  readonly asymmetry: number
  /** Σ|W_p − W_pᵀ| / Σ|W_p| ([Re]). */
  readonly asymmetryL1: number
  /** F̂'s eigenvalues, descending. */
  readonly fEigenvalues: ReadonlyArray<number>
  /** Eigenvalues of (W_p + W_pᵀ)/2, descending. */
  readonly wpEigenvalues: ReadonlyArray<number>
  /** cos(u_j, W_p u_j) per eigenvector of F̂, descending eigenvalue order (only when asked for). */
  readonly alignmentCos?: ReadonlyArray<number>
}

/** Metrics from F̂ [d, d], W_p [d, d] (row-major float64) and a batch of outputs z [n, d]. */
export const measureModel = (fHat: Float64Array, wp: Float64Array, z: ArrayLike<number>, n: number, d: number,
  options: { perEigenvector?: boolean } = {}): ModelMetrics => {
  const fe = eigh(fHat, d)
  const al = eigenspaceAlignment(wp, fHat, d, { eigen: fe })
  const asym = predictorAsymmetry(wp, d)
  const wpSym = Array.from(eigh(symmetrize(wp, d), d).values).reverse()
  return {
    zStd: zStdRows(z, n, d),
    effectiveRank: effectiveRank(fe.values),
    alignment: al.alignment,
    significant: al.significant,
    asymmetry: asym.frobenius,
    asymmetryL1: asym.l1,
    fEigenvalues: Array.from(al.eigenvalues),
    wpEigenvalues: wpSym,
    ...(options.perEigenvector === true ? { alignmentCos: Array.from(al.cos) } : {}),
  }
}
