/**
 * The full gradient flow of the linear model, Lemma 1 (docs/paper/model.md#lemma-1, Eqns. 2–4), for any PSD X and X':
 *
 *   G    := −W_p W (X + X') + W_a X                                  [n2, n1]
 *   Ẇ_p  = α_p G Wᵀ − η W_p                                           (2)
 *   Ẇ    = W_pᵀ G − η W                                               (3)
 *   Ẇ_a  = β (W − W_a)                                                (4)
 *
 * Variants (the paper's ablations):
 *   target "ema" (BYOL, Eqn. 4) | "simsiam" (W_a ≡ W, stop-gradient kept) | "frozen" (Ẇ_a = 0);
 *   stopGradient false — Theorem 2 / Eqn. 6, W_a = W and the gradient also flows through the target:
 *     Ẇ = −(W_pᵀW_p + I) W X' − W̃_pᵀW̃_p W X − η W,   W̃_p = W_p − I     (vec form: −H vec W, Eqn. 6);
 *   predictor "identity" — W_p ≡ I is not trained (Appendix A remark, Appendix D.3).
 * The weight-decay terms use the same η for W_p and W, not multiplied by α_p (docs/paper/model.md#lemma-1).
 *
 * State layout: [W_p (n2·n2) | W (n2·n1) | W_a (n2·n1)], row-major. For "simsiam" the W_a slot mirrors W.
 */
import { add, identity, lincomb, mat, matmul, matmulNT, matmulTN, scalarMultipleOfIdentity, type Mat, writeLincomb, zeros } from "./dense.ts"
import type { Rhs } from "./integrate.ts"

export type Target = "ema" | "simsiam" | "frozen"
export type PredictorMode = "trained" | "identity"

export interface FullParams {
  /** E[x̄ x̄ᵀ] (Σ^d in Appendix D). [n1, n1] */
  readonly X: Mat
  /** E_x[V[x'|x]] (Σ^s − Σ^d). [n1, n1] */
  readonly Xp: Mat
  readonly n2: number
  readonly alphaP: number
  readonly eta: number
  /** EMA rate (only for target "ema"). */
  readonly beta: number
  readonly target: Target
  readonly stopGradient: boolean
  readonly predictor: PredictorMode
}

export interface FullState {
  readonly Wp: Mat // [n2, n2]
  readonly W: Mat // [n2, n1]
  readonly Wa: Mat // [n2, n1]
}

export interface FullModel {
  readonly n1: number
  readonly n2: number
  readonly size: number
  readonly rhs: Rhs
  /** Views into y (no copy). */
  readonly view: (y: Float64Array) => FullState
  readonly pack: (s: FullState) => Float64Array
}

