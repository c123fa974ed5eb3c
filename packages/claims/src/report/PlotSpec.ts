/**
 * A plot as plain data (serialisable to results.json, drawn with Vega-Lite by figures/). Claims return these
 * from their `run` (Evidence.plots) next to their measurements; the report draws them. Four kinds:
 *   - line:      series y(x) over time (eigenvalues of F and W_p, asymmetry, collapse metrics, a bound vs the
 *                measured value), linear or log axes;
 *   - scatter:   points without connecting lines (alignment cos_j per eigenvector index at the start and end);
 *   - phase:     (p_j, s_j) trajectories with the invariant parabola s = p²/α_p and the fixed points marked;
 *   - intervals: one estimate per category (method) with its confidence interval, dot + error bar;
 *   - heatmap:   a spectrum over time — every eigenvalue (rank 1 = the largest) at every record, the signed
 *                value as colour (results files written before this kind have none).
 * Values that are not finite (NaN, ±Infinity; `null` after a JSON round trip) are skipped — a line breaks
 * there — never drawn at a made-up position. A "log" axis whose data has values ≤ 0 (W_p's eigenvalues can be
 * negative) is drawn symmetric-log, so those values keep their place and sign instead of vanishing.
 */

export type AxisScale = "linear" | "log"

export interface AxisSpec {
  readonly label: string
  /** Default "linear". */
  readonly scale?: AxisScale
  /** Fixed bounds; default: the data's range (made "nice"). */
  readonly min?: number
  readonly max?: number
}

/** One named series of (x, y) points; x and y have the same length. */
export interface SeriesSpec {
  readonly name: string
  readonly x: ReadonlyArray<number | null>
  readonly y: ReadonlyArray<number | null>
  /** Drawn dashed (a bound, a prediction). */
  readonly dashed?: boolean
  /**
   * A band around y at each x (the min and max across seeds, or an interval), drawn shaded. Optional: results
   * files written before bands existed have none.
   */
  readonly lower?: ReadonlyArray<number | null>
  readonly upper?: ReadonlyArray<number | null>
}

/** A horizontal reference line (a threshold, a predicted limit, the random-encoder floor). */
export interface ReferenceLine {
  readonly label: string
  readonly y: number
}

interface PlotBase {
  /** Unique within a report: the SVG's data-plot attribute. Letters, digits, "-", "_", ".". */
  readonly id: string
  readonly title: string
  /** One sentence under the plot: what to read from it. */
  readonly caption?: string
}

export interface LinePlot extends PlotBase {
  readonly kind: "line"
  readonly x: AxisSpec
  readonly y: AxisSpec
  readonly series: ReadonlyArray<SeriesSpec>
  readonly references?: ReadonlyArray<ReferenceLine>
}

export interface ScatterPlot extends PlotBase {
  readonly kind: "scatter"
  readonly x: AxisSpec
  readonly y: AxisSpec
  readonly series: ReadonlyArray<SeriesSpec>
  readonly references?: ReadonlyArray<ReferenceLine>
}

export interface FixedPointSpec {
  readonly label: string
  readonly p: number
  readonly s: number
  /** Stable points are drawn filled, unstable ones open. */
  readonly stable: boolean
}

export interface PhasePlot extends PlotBase {
  readonly kind: "phase"
  /** s = p²/α_p is drawn over the p range of the plot. */
  readonly alphaP: number
  /** x = p_j(t), y = s_j(t); the first point of each is marked as the start. */
  readonly trajectories: ReadonlyArray<SeriesSpec>
  readonly fixedPoints: ReadonlyArray<FixedPointSpec>
  /** Default axes: "p_j" and "s_j", linear. */
  readonly x?: AxisSpec
  readonly y?: AxisSpec
}

export interface IntervalItem {
  /** The category on the x axis (a method, an arm). */
  readonly label: string
  readonly estimate: number
  readonly lower: number
  readonly upper: number
  /** Items with the same group share a colour and a legend entry (default: the label). */
  readonly group?: string
}

export interface IntervalsPlot extends PlotBase {
  readonly kind: "intervals"
  readonly y: AxisSpec
  readonly items: ReadonlyArray<IntervalItem>
  /** E.g. 0.95: shown in the legend. */
  readonly level?: number
  readonly references?: ReadonlyArray<ReferenceLine>
}

export interface HeatmapPlot extends PlotBase {
  readonly kind: "heatmap"
  /** The x of each column (training steps), increasing; a column spans to the next one. */
  readonly x: ReadonlyArray<number>
  /** values[i][r]: the (r+1)-th largest eigenvalue at x[i] ([records, eigenvalues], descending). */
  readonly values: ReadonlyArray<ReadonlyArray<number | null>>
  readonly xLabel: string
  /** What the colour is ("eigenvalue of W_p"). */
  readonly valueLabel: string
}

export type PlotSpec = LinePlot | ScatterPlot | PhasePlot | IntervalsPlot | HeatmapPlot

/** A plot id that is safe in an attribute and a CSS selector. */
export const isPlotId = (id: string): boolean => /^[A-Za-z0-9_.-]+$/.test(id)

/**
 * Keeps at most `maxPoints` points of parallel arrays (always the first and the last), so a long trajectory
 * does not bloat results.json; plots of a few hundred points per series are indistinguishable from the full one.
 */
export const thin = <T>(xs: ReadonlyArray<T>, maxPoints = 200): ReadonlyArray<T> => {
  if (xs.length <= maxPoints || maxPoints < 2) return xs
  const out: Array<T> = []
  const step = (xs.length - 1) / (maxPoints - 1)
  for (let i = 0; i < maxPoints; i++) out.push(xs[Math.round(i * step)]!)
  return out
}

/**
 * A series from (x, y) samples, thinned to `maxPoints`, values rounded to 6 significant digits; with `band`,
 * the band's lower and upper values at the same samples.
 */
export const series = (
  name: string,
  x: ReadonlyArray<number>,
  y: ReadonlyArray<number>,
  options: { dashed?: boolean; maxPoints?: number; band?: { readonly lower: ReadonlyArray<number>; readonly upper: ReadonlyArray<number> } } = {},
): SeriesSpec => {
  if (x.length !== y.length) throw new RangeError(`series "${name}": x has ${x.length} points, y has ${y.length}`)
  const band = options.band
  if (band !== undefined && (band.lower.length !== x.length || band.upper.length !== x.length)) {
    throw new RangeError(`series "${name}": the band has ${band.lower.length} lower and ${band.upper.length} upper values for ${x.length} points`)
  }
  const round = (v: number) => (Number.isFinite(v) ? Number(v.toPrecision(6)) : v)
  const idx = thin(x.map((_, i) => i), options.maxPoints ?? 200)
  return {
    name, x: idx.map((i) => round(x[i]!)), y: idx.map((i) => round(y[i]!)),
    ...(options.dashed === true ? { dashed: true } : {}),
    ...(band === undefined ? {} : { lower: idx.map((i) => round(band.lower[i]!)), upper: idx.map((i) => round(band.upper[i]!)) }),
  }
}
