/** STL-10 DirectPred with freq 5: eigen-construction every 5 steps, SGD on W_p in between (Table 8). */
import { extend } from "../extend.ts"
import type { RunConfigInput } from "../schema.ts"
import directpred from "./directpred.ts"

export default extend(directpred, { method: { predictor: { kind: "directpred", freq: 5 } } }) satisfies RunConfigInput
