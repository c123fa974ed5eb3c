/**
 * @ssl/methods' public surface, listed: adding or removing a name is a deliberate change made here too.
 * Mutation caught: a name exported from src/index.ts (or dropped from it) without updating this list.
 */
import { expect, test } from "bun:test"
import { publicNames } from "../../../test/publicNames.ts"

const INDEX = new URL("../src/index.ts", import.meta.url).pathname

test("@ssl/methods exports exactly these names", async () => {
  const { values, types } = await publicNames(INDEX)
  expect(values).toEqual([
    "Diverged", "Interrupted", "ResumeFailed", "SimulationDiverged", "SslModel", "alignmentK", "appendixDRhs", "asymmetry", "backendRequest",
    "condition17Margin", "conservationMatrix", "conservationResidual", "decoupledRhs", "defaultProgress", "dense", "eigenvalues", "etaCritical",
    "evaluateRun", "experimentDataset", "fullModel", "integralResidual", "integrate", "jsonLinesProgress", "lambdaMin", "lemma1Gradients", "measureModel",
    "monteCarloGradients", "packDecoupled", "parabolaFixedPoints", "parabolaRhs", "reducedInit", "reducedModel", "runExperiment", "runScenario",
    "silentProgress", "stepsFor", "symmetricEigen", "targetCorrelation", "tauEstimate", "train", "trainRecords", "ttyProgress",
  ])
  expect(types).toEqual([
    "BackendRequest", "Baselines", "ExperimentError", "ExperimentOutcome", "ExperimentResults", "ExperimentSummary", "FullParams", "FullState", "Mat",
    "ModelMetrics", "Progress", "RunEvaluation", "RunExperimentOptions", "SslModelSpec", "StepOutput", "Target", "TauMode", "Trace",
    "TrainMetricsRecord", "TrainOptions", "TrainResult",
  ])
  expect(Object.keys(await import("@ssl/methods")).sort()).toEqual([...values])
})

test("internals stay reachable for tests through the ./internal/* subpath", async () => {
  const { METRICS_RHO } = await import("@ssl/methods/internal/method/predictors/PredictorRule.ts")
  expect(METRICS_RHO).toBe(0.3)
})
