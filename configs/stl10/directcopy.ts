/** STL-10 DirectCopy ([Re]'s form, docs/paper/original-code.md#directcopy): W_p = F̂/‖F̂‖_F + εI with ρ = 0.5, ε = 0.3. */
import { extend } from "../extend.ts"
import type { RunConfigInput } from "../schema.ts"
import byol from "./byol.ts"

export default extend(byol, { method: { predictor: { kind: "directcopy", rho: 0.5, eps: 0.3, freq: 1 } } }) satisfies RunConfigInput
