// @ssl/core — what a user composes: tfjs and its backend, seeded randomness, datasets and augmentations, the SSL
// kernels and the run store. Everything else stays in its file; tests reach it as @ssl/core/internal/<path>.
// A test (test/publicSurface.test.ts) lists these names: adding one is a deliberate, reviewed change.
export { tf } from "./tf.ts"
export { Rng } from "./rng.ts"

// float64 linear algebra (linalg/) and the typed errors of every kernel
export { eigh, type Eigh } from "./linalg/eigh.ts"
export { symmetrize } from "./linalg/matrix.ts"
export { EighNoConvergence, InvalidOption, NonFiniteInput, ShapeMismatch } from "./linalg/errors.ts"

// compute backends (backend/): auto > tensorflow-gpu > tensorflow > blas > wasm > cpu
export { initBackend, type InitBackendOptions } from "./backend/initBackend.ts"
export { BACKEND_NAMES, type BackendName } from "./backend/BackendName.ts"
export type { BackendChoice } from "./backend/BackendChoice.ts"
export { BackendUnavailable } from "./backend/BackendUnavailable.ts"
export { InvalidBackendOption } from "./backend/InvalidBackendOption.ts"
export { UnknownBackend } from "./backend/UnknownBackend.ts"
export { emaStep, emaSteps, type SgdHyper, sgdMomentumStep, sgdMomentumSteps } from "./backend/blas/fusedUpdates.ts"
export { batchNormTrain, type BatchNormTrainResult } from "./backend/blas/batchNorm.ts"
export { type LinearActivation, linearLayer } from "./backend/blas/linearLayer.ts"
// the evaluation's kernels (native on blas when loaded, JavaScript loops otherwise): the linear probe's step, kNN's vote
export { type ProbeAdam, type ProbeParams, probeParams, probeStep } from "./backend/blas/native/probeStep.ts"
export { knnClassify, type KnnClassifyOptions } from "./backend/blas/native/knnClassify.ts"

// datasets (data/): Fashion-MNIST, CIFAR-10, STL-10, and batching
export type { DatasetName, ImageDataset, ImageSplit, LabeledSplit } from "./data/Dataset.ts"
export { DatasetCorrupt, DatasetMissing, DownloadFailed, type DataError } from "./data/errors.ts"
export { loadDataset, type LoadDatasetOptions } from "./data/loadDataset.ts"
export { EpochSampler, gatherImages } from "./data/batchOf.ts"

// augmentations (augment/): the recipes and two views of a batch
export type { Augmentation } from "./augment/Augmentation.ts"
export { gaussianNoise } from "./augment/gaussianNoise.ts"
export {
  buildAugmentation, buildEvalTransform, RECIPES, resolveAugment, twoViews, type AugmentOverrides, type AugmentParams, type RecipeName,
} from "./augment/recipes.ts"

// SSL kernels (ssl/): loss, target EMA, F̂, the predictors' constructions, the metrics
export { stopGradient } from "./ssl/stopGradient.ts"
export { symmetricLoss, type SslLossKind } from "./ssl/symmetricLoss.ts"
export { emaUpdate } from "./ssl/emaUpdate.ts"
export { CorrelationEstimator, type CorrelationOptions, type CorrelationState } from "./ssl/CorrelationEstimator.ts"
export { directPredPredictor, type DirectPredOptions, type DirectPredResult } from "./ssl/directPredPredictor.ts"
export { directCopyPredictor, type DirectCopyOptions } from "./ssl/directCopyPredictor.ts"
export { optimalPredictor, type OptimalPredictorOptions } from "./ssl/optimalPredictor.ts"
export { PlugInStatistics, type PlugInState } from "./ssl/PlugInStatistics.ts"
export { eigenspaceAlignment, type Alignment } from "./ssl/eigenspaceAlignment.ts"
export { predictorAsymmetry, type Asymmetry } from "./ssl/predictorAsymmetry.ts"
export { zStdRows } from "./ssl/zStd.ts"
export { effectiveRank } from "./ssl/effectiveRank.ts"

// run store (runs/): run folders (config, provenance, metrics.jsonl, checkpoints, results) and their index
export { defaultRunsRoot, Run, RunStore } from "./runs/RunStore.ts"
export { RUN_STATUSES, RunIndex, type RunRow, type RunStatus } from "./runs/RunIndex.ts"
export type { StoredCheckpoint, TensorData } from "./runs/checkpoint.ts"
export { readMetrics, truncateMetrics, type MetricsLine } from "./runs/metricsLog.ts"
export { codeVersion, gitState, type GitState } from "./runs/provenance.ts"
export { writeFileAtomic } from "./runs/atomicWrite.ts"
export { CorruptCheckpoint, NoUsableCheckpoint, RunLocked, RunNotFound, StoreUnavailable } from "./runs/errors.ts"
export { onStopSignals, type StopRequest, type StopSignalName } from "./runs/stopSignals.ts"
