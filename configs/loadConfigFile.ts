/**
 * Loading a preset: a TypeScript file that default-exports a config input (`bun run ssl train <file>`).
 * Accepts a path ("configs/fashion-mnist/byol.ts") or a preset name relative to configs/
 * ("fashion-mnist/byol"). The config is resolved, then `--set` assignments are applied through the schema.
 */
import { existsSync } from "node:fs"
import { isAbsolute, join, resolve } from "node:path"
import { ConfigError } from "./ConfigError.ts"
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
  return candidates.find((c) => c.endsWith(".ts") && existsSync(c))
}

/** Imports a preset file, validates its default export, then applies `sets` ("path=value"). */
export const loadConfigFile = async (ref: string, sets: ReadonlyArray<string> = [], cwd?: string): Promise<RunConfig> => {
  const file = presetPath(ref, cwd)
  if (file === undefined) {
    throw new ConfigError([{ path: "", message: `no config file '${ref}' (give a path to a .ts file, or a preset such as fashion-mnist/byol under ${CONFIGS_DIR})` }])
  }
  const mod = (await import(file)) as { default?: unknown }
  if (mod.default === undefined) throw new ConfigError([{ path: "", message: `${file} has no default export (a preset must \`export default { ... } satisfies RunConfigInput\`)` }])
  const config = resolveConfig(mod.default, file)
  return sets.length === 0 ? config : applySets(config, sets)
}
