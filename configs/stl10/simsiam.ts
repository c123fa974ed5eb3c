/** STL-10 SimSiam: BYOL's preset with the target = the online network under stop-gradient (no EMA). */
import { extend } from "../extend.ts"
import type { RunConfigInput } from "../schema.ts"
import byol from "./byol.ts"

export default extend(byol, { method: { target: { kind: "simsiam" } } }) satisfies RunConfigInput
