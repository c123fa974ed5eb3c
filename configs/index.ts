// @ssl/configs — typed experiment configs (DESIGN.md "Configs"). One export group per area; append, never rewrite.

// Run configs (training): the arktype schema, validation, helpers (extend / override / --set / sweep), stable print + hash
export {
  Augment, Data, Encoder, Eval, Knn, Method, Model, Optimizer, Predictor, Probe, Projector, RecipeName, RunConfig, Runtime, Target, Train,
} from "./schema.ts"
export type {
  AugmentConfig, DataConfig, EncoderConfig, EvalConfig, MethodConfig, ModelConfig, OptimizerConfig, PredictorConfig, ProjectorConfig,
  RunConfigInput, RuntimeConfig, TargetConfig, TrainConfig,
} from "./schema.ts"
export { ConfigError, type ConfigIssue } from "./ConfigError.ts"
export { estimateMemory, memoryLimit } from "./memoryEstimate.ts"
export { decodeConfig, isValidConfig, resolveConfig } from "./resolveConfig.ts"
export { deepMerge, extend, type DeepPartial } from "./extend.ts"
export { applySets, override, parseSet, parseValue } from "./override.ts"
export { sweep, type SweepPoint } from "./sweep.ts"
export { canonicalJson, configHash, formatConfig } from "./canonical.ts"
export { CONFIGS_DIR, loadConfigFile, presetPath } from "./loadConfigFile.ts"
export { augmentParams } from "./augmentParams.ts"

// Linear-model scenarios (scenarios/): the arktype schema of `bun run ssl simulate`, the named presets, resolution with --set
export { DataSpec as LinearDataSpec, Integrator as LinearIntegrator, LinearScenario, MAX_STEPS as LINEAR_MAX_STEPS } from "./scenarios/schema.ts"
export type { LinearScenarioConfig, LinearScenarioInput } from "./scenarios/schema.ts"
export { scenarios } from "./scenarios/registry.ts"
export { decodeScenario, resolveScenario } from "./scenarios/resolveScenario.ts"
export { ScenarioError, type ScenarioIssue } from "./scenarios/ScenarioError.ts"

// Claim tiers (tiers/): ONE base run config per tier that every empirical claim arm extends (issue 5)
export { default as ciBase } from "./tiers/ci.ts"
export { default as cpuLongBase } from "./tiers/cpu-long.ts"
export { default as nightlyBase } from "./tiers/nightly.ts"
export { default as fullBase } from "./tiers/full.ts"
