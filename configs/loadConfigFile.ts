/**
 * Loading a config file (`bun run ssl train <file>`): a TypeScript module that default-exports a config input,
 * or the same value as JSON or YAML (readConfigData.ts) — a run's own config.json included. Accepts a path
 * ("configs/fashion-mnist/byol.ts", "my.yaml") or a preset name relative to configs/ ("fashion-mnist/byol").
 * The config is resolved, then `--set` assignments are applied through the schema.
 */
import { existsSync } from "node:fs"
import { isAbsolute, join, resolve } from "node:path"
import { ConfigError } from "./ConfigError.ts"
import { CONFIG_EXTENSIONS, hasConfigExtension, readConfigData } from "./readConfigData.ts"
import { applySets } from "./override.ts"
import { resolveConfig } from "./resolveConfig.ts"
import type { RunConfig } from "./schema.ts"

/** The folder of this package (configs/). */
export const CONFIGS_DIR: string = import.meta.dir

/** The file a preset reference points to, or undefined. */
export const presetPath = (ref: string, cwd: string = process.cwd()): string | undefined => {
  const candidates = isAbsolute(ref)
    ? [ref]
    : [resolve(cwd, ref), join(CONFIGS_DIR, ref), join(CONFIGS_DIR, `${ref}.ts`), resolve(cwd, `${ref}.ts`)]
  return candidates.find((c) => hasConfigExtension(c) && existsSync(c))
}

/** Reads a config file (a module's default export, or JSON/YAML data), validates it, then applies `sets` ("path=value"). */
export const loadConfigFile = async (ref: string, sets: ReadonlyArray<string> = [], cwd?: string): Promise<RunConfig> => {
  const file = presetPath(ref, cwd)
  if (file === undefined) {
    throw new ConfigError([{ path: "", message: `no config file '${ref}' (give a path to a ${CONFIG_EXTENSIONS.join(", ")} file, or a preset such as fashion-mnist/byol under ${CONFIGS_DIR})` }])
  }
  const config = resolveConfig(await readConfigData(file), file)
  return sets.length === 0 ? config : applySets(config, sets)
}
