/**
 * A linear-model scenario from a file (`bun run ssl simulate my-scenario.yaml`): the same formats as run
 * configs (a .ts module's default export, or JSON/YAML data), validated by the scenario schema.
 */
import { existsSync } from "node:fs"
import { resolve } from "node:path"
import { readConfigData } from "../readConfigData.ts"
import { resolveScenarioValue } from "./resolveScenario.ts"
import { ScenarioError } from "./ScenarioError.ts"
import type { LinearScenarioConfig } from "./schema.ts"

export const loadScenarioFile = async (ref: string, sets: ReadonlyArray<string> = [], cwd: string = process.cwd()): Promise<LinearScenarioConfig> => {
  const file = resolve(cwd, ref)
  if (!existsSync(file)) throw new ScenarioError([{ path: "", message: `no scenario file ${file}` }], ref)
  return resolveScenarioValue(await readConfigData(file), sets, file)
}
