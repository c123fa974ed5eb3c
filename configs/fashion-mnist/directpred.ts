/**
 * Fashion-MNIST DirectPred (docs/paper/original-code.md#directpred-algorithm): the linear predictor is set from the eigendecomposition of F̂
 * after every optimiser step (freq 1), ρ = 0.3, ε = 0.1, ε outside the square root, uncentred F̂.
 */
import { extend } from "../extend.ts"
import type { RunConfigInput } from "../schema.ts"
import byol from "./byol.ts"

export default extend(byol, {
  method: { predictor: { kind: "directpred", rho: 0.3, eps: 0.1, freq: 1, epsInside: false, zeroMean: false } },
}) satisfies RunConfigInput
