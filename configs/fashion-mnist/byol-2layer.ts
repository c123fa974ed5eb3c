/** Fashion-MNIST BYOL with the original's 2-layer predictor: Linear(64→256) → BN(no affine) → ReLU → Linear(256→64). */
import { extend } from "../extend.ts"
import type { RunConfigInput } from "../schema.ts"
import byol from "./byol.ts"

export default extend(byol, { method: { predictor: { kind: "mlp2", hidden: 256 } } }) satisfies RunConfigInput
