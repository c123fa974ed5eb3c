// The execution layer: the plan of a tier's runs and their cost, the executors that train them (local workers,
// a Slurm job array), the shared-store pieces (coordinator lock, staging, reindex) and the sequential statistics.
export { type BackendClass, datasetShapes, encoderMacs, estimateSeconds, runCost, runSteps, type StepCost, type Throughput, throughputs } from "./cost.ts"
export { claimTrainingSeconds, type ExecutionPlan, formatPlan, planJson, planSeconds, type PlanRun, planTier, tierBackend, toTrain } from "./plan.ts"
export { type ExecutionSummary, executorNames, type ExecutorName, ExecutorUnavailable, type FailedRun } from "./Executor.ts"
export { executeLocal } from "./localExecutor.ts"
export { executeSlurm, expandTaskIds, parseSacct, parseScontrol, type SlurmOptions } from "./slurmExecutor.ts"
export { lockPath, lockStore, StoreLocked, type StoreLock } from "./storeLock.ts"
export { mergeStaged, prepareStaging, stagingDir } from "./staging.ts"
export { reindexStore, type ReindexSummary } from "./reindex.ts"
export { type Look, lookInterval, looksAt, seedsToDecide, seedsToDecideMean, spentBy, type SpendingDesign } from "./sequential.ts"
export { judgeAtLook, relevel, type SequentialJudgement, seedsNeeded } from "./sequentialVerdicts.ts"
export { type ClaimLooks, type LookRecord, runSeedRounds, type SeedRoundsOptions, type SeedRoundsOutcome, type StopReason } from "./seedRounds.ts"
export { trainPlan, type TrainPlanOptions } from "./trainPlan.ts"
