/**
 * Effective rank of a PSD matrix from its eigenvalues (docs/paper/scale.md#harness; Roy & Vetterli 2007):
 *   λ⁺ = max(λ, 0),  q = λ⁺/Σλ⁺,  erank = exp(−Σ q log q) ∈ [1, d]
 * d for isotropic F (all eigenvalues equal), 1 for rank one. Defined as 0 when every eigenvalue is ≤ 0
 * (the zero matrix has rank 0). Negative eigenvalues are rounding noise of a PSD estimate and are clamped.
 */
import { NonFiniteInput } from "../linalg/errors.ts"

/** Effective rank from eigenvalues (e.g. eigh(F).values), any order. */
export const effectiveRank = (eigenvalues: ArrayLike<number>): number => {
  let total = 0
  for (let i = 0; i < eigenvalues.length; i++) {
    const v = eigenvalues[i]!
    if (!Number.isFinite(v)) throw new NonFiniteInput({ kernel: "effectiveRank", index: i, value: v })
    if (v > 0) total += v
  }
  if (!(total > 0)) return 0
  let h = 0
  for (let i = 0; i < eigenvalues.length; i++) {
    const q = Math.max(eigenvalues[i]!, 0) / total
    if (q > 0) h -= q * Math.log(q)
  }
  return Math.min(Math.exp(h), eigenvalues.length)
}
