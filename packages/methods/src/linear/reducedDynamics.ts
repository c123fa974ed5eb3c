/**
 * The reduced dynamics in (W_p, F), F := W X Wᵀ, under Assumptions 1–2 (W_a = τW, X = I, X' = σ²I),
 * docs/paper/model.md#reduced-dynamics. τ is held fixed here (as in Fig. 8 and Theorem 3's simulations).
 *
 * Non-symmetrised (Appendix Eqn. 62):
 *   Ẇ_p = −α_p(1+σ²) W_p F + α_p τ F − η W_p
 *   Ḟ   = −(1+σ²)(W_pᵀW_p F + F W_pᵀW_p) + τ (W_pᵀ F + F W_p) − 2η F
 * Symmetrised (Eqn. 7 = Appendix Eqn. 67), {A,B} = AB + BA:
 *   Ẇ_p = −(α_p/2)(1+σ²) {W_p, F} + α_p τ F − η W_p
 *   Ḟ   = −(1+σ²) {W_p², F} + τ {W_p, F} − 2η F
 *
 * State layout: [W_p (d·d) | F (d·d)].
 */
import { mat, matmul, matmulTN, type Mat, zeros } from "./dense.ts"
import type { Rhs } from "./integrate.ts"

export type ReducedForm = "symmetric" | "nonsymmetric"

export interface ReducedParams {
  readonly d: number
  readonly sigma2: number
  readonly tau: number
  readonly alphaP: number
  readonly eta: number
  readonly form: ReducedForm
}

export interface ReducedState {
  readonly Wp: Mat // [d, d]
  readonly F: Mat // [d, d]
}

export interface ReducedModel {
  readonly size: number
  readonly rhs: Rhs
  readonly view: (y: Float64Array) => ReducedState
  readonly pack: (s: ReducedState) => Float64Array
}

export const reducedModel = (params: ReducedParams): ReducedModel => {
  const { d, sigma2, tau, alphaP, eta, form } = params
  const a = 1 + sigma2
  const n = d * d
  // Views cached per buffer and work matrices reused: the RHS allocates nothing (it runs 4× per RK4 step).
  const views = new WeakMap<Float64Array, ReducedState>()
  const view = (y: Float64Array): ReducedState => {
    let v = views.get(y)
    if (v === undefined) {
      v = { Wp: mat(d, d, y.subarray(0, n)), F: mat(d, d, y.subarray(n, 2 * n)) }
      views.set(y, v)
    }
    return v
  }
  const pack = (s: ReducedState): Float64Array => {
    const y = new Float64Array(2 * n)
    y.set(s.Wp.data, 0)
    y.set(s.F.data, n)
    return y
  }
  const WpF = zeros(d, d), FWp = zeros(d, d), Wp2 = zeros(d, d), Wp2F = zeros(d, d), FWp2 = zeros(d, d), WtF = zeros(d, d)
  const rhs: Rhs = (_t, y, dy) => {
    const { Wp, F } = view(y)
    const out = view(dy)
    const dWp = out.Wp.data, dF = out.F.data
    const P = Wp.data, Fd = F.data
    matmul(Wp, F, WpF)
    matmul(F, Wp, FWp)
    if (form === "symmetric") {
      matmul(Wp, Wp, Wp2)
      matmul(Wp2, F, Wp2F)
      matmul(F, Wp2, FWp2)
      for (let i = 0; i < n; i++) {
        const anti = WpF.data[i]! + FWp.data[i]! // {W_p, F}
        dWp[i] = -(alphaP / 2) * a * anti + alphaP * tau * Fd[i]! - eta * P[i]!
        dF[i] = -a * (Wp2F.data[i]! + FWp2.data[i]!) + tau * anti - 2 * eta * Fd[i]!
      }
    } else {
      matmulTN(Wp, Wp, Wp2) // W_pᵀW_p
      matmul(Wp2, F, Wp2F)
      matmul(F, Wp2, FWp2)
      matmulTN(Wp, F, WtF) // W_pᵀF
      for (let i = 0; i < n; i++) {
        dWp[i] = -alphaP * a * WpF.data[i]! + alphaP * tau * Fd[i]! - eta * P[i]!
        dF[i] = -a * (Wp2F.data[i]! + FWp2.data[i]!) + tau * (WtF.data[i]! + FWp.data[i]!) - 2 * eta * Fd[i]!
      }
    }
  }
  return { size: 2 * n, rhs, view, pack }
}
