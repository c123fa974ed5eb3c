// The empirical-claims framework (C13–C30): tier bases, arms, training with the run cache, interval
// measurements, the accuracy gate, and series helpers. Claims import from here.
export { baseFor, tierBases } from "./bases.ts"
export * from "./arms.ts"
export { type ArmRun, armConfig, trainArm, type TrainArmOptions, trainArms, trainArmSeed, withPatch } from "./trainArm.ts"
export { type PlannedRun, plannedArmRuns } from "./plannedRuns.ts"
export { differenceMeasure, meanMeasure, trendMeasure } from "./intervals.ts"
export { accuracyGateMeasure, accuracyGateRule, floorKnnPoints, floorPoints, knnPoints, NOT_DISCRIMINATIVE, probePoints } from "./accuracyGate.ts"
export {
  finalRecord, initialRecord, mean, median, perSeed, recordAtFraction, recordAtStep, type ScalarMetric, seriesOf, sig, tailMean,
} from "./series.ts"
export { greaterThan, type IntervalCriterion, lessThan, superiority, within } from "../harness/Rule.ts"
export type { IntervalMeasure } from "../harness/Verdict.ts"
// Mechanistic claims' helpers: their arms (with the ci tier's time compression), collapse rules, per-tier arm plans
export * from "./mechanisticArms.ts"
export { collapseControls, collapsedRule, collapseFraction, controlMeasures, controlRules, notCollapsedRule, zStdRetained } from "./collapse.ts"
export { decayReachedRule, integratedPredictorDecay, NEEDED_DECAY } from "./decay.ts"
export { epochArmsPlan, type EpochArmsConfig, tierArmsPlans, tierEpochs } from "./planning.ts"
