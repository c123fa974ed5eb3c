// @ssl/methods — what a user composes: the paper's linear model simulated exactly, the SSL model and its
// training step, training and experiments (config → run folder → results), and the progress reporters.
// Everything else stays in its file; tests reach it as @ssl/methods/internal/<path>.
// A test (test/publicSurface.test.ts) lists these names: adding one is a deliberate, reviewed change.

// The paper's linear model, simulated exactly in float64 (linear/): docs/paper/model.md
export type { Mat } from "./linear/dense.ts"
export * as dense from "./linear/dense.ts"
export { integrate, SimulationDiverged, stepsFor } from "./linear/integrate.ts"
export { fullModel, lemma1Gradients } from "./linear/fullDynamics.ts"
export type { FullParams, FullState, Target } from "./linear/fullDynamics.ts"
export { reducedModel } from "./linear/reducedDynamics.ts"
export {
  condition17Margin, decoupledRhs, etaCritical, integralResidual, packDecoupled, parabolaFixedPoints, parabolaRhs,
} from "./linear/eigenDynamics.ts"
export type { TauMode } from "./linear/eigenDynamics.ts"
export { appendixDRhs } from "./linear/appendixD.ts"
export { monteCarloGradients } from "./linear/monteCarloGradients.ts"
export {
  alignmentK, asymmetry, conservationMatrix, conservationResidual, eigenvalues, lambdaMin, symmetricEigen, targetCorrelation, tauEstimate,
} from "./linear/quantities.ts"
export { reducedInit, runScenario } from "./linear/runScenario.ts"
export type { Trace } from "./linear/scenario.ts"

// The SSL model and its training step (method/): one trainer for every method config, one rule per predictor
export { SslModel, type SslModelSpec, type StepOutput } from "./method/SslModel.ts"
export { measureModel, type ModelMetrics } from "./method/measureModel.ts"

// Training (train/) and experiments (experiment/): config → backend, data, run folder, training, evaluation
export { train, type TrainOptions, type TrainResult } from "./train/train.ts"
export type { TrainMetricsRecord } from "./train/TrainMetricsRecord.ts"
export { defaultProgress, jsonLinesProgress, type Progress, silentProgress, ttyProgress } from "./train/Progress.ts"
export { Diverged, Interrupted, ResumeFailed } from "./train/errors.ts"
export {
  type ExperimentError, type ExperimentOutcome, type ExperimentResults, type ExperimentSummary, runExperiment, type RunExperimentOptions,
} from "./experiment/runExperiment.ts"
export { experimentDataset } from "./experiment/experimentDataset.ts"
export { trainRecords } from "./train/runSink.ts"
export { evaluateRun, type RunEvaluation } from "./experiment/evaluateRun.ts"
export { type BackendRequest, backendRequest } from "./experiment/backendRequest.ts"
export type { Baselines } from "./eval/evaluate.ts"
