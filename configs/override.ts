/**
 * Changing one value by its dotted path, in TypeScript (`override`) or from the CLI (`--set path=value`),
 * always re-validated through the schema. A path that names no key of the config is an error naming it.
 *
 * Value strings (`parseValue`): true/false, null, numbers including scientific notation ("1e-4", "-2.5E3"),
 * JSON arrays/objects ("[0.2,1]"), a quoted string ("'x'" or "\"x\""); anything else is a plain string.
 * Setting a `kind` replaces its object with `{ kind }`, so its defaults apply
 * (`--set method.predictor.kind=directpred`).
 */
import { ConfigError } from "./ConfigError.ts"
import { decodeConfig } from "./resolveConfig.ts"
import type { RunConfig } from "./schema.ts"

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/

/** Parses a CLI value string into JSON data. */
export const parseValue = (text: string): unknown => {
  const s = text.trim()
  if (s === "true") return true
  if (s === "false") return false
  if (s === "null") return null
  if (NUMBER.test(s)) return Number(s)
  if (s.startsWith("[") || s.startsWith("{")) {
    try {
      return JSON.parse(s)
    } catch {
      throw new ConfigError([{ path: "", message: `cannot parse ${JSON.stringify(text)} as JSON (arrays and objects must be valid JSON, e.g. [0.2,1])` }])
    }
  }
  if (s.length >= 2 && ((s.startsWith("'") && s.endsWith("'")) || (s.startsWith('"') && s.endsWith('"')))) return s.slice(1, -1)
  return s
}

/** `"optimizer.lr=1e-4"` → `{ path: "optimizer.lr", value: 0.0001 }`. */
export const parseSet = (assignment: string): { readonly path: string; readonly value: unknown } => {
  const eq = assignment.indexOf("=")
  const path = eq < 0 ? "" : assignment.slice(0, eq).trim()
  if (eq < 0 || path === "" || path.split(".").some((p) => p === "")) {
    throw new ConfigError([{ path, message: `--set expects path=value with a dotted path, e.g. optimizer.lr=0.05 (was ${JSON.stringify(assignment)})` }])
  }
  // These would reach Object.prototype through the path walk (mutation caught by the faults suite: dropping this check)
  const forbidden = path.split(".").find((p) => p === "__proto__" || p === "constructor" || p === "prototype")
  if (forbidden !== undefined) {
    throw new ConfigError([{ path, message: `--set path ${path} contains '${forbidden}', which names no config key (only the config's own keys can be set)` }])
  }
  return { path, value: parseValue(assignment.slice(eq + 1)) }
}

const isPlainObject = (x: unknown): x is Record<string, unknown> => x !== null && typeof x === "object" && !Array.isArray(x)

/** Sets `path` in a copy of `config` without validating; throws ConfigError when the path cannot exist. */
const setPath = (config: unknown, path: string, value: unknown): unknown => {
  const keys = path.split(".")
  const root = structuredClone(config)
  let node: unknown = root
  for (let i = 0; i < keys.length - 1; i++) {
    const key = keys[i]!
    if (!isPlainObject(node)) throw unknownPath(path, keys.slice(0, i).join("."))
    if (node[key] === undefined || node[key] === null) node[key] = {} // an optional group that is absent/off
    node = node[key]
  }
  const last = keys.at(-1)!
  if (!isPlainObject(node)) throw unknownPath(path, keys.slice(0, -1).join("."))
  if (last === "kind" && node["kind"] !== value) {
    for (const k of Object.keys(node)) delete node[k]
  }
  node[last] = value
  return root
}

const unknownPath = (path: string, at: string): ConfigError =>
  new ConfigError([{ path, message: `${path} is not a path of the config (${at === "" ? "the config" : at} holds no such key)` }])

/**
 * `config` with the value at `path` replaced, validated and resolved. Throws ConfigError naming the path if
 * it does not exist (in this config's shape, e.g. `method.predictor.eps` on a linear predictor) or the value
 * is out of range.
 */
export const override = (config: unknown, path: string, value: unknown): RunConfig => {
  const next = decodeConfig(setPath(config, path, value))
  if (!(next instanceof ConfigError)) return next
  // A "not a known key" issue at (or under) the path means the path itself does not exist.
  const missing = next.issues.find((i) => i.message.includes("is not a known key") && (i.path === path || path.startsWith(`${i.path}.`)))
  if (missing !== undefined) {
    throw new ConfigError([{ path, message: `${path} is not a path of the config (${missing.path} is not a known key there)` }], `override ${path}`)
  }
  throw new ConfigError(next.issues, `override ${path}=${JSON.stringify(value)}`)
}

/** Applies CLI `--set path=value` assignments in order; the result is validated after each one. */
export const applySets = (config: unknown, assignments: ReadonlyArray<string>): RunConfig => {
  let current: unknown = config
  for (const a of assignments) {
    const { path, value } = parseSet(a)
    current = override(current, path, value)
  }
  const done = decodeConfig(current)
  if (done instanceof ConfigError) throw done
  return done
}
