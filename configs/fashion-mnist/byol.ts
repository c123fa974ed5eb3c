/**
 * Fashion-MNIST BYOL, a CPU run of about two minutes (the calibration row of docs/paper/scale.md#cpu-long "MLP 784→512→512, 100 s"):
 * MLP encoder 784→512→512, projector 512→256(BN)→64, linear 64×64 predictor without bias trained by SGD
 * (no symmetrisation: asymmetry is a measured quantity, C13), EMA 0.99 (docs/paper/scale.md#harness: shorter runs),
 * SGD lr 0.05, momentum 0.9, weight decay 4e-4, batch 256, the docs/paper/scale.md#harness augmentation.
 * Every other Fashion-MNIST preset extends this one.
 */
import type { RunConfigInput } from "../schema.ts"

export default {
  data: { dataset: "fashion-mnist", augment: { recipe: "fashion-mnist" } },
  model: {
    encoder: { kind: "mlp", hidden: [512, 512] },
    projector: { hidden: 256, out: 64, batchNorm: true },
  },
  method: {
    target: { kind: "ema", gamma: 0.99 },
    predictor: { kind: "linear", bias: false },
    symmetrize: false,
    loss: "cosine",
  },
  optimizer: { lr: 0.05, momentum: 0.9, weightDecay: 4e-4, predictor: { lrMultiplier: 1, weightDecay: 4e-4 } },
  // 1000 steps: ~13.5 steps/s on the blas backend (1 thread) + ~17 s of evaluation ≈ 95 s in all (measured).
  train: { steps: 1000, batchSize: 256, seed: 0, logEvery: 50, checkpointEvery: 500 },
  eval: { probe: { epochs: 20, lr: 3e-4, weightDecay: 1e-3, batchSize: 128, labels: 10000 }, knn: { k: 200, labels: 10000 } },
  runtime: { backend: "auto" },
} satisfies RunConfigInput
