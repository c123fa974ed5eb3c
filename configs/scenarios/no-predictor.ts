/** No predictor (W_p ≡ I) with the stop-gradient: Ẇ = −W(X' + ηI), collapse (Appendix A remark, docs/paper/model.md#theorem-2 with docs/paper/model.md#typos item 4). */
import type { LinearScenarioInput } from "./schema.ts"

export const noPredictor = {
  model: "full",
  n1: 20,
  n2: 8,
  data: { kind: "isotropic", sigma2: 0.5 },
  target: "simsiam",
  stopGradient: true,
  predictor: "identity",
  alphaP: 1,
  eta: 0.05,
  beta: 0,
  init: { seed: 1, wStd: 0.223607, wpStd: 0.353553, wa: "copy" },
  integrator: { method: "rk4", dt: 0.01, tEnd: 50, logEvery: 5 },
} satisfies LinearScenarioInput
