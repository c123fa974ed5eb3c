/**
 * The `nightly` tier's one base run config: CIFAR-10, ResNet-18 (CIFAR stem), the paper's settings
 * (PAPER.md §3.5): SGD lr 0.03, momentum 0.9, weight decay 4e-4, EMA 0.996, batch 128, 100 epochs, linear
 * 128×128 predictor without bias trained by SGD, the original code's CIFAR-10 augmentation; probe Adam 3e-4,
 * wd 1e-3, 50 epochs on all 50k labels. Needs a GPU (`@tensorflow/tfjs-node-gpu`): ≈ 1–2 GPU hours per run.
 */
import byol from "../cifar10/byol.ts"
import { extend } from "../extend.ts"
import type { RunConfigInput } from "../schema.ts"

export default extend(byol, { train: { seed: 0 } }) satisfies RunConfigInput
