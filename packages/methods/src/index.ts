// @ssl/methods — the curated public surface (one export group per area; append, never rewrite).

// The paper's linear model, simulated exactly in float64 (linear/): PAPER.md §1, Eqns. 2–17, 62, 104–106
export type { Mat } from "./linear/dense.ts"
// dense float64 helpers of the simulator as a namespace: dense.matmul, dense.randomPsd, ...
export * as dense from "./linear/dense.ts"
export { integrate, SimulationDiverged, stepsFor } from "./linear/integrate.ts"
export type { IntegrateOptions, Method as IntegrationMethod, Rhs } from "./linear/integrate.ts"
export { fullModel, lemma1Gradients } from "./linear/fullDynamics.ts"
export type { FullModel, FullParams, FullState, PredictorMode, Target } from "./linear/fullDynamics.ts"
export { reducedModel } from "./linear/reducedDynamics.ts"
export type { ReducedForm, ReducedModel, ReducedParams, ReducedState } from "./linear/reducedDynamics.ts"
export {
  condition17Margin, decoupledRhs, deltaJ, etaCritical, integralResidual, packDecoupled, parabolaFixedPoints, parabolaRhs,
} from "./linear/eigenDynamics.ts"
export type { EigenParams, TauMode } from "./linear/eigenDynamics.ts"
export { appendixDRhs } from "./linear/appendixD.ts"
export type { AppendixDParams } from "./linear/appendixD.ts"
export { monteCarloGradients } from "./linear/monteCarloGradients.ts"
export type { MonteCarloGradientInput, MonteCarloGradients } from "./linear/monteCarloGradients.ts"
export {
  alignmentK, asymmetry, commutatorNorm, conservationMatrix, conservationResidual, eigenvalues, lambdaMin,
  outputCorrelation, symmetricEigen, targetCorrelation, tauEstimate,
} from "./linear/quantities.ts"
export type { KParams } from "./linear/quantities.ts"
export { dataMatrices, reducedInit, runScenario } from "./linear/runScenario.ts"
export type {
  AppendixDScenario, DataSpec, DecoupledScenario, FullInitSpec, FullScenario, IntegratorSpec, LinearScenario,
  ParabolaScenario, ReducedScenario, TauSpec, Trace,
} from "./linear/scenario.ts"

// Models (models/): pure tfjs ops on seeded variables, PyTorch layouts and default inits
export { ParamStore } from "./models/ParamStore.ts"
export type { Mode } from "./models/Mode.ts"
export type { Encoder } from "./models/Encoder.ts"
export { MlpEncoder, type MlpEncoderSpec } from "./models/MlpEncoder.ts"
export { CnnEncoder, type CnnEncoderSpec } from "./models/CnnEncoder.ts"
export { ResNet18, type ResNet18Spec } from "./models/ResNet18.ts"
export { Projector, type ProjectorSpec } from "./models/Projector.ts"
export { Predictor, type PredictorHeadSpec } from "./models/Predictor.ts"
export { buildEncoder, type EncoderSpec, Tower } from "./models/Tower.ts"
export { Linear } from "./models/Linear.ts"
export { Conv2d } from "./models/Conv2d.ts"
export { BatchNorm } from "./models/BatchNorm.ts"
// Optimisers (optim/): PyTorch semantics
export { type ParamGroup, Sgd } from "./optim/Sgd.ts"
export { Adam, type AdamOptions } from "./optim/Adam.ts"
// Methods and the trainer (method/, train/): one trainer parameterised by a method spec
export { METRICS_RHO, type MethodSpec, type PredictorSpec, type TargetSpec } from "./method/MethodSpec.ts"
export { type OptimizerSpec, SslModel, type SslModelSpec, type SslModelState, type StepOutput, type TensorSnapshot } from "./method/SslModel.ts"
export { measure, type ModelMetrics } from "./method/measure.ts"
export { runTraining, runTrainingUntilStopped, train, type TrainOptions, type TrainResult } from "./train/train.ts"
export type { MetricsRecord as TrainMetricsRecord } from "./train/MetricsRecord.ts"
export { type Checkpoint as TrainCheckpoint, memorySink, type TrainerState, type TrainSink } from "./train/TrainSink.ts"
export { fromStoredCheckpoint, runSink } from "./train/runSink.ts"
export { defaultProgress, jsonLinesProgress, type Progress, silentProgress, ttyProgress } from "./train/Progress.ts"
export { Diverged, Interrupted, ResumeFailed } from "./train/errors.ts"
// Evaluation (eval/): linear probe (final + best), weighted kNN, random-encoder floor, raw pixels
export { encoderFeatures, type Features, type LabeledImages, pixelFeatures, standardize } from "./eval/Features.ts"
export { linearProbe, type LinearProbeOptions, type ProbeResult } from "./eval/linearProbe.ts"
export { knnAccuracy, type KnnOptions } from "./eval/knn.ts"
export { type EvalData, type EvalSpec, type Evaluation, evaluate, evaluateFeatures, type FeatureEval } from "./eval/evaluate.ts"
// Experiments (experiment/): config → backend, data, run folder, training, evaluation, results
export { augmentOverrides, type ExperimentConfig, totalSteps } from "./experiment/ExperimentConfig.ts"
export {
  evaluateModel, type ExperimentError, type ExperimentOutcome, type ExperimentResults, type ExperimentSummary, headline, type HeadlineMetrics, modelSpec,
  pretrainImages, runExperiment, type RunExperimentOptions,
} from "./experiment/runExperiment.ts"
export { evaluateRun, type RunEvaluation } from "./experiment/evaluateRun.ts"
export { type BackendRequest, backendRequest, startBackend } from "./experiment/backendRequest.ts"
// Baseline reuse across runs (the claims evaluate many runs that share seed, architecture and eval spec)
export type { Baselines } from "./eval/evaluate.ts"
export { baselinesKey } from "./experiment/runExperiment.ts"
