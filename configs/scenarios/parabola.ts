/** Eqn. 16 on the invariant parabola at fixed τ = 1, η = 0.05: starts just below p*₋ = 0.05445 collapse, just above converge to p*₊ = 0.61222 (docs/paper/model.md#fixed-points). */
import type { LinearScenarioInput } from "./schema.ts"

export const parabola = {
  model: "parabola",
  p0: [0.049, 0.0599, 0.3, 1],
  sigma2: 0.5,
  eta: 0.05,
  tau: { kind: "fixed", tau: 1 },
  integrator: { method: "rk4", dt: 0.05, tEnd: 500, logEvery: 50 },
} satisfies LinearScenarioInput
