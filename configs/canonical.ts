/**
 * Stable printing and hashing of a resolved config: canonical JSON sorts object keys recursively (arrays
 * keep their order), so the hash depends on the values only, never on the order keys were written in.
 */
import type { RunConfig } from "./schema.ts"

/** Canonical JSON: keys sorted at every level; `indent` > 0 for a readable print. */
export const canonicalJson = (value: unknown, indent = 0): string => JSON.stringify(sortKeys(value), null, indent)

const sortKeys = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(sortKeys)
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {}
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key]
      if (v !== undefined) out[key] = sortKeys(v)
    }
    return out
  }
  if (typeof value === "number" && !Number.isFinite(value)) throw new RangeError(`a config holds a non-finite number (${value})`)
  return value
}

/** SHA-256 (hex) of the canonical JSON of a RESOLVED config: the run store's and the claim cache's key. */
export const configHash = (config: RunConfig): string => new Bun.CryptoHasher("sha256").update(canonicalJson(config)).digest("hex")

/** The resolved config as readable, stable JSON (sorted keys, 2-space indent). */
export const formatConfig = (config: RunConfig): string => canonicalJson(config, 2)
