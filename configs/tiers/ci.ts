/**
 * The `ci` tier's ONE base run config, shared by every empirical claim (C13–C30): each claim arm is
 * `extend(ciBase, arm.patch)` with `train.seed` set per seed, so an arm that several claims use (the BYOL /
 * SGD-linear baseline above all) resolves to the same config, hashes the same, and trains once per code
 * version (the run store's cache).
 *
 * BYOL on Fashion-MNIST (docs/paper/scale.md#harness's harness, scaled to CPU seconds): MLP encoder 784→256→256, projector
 * 256→256(BN, no affine)→64, a linear 64×64 predictor without bias trained by SGD (no symmetrisation), EMA
 * 0.99 (docs/paper/scale.md#harness: shorter runs), SGD lr 0.05, momentum 0.9, weight decay 4e-4 (trunk and predictor, α_p = 1),
 * batch 128, the Fashion-MNIST recipe, pretraining on the first 20k images.
 *
 * Budget (every empirical ci run together ≈ 12 min on the 2-core box, 1 thread): the claims C13–C30
 * use ≈ 25 distinct arms (BYOL-SGD, SimSiam, EMA×sym grid, wd variants, α_p ∈ {1,3,10}, no predictor, no
 * stop-gradient, SimSiam-sym stabilised, plug-in optimal, DirectPred ε ∈ {0,0.1,0.5}, c = ±0.1, freq 5,
 * zero-mean, simple average, DirectCopy, 2-layer, DirectPred without EMA) × 3 seeds ≈ 75 runs, so ≈ 9.5 s per
 * run INCLUDING evaluation. Measured here (blas, 1 thread, machine shared): ≈ 30 steps/s for this model
 * with a metrics record every 20 steps ⇒ 240 steps ≈ 8 s; evaluation of the trained encoder ≈ 0.7 s
 * (the random-encoder floor and the raw-pixel probe are computed once per seed and reused: see
 * packages/claims/src/empirical/trainArm.ts); loading and bookkeeping ≈ 0.3 s. 75 × 9 s ≈ 11 min.
 * 240 steps is ~1.5 epochs of the 20k images: enough for the mechanisms (alignment within a few hundred
 * steps, the calibration of docs/paper/scale.md#cpu-long), never for accuracy (the accuracy gate closes at this tier, docs/paper/scale.md#ci-regime).
 *
 * Evaluation is deliberately cheap and few-label (docs/paper/scale.md#cpu-long: few-label probes and kNN discriminate better
 * than a 10k-label probe at this scale): linear probe on 2k labels, 10 epochs of Adam 1e-3; kNN k = 20 on a
 * 2k-label bank; both tested on the 10k test images.
 */
import type { RunConfigInput } from "../schema.ts"

export default {
  data: { dataset: "fashion-mnist", trainLimit: 20000, augment: { recipe: "fashion-mnist" } },
  model: {
    encoder: { kind: "mlp", hidden: [256, 256] },
    projector: { hidden: 256, out: 64, batchNorm: true },
  },
  method: {
    target: { kind: "ema", gamma: 0.99 },
    predictor: { kind: "linear", bias: false },
    symmetrize: false,
    loss: "cosine",
    targetInit: "copy",
  },
  optimizer: { lr: 0.05, momentum: 0.9, weightDecay: 4e-4, predictor: { lrMultiplier: 1, weightDecay: 4e-4 } },
  train: { steps: 240, batchSize: 128, seed: 0, logEvery: 20, checkpointEvery: 0 },
  eval: { probe: { epochs: 10, lr: 1e-3, weightDecay: 1e-3, batchSize: 128, labels: 2000 }, knn: { k: 20, labels: 2000 } },
  runtime: { backend: "auto", threads: 1 },
} satisfies RunConfigInput
