/**
 * @ssl/core's public surface, listed: adding or removing a name is a deliberate change made here too.
 * Mutation caught: a name exported from src/index.ts (or dropped from it) without updating this list.
 */
import { expect, test } from "bun:test"
import { publicNames } from "../../../test/publicNames.ts"

const INDEX = new URL("../src/index.ts", import.meta.url).pathname

test("@ssl/core exports exactly these names", async () => {
  const { values, types } = await publicNames(INDEX)
  expect(values).toEqual([
    "BACKEND_NAMES", "BackendUnavailable", "CorrelationEstimator", "CorruptCheckpoint", "DatasetCorrupt", "DatasetMissing", "DownloadFailed",
    "EighNoConvergence", "EpochSampler", "InvalidBackendOption", "InvalidOption", "NoUsableCheckpoint", "NonFiniteInput", "PlugInStatistics",
    "RECIPES", "RUN_STATUSES", "Rng", "Run", "RunIndex", "RunLocked", "RunNotFound", "RunStore", "ShapeMismatch", "StoreUnavailable",
    "UnknownBackend", "batchNormTrain", "buildAugmentation", "buildEvalTransform", "codeVersion", "defaultRunsRoot", "directCopyPredictor",
    "directPredPredictor", "effectiveRank", "eigenspaceAlignment", "eigh", "emaStep", "emaSteps", "emaUpdate", "gatherImages", "gaussianNoise",
    "gitState", "initBackend", "knnClassify", "linearLayer", "loadDataset", "onStopSignals", "optimalPredictor", "predictorAsymmetry",
    "probeParams", "probeStep", "readMetrics", "resolveAugment", "sgdMomentumStep", "sgdMomentumSteps", "stopGradient", "symmetricLoss",
    "symmetrize", "tf", "truncateMetrics", "twoViews", "writeFileAtomic", "zStdRows",
  ])
  expect(types).toEqual([
    "Alignment", "Asymmetry", "AugmentOverrides", "AugmentParams", "Augmentation", "BackendChoice", "BackendName", "BatchNormTrainResult",
    "CorrelationOptions", "CorrelationState", "DataError", "DatasetName", "DirectCopyOptions", "DirectPredOptions", "DirectPredResult", "Eigh",
    "GitState", "ImageDataset", "ImageSplit", "InitBackendOptions", "KnnClassifyOptions", "LabeledSplit", "LinearActivation", "LoadDatasetOptions",
    "MetricsLine", "OptimalPredictorOptions", "PlugInState", "ProbeAdam", "ProbeParams", "RecipeName", "RunRow", "RunStatus", "SgdHyper",
    "SslLossKind", "StopRequest", "StopSignalName", "StoredCheckpoint", "TensorData",
  ])
  // the runtime module agrees with the declarations read above
  expect(Object.keys(await import("@ssl/core")).sort()).toEqual([...values])
})

test("internals stay reachable for tests through the ./internal/* subpath", async () => {
  const { matmul } = await import("@ssl/core/internal/linalg/matrix.ts")
  expect(Array.from(matmul(Float64Array.of(1, 2, 3, 4), Float64Array.of(1, 0, 0, 1), 2, 2, 2))).toEqual([1, 2, 3, 4])
})
