/**
 * The scalar system of Appendix D.4 (docs/paper/model.md#appendix-d), no weight decay:
 *
 *   ẇ_p = α_p [w_a λ_d − w_p w λ_s] w                                           (104)
 *   ẇ   = w_p [w_a λ_d − w_p w λ_s]                                             (105)
 *   ẇ_a = β (−w_a + w)                                                          (106)
 *
 * Fixed points: w_a = w and w_p w = w_a λ_d/λ_s; on the tied manifold w = w_p (invariant when α_p = 1) the
 * non-collapsed point is w = w_p = w_a = λ_d/λ_s. Predictor "identity" fixes w_p ≡ 1 (D.3: no predictor).
 * It equals the main-text mode dynamics under s = w², τ = w_a/w, λ_s = 1+σ², λ_d = 1.
 *
 * State layout: [w_p, w, w_a].
 */
import type { Rhs } from "./integrate.ts"

export interface AppendixDParams {
  readonly lambdaS: number
  readonly lambdaD: number
  readonly alphaP: number
  readonly beta: number
  readonly predictor: "trained" | "identity"
}

export const appendixDRhs = (params: AppendixDParams): Rhs => {
  const { lambdaS, lambdaD, alphaP, beta, predictor } = params
  return (_t, y, dy) => {
    const wp = predictor === "identity" ? 1 : y[0]!
    const w = y[1]!, wa = y[2]!
    const g = wa * lambdaD - wp * w * lambdaS
    dy[0] = predictor === "identity" ? 0 : alphaP * g * w
    dy[1] = wp * g
    dy[2] = beta * (w - wa)
  }
}
