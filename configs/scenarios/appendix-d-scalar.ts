/** Appendix D.4 (Eqns. 104–106, Fig. 10: λ_s = 1, λ_d = 1/2, α_p = β = 1): from w = w_p = 0.1, w_a = 0 to w = w_p = w_a = 1/2 (docs/paper/model.md#appendix-d). */
import type { LinearScenarioInput } from "./schema.ts"

export const appendixDScalar = {
  model: "appendix-d-scalar",
  lambdaS: 1,
  lambdaD: 0.5,
  alphaP: 1,
  beta: 1,
  predictor: "trained",
  w0: { wp: 0.1, w: 0.1, wa: 0 },
  integrator: { method: "rk4", dt: 0.01, tEnd: 50, logEvery: 5 },
} satisfies LinearScenarioInput
