/**
 * `sweep(base, { "method.predictor.eps": [0, 0.1, 0.5], "train.seed": [0, 1, 2] })`: the Cartesian grid of
 * overrides, each point validated. Points come in row-major order (the last key varies fastest).
 */
import { override } from "./override.ts"
import { resolveConfig } from "./resolveConfig.ts"
import type { RunConfig } from "./schema.ts"

export interface SweepPoint {
  /** The assignments of this point, path → value. */
  readonly point: Readonly<Record<string, unknown>>
  readonly config: RunConfig
}

export const sweep = (base: unknown, grid: Readonly<Record<string, ReadonlyArray<unknown>>>): SweepPoint[] => {
  const entries = Object.entries(grid)
  for (const [path, values] of entries) {
    if (values.length === 0) throw new RangeError(`sweep: no values for ${path}`)
  }
  let points: Array<Record<string, unknown>> = [{}]
  for (const [path, values] of entries) points = points.flatMap((p) => values.map((v) => ({ ...p, [path]: v })))
  const resolvedBase = resolveConfig(base)
  return points.map((point) => ({
    point,
    config: Object.entries(point).reduce<RunConfig>((c, [path, v]) => override(c, path, v), resolvedBase),
  }))
}
