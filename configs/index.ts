// @ssl/configs — what a user composes: the run config (type, validation, composition, printing and hash), the
// tiers' base configs, and the linear-model scenarios. The arktype schema of every section stays in schema.ts;
// tests reach it and other internals as @ssl/configs/internal/<path>.
// A test (test/publicSurface.test.ts) lists these names: adding one is a deliberate, reviewed change.

// Run configs: the schema's resolved type and its sections, validation, composition, stable print and hash
export { RunConfig } from "./schema.ts"
export type {
  AugmentConfig, DataConfig, EncoderConfig, EvalConfig, MethodConfig, ModelConfig, OptimizerConfig, PredictorConfig, ProjectorConfig,
  RunConfigInput, RuntimeConfig, TargetConfig, TrainConfig,
} from "./schema.ts"
export { ConfigError, type ConfigIssue } from "./ConfigError.ts"
export { estimateMemory, memoryLimit } from "./memoryEstimate.ts"
export { decodeConfig, resolveConfig } from "./resolveConfig.ts"
export { deepMerge, extend, type DeepPartial } from "./extend.ts"
export { applySets, override, parseSet } from "./override.ts"
export { sweep, type SweepPoint } from "./sweep.ts"
export { configHash, formatConfig } from "./canonical.ts"
export { loadConfigFile } from "./loadConfigFile.ts"
export { hasConfigExtension } from "./readConfigData.ts"
export { augmentParams } from "./augmentParams.ts"

// Claim tiers (tiers/): one base run config per tier that every empirical claim arm extends
export { default as smokeBase } from "./tiers/smoke.ts"
export { default as ciBase } from "./tiers/ci.ts"
export { default as cpuLongBase } from "./tiers/cpu-long.ts"
export { default as nightlyBase } from "./tiers/nightly.ts"
export { default as fullBase } from "./tiers/full.ts"

// Linear-model scenarios (scenarios/): the presets of `bun run ssl simulate`, scenario files, and their resolution with --set
export type { LinearScenarioConfig, LinearScenarioInput } from "./scenarios/schema.ts"
export { scenarios } from "./scenarios/registry.ts"
export { resolveScenario } from "./scenarios/resolveScenario.ts"
export { loadScenarioFile } from "./scenarios/loadScenarioFile.ts"
export { ScenarioError, type ScenarioIssue } from "./scenarios/ScenarioError.ts"
