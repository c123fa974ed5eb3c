/**
 * @ssl/configs' public surface, listed: adding or removing a name is a deliberate change made here too.
 * Mutation caught: a name exported from index.ts (or dropped from it) without updating this list.
 */
import { expect, test } from "bun:test"
import { publicNames } from "../../test/publicNames.ts"

const INDEX = new URL("../index.ts", import.meta.url).pathname

test("@ssl/configs exports exactly these names", async () => {
  const { values, types } = await publicNames(INDEX)
  expect(values).toEqual([
    "ConfigError", "RunConfig", "ScenarioError", "applySets", "augmentParams", "ciBase", "configHash", "cpuLongBase", "decodeConfig", "deepMerge",
    "estimateMemory", "extend", "formatConfig", "fullBase", "hasConfigExtension", "loadConfigFile", "loadScenarioFile", "memoryLimit", "nightlyBase",
    "override", "parseSet", "resolveConfig", "resolveScenario", "scenarios", "smokeBase", "sweep",
  ])
  expect(types).toEqual([
    "AugmentConfig", "ConfigIssue", "DataConfig", "DeepPartial", "EncoderConfig", "EvalConfig", "LinearScenarioConfig", "LinearScenarioInput",
    "MethodConfig", "ModelConfig", "OptimizerConfig", "PredictorConfig", "ProjectorConfig", "RunConfigInput", "RuntimeConfig", "ScenarioIssue",
    "SweepPoint", "TargetConfig", "TrainConfig",
  ])
  expect(Object.keys(await import("@ssl/configs")).sort()).toEqual([...values])
})

test("the section schemas stay reachable for tests through the ./internal/* subpath", async () => {
  const { Method } = await import("@ssl/configs/internal/schema.ts")
  expect(Method.assert({ target: { kind: "simsiam" }, predictor: { kind: "identity" } }).loss).toBe("cosine")
})
