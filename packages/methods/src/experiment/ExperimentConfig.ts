/**
 * What `runExperiment` runs: the resolved run config of @ssl/configs (its arktype schema is the one source of
 * the shape and of every default), and the run length it implies.
 */
import type { RunConfig } from "@ssl/configs"

export type ExperimentConfig = RunConfig

/** Total optimiser steps: `train.steps`, or `train.epochs` × ⌊N / batch⌋ (the last partial batch is dropped). */
export const totalSteps = (train: ExperimentConfig["train"], pretrainImages: number): number => {
  if (train.steps !== undefined) return train.steps
  if (train.epochs === undefined) throw new RangeError("train needs steps or epochs")
  return train.epochs * Math.floor(pretrainImages / train.batchSize)
}
