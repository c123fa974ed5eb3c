/**
 * The `nightly` tier's one base run config: CIFAR-10, ResNet-18 (CIFAR stem), the paper's settings
 * (docs/paper/original-code.md#hyperparameters): SGD lr 0.03, momentum 0.9, weight decay 4e-4, EMA 0.996, batch
 * 128, a linear 128×128 predictor without bias trained by SGD, the original code's CIFAR-10 augmentation; probe
 * Adam 3e-4, wd 1e-3, 50 epochs on all 50k labels — but 30 epochs of pretraining instead of 100, so that the tier
 * fits one night. Needs a GPU (`@tensorflow/tfjs-node-gpu`).
 *
 * The night's arithmetic (`bun run repro --tier nightly --dry-run`, cost model of
 * packages/claims/src/execution/cost.ts): a step is 1.14 TFLOP (two views, online forward+backward, target
 * forward), 30 epochs = 11 700 steps; at ≈ 3.7 TFLOP/s (a public ResNet-18 benchmark on a GTX 1080, NOT measured
 * with tfjs-node-gpu) that is ≈ 60 min a run with evaluation. The tier runs the accuracy claims cpu-long runs
 * (C13, C17, C18, C20, C27, C28, C29: 8 arms × 3 seeds = 24 runs ≈ 25 GPU-hours), i.e. ≈ 6.3 h on 4 GPUs through
 * Slurm (`--executor slurm`, one GPU per task); the other claims are judged at ci and at full. 100 epochs of the
 * same 24 runs would take ≈ 80 GPU-hours. Checkpoints every epoch (390 steps), so a preempted task loses ≤ 1.
 */
import byol from "../cifar10/byol.ts"
import { extend } from "../extend.ts"
import type { RunConfigInput } from "../schema.ts"

export default extend(byol, { train: { seed: 0, epochs: 30, checkpointEvery: 390 } }) satisfies RunConfigInput
