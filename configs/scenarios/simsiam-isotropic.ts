/** SimSiam (W_a ≡ W, stop-gradient) in the isotropic linear model, η = 0.05 (docs/paper/model.md#fixed-points (numerical check)). */
import type { LinearScenarioInput } from "./schema.ts"

export const simsiamIsotropic = {
  model: "full",
  n1: 20,
  n2: 8,
  data: { kind: "isotropic", sigma2: 0.5 },
  target: "simsiam",
  stopGradient: true,
  predictor: "trained",
  alphaP: 1,
  eta: 0.05,
  beta: 0,
  init: { seed: 1, wStd: 0.223607, wpStd: 0.353553, wa: "copy" },
  integrator: { method: "rk4", dt: 0.01, tEnd: 200, logEvery: 20 },
} satisfies LinearScenarioInput
