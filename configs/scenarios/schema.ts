/**
 * Linear-model scenarios (docs/paper/model.md): the arktype schema of what `bun run ssl simulate` integrates.
 * Every object rejects unknown keys; every number carries its domain (σ², η ≥ 0; α_p, dt > 0; X, X' PSD),
 * so an out-of-domain scenario is rejected at the boundary with the path and the rule.
 * The simulator (@ssl/methods' linear/) takes the resolved type as its input: this schema is the one source of
 * the scenario's shape.
 */
import { eigh } from "@ssl/core"
import { type } from "arktype"

const nonNegative = "number >= 0"
const positive = "number > 0"
const seed = "number.integer >= 0"

/** At most this many integration steps per run (tEnd/dt): a guard against a typo such as dt = 1e-9. */
export const MAX_STEPS = 5_000_000

export const Integrator = type({
  "+": "reject",
  method: "'rk4' | 'euler'",
  dt: positive,
  tEnd: positive,
  /** Log the quantities every this much time (rounded to whole steps). */
  logEvery: positive,
}).narrow((s, ctx) => {
  if (s.tEnd / s.dt > MAX_STEPS) return ctx.reject({ expected: `at most ${MAX_STEPS} steps (tEnd/dt)`, actual: `${Math.round(s.tEnd / s.dt)} steps`, path: ["dt"] })
  if (s.logEvery < s.dt) return ctx.reject({ expected: `at least dt (${s.dt})`, actual: String(s.logEvery), path: ["logEvery"] })
  return true
})

/** A square symmetric positive-semidefinite matrix as rows (checked with eigh: λ_min ≥ −1e-10·max|a_ij|). */
const psdMatrix = type("number[][]").narrow((rows, ctx) => {
  const n = rows.length
  if (n === 0) return ctx.reject({ expected: "a non-empty square matrix", actual: "[]" })
  const bad = rows.findIndex((r) => r.length !== n)
  if (bad >= 0) return ctx.reject({ expected: `a square ${n}×${n} matrix`, actual: `row ${bad} has ${rows[bad]!.length} entries` })
  const flat = Float64Array.from(rows.flat())
  if (flat.some((v) => !Number.isFinite(v))) return ctx.reject({ expected: "finite entries", actual: "a non-finite entry" })
  const scale = flat.reduce((m, v) => Math.max(m, Math.abs(v)), 0)
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      if (Math.abs(rows[i]![j]! - rows[j]![i]!) > 1e-12 * Math.max(scale, 1)) {
        return ctx.reject({ expected: "a symmetric matrix", actual: `entry (${i},${j}) = ${rows[i]![j]} but (${j},${i}) = ${rows[j]![i]}` })
      }
    }
  }
  const min = eigh(flat, n).values[0]!
  return min >= -1e-10 * Math.max(scale, 1e-300) || ctx.reject({ expected: "positive semidefinite (all eigenvalues ≥ 0)", actual: `smallest eigenvalue ${min.toPrecision(4)}` })
})

/**
 * The data: "isotropic" is Assumption 2 (X = I, X' = σ²I); "random" is X = AAᵀ/n1, X' = xpScale·BBᵀ/n1 with
 * Gaussian A, B; "explicit" gives Σ^d = X and Σ^s − Σ^d = X' (symmetric PSD).
 */
export const DataSpec = type({ "+": "reject", kind: "'isotropic'", sigma2: nonNegative })
  .or({ "+": "reject", kind: "'random'", seed, xpScale: nonNegative })
  .or({ "+": "reject", kind: "'explicit'", X: psdMatrix, Xp: psdMatrix })

