/**
 * A PlotSpec axis as a Vega-Lite scale. "log" stays logarithmic only while every value is positive; with a
 * value ≤ 0 (W_p's eigenvalues, a signed difference) it becomes symmetric-log: logarithmic beyond a small
 * constant around 0, linear within it, so negative values keep their sign and small ones stay distinguishable.
 */
import type { AxisSpec } from "../PlotSpec.ts"
import { finite } from "./vegaLite.ts"

export interface VegaScale {
  readonly type: "linear" | "log" | "symlog"
  readonly zero?: boolean
  readonly constant?: number
  readonly domain?: [number, number]
  readonly nice?: boolean
}

export const vegaScale = (axis: AxisSpec | undefined, values: ReadonlyArray<number | null | undefined>): VegaScale => {
  const ok = values.filter(finite)
  const domain = axis?.min !== undefined && axis.max !== undefined ? { domain: [axis.min, axis.max] as [number, number], nice: false } : {}
  if (axis?.scale !== "log") return { type: "linear", zero: false, ...domain }
  if (ok.every((v) => v > 0)) return { type: "log", ...domain }
  // 1e-3 of the largest |value|: three decades of small values resolved, the sign of every value kept.
  const maxAbs = Math.max(1e-300, ...ok.map(Math.abs))
  return { type: "symlog", constant: maxAbs * 1e-3, ...domain }
}

/** The axis title, saying when a log axis was drawn symmetric-log. */
export const axisTitle = (axis: AxisSpec | undefined, scale: VegaScale, fallback: string): string =>
  `${axis?.label ?? fallback}${scale.type === "symlog" ? " (symmetric log: signs kept)" : scale.type === "log" ? " (log)" : ""}`
