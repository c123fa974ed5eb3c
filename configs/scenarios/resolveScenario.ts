/**
 * Named scenario + `--set path=value` overrides → a validated LinearScenarioConfig, or a ScenarioError that
 * names every bad path and its rule (unknown scenario, unknown key, out-of-domain value, non-PSD X).
 * Values parse as in the run configs (`parseValue`: numbers incl. 1e-4, booleans, JSON arrays, strings).
 */
import { type } from "arktype"
import { parseValue } from "../override.ts"
import { scenarios } from "./registry.ts"
import { ScenarioError, type ScenarioIssue } from "./ScenarioError.ts"
import { LinearScenario, type LinearScenarioConfig } from "./schema.ts"

const isObject = (x: unknown): x is Record<string, unknown> => x !== null && typeof x === "object" && !Array.isArray(x)

/** Sets a dotted path in a copy; intermediate objects are created (the schema then rejects unknown keys). */
const setPath = (root: unknown, path: string, value: unknown): unknown => {
  const keys = path.split(".")
  const copy = structuredClone(root)
  let node: unknown = copy
  for (const [i, key] of keys.entries()) {
    if (!isObject(node)) throw new ScenarioError([{ path, message: `${path}: ${keys.slice(0, i).join(".")} is not an object, so it has no key "${key}"` }], "")
    if (i === keys.length - 1) node[key] = value
    else {
      if (!isObject(node[key])) node[key] = {}
      node = node[key]
    }
  }
  return copy
}

/** Validates any scenario value; unknown keys are reported as such. */
export const decodeScenario = (input: unknown, name = "<inline>"): LinearScenarioConfig => {
  const out = LinearScenario(structuredClone(input))
  if (!(out instanceof type.errors)) return out
  const issues: ScenarioIssue[] = out.map((e) => ({
    path: e.propString,
    message: e.code === "predicate" && e.expected === "removed" ? `${e.propString} is not a key of this scenario (remove it or check its spelling)` : e.message,
  }))
  throw new ScenarioError(issues, name)
}

export const resolveScenario = (name: string, sets: ReadonlyArray<string> = []): LinearScenarioConfig => {
  const base = scenarios[name]
  if (base === undefined) {
    throw new ScenarioError([{ path: "", message: `unknown scenario "${name}"; known: ${Object.keys(scenarios).join(", ")} (or give a scenario file: .ts, .json, .yaml)` }], name)
  }
  return resolveScenarioValue(base, sets, name)
}

/** A scenario value (a preset, or a file's content) with `--set` assignments applied, validated. */
export const resolveScenarioValue = (base: unknown, sets: ReadonlyArray<string>, name: string): LinearScenarioConfig => {
  let current: unknown = base
  for (const assignment of sets) {
    const eq = assignment.indexOf("=")
    const path = eq < 0 ? "" : assignment.slice(0, eq).trim()
    if (eq < 0 || path === "" || path.split(".").some((k) => k === "")) {
      throw new ScenarioError([{ path, message: `--set expects path=value with a dotted path, e.g. eta=0.1 or integrator.dt=0.005 (was ${JSON.stringify(assignment)})` }], name)
    }
    let value: unknown
    try {
      value = parseValue(assignment.slice(eq + 1))
    } catch (e) {
      throw new ScenarioError([{ path, message: `${path}: ${e instanceof Error ? e.message.split("\n").find((l) => l.includes("cannot parse"))?.trim() ?? e.message : String(e)}` }], name)
    }
    try {
      current = setPath(current, path, value)
    } catch (e) {
      if (e instanceof ScenarioError) throw new ScenarioError(e.issues, name)
      throw e
    }
  }
  return decodeScenario(current, name)
}