const FullScenario = type({
  "+": "reject",
  model: "'full'",
  n1: "1 <= number.integer <= 64",
  n2: "1 <= number.integer <= 64",
  data: DataSpec,
  target: "'ema' | 'simsiam' | 'frozen'",
  stopGradient: "boolean",
  predictor: "'trained' | 'identity'",
  alphaP: positive,
  eta: nonNegative,
  beta: nonNegative,
  /**
   * W ~ N(0, wStd²), W_p ~ N(0, wpStd²) (unused for predictor "identity"); W_a(0): 0 (the paper's τ(0) = 0), a
   * copy of W(0), or an independent draw like W (frozen-target runs).
   */
  init: { "+": "reject", seed, wStd: nonNegative, wpStd: nonNegative, wa: "'zero' | 'copy' | 'random'" },
  integrator: Integrator,
}).narrow((s, ctx) => {
  if (!s.stopGradient && s.target !== "simsiam") {
    return ctx.reject({ expected: "'simsiam' when stopGradient is false (Eqn. 6 is defined for W_a = W)", actual: `'${s.target}'`, path: ["target"] })
  }
  if (s.data.kind === "explicit" && (s.data.X.length !== s.n1 || s.data.Xp.length !== s.n1)) {
    return ctx.reject({ expected: `n1×n1 = ${s.n1}×${s.n1} matrices`, actual: `${s.data.X.length}×${s.data.X.length} and ${s.data.Xp.length}×${s.data.Xp.length}`, path: ["data"] })
  }
  return true
})

const ReducedScenario = type({
  "+": "reject",
  model: "'reduced'",
  form: "'symmetric' | 'nonsymmetric'",
  d: "1 <= number.integer <= 64",
  sigma2: nonNegative,
  tau: nonNegative,
  alphaP: positive,
  eta: nonNegative,
  /**
   * "generic": symmetric (or, for Eqn. 62, non-symmetric) Gaussian W_p and a random PSD F = AAᵀ/d;
   * "aligned": W_p and F diagonal in one random orthonormal basis (Theorem 3's commuting start;
   *   p_j ~ U(−0.2, 1), s_j ~ U(0.05, 1); wpStd is unused);
   * "parabola": F = W_pᵀW_p/α_p (C = 0, Fig. 8).
   */
  init: { "+": "reject", seed, kind: "'generic' | 'aligned' | 'parabola'", wpStd: nonNegative },
  integrator: Integrator,
})

const TauSpec = type({ "+": "reject", kind: "'fixed'", tau: nonNegative })
  .or({ "+": "reject", kind: "'ema'", beta: positive, tau0: nonNegative })

const DecoupledScenario = type({
  "+": "reject",
  model: "'decoupled'",
  p0: "number[] >= 1",
  /** Eigenvalues of F = WXWᵀ: non-negative. */
  s0: "(number >= 0)[] >= 1",
  sigma2: nonNegative,
  alphaP: positive,
  eta: nonNegative,
  tau: TauSpec,
  integrator: Integrator,
}).narrow((s, ctx) =>
  s.p0.length === s.s0.length || ctx.reject({ expected: `${s.p0.length} values, one per mode of p0`, actual: `${s.s0.length} values`, path: ["s0"] }))

const ParabolaScenario = type({
  "+": "reject",
  model: "'parabola'",
  p0: "number[] >= 1",
  sigma2: nonNegative,
  eta: nonNegative,
  tau: TauSpec,
  integrator: Integrator,
})

const AppendixDScenario = type({
  "+": "reject",
  model: "'appendix-d-scalar'",
  lambdaS: positive,
  lambdaD: nonNegative,
  alphaP: positive,
  beta: nonNegative,
  predictor: "'trained' | 'identity'",
  w0: { "+": "reject", wp: "number", w: "number", wa: "number" },
  integrator: Integrator,
})

/** Any linear-model scenario, discriminated on `model`. */
export const LinearScenario = FullScenario.or(ReducedScenario).or(DecoupledScenario).or(ParabolaScenario).or(AppendixDScenario)

export type LinearScenarioInput = typeof LinearScenario.inferIn
export type LinearScenarioConfig = typeof LinearScenario.infer
