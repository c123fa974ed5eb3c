/**
 * CIFAR-10 "SGD baseline" of Tables 6 and 8: DirectPred's preset with its linear predictor trained by
 * SGD alone (no eigen-construction). By construction it resolves to the same config as byol.ts, so the run
 * store trains it once and every claim comparing against it shares that run.
 */
import { extend } from "../extend.ts"
import type { RunConfigInput } from "../schema.ts"
import directpred from "./directpred.ts"

export default extend(directpred, { method: { predictor: { kind: "linear", bias: false } } }) satisfies RunConfigInput
