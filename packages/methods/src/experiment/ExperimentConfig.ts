/**
 * What `runExperiment` needs from a run config. Structurally the resolved RunConfig of @ssl/configs (which
 * @ssl/methods does not depend on: the CLI and the claims pass their RunConfig straight in), spelled with the
 * engine's own types.
 */
import type { AugmentOverrides, BackendName, DatasetName, RecipeName } from "@ssl/core"
import type { EvalSpec } from "../eval/evaluate.ts"
import type { MethodSpec } from "../method/MethodSpec.ts"
import type { OptimizerSpec } from "../method/SslModel.ts"
import type { ProjectorSpec } from "../models/Projector.ts"
import type { EncoderSpec } from "../models/Tower.ts"

export interface ExperimentConfig {
  readonly data: {
    readonly dataset: DatasetName
    /** Pretrain on the first N training images. */
    readonly trainLimit?: number
    /** STL-10: unlabeled images joining pretraining. */
    readonly unlabeled: number
    readonly augment: { readonly recipe: RecipeName } & Readonly<Record<string, unknown>>
  }
  readonly model: { readonly encoder: EncoderSpec; readonly projector: ProjectorSpec }
  readonly method: MethodSpec
  readonly optimizer: OptimizerSpec
  readonly train: {
    readonly steps?: number
    readonly epochs?: number
    readonly batchSize: number
    readonly seed: number
    readonly logEvery: number
    readonly checkpointEvery: number
  }
  readonly eval: EvalSpec
  readonly runtime: { readonly backend: BackendName | "auto"; readonly threads?: number }
}

/** The recipe overrides of `data.augment` in @ssl/core's terms. */
export const augmentOverrides = (augment: ExperimentConfig["data"]["augment"]): AugmentOverrides => {
  const { recipe: _recipe, ...overrides } = augment
  return overrides as AugmentOverrides
}

/** Total optimiser steps: `train.steps`, or `train.epochs` × ⌊N / batch⌋ (the last partial batch is dropped). */
export const totalSteps = (train: ExperimentConfig["train"], pretrainImages: number): number => {
  if (train.steps !== undefined) return train.steps
  if (train.epochs === undefined) throw new RangeError("train needs steps or epochs")
  return train.epochs * Math.floor(pretrainImages / train.batchSize)
}
