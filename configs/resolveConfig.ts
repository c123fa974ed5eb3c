/**
 * Validation at the boundary: unknown input in, a resolved RunConfig (defaults applied) or a ConfigError out.
 */
import { type } from "arktype"
import { ConfigError, type ConfigIssue } from "./ConfigError.ts"
import { RunConfig } from "./schema.ts"

/** arktype's problems as issues; "must be removed" becomes a plain unknown-key message. */
const issuesOf = (errors: InstanceType<typeof type.errors>): ConfigIssue[] =>
  errors.map((e) => {
    const path = e.propString
    const unknownKey = e.code === "predicate" && e.expected === "removed"
    return { path, message: unknownKey ? `${path} is not a known key (remove it, or check its spelling and its section)` : e.message }
  })

/** Validates `input`: the resolved config, or a ConfigError value (never throws for bad input). */
export const decodeConfig = (input: unknown, source?: string): RunConfig | ConfigError => {
  const out = RunConfig(structuredCloneSafe(input))
  return out instanceof type.errors ? new ConfigError(issuesOf(out), source) : out
}

/** Validates `input` and returns the resolved config; throws ConfigError. */
export const resolveConfig = (input: unknown, source?: string): RunConfig => {
  const out = decodeConfig(input, source)
  if (out instanceof ConfigError) throw out
  return out
}

/** Whether a value is a resolved (or resolvable) config, without throwing. */
export const isValidConfig = (input: unknown): boolean => !(decodeConfig(input) instanceof ConfigError)

// arktype applies defaults by mutating the object it validates; never touch the caller's value.
const structuredCloneSafe = (x: unknown): unknown => (x !== null && typeof x === "object" ? structuredClone(x) : x)
