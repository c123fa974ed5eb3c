/**
 * The dataset an experiment config trains and evaluates on, loaded by name: STL-10 with its first
 * `data.unlabeled` unlabeled images when the config asks for them, any other dataset as it is. The one loading
 * path of `runExperiment` and of the claims (which load each dataset once per process and pass it in).
 */
import { type DataError, type ImageDataset, loadDataset } from "@ssl/core"
import type { Effect } from "effect"
import type { ExperimentConfig } from "./ExperimentConfig.ts"

export const experimentDataset = (config: ExperimentConfig): Effect.Effect<ImageDataset, DataError> =>
  loadDataset(config.data.dataset,
    config.data.dataset === "stl10" && config.data.unlabeled > 0 ? { unlabeled: { limit: config.data.unlabeled } } : {})
