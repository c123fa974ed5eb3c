/** Theorem 2: SimSiam without the stop-gradient (Eqn. 6) collapses, ‖W(t)‖ ≤ e^{−(σ²+η)t}‖W(0)‖ (docs/paper/model.md#theorem-2). */
import type { LinearScenarioInput } from "./schema.ts"

export const noStopGradient = {
  model: "full",
  n1: 20,
  n2: 8,
  data: { kind: "isotropic", sigma2: 0.5 },
  target: "simsiam",
  stopGradient: false,
  predictor: "trained",
  alphaP: 1,
  eta: 0.05,
  beta: 0,
  init: { seed: 1, wStd: 0.223607, wpStd: 0.353553, wa: "copy" },
  integrator: { method: "rk4", dt: 0.01, tEnd: 50, logEvery: 5 },
} satisfies LinearScenarioInput
