/**
 * DirectCopy's predictor W_p = F̂/‖F̂‖_F + εI (Wang, Chen, Du, Tian 2021; docs/paper/original-code.md#directcopy).
 * The exact formula is DERIVED FROM THE [Re] REPRODUCTION (its Eqn. 5 and code: Frobenius norm, ε = 0.3,
 * ρ = 0.5, no eigenvalue clamping); the DirectCopy paper body could not be verified. No eigendecomposition.
 * Eigenvalues: for PSD F̂ they lie in [ε, 1 + ε]; in general in [ε − 1, 1 + ε]. F̂ = 0 gives εI.
 */
import { InvalidOption, NonFiniteInput, ShapeMismatch } from "../linalg/errors.ts"

export interface DirectCopyOptions {
  /** ε ([Re] uses 0.3, with a CorrelationEstimator of ρ = 0.5). */
  readonly eps: number
}

export interface DirectCopyResult {
  /** W_p [D, D] row-major; symmetric when F̂ is. */
  readonly weight: Float64Array
}

/** W_p = F̂/‖F̂‖_F + εI from F̂ [D, D] (row-major). */
export const directCopyPredictor = (fHat: Float64Array, dim: number, options: DirectCopyOptions): DirectCopyResult => {
  const { eps } = options
  if (!Number.isFinite(eps)) throw new InvalidOption({ kernel: "directCopyPredictor", option: "eps", expected: "a finite number", actual: String(eps) })
  if (!Number.isInteger(dim) || dim < 1 || fHat.length !== dim * dim) {
    throw new ShapeMismatch({ kernel: "directCopyPredictor", expected: "dim·dim entries, dim ≥ 1", actual: `dim = ${dim}, length ${fHat.length}` })
  }
  let maxAbs = 0
  for (let i = 0; i < fHat.length; i++) {
    const v = fHat[i]!
    if (!Number.isFinite(v)) throw new NonFiniteInput({ kernel: "directCopyPredictor", index: i, value: v })
    maxAbs = Math.max(maxAbs, Math.abs(v))
  }
  // ‖F̂‖_F computed on F̂/max|F̂| so the sum of squares cannot overflow or underflow
  let ss = 0
  if (maxAbs > 0) for (let i = 0; i < fHat.length; i++) ss += (fHat[i]! / maxAbs) ** 2
  const norm = Math.sqrt(ss) * maxAbs
  const weight = new Float64Array(dim * dim)
  for (let i = 0; i < fHat.length; i++) weight[i] = norm > 0 ? fHat[i]! / norm : 0
  for (let i = 0; i < dim; i++) weight[i * dim + i] = weight[i * dim + i]! + eps
  return { weight }
}
