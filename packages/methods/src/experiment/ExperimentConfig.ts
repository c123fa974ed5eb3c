/**
 * What `runExperiment` runs: the resolved run config of @ssl/configs (its arktype schema is the one source of
 * the shape and of every default), and two readings of it in the engine's terms.
 */
import type { AugmentOverrides } from "@ssl/core"
import type { RunConfig } from "@ssl/configs"

export type ExperimentConfig = RunConfig

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
