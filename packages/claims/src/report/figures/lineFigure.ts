/**
 * Line and scatter plots: one colour per series (a legend under the plot toggles them), dashed series for
 * bounds and predictions, a shaded band where a series carries one (min–max across seeds, or an interval), and
 * horizontal reference lines (thresholds, floors) as legend entries of their own. A value that is not finite
 * breaks its line: each run of finite points is its own segment.
 */
import type { LinePlot, ScatterPlot } from "../PlotSpec.ts"
import { axisTitle, vegaScale } from "./axes.ts"
import { CONFIG, finite, HEIGHT, legendBelow, SCHEMA, toggledOpacity, toggleParam, type TopLevelSpec, topLevel, WIDTH, wrappedTitle, zoomParam } from "./vegaLite.ts"

interface PointRow {
  readonly series: string
  /** Consecutive finite points of one series share a segment: a gap starts a new one. */
  readonly segment: string
  readonly order: number
  readonly x: number
  readonly y: number
  readonly dashed: boolean
}

interface BandRow { readonly series: string; readonly segment: string; readonly x: number; readonly lower: number; readonly upper: number }

const pointRows = (plot: LinePlot | ScatterPlot): Array<PointRow> =>
  plot.series.flatMap((s) => {
    const rows: Array<PointRow> = []
    let segment = 0
    const n = Math.min(s.x.length, s.y.length)
    for (let i = 0; i < n; i++) {
      const x = s.x[i], y = s.y[i]
      if (finite(x) && finite(y)) rows.push({ series: s.name, segment: `${s.name}#${segment}`, order: i, x, y, dashed: s.dashed === true })
      else segment++
    }
    return rows
  })

const bandRows = (plot: LinePlot | ScatterPlot): Array<BandRow> =>
  plot.series.flatMap((s) => {
    if (s.lower === undefined || s.upper === undefined) return []
    const rows: Array<BandRow> = []
    let segment = 0
    for (let i = 0; i < s.x.length; i++) {
      const x = s.x[i], lo = s.lower[i], hi = s.upper[i]
      if (finite(x) && finite(lo) && finite(hi)) rows.push({ series: s.name, segment: `${s.name}#${segment}`, x, lower: lo, upper: hi })
      else segment++
    }
    return rows
  })

export const lineFigureSpec = (plot: LinePlot | ScatterPlot): TopLevelSpec => {
  const points = pointRows(plot)
  const bands = bandRows(plot)
  const references = (plot.references ?? []).filter((r) => finite(r.y))
  const xScale = vegaScale(plot.x, points.map((p) => p.x))
  const yScale = vegaScale(plot.y, [...points.map((p) => p.y), ...bands.flatMap((b) => [b.lower, b.upper]), ...references.map((r) => r.y)])
  const names = [...plot.series.map((s) => s.name), ...references.map((r) => r.label)]
  const color = {
    field: "series", type: "nominal" as const,
    scale: { domain: names, scheme: names.length > 10 ? "category20" : "tableau10" },
    legend: legendBelow(null),
  }
  const x = { field: "x", type: "quantitative" as const, title: axisTitle(plot.x, xScale, "x"), scale: xScale }
  const y = { field: "y", type: "quantitative" as const, title: axisTitle(plot.y, yScale, "y"), scale: yScale }
  const tooltip = [
    { field: "series", type: "nominal" as const },
    { field: "x", type: "quantitative" as const, title: plot.x.label, format: ".4~g" },
    { field: "y", type: "quantitative" as const, title: plot.y.label, format: ".4~g" },
  ]
  const layers: Array<Record<string, unknown>> = []
  layers.push({
    data: { values: points },
    params: [zoomParam(["x", "y"]), toggleParam("series")],
    mark: plot.kind === "scatter" ? { type: "point", filled: true, size: 36, clip: true, tooltip: true } : { type: "line", point: points.length <= 60, clip: true, tooltip: true },
    encoding: {
      x, y, color, tooltip,
      ...(plot.kind === "scatter" ? {} : {
        detail: { field: "segment" }, order: { field: "order" },
        strokeDash: { condition: { test: "datum.dashed", value: [6, 3] }, value: [1, 0] },
      }),
      opacity: toggledOpacity,
    },
  })
  // The bands come after the lines: Vega-Lite binds the legend to the first layer's colour, and the legend toggle
  // lives on the lines' layer (with the bands first, a legend click selected nothing).
  if (bands.length > 0) {
    layers.push({
      data: { values: bands },
      mark: { type: "area", fillOpacity: 0.22, clip: true },
      encoding: { x, y: { ...y, field: "lower" }, y2: { field: "upper" }, color, detail: { field: "segment" }, opacity: toggledOpacity },
    })
  }
  if (references.length > 0) {
    layers.push({
      data: { values: references.map((r) => ({ series: r.label, y: r.y })) },
      mark: { type: "rule", strokeDash: [2, 3], strokeWidth: 1.5, tooltip: true },
      encoding: { y: { field: "y", type: "quantitative" }, color, opacity: toggledOpacity },
    })
  }
  return topLevel({
    $schema: SCHEMA, config: CONFIG, width: WIDTH, height: HEIGHT, title: wrappedTitle(plot.title),
    layer: layers,
  })
}