export const fullModel = (params: FullParams): FullModel => {
  const { X, Xp, n2, alphaP, eta, beta, target, stopGradient, predictor } = params
  const n1 = X.rows
  if (X.cols !== n1 || Xp.rows !== n1 || Xp.cols !== n1) throw new RangeError(`fullModel: X and X' must be ${n1}×${n1}`)
  if (!stopGradient && target !== "simsiam")
    throw new RangeError("fullModel: the no-stop-gradient variant (Eqn. 6) is defined for W_a = W; use target 'simsiam'")
  const S = add(X, Xp) // Σ^s = X + X'
  const I = identity(n2)
  const nWp = n2 * n2, nW = n2 * n1
  const size = nWp + 2 * nW
  // Views are cached per buffer: the integrator reuses a handful of state buffers, so the RHS allocates nothing.
  const views = new WeakMap<Float64Array, FullState>()
  const view = (y: Float64Array): FullState => {
    let v = views.get(y)
    if (v === undefined) {
      v = { Wp: mat(n2, n2, y.subarray(0, nWp)), W: mat(n2, n1, y.subarray(nWp, nWp + nW)), Wa: mat(n2, n1, y.subarray(nWp + nW, size)) }
      views.set(y, v)
    }
    return v
  }
  const pack = (s: FullState): Float64Array => {
    const y = new Float64Array(size)
    y.set(predictor === "identity" ? I.data : s.Wp.data, 0) // W_p ≡ I when it is not trained
    y.set(s.W.data, nWp)
    y.set(target === "simsiam" ? s.W.data : s.Wa.data, nWp + nW)
    return y
  }
  // Work buffers, reused by every call (the RHS runs 4× per RK4 step: no allocation in the loop).
  const WS = zeros(n2, n1), WpWS = zeros(n2, n1), WaX = zeros(n2, n1), G = zeros(n2, n1)
  const GWt = zeros(n2, n2), WptG = zeros(n2, n1), WtW = zeros(n2, n2), Wt = zeros(n2, n2), WtWt = zeros(n2, n2)
  const WXp = zeros(n2, n1), WX = zeros(n2, n1), T1 = zeros(n2, n1), T2 = zeros(n2, n1)
  // Isotropic X, X' (Assumption 2) turn the [n1, n1] products into scalings.
  const sX = scalarMultipleOfIdentity(X), sXp = scalarMultipleOfIdentity(Xp), sS = scalarMultipleOfIdentity(S)
  const times = (a: Mat, m: Mat, c: number | undefined, out: Mat): Mat => {
    if (c === undefined) return matmul(a, m, out)
    for (let i = 0; i < out.data.length; i++) out.data[i] = c * a.data[i]!
    return out
  }
  const rhs: Rhs = (_t, y, dy) => {
    const state = view(y)
    const { Wp, W } = state
    const Wa = target === "simsiam" ? W : state.Wa
    const d = view(dy)
    // G = −W_p W (X+X') + W_a X   [n2, n1]
    matmul(Wp, times(W, S, sS, WS), WpWS)
    times(Wa, X, sX, WaX)
    for (let i = 0; i < G.data.length; i++) G.data[i] = WaX.data[i]! - WpWS.data[i]!
    if (predictor === "trained") writeLincomb(d.Wp, [alphaP, matmulNT(G, W, GWt)], [-eta, Wp])
    else d.Wp.data.fill(0)
    if (stopGradient) {
      writeLincomb(d.W, [1, matmulTN(Wp, G, WptG)], [-eta, W])
    } else {
      // Eqn. 6: Ẇ = −(W_pᵀW_p + I) W X' − W̃_pᵀW̃_p W X − η W
      matmulTN(Wp, Wp, WtW)
      for (let i = 0; i < n2; i++) WtW.data[i * n2 + i]! += 1
      for (let i = 0; i < Wt.data.length; i++) Wt.data[i] = Wp.data[i]! - I.data[i]!
      matmulTN(Wt, Wt, WtWt)
      writeLincomb(d.W,
        [-1, matmul(WtW, times(W, Xp, sXp, WXp), T1)],
        [-1, matmul(WtWt, times(W, X, sX, WX), T2)],
        [-eta, W])
    }
    if (target === "ema") writeLincomb(d.Wa, [beta, W], [-beta, Wa])
    else if (target === "simsiam") d.Wa.data.set(d.W.data)
    else d.Wa.data.fill(0)
  }
  return { n1, n2, size, rhs, view, pack }
}

/**
 * The closed-form gradients of J (Eqn. 1) in the large-batch limit, before weight decay (Lemma 1):
 *   ∂J/∂W_p = −G Wᵀ,  ∂J/∂W = −W_pᵀ G,  G = −W_p W (X + X') + W_a X.
 * (Eqns. 2–3 are the negatives, scaled by α_p for W_p.)
 */
export const lemma1Gradients = (Wp: Mat, W: Mat, Wa: Mat, X: Mat, Xp: Mat): { readonly dWp: Mat; readonly dW: Mat } => {
  const G = lincomb([-1, matmul(Wp, matmul(W, add(X, Xp)))], [1, matmul(Wa, X)])
  return { dWp: lincomb([-1, matmulNT(G, W)]), dW: lincomb([-1, matmulTN(Wp, G)]) }
}
