/**
 * DirectPred's predictor from the correlation estimate, exactly as the original code's `compute_w_corr`
 * with balance_type "boost_scale" (docs/paper/original-code.md#directpred-algorithm step 6; luckmatters byol_trainer.py at cb23d10):
 *   F̂ = Q diag(s) Qᵀ (eigh);  e_j = max(s_j, 0) / max_k s_k
 *   ε outside (default, dyn_eps_inside = false):  p_j = max(e_j^(1/convert) + ε, 1e-4)
 *   ε inside  (dyn_eps_inside = true):            p_j = max(e_j + ε, 1e-4)^(1/convert)
 *   W_p = Q diag(p) Qᵀ                            (convert = 2: square root, the paper's Eqn. 18 up to scale)
 * Table 7's variant p_j = sqrt(max(s_j − c_j, 0)) is ε inside with ε = −c (c relative to the normalised
 * eigenvalues; docs/paper/claims.md#c19).
 * Degenerate F̂ — max_k s_k ≤ D·ε_mach·max_k |s_k|, i.e. no eigenvalue is positive beyond rounding (all zeros
 * before any data, or negative semidefinite): the code would divide by ≤ 0 (or by rounding noise) and produce
 * NaN/garbage; here e ≡ 0, so W_p = max(ε, 1e-4)·I (outside) or max(ε, 1e-4)^(1/convert)·I (inside).
 */
import { scaledGram } from "../backend/blas/scaledGram.ts"
import { eighFast } from "../linalg/eighFast.ts"
import type { Eigh } from "../linalg/eigh.ts"
import { InvalidOption } from "../linalg/errors.ts"

export interface DirectPredOptions {
  /** ε (the code's dyn_eps). */
  readonly eps: number
  /** Add ε inside the root (dyn_eps_inside); outside unless asked. */
  readonly epsInside?: boolean
  /** Root order (dyn_convert): p = e^(1/convert); the paper's construction is 2 (the square root). */
  readonly convert: number
}

export interface DirectPredResult {
  /** W_p [D, D] row-major, symmetric. Apply as p = W_p f (write it into a bias-free linear layer). */
  readonly weight: Float64Array
  /** The eigendecomposition of F̂ used (ascending eigenvalues, eigenvectors as columns). */
  readonly eigen: Eigh
  /** The predictor's eigenvalues p_j, in the order of eigen.values. */
  readonly p: Float64Array
}

/** Floor on p_j, as the code's clamp(min = 1e-4). */
export const DIRECTPRED_MIN_EIGENVALUE = 1e-4

/** W_p from F̂ [D, D] (symmetric; asymmetric input is symmetrised by eigh). See the module comment. */
export const directPredPredictor = (fHat: Float64Array, dim: number, options: DirectPredOptions): DirectPredResult => {
  const { eps, convert } = options
  if (!Number.isFinite(eps)) throw new InvalidOption({ kernel: "directPredPredictor", option: "eps", expected: "a finite number", actual: String(eps) })
  if (!(Number.isFinite(convert) && convert > 0)) throw new InvalidOption({ kernel: "directPredPredictor", option: "convert", expected: "a finite number > 0", actual: String(convert) })
  const eigen = eighFast(fHat, dim)
  const s = eigen.values
  const sMax = s[dim - 1]! // ascending
  const spectralRadius = Math.max(Math.abs(s[0]!), Math.abs(sMax))
  const degenerate = !(sMax > dim * Number.EPSILON * spectralRadius)
  const root = 1 / convert
  const p = new Float64Array(dim)
  for (let j = 0; j < dim; j++) {
    const e = degenerate ? 0 : Math.max(s[j]!, 0) / sMax
    p[j] = options.epsInside === true
      ? Math.max(e + eps, DIRECTPRED_MIN_EIGENVALUE) ** root
      : Math.max(e ** root + eps, DIRECTPRED_MIN_EIGENVALUE)
  }
  return { weight: scaledGram(eigen.vectors, p, dim), eigen, p }
}
