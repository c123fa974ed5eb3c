/**
 * One entry point for the trainer: a dataset by name (the config's `data.dataset`), with the common options.
 * Dataset-specific options (download URL, STL-10's unlabeled split, folders) pass through.
 */
import type { Effect } from "effect"
import type { DatasetName, ImageDataset } from "./Dataset.ts"
import { type Cifar10Options, loadCifar10 } from "./cifar10.ts"
import type { DataError } from "./errors.ts"
import { type FashionMnistOptions, loadFashionMnist } from "./fashionMnist.ts"
import { loadStl10, type Stl10Options } from "./stl10.ts"

export type LoadDatasetOptions = FashionMnistOptions & Cifar10Options & Stl10Options

export const loadDataset = (name: DatasetName, options: LoadDatasetOptions = {}): Effect.Effect<ImageDataset, DataError> => {
  switch (name) {
    case "fashion-mnist":
      return loadFashionMnist(options)
    case "cifar10":
      return loadCifar10(options)
    case "stl10":
      return loadStl10(options)
  }
}
