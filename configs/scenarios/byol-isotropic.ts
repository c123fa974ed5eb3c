/** BYOL in the isotropic linear model (Eqns. 2–4, X = I, X' = σ²I, EMA β = 0.4, η = 0.05, W_a(0) = 0): W_p turns symmetric, F's non-zero eigenvalues go to p*₊²/α_p (docs/paper/model.md#fixed-points (numerical check)). */
import type { LinearScenarioInput } from "./schema.ts"

export const byolIsotropic = {
  model: "full",
  n1: 20,
  n2: 8,
  data: { kind: "isotropic", sigma2: 0.5 },
  target: "ema",
  stopGradient: true,
  predictor: "trained",
  alphaP: 1,
  eta: 0.05,
  beta: 0.4,
  init: { seed: 1, wStd: 0.223607, wpStd: 0.353553, wa: "zero" },
  integrator: { method: "rk4", dt: 0.01, tEnd: 200, logEvery: 20 },
} satisfies LinearScenarioInput
