/**
 * `extend(base, patch)`: a new config input = base deep-merged with patch, type-checked against the schema's
 * input type. Objects merge key by key; arrays and scalars are replaced; an object whose `kind` changes is
 * replaced whole (so switching `method.predictor` from linear to directpred does not drag `bias` along).
 */
import type { RunConfigInput } from "./schema.ts"

/** A recursive partial: any subset of the keys at any depth (discriminated unions stay unions). */
export type DeepPartial<T> = T extends ReadonlyArray<unknown> ? T
  : T extends object ? { [K in keyof T]?: DeepPartial<T[K]> }
  : T

const isPlainObject = (x: unknown): x is Record<string, unknown> => x !== null && typeof x === "object" && !Array.isArray(x)

/** Deep merge of plain data (the rules above). Neither argument is modified. */
export const deepMerge = (base: unknown, patch: unknown): unknown => {
  if (patch === undefined) return structuredClone(base)
  if (!isPlainObject(base) || !isPlainObject(patch)) return structuredClone(patch)
  if ("kind" in patch && patch["kind"] !== base["kind"]) return structuredClone(patch)
  const out: Record<string, unknown> = structuredClone(base)
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue
    out[key] = key in base ? deepMerge(base[key], value) : structuredClone(value)
  }
  return out
}

/** A preset built from another: `export default extend(byol, { method: { target: { kind: "simsiam" } } })`. */
export const extend = (base: RunConfigInput, patch: DeepPartial<RunConfigInput>): RunConfigInput =>
  deepMerge(base, patch) as RunConfigInput
