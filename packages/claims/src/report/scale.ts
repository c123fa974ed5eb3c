/**
 * Axis scales for the SVG plots: a data domain mapped onto a pixel range, with "nice" tick positions and
 * labels. Linear ticks are multiples of 1, 2 or 5 × 10^k; log ticks are powers of ten (every k-th decade when
 * there are many, with 2× and 5× added when the domain spans at most two decades).
 */
import type { AxisScale } from "./PlotSpec.ts"

export interface Scale {
  readonly kind: AxisScale
  /** The (nice) domain actually drawn, [lo, hi] with lo < hi. */
  readonly domain: readonly [number, number]
  /** Pixel positions of domain[0] and domain[1]. */
  readonly range: readonly [number, number]
  /** Data value → pixel (not clamped). */
  readonly map: (v: number) => number
  readonly ticks: ReadonlyArray<number>
  readonly format: (v: number) => string
}

/** Whether a value can be placed on an axis of this kind. */
export const plottable = (kind: AxisScale, v: number | null | undefined): v is number =>
  typeof v === "number" && Number.isFinite(v) && Math.abs(v) <= MAX_MAGNITUDE && (kind === "linear" || v >= MIN_LOG)

/** Beyond these magnitudes spans and logarithms overflow or underflow double precision: such points are skipped. */
const MAX_MAGNITUDE = 1e300
const MIN_LOG = 1e-300

/** The smallest "nice" step (1, 2 or 5 × 10^k) that gives at most about `target` intervals over `span`. */
export const niceStep = (span: number, target = 5): number => {
  const raw = span / Math.max(1, target)
  const mag = 10 ** Math.floor(Math.log10(raw))
  const f = raw / mag
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * mag
}

/** Linear ticks: the multiples of `step` (default: a nice step for [lo, hi]) in [lo, hi] (lo < hi, both finite). */
export const linearTicks = (lo: number, hi: number, target = 5, step = niceStep(hi - lo, target)): ReadonlyArray<number> => {
  const out: Array<number> = []
  const first = Math.ceil(lo / step - 1e-9)
  for (let k = first; k * step <= hi + step * 1e-9; k++) out.push(Number((k * step).toPrecision(12)))
  return out
}

/** Log ticks for [lo, hi] (0 < lo < hi): powers of ten, thinned to ≤ ~8, plus 2× and 5× over ≤ 2 decades. */
export const logTicks = (lo: number, hi: number): ReadonlyArray<number> => {
  const a = Math.floor(Math.log10(lo) + 1e-9), b = Math.ceil(Math.log10(hi) - 1e-9)
  const decades = b - a
  const every = Math.max(1, Math.ceil(decades / 8))
  const out: Array<number> = []
  for (let k = a; k <= b; k++) {
    if ((k - a) % every === 0) out.push(Number((10 ** k).toPrecision(12)))
    if (decades <= 2 && k < b) for (const m of [2, 5]) out.push(Number((m * 10 ** k).toPrecision(12)))
  }
  return out.filter((t) => t >= lo * (1 - 1e-9) && t <= hi * (1 + 1e-9)).sort((x, y) => x - y)
}

const SUPERSCRIPT: Record<string, string> = { "-": "⁻", "0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵", "6": "⁶", "7": "⁷", "8": "⁸", "9": "⁹" }

/** "10⁻³" for exact powers of ten, else "2×10⁻³" / plain numbers in the readable range. */
export const formatLogTick = (v: number): string => {
  const k = Math.floor(Math.log10(v) + 1e-9)
  const m = Number((v / 10 ** k).toPrecision(3))
  if (k >= -2 && k <= 3) return String(Number(v.toPrecision(3)))
  const pow = `10${String(k).split("").map((c) => SUPERSCRIPT[c] ?? c).join("")}`
  return m === 1 ? pow : `${m}×${pow}`
}

/** Enough decimals to tell ticks `step` apart; exponent form for very large or small magnitudes. */
export const formatLinearTick = (v: number, step: number): string => {
  if (v === 0) return "0"
  const a = Math.abs(v)
  if (a >= 1e5 || a < 1e-3) return v.toExponential(Math.max(0, Math.min(3, -Math.floor(Math.log10(step)) + Math.floor(Math.log10(a)))))
  const decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9))
  return v.toFixed(Math.min(decimals, 6))
}

/**
 * A scale over the plottable values of `values` (others are ignored), honouring fixed bounds. An empty or
 * degenerate domain is widened (linear [0, 1] or ±10% / ±1; log one decade each side).
 */
export const makeScale = (
  kind: AxisScale, values: ReadonlyArray<number | null | undefined>, range: readonly [number, number],
  fixed: { min?: number | undefined; max?: number | undefined } = {}, target = 5,
): Scale => {
  let lo = Infinity, hi = -Infinity
  for (const v of values) if (plottable(kind, v)) { lo = Math.min(lo, v); hi = Math.max(hi, v) }
  if (plottable(kind, fixed.min)) lo = fixed.min
  if (plottable(kind, fixed.max)) hi = fixed.max
  if (kind === "log") {
    if (!(lo <= hi)) { lo = 1; hi = 10 }
    if (lo === hi) { lo /= 10; hi *= 10 }
    // Whole decades, unless fixed bounds say otherwise.
    const dlo = plottable("log", fixed.min) ? lo : 10 ** Math.floor(Math.log10(lo) + 1e-9)
    const dhi = plottable("log", fixed.max) ? hi : 10 ** Math.ceil(Math.log10(hi) - 1e-9)
    const l0 = Math.log10(dlo), l1 = Math.log10(dhi)
    const map = (v: number) => range[0] + ((Math.log10(v) - l0) / (l1 - l0)) * (range[1] - range[0])
    return { kind, domain: [dlo, dhi], range, map, ticks: logTicks(dlo, dhi), format: formatLogTick }
  }
  if (!(lo <= hi)) { lo = 0; hi = 1 }
  // A span too small to divide into ticks (a constant series, or differences below float resolution) is widened.
  if (hi - lo <= 1e-12 * Math.max(Math.abs(lo), Math.abs(hi)) || hi - lo < 1e-290) {
    const mid = (lo + hi) / 2
    const pad = Math.abs(mid) < 1e-290 ? 1 : Math.abs(mid) * 0.1
    lo = mid - pad
    hi = mid + pad
  }
  const step = niceStep(hi - lo, target)
  // Outward to multiples of the step (rounded like the ticks; never inside the data after rounding).
  const nlo = plottable("linear", fixed.min) ? lo : Math.min(lo, Number((Math.floor(lo / step + 1e-9) * step).toPrecision(12)))
  const nhi = plottable("linear", fixed.max) ? hi : Math.max(hi, Number((Math.ceil(hi / step - 1e-9) * step).toPrecision(12)))
  const map = (v: number) => range[0] + ((v - nlo) / (nhi - nlo)) * (range[1] - range[0])
  return { kind, domain: [nlo, nhi], range, map, ticks: linearTicks(nlo, nhi, target, step), format: (v) => formatLinearTick(v, step) }
}
