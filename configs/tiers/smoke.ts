/**
 * The `smoke` tier's one base run config: the ci base cut to a plumbing check that runs in about a second — 16
 * steps of batch 32 on the first 2000 images, a record every 4 steps (4 "epochs"), a 2-epoch probe and a kNN on
 * 500 labels. Every empirical claim runs its ci arms on it with 2 seeds, so `bun run ssl claims --tier smoke`
 * tries the whole catalogue in a couple of minutes: training, evaluation and each claim's measurements run end to
 * end, and the engine checks (DirectPred's W_p aligned right after its update, the symmetric arms symmetric) must
 * hold. Nothing else is evidence at this length: the claims' criteria are not judged at smoke.
 */
import { extend } from "../extend.ts"
import type { RunConfigInput } from "../schema.ts"
import ci from "./ci.ts"

export default extend(ci, {
  data: { trainLimit: 2000 },
  train: { steps: 16, batchSize: 32, logEvery: 4, checkpointEvery: 0 },
  eval: { probe: { epochs: 2, labels: 500 }, knn: { k: 10, labels: 500 } },
}) satisfies RunConfigInput
