/** Fig. 8: the non-symmetrised Eqn. 62 from F = W_pᵀW_p (C = 0), fixed τ: the antisymmetric part of W_p vanishes (docs/paper/claims.md#c4). */
import type { LinearScenarioInput } from "./schema.ts"

export const fig8Nonsymmetric = {
  model: "reduced",
  form: "nonsymmetric",
  d: 8,
  sigma2: 0.5,
  tau: 1,
  alphaP: 1,
  eta: 0.01,
  init: { seed: 1, kind: "parabola", wpStd: 0.353553 },
  integrator: { method: "rk4", dt: 0.01, tEnd: 100, logEvery: 10 },
} satisfies LinearScenarioInput
