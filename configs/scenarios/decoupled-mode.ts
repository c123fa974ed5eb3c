/** Fig. 5: one-mode Eqns. 11–13 as discrete training (Euler steps of α = 0.01), EMA β = 0.4, η = 0.04, from small p, s (docs/paper/claims.md#c10). */
import type { LinearScenarioInput } from "./schema.ts"

export const decoupledMode = {
  model: "decoupled",
  p0: [0.01, 0.1],
  s0: [0.01, 0.1],
  sigma2: 0.5,
  alphaP: 1,
  eta: 0.04,
  tau: { kind: "ema", beta: 0.4, tau0: 0 },
  integrator: { method: "euler", dt: 0.01, tEnd: 300, logEvery: 30 },
} satisfies LinearScenarioInput
