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

/**
 * A config file is code: importing it runs it (README, "Configs"). Its failures become ConfigErrors: a syntax error
 * with file:line:column, a config that throws with the error's first line and where it was thrown.
 */
const importConfig = async (file: string): Promise<{ default?: unknown }> => {
  try {
    return (await import(file)) as { default?: unknown }
  } catch (e) {
    throw new ConfigError([{ path: "", message: `${file} does not load: ${whyNotLoaded(e, file)}` }])
  }
}

interface BuildMessage { readonly message: string; readonly position?: { readonly file: string; readonly line: number; readonly column: number } | null }

const whyNotLoaded = (e: unknown, file: string): string => {
  // Bun reports syntax errors as build messages with positions (an AggregateError of them).
  const builds = (e instanceof AggregateError ? e.errors : [e]) as ReadonlyArray<BuildMessage>
  const located = builds.filter((b) => b?.position != null)
  if (located.length > 0) {
    return located.map((b) => `syntax error at ${b.position!.file}:${b.position!.line}:${b.position!.column}: ${b.message}`).join("; ")
  }
  const err = e instanceof Error ? e : new Error(String(e))
  const at = err.stack?.split("\n").find((l) => l.includes(file))?.trim().replace(/^at\s+/, "")
  return `it threw ${err.name}: ${err.message.split("\n")[0]}${at === undefined ? "" : ` (${at})`}`
}

/** Imports a preset file, validates its default export, then applies `sets` ("path=value"). */
export const loadConfigFile = async (ref: string, sets: ReadonlyArray<string> = [], cwd?: string): Promise<RunConfig> => {
  const file = presetPath(ref, cwd)
  if (file === undefined) {
    throw new ConfigError([{ path: "", message: `no config file '${ref}' (give a path to a .ts file, or a preset such as fashion-mnist/byol under ${CONFIGS_DIR})` }])
  }
  const mod = await importConfig(file)
  if (mod.default === undefined) throw new ConfigError([{ path: "", message: `${file} has no default export (a preset must \`export default { ... } satisfies RunConfigInput\`)` }])
  const config = resolveConfig(mod.default, file)
  return sets.length === 0 ? config : applySets(config, sets)
}
