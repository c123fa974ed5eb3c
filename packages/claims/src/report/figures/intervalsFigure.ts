/**
 * One estimate per category (an arm, a method) with its interval, drawn horizontally: the categories on the y
 * axis in their given order (long arm names read in full, never overlapping), the value on x, reference lines
 * (the random-encoder floor) vertical and named in the legend.
 */
import type { IntervalsPlot } from "../PlotSpec.ts"
import { axisTitle, vegaScale } from "./axes.ts"
import { CONFIG, finite, legendBelow, SCHEMA, toggledOpacity, toggleParam, type TopLevelSpec, topLevel, WIDTH, wrappedTitle, zoomParam } from "./vegaLite.ts"

export const intervalsFigureSpec = (plot: IntervalsPlot): TopLevelSpec => {
  const items = plot.items.filter((it) => finite(it.estimate)).map((it) => ({
    label: it.label, group: it.group ?? it.label, estimate: it.estimate,
    lower: finite(it.lower) ? it.lower : it.estimate, upper: finite(it.upper) ? it.upper : it.estimate,
  }))
  const references = (plot.references ?? []).filter((r) => finite(r.y))
  const scale = vegaScale(plot.y, [...items.flatMap((it) => [it.lower, it.upper]), ...references.map((r) => r.y)])
  const names = [...new Set(items.map((it) => it.group)), ...references.map((r) => r.label)]
  const color = { field: "group", type: "nominal" as const, scale: { domain: names, scheme: "tableau10" }, legend: legendBelow(null) }
  const level = plot.level === undefined ? "interval" : `${Math.round(plot.level * 100)}% interval`
  const x = { field: "estimate", type: "quantitative" as const, title: `${axisTitle(plot.y, scale, "value")}; ${level}`, scale }
  const y = { field: "label", type: "nominal" as const, title: null, sort: items.map((it) => it.label), axis: { labelLimit: 0 } }
  const tooltip = [
    { field: "label", type: "nominal" as const }, { field: "estimate", type: "quantitative" as const, format: ".4~g" },
    { field: "lower", type: "quantitative" as const, format: ".4~g" }, { field: "upper", type: "quantitative" as const, format: ".4~g" },
  ]
  const layers: Array<Record<string, unknown>> = [
    { data: { values: items }, mark: { type: "rule", strokeWidth: 2, clip: true }, encoding: { y, x: { ...x, field: "lower" }, x2: { field: "upper" }, color, opacity: toggledOpacity } },
    {
      data: { values: items }, params: [zoomParam(["x"]), toggleParam("group")],
      mark: { type: "point", filled: true, size: 60, clip: true, tooltip: true }, encoding: { y, x, color, tooltip, opacity: toggledOpacity },
    },
  ]
  if (references.length > 0) {
    layers.push({
      data: { values: references.map((r) => ({ group: r.label, estimate: r.y })) },
      mark: { type: "rule", strokeDash: [2, 3], strokeWidth: 1.5, tooltip: true }, encoding: { x, color, opacity: toggledOpacity },
    })
  }
  return topLevel({
    $schema: SCHEMA, config: CONFIG, width: WIDTH, height: { step: 24 }, title: wrappedTitle(plot.title), layer: layers,
  })
}
