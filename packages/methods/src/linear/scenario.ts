/**
 * A linear-model scenario: which system of PAPER.md §1 to integrate, with what parameters and initial
 * condition. This is the plain data the simulator runs; configs/scenarios validates it with arktype at the
 * boundary (domain rules: σ², η ≥ 0, dt > 0, X PSD, ...), so this module trusts its input.
 */

export interface IntegratorSpec {
  readonly method: "rk4" | "euler"
  readonly dt: number
  readonly tEnd: number
  /** Log the quantities every this much time (rounded to whole steps). */
  readonly logEvery: number
}

export type DataSpec =
  /** Assumption 2: X = I, X' = σ²I. */
  | { readonly kind: "isotropic"; readonly sigma2: number }
  /** X = AAᵀ/n1, X' = xpScale·BBᵀ/n1 with Gaussian A, B (PAPER.md §2 "random PSD X"). */
  | { readonly kind: "random"; readonly seed: number; readonly xpScale: number }
  /** Σ^d = X and Σ^s − Σ^d = X' given explicitly (must be symmetric PSD). */
  | { readonly kind: "explicit"; readonly X: ReadonlyArray<ReadonlyArray<number>>; readonly Xp: ReadonlyArray<ReadonlyArray<number>> }

export interface FullInitSpec {
  readonly seed: number
  /** W entries ~ N(0, wStd²). */
  readonly wStd: number
  /** W_p entries ~ N(0, wpStd²) (ignored for predictor "identity"). */
  readonly wpStd: number
  /** W_a(0): 0 (the paper's τ(0) = 0), a copy of W(0), or an independent draw like W (frozen-target runs). */
  readonly wa: "zero" | "copy" | "random"
}

export interface FullScenario {
  readonly model: "full"
  readonly n1: number
  readonly n2: number
  readonly data: DataSpec
  readonly target: "ema" | "simsiam" | "frozen"
  readonly stopGradient: boolean
  readonly predictor: "trained" | "identity"
  readonly alphaP: number
  readonly eta: number
  readonly beta: number
  readonly init: FullInitSpec
  readonly integrator: IntegratorSpec
}

export interface ReducedScenario {
  readonly model: "reduced"
  readonly form: "symmetric" | "nonsymmetric"
  readonly d: number
  readonly sigma2: number
  readonly tau: number
  readonly alphaP: number
  readonly eta: number
  /**
   * "generic": symmetric (or, for Eqn. 62, non-symmetric) Gaussian W_p and a random PSD F = AAᵀ/d;
   * "aligned": W_p and F diagonal in one random orthonormal basis (Theorem 3's commuting start;
   *   p_j ~ U(−0.2, 1), s_j ~ U(0.05, 1); wpStd is unused);
   * "parabola": F = W_pᵀW_p/α_p (C = 0, Fig. 8).
   */
  readonly init: { readonly seed: number; readonly kind: "generic" | "aligned" | "parabola"; readonly wpStd: number }
  readonly integrator: IntegratorSpec
}

export type TauSpec = { readonly kind: "fixed"; readonly tau: number } | { readonly kind: "ema"; readonly beta: number; readonly tau0: number }

export interface DecoupledScenario {
  readonly model: "decoupled"
  readonly p0: ReadonlyArray<number>
  readonly s0: ReadonlyArray<number>
  readonly sigma2: number
  readonly alphaP: number
  readonly eta: number
  readonly tau: TauSpec
  readonly integrator: IntegratorSpec
}

export interface ParabolaScenario {
  readonly model: "parabola"
  readonly p0: ReadonlyArray<number>
  readonly sigma2: number
  readonly eta: number
  readonly tau: TauSpec
  readonly integrator: IntegratorSpec
}

export interface AppendixDScenario {
  readonly model: "appendix-d-scalar"
  readonly lambdaS: number
  readonly lambdaD: number
  readonly alphaP: number
  readonly beta: number
  readonly predictor: "trained" | "identity"
  readonly w0: { readonly wp: number; readonly w: number; readonly wa: number }
  readonly integrator: IntegratorSpec
}

export type LinearScenario = FullScenario | ReducedScenario | DecoupledScenario | ParabolaScenario | AppendixDScenario

/** What a scenario run logs: the times and one series per quantity (NaN where a quantity is undefined). */
export interface Trace {
  readonly model: LinearScenario["model"]
  readonly t: ReadonlyArray<number>
  /** Scalar quantities, each aligned with `t`. */
  readonly series: Readonly<Record<string, ReadonlyArray<number>>>
  /** Eigenvalue lists (ascending) per logged time, e.g. F and sym(W_p). */
  readonly spectra: Readonly<Record<string, ReadonlyArray<ReadonlyArray<number>>>>
}
