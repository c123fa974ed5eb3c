/** STL-10 BYOL with the original's 2-layer predictor: Linear(128→512) → BN(no affine) → ReLU → Linear(512→128). */
import { extend } from "../extend.ts"
import type { RunConfigInput } from "../schema.ts"
import byol from "./byol.ts"

export default extend(byol, { method: { predictor: { kind: "mlp2", hidden: 512 } } }) satisfies RunConfigInput
