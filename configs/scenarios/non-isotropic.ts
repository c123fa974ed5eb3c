/** SimSiam with random PSD X, X' (η = 0.02): the conservation law still holds, but W_p need not become symmetric (docs/paper/claims.md#c2, C4). */
import type { LinearScenarioInput } from "./schema.ts"

export const nonIsotropic = {
  model: "full",
  n1: 20,
  n2: 8,
  data: { kind: "random", seed: 3, xpScale: 0.5 },
  target: "simsiam",
  stopGradient: true,
  predictor: "trained",
  alphaP: 1,
  eta: 0.02,
  beta: 0,
  init: { seed: 1, wStd: 0.223607, wpStd: 0.353553, wa: "copy" },
  integrator: { method: "rk4", dt: 0.01, tEnd: 200, logEvery: 20 },
} satisfies LinearScenarioInput
