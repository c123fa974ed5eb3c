/**
 * CIFAR-10 BYOL with the paper's hyperparameters (docs/paper/original-code.md#config-defaults and docs/paper/original-code.md#hyperparameters): ResNet-18 with the CIFAR stem (3×3 conv
 * stride 1, no max-pool), projector 512→512(BN, no affine)→128, linear 128×128 predictor without bias trained
 * by SGD, EMA 0.996, SGD lr 0.03, momentum 0.9, weight decay 4e-4 (trunk and predictor), batch 128,
 * 100 epochs, the original code's CIFAR-10 augmentation; linear probe Adam 3e-4, wd 1e-3, 50 epochs, all
 * 50k labels (docs/paper/evaluation.md#original-protocol). Other CIFAR-10 presets extend this one.
 */
import type { RunConfigInput } from "../schema.ts"

export default {
  data: { dataset: "cifar10", augment: { recipe: "cifar10" } },
  model: {
    encoder: { kind: "resnet18", stem: "cifar" },
    projector: { hidden: 512, out: 128, batchNorm: true },
  },
  method: {
    target: { kind: "ema", gamma: 0.996 },
    predictor: { kind: "linear", bias: false },
    symmetrize: false,
    loss: "cosine",
  },
  optimizer: { lr: 0.03, momentum: 0.9, weightDecay: 4e-4, predictor: { lrMultiplier: 1, weightDecay: 4e-4 } },
  train: { epochs: 100, batchSize: 128, seed: 1, logEvery: 100, checkpointEvery: 1950 },
  eval: { probe: { epochs: 50, lr: 3e-4, weightDecay: 1e-3, batchSize: 128 }, knn: { k: 200 } },
  runtime: { backend: "auto" },
} satisfies RunConfigInput
