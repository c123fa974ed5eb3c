/**
 * The `cpu-long` tier's one base run config (issue 5): the small CNN (3×3 convs 32/64/128, stride 2) on
 * Fashion-MNIST with the strong augmentation, BYOL with an SGD-trained linear 64×64 predictor, EMA 0.99,
 * 3200 steps — DESIGN.md's calibration: a CNN like this for ~20 min (3.2k steps) beat the random-encoder
 * floor by 9–10 points on a 1k-label probe and kNN, so accuracy claims can start to be judged here. Probe and
 * kNN use 1000 labels. ≈ 20 min per run: ≤ 2 h means ~6 runs, so claims pick their arms at this tier sparingly
 * (run by hand: `CLAIMS_TIER=cpu-long bun test claims`, or `bun run ssl claims --tier cpu-long --only ...`).
 */
import { extend } from "../extend.ts"
import type { RunConfigInput } from "../schema.ts"
import cpuLong from "../fashion-mnist/cpu-long.ts"

export default extend(cpuLong, {
  data: { trainLimit: 60000 },
  method: { targetInit: "copy" },
  train: { steps: 3200, batchSize: 256, seed: 0, logEvery: 50, checkpointEvery: 500 },
  runtime: { backend: "auto" },
}) satisfies RunConfigInput
