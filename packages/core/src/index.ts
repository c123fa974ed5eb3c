// @ssl/core — the curated public surface. Internals stay in their files; add an export here when another
// package needs it (one line per export group, grouped by area).
export { Rng } from "./rng.ts"
export { tf } from "./tf.ts"
// float64 linear algebra (linalg/): symmetric eigendecomposition, dense row-major matrix helpers, typed errors
export { eigh } from "./linalg/eigh.ts"
export { eighFast } from "./linalg/eighFast.ts"
export type { Eigh } from "./linalg/eigh.ts"
export { add, addScaled, frobenius, fromRows, identity, matmul, scale, sub, symmetrize, toRows, trace, transpose } from "./linalg/matrix.ts"
export { EighNoConvergence, InvalidOption, NonFiniteInput, ShapeMismatch } from "./linalg/errors.ts"
// compute backends (backend/): selection auto > tensorflow-gpu > tensorflow > blas > wasm > cpu, the BLAS backend, wasm fixes
export { initBackend, type InitBackendOptions } from "./backend/initBackend.ts"
export { BACKEND_NAMES, isBackendName, type BackendName } from "./backend/BackendName.ts"
export type { BackendChoice } from "./backend/BackendChoice.ts"
export { BackendUnavailable } from "./backend/BackendUnavailable.ts"
export { InvalidBackendOption } from "./backend/InvalidBackendOption.ts"
export { UnknownBackend } from "./backend/UnknownBackend.ts"
export { BLAS_BACKEND, registerBlasBackend } from "./backend/blas/registerBlasBackend.ts"
export { defaultBlasPaths, findBlasLibrary, type BlasLookup } from "./backend/blas/findBlasLibrary.ts"
export type { BlasLibrary } from "./backend/blas/BlasLibrary.ts"
export { registerWasmFixes } from "./backend/wasm/registerWasmFixes.ts"
export { lapackEigh, type LapackEigh } from "./backend/blas/lapackEigh.ts"
export { emaStep, type SgdHyper, sgdMomentumStep } from "./backend/blas/fusedUpdates.ts"
export { batchNormTrain, type BatchNormTrainResult } from "./backend/blas/batchNorm.ts"
// datasets (data/): Fashion-MNIST (IDX gzip; Debian folder, SSL_DATA_DIR, or verified download), CIFAR-10, STL-10, synthetic linear data
export type { DatasetName, ImageDataset, ImageSplit, LabeledSplit, LimitOptions } from "./data/Dataset.ts"
export { DatasetCorrupt, DatasetMissing, DownloadFailed, type DataError } from "./data/errors.ts"
export { loadDataset, type LoadDatasetOptions } from "./data/loadDataset.ts"
export {
  DEBIAN_FASHION_MNIST_DIR, FASHION_MNIST_CLASSES, FASHION_MNIST_DEFAULT_URL, FASHION_MNIST_FILES, FASHION_MNIST_SHA256, defaultCacheDir,
  fashionMnistSearchDirs, loadFashionMnist, locateFashionMnist, type FashionMnistFile, type FashionMnistOptions,
} from "./data/fashionMnist.ts"
export { CIFAR10_CLASSES, loadCifar10, type Cifar10Options } from "./data/cifar10.ts"
export { loadStl10, readStl10Images, STL10_CLASSES, stl10ImageCount, type Stl10Options } from "./data/stl10.ts"
export { defaultProgress, downloadFile, silentProgress, type DownloadOptions, type DownloadProgress } from "./data/download.ts"
export { batchOf, EpochSampler, gatherImages } from "./data/batchOf.ts"
export { choleskyPsd, syntheticLinear, type Covariance, type SyntheticLinearData } from "./data/syntheticLinear.ts"
export { decodeIdx, encodeIdx, type IdxArray } from "./data/idx.ts"
// augmentations (augment/): seeded batched ops on [B, H, W, C] and the recipes (cifar10, stl10, fashion-mnist, fashion-mnist-strong, none)
export { compose, type Augmentation, type Range } from "./augment/Augmentation.ts"
export { randomResizedCrop, sampleCropBox, type CropBox, type RandomResizedCropOptions } from "./augment/randomResizedCrop.ts"
export { horizontalFlip } from "./augment/horizontalFlip.ts"
export { colorJitter, hueMatrix, type ColorJitterOptions } from "./augment/colorJitter.ts"
export { LUMA, randomGrayscale } from "./augment/grayscale.ts"
export { gaussianBlur, gaussianKernel, type GaussianBlurOptions } from "./augment/gaussianBlur.ts"
export { gaussianNoise, type GaussianNoiseOptions } from "./augment/gaussianNoise.ts"
export { randomTranslate } from "./augment/randomTranslate.ts"
export { normalize } from "./augment/normalize.ts"
export {
  buildAugmentation, buildEvalTransform, RECIPES, resolveAugment, twoViews, type AugmentOverrides, type AugmentParams, type RecipeName,
} from "./augment/recipes.ts"
// SSL kernels (ssl/): losses + stop-gradient, target EMA, correlation estimate F̂, DirectPred/DirectCopy predictors, metrics
export { stopGradient } from "./ssl/stopGradient.ts"
export { l2Normalize } from "./ssl/l2Normalize.ts"
export { symmetricLoss, symmetricMseLoss, symmetricNegativeCosineLoss, type SslLossKind, type SymmetricLossOptions } from "./ssl/symmetricLoss.ts"
export { emaUpdate, emaUpdateF64 } from "./ssl/emaUpdate.ts"
export { CorrelationEstimator, type CorrelationOptions, type CorrelationState } from "./ssl/CorrelationEstimator.ts"
export { DIRECTPRED_MIN_EIGENVALUE, directPredPredictor, type DirectPredOptions, type DirectPredResult } from "./ssl/directPredPredictor.ts"
export { directCopyPredictor, type DirectCopyOptions, type DirectCopyResult } from "./ssl/directCopyPredictor.ts"
export { eigenspaceAlignment, type Alignment, type AlignmentOptions } from "./ssl/eigenspaceAlignment.ts"
export { predictorAsymmetry, type Asymmetry } from "./ssl/predictorAsymmetry.ts"
export { zStd, zStdRows } from "./ssl/zStd.ts"
export { effectiveRank } from "./ssl/effectiveRank.ts"
// run store (runs/): run folders (config, provenance, metrics.jsonl, atomic checkpoints, results) + the bun:sqlite index / claims cache
export { defaultRunsRoot, newRunId, Run, RunStore, type CreateRunInput } from "./runs/RunStore.ts"
export { RUN_STATUSES, RunIndex, type RunRow, type RunStatus } from "./runs/RunIndex.ts"
export {
  CHECKPOINT_FORMAT, cleanCheckpoints, latestCheckpoint, listCheckpoints, pruneCheckpoints, readCheckpoint, writeCheckpoint,
  type Checkpoint, type CheckpointManifest, type TensorData,
} from "./runs/checkpoint.ts"
export { appendMetrics, readMetrics, truncateMetrics, type MetricsRecord } from "./runs/metricsLog.ts"
export { codeVersion, collectProvenance, gitState, type GitState, type Provenance, type ProvenanceInput } from "./runs/provenance.ts"
export { removeTempFiles, writeFileAtomic } from "./runs/atomicWrite.ts"
export { CorruptCheckpoint, RunNotFound } from "./runs/errors.ts"
