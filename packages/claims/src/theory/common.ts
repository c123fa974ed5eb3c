/**
 * Shared pieces of the theory claims C1–C12: the corrected typos (docs/paper/model.md#typos) a claim cites, small
 * trajectory helpers, and summary statistics of logged series.
 */
import { dense, fullModel, integrate, stepsFor, type FullParams, type FullState, type Mat } from "@ssl/methods"
import { Rng } from "@ssl/core"

/** docs/paper/model.md#typos, the items the theory claims test against in corrected form. */
export const corrections = {
  cSign: "docs/paper/model.md#typos item 1: c_j = s_j(0) − α_p⁻¹p_j(0)² (the main text's sign is wrong; the appendix derivation fixes it)",
  alphaP: "docs/paper/model.md#typos item 2: Eqn. 5 keeps α_p⁻¹ (W Wᵀ = α_p⁻¹W_pᵀW_p + e^{−2ηt}C; the Appendix restatement drops it)",
  inf: "docs/paper/model.md#typos item 3: Theorem 3 needs inf_t λ_min(K(t)) > 0 (the Appendix's \"max\" is a typo)",
  noPredictorOrder: "docs/paper/model.md#typos item 4: with W_p = I the flow is Ẇ = −W(X' + ηI), not −(X' + ηI)W (W is n2×n1)",
} as const

/** Isotropic data (Assumption 2): X = I, X' = σ²I. */
export const isotropic = (n1: number, sigma2: number): { readonly X: Mat; readonly Xp: Mat } => ({
  X: dense.identity(n1),
  Xp: dense.lincomb([sigma2, dense.identity(n1)]),
})

/** Random PSD data (docs/paper/claims.md conventions: X = AAᵀ/n), X' scaled by `xpScale`. */
export const randomData = (n1: number, rng: Rng, xpScale: number): { readonly X: Mat; readonly Xp: Mat } => ({
  X: dense.randomPsd(n1, rng),
  Xp: dense.lincomb([xpScale, dense.randomPsd(n1, rng)]),
})

/** A generic initial condition: W ~ N(0, 1/n1), W_p ~ N(0, wpStd²), W_a(0) = 0 (τ(0) = 0, docs/paper/model.md#assumptions). */
export const genericInit = (n1: number, n2: number, rng: Rng, wpStd = 1 / Math.sqrt(n2)): FullState => ({
  W: dense.gaussian(n2, n1, 1 / Math.sqrt(n1), rng),
  Wp: dense.gaussian(n2, n2, wpStd, rng),
  Wa: dense.zeros(n2, n1),
})

export interface TrajectoryOptions {
  readonly method: "rk4" | "euler"
  readonly dt: number
  readonly tEnd: number
  /** Observe every this many steps. */
  readonly every: number
}

/** Integrates the full model and calls `observe(t, state)` at the observed steps; returns the final state. */
export const runFull = (
  params: FullParams,
  init: FullState,
  opts: TrajectoryOptions,
  observe: (t: number, s: FullState) => void,
): FullState => {
  const model = fullModel(params)
  const y = integrate(model.rhs, model.pack(init), {
    method: opts.method, dt: opts.dt, steps: stepsFor(opts.tEnd, opts.dt), every: opts.every,
    observe: (t, y) => observe(t, model.view(y)),
  })
  return model.view(y)
}

export const maxOf = (xs: ReadonlyArray<number>): number => xs.reduce((m, x) => (Number.isNaN(x) ? Number.NaN : Math.max(m, x)), -Infinity)
export const minOf = (xs: ReadonlyArray<number>): number => xs.reduce((m, x) => (Number.isNaN(x) ? Number.NaN : Math.min(m, x)), Infinity)

/** Largest successive difference x[i+1] − x[i] (< 0 ⇔ strictly decreasing). */
export const maxStep = (xs: ReadonlyArray<number>): number => {
  let m = -Infinity
  for (let i = 1; i < xs.length; i++) m = Math.max(m, xs[i]! - xs[i - 1]!)
  return m
}

/** Rounds for compact reporting of informational values. */
export const sig = (x: number, digits = 4): number => Number(x.toPrecision(digits))
