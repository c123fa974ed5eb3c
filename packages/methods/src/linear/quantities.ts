/**
 * The quantities the theory claims measure on the linear model (docs/paper/model.md#theorem-1 to docs/paper/model.md#decoupled-dynamics, docs/paper/claims.md):
 * ‖[F, W_p]‖_F, asymmetry, eigenvalues, the conservation residual of Eqn. 5, K of Eqn. 9 and λ_min(K),
 * the EMA ratio τ and the W_a–W correlation of Fig. 7.
 */
import { eigh } from "@ssl/core"
import {
  antisymmetricPart, commutator, frobenius, frobeniusInner, identity, lincomb, mat, matmul, matmulNT, matmulTN,
  symmetricPart, type Mat,
} from "./dense.ts"

/** Eigenvalues (ascending) and eigenvectors (columns of `vectors`) of a symmetric matrix (its symmetric part is used). */
export const symmetricEigen = (a: Mat): { readonly values: Float64Array; readonly vectors: Mat } => {
  if (a.rows !== a.cols) throw new RangeError(`symmetricEigen: ${a.rows}×${a.cols} is not square`)
  const { values, vectors } = eigh(symmetricPart(a).data, a.rows)
  return { values, vectors: mat(a.rows, a.rows, vectors) }
}

export const eigenvalues = (a: Mat): Float64Array => symmetricEigen(a).values

export const lambdaMin = (a: Mat): number => eigenvalues(a)[0]!

/** F = W X Wᵀ, the correlation of the online outputs (= W Wᵀ under Assumption 2). [n2, n2] */
export const outputCorrelation = (W: Mat, X: Mat): Mat => matmulNT(matmul(W, X), W)

/** ‖[F, W_p]‖_F (Theorem 3). */
export const commutatorNorm = (F: Mat, Wp: Mat): number => frobenius(commutator(F, Wp))

/** ‖W_p − W_pᵀ‖_F / ‖W_p‖_F (the Frobenius asymmetry of docs/paper/claims.md#c13; C4's ‖B‖_F/‖W_p‖_F with B = (W_p − W_pᵀ)/2 is half of it). */
export const asymmetry = (Wp: Mat): number => {
  const n = frobenius(Wp)
  return n === 0 ? 0 : (2 * frobenius(antisymmetricPart(Wp))) / n
}

/** C = W Wᵀ − α_p⁻¹ W_pᵀ W_p, the constant of Theorem 1 at t = 0 (Eqn. 5 with the α_p⁻¹ the proof keeps). */
export const conservationMatrix = (W: Mat, Wp: Mat, alphaP: number): Mat =>
  lincomb([1, matmulNT(W, W)], [-1 / alphaP, matmulTN(Wp, Wp)])

/**
 * Relative residual of Eqn. 5, ‖W Wᵀ − α_p⁻¹W_pᵀW_p − e^{−2ηt} C₀‖_F / ‖W Wᵀ‖_F (docs/paper/claims.md#c2), using the
 * corrected statement (docs/paper/model.md#typos item 2: the Appendix restatement drops α_p⁻¹; the proof keeps it).
 */
export const conservationResidual = (W: Mat, Wp: Mat, C0: Mat, alphaP: number, eta: number, t: number): number => {
  const WWt = matmulNT(W, W)
  const r = lincomb([1, WWt], [-1 / alphaP, matmulTN(Wp, Wp)], [-Math.exp(-2 * eta * t), C0])
  return frobenius(r) / frobenius(WWt)
}

export interface KParams {
  readonly sigma2: number
  readonly tau: number
  readonly alphaP: number
  readonly eta: number
}

/** K(t) = (1+σ²)[(α_p/2) F + W_p² − τ/(1+σ²) W_p] + (3/2) η I (Eqn. 9). [d, d] */
export const alignmentK = (Wp: Mat, F: Mat, { sigma2, tau, alphaP, eta }: KParams): Mat => {
  const a = 1 + sigma2
  return lincomb([a * alphaP / 2, F], [a, matmul(Wp, Wp)], [-tau, Wp], [1.5 * eta, identity(Wp.rows)])
}

/** τ̂ = ⟨W_a, W⟩_F / ‖W‖²_F: the least-squares ratio in W_a ≈ τ W (Assumption 1). */
export const tauEstimate = (W: Mat, Wa: Mat): number => {
  const n2 = frobeniusInner(W, W)
  return n2 === 0 ? 0 : frobeniusInner(Wa, W) / n2
}

/** ⟨W_a, W⟩_F / (‖W_a‖_F ‖W‖_F), the normalised correlation of Fig. 7 (0 when either is zero). */
export const targetCorrelation = (W: Mat, Wa: Mat): number => {
  const d = frobenius(W) * frobenius(Wa)
  return d === 0 ? 0 : frobeniusInner(Wa, W) / d
}
