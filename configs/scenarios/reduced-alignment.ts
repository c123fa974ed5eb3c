/** Theorem 3 (Eqn. 7, τ = 1, σ² = 0.5, η = 0.13 so that K ≻ 0): ‖[F, W_p]‖_F decays at rate ≥ 2λ_min(K) (docs/paper/model.md#theorem-3). */
import type { LinearScenarioInput } from "./schema.ts"

export const reducedAlignment = {
  model: "reduced",
  form: "symmetric",
  d: 8,
  sigma2: 0.5,
  tau: 1,
  alphaP: 1,
  eta: 0.13,
  init: { seed: 1, kind: "generic", wpStd: 0.353553 },
  integrator: { method: "rk4", dt: 0.01, tEnd: 40, logEvery: 4 },
} satisfies LinearScenarioInput
