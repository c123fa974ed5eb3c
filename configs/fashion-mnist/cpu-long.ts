/**
 * Fashion-MNIST cpu-long: the small CNN (3×3 convs with 32/64/128 channels, stride 2) with the strong
 * augmentation, BYOL with a linear predictor, for at most an hour on a 2-core CPU. The calibration of docs/paper/scale.md#cpu-long:
 * a CNN like this for ~20 min (3.2k steps) beat the random-encoder floor by 9–10 points on a 1k-label probe
 * and kNN, where 10k-label probes discriminate less; so the probe and kNN use 1000 labels here.
 */
import { extend } from "../extend.ts"
import type { RunConfigInput } from "../schema.ts"
import byol from "./byol.ts"

export default extend(byol, {
  data: { augment: { recipe: "fashion-mnist-strong" } },
  model: { encoder: { kind: "cnn", channels: [32, 64, 128] }, projector: { hidden: 256, out: 64 } },
  train: { steps: 4000, logEvery: 50, checkpointEvery: 500 },
  eval: { probe: { epochs: 50, labels: 1000 }, knn: { k: 200, labels: 1000 } },
}) satisfies RunConfigInput
