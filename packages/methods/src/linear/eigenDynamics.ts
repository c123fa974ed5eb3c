/**
 * The decoupled eigen-dynamics of aligned (W_p, F) = (U diag(p) Uᵀ, U diag(s) Uᵀ), docs/paper/model.md#decoupled-dynamics, per mode j:
 *
 *   ṗ_j   = α_p s_j [τ_j − (1+σ²) p_j] − η p_j                                  (11)
 *   ṡ_j   = 2 p_j s_j [τ_j − (1+σ²) p_j] − 2η s_j                              (12)
 *   s_j τ̇_j = β (1 − τ_j) s_j − τ_j ṡ_j / 2                                     (13)
 *
 * (13) is used in the division-free form τ̇ = β(1−τ) − τ·(ṡ/2s) with ṡ/2s = p[τ − (1+σ²)p] − η, which is
 * (12) divided by 2s exactly. τ is either fixed (SimSiam: τ ≡ 1; Theorem 3 and Fig. 4 "τ held fixed") or
 * follows (13) (BYOL's EMA; τ(0) = 0 for W_a(0) = 0).
 *
 * The exact integral (14) with the CORRECTED sign of c_j (docs/paper/model.md#typos item 1; the main text's
 * c_j = α_p⁻¹p_j²(0) − s_j(0) has the wrong sign):   s_j(t) = α_p⁻¹ p_j²(t) + e^{−2ηt} c_j,
 *   c_j = s_j(0) − α_p⁻¹ p_j²(0).
 *
 * On the invariant parabola s = p²/α_p (c_j = 0), Eqn. 16:  ṗ = p² [τ − (1+σ²) p] − η p, with τ fixed or
 * τ̇ = β(1 − τ) − τ ṗ/p (Eqn. 15 differentiated; ṗ/p = p[τ − (1+σ²)p] − η, no division).
 *
 * State layout (d modes): [p (d) | s (d) | τ (d)]; parabola: [p (d) | τ (d)].
 */
import type { Rhs } from "./integrate.ts"

export type TauMode = { readonly kind: "fixed"; readonly tau: number } | { readonly kind: "ema"; readonly beta: number }

export interface EigenParams {
  readonly sigma2: number
  readonly alphaP: number
  readonly eta: number
  readonly tau: TauMode
}

/** Eqns. 11–13 for d independent modes. State [p (d) | s (d) | τ (d)]. */
export const decoupledRhs = (d: number, params: EigenParams): Rhs => {
  const { sigma2, alphaP, eta, tau } = params
  const a = 1 + sigma2
  return (_t, y, dy) => {
    for (let j = 0; j < d; j++) {
      const p = y[j]!, s = y[d + j]!, tj = y[2 * d + j]!
      const g = tj - a * p // τ − (1+σ²)p
      dy[j] = alphaP * s * g - eta * p
      dy[d + j] = 2 * p * s * g - 2 * eta * s
      dy[2 * d + j] = tau.kind === "fixed" ? 0 : tau.beta * (1 - tj) - tj * (p * g - eta)
    }
  }
}

/** Packs modes into the [p | s | τ] layout; τ(0) is `tau.tau` when fixed, else `tau0` (default 0: W_a(0) = 0). */
export const packDecoupled = (p: ArrayLike<number>, s: ArrayLike<number>, tau: TauMode, tau0 = 0): Float64Array => {
  const d = p.length
  const y = new Float64Array(3 * d)
  for (let j = 0; j < d; j++) {
    y[j] = p[j]!
    y[d + j] = s[j]!
    y[2 * d + j] = tau.kind === "fixed" ? tau.tau : tau0
  }
  return y
}

/** Eqn. 16 on the invariant parabola s = p²/α_p. State [p (d) | τ (d)]. */
export const parabolaRhs = (d: number, params: Omit<EigenParams, "alphaP">): Rhs => {
  const { sigma2, eta, tau } = params
  const a = 1 + sigma2
  return (_t, y, dy) => {
    for (let j = 0; j < d; j++) {
      const p = y[j]!, tj = y[d + j]!
      const rate = p * (tj - a * p) - eta // ṗ/p = Δ_j
      dy[j] = p * rate
      dy[d + j] = tau.kind === "fixed" ? 0 : tau.beta * (1 - tj) - tj * rate
    }
  }
}

/** η_crit = τ²/(4(1+σ²)): above it, Eqn. 16 has only the collapsed fixed point (Obs#5). */
export const etaCritical = (tau: number, sigma2: number): number => (tau * tau) / (4 * (1 + sigma2))

/**
 * The non-zero fixed points of Eqn. 16 at fixed τ, p*± = [τ ± √(τ² − 4η(1+σ²))] / (2(1+σ²)) (docs/paper/model.md#decoupled-dynamics),
 * or undefined when η > η_crit (only p*₀ = 0 remains).
 */
export const parabolaFixedPoints = (tau: number, sigma2: number, eta: number): { readonly pMinus: number; readonly pPlus: number } | undefined => {
  const disc = tau * tau - 4 * eta * (1 + sigma2)
  if (disc < 0) return undefined
  const r = Math.sqrt(disc)
  return { pMinus: (tau - r) / (2 * (1 + sigma2)), pPlus: (tau + r) / (2 * (1 + sigma2)) }
}

/** Δ_j = p_j[τ − (1+σ²)p_j] − η (so that ṗ_j = p_j Δ_j on the parabola). */
export const deltaJ = (p: number, tau: number, sigma2: number, eta: number): number => p * (tau - (1 + sigma2) * p) - eta

/**
 * The margin of condition (17), m_j = ½[α_p(1+σ²)s_j + η] − Δ_j. It equals K_jj of Eqn. 9 in the aligned
 * basis ([INFERRED check] in docs/paper/model.md#decoupled-dynamics), so K ≻ 0 ⟺ m_j > 0 for every mode.
 */
export const condition17Margin = (p: number, s: number, tau: number, params: Omit<EigenParams, "tau">): number =>
  0.5 * (params.alphaP * (1 + params.sigma2) * s + params.eta) - deltaJ(p, tau, params.sigma2, params.eta)

/** The exact integral (14) residual s − α_p⁻¹p² − e^{−2ηt} c, with the corrected c = s(0) − α_p⁻¹p(0)². */
export const integralResidual = (p: number, s: number, t: number, p0: number, s0: number, alphaP: number, eta: number): number =>
  s - (p * p) / alphaP - Math.exp(-2 * eta * t) * (s0 - (p0 * p0) / alphaP)
