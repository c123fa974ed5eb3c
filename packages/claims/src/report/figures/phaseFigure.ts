/**
 * Phase portraits (p_j, s_j): each trajectory in the order it was integrated (not sorted by p), its start
 * marked, the invariant parabola s = p²/α_p dashed, and the fixed points as shapes (filled: stable, open:
 * unstable) named in a legend of their own.
 */
import type { PhasePlot } from "../PlotSpec.ts"
import { axisTitle, vegaScale } from "./axes.ts"
import { CONFIG, finite, HEIGHT, legendBelow, SCHEMA, toggledOpacity, toggleParam, type TopLevelSpec, topLevel, WIDTH, wrappedTitle, zoomParam } from "./vegaLite.ts"

const PARABOLA_POINTS = 120

export const phaseFigureSpec = (plot: PhasePlot): TopLevelSpec => {
  const points = plot.trajectories.flatMap((s) => {
    const rows: Array<{ series: string; segment: string; order: number; x: number; y: number }> = []
    let segment = 0
    for (let i = 0; i < Math.min(s.x.length, s.y.length); i++) {
      const x = s.x[i], y = s.y[i]
      if (finite(x) && finite(y)) rows.push({ series: s.name, segment: `${s.name}#${segment}`, order: i, x, y })
      else segment++
    }
    return rows
  })
  const starts = plot.trajectories.map((s) => points.find((p) => p.series === s.name)).filter((p) => p !== undefined)
  const fixed = plot.fixedPoints.filter((f) => finite(f.p) && finite(f.s))
  const ps = [...points.map((p) => p.x), ...fixed.map((f) => f.p)]
  const [pMin, pMax] = [plot.x?.min ?? Math.min(...ps), plot.x?.max ?? Math.max(...ps)]
  const parabolaName = `s = p²/α_p (α_p = ${plot.alphaP})`
  // The parabola does not stretch the s axis far beyond the data: it stops a little above the highest point.
  const sMax = plot.y?.max ?? 1.15 * Math.max(...points.map((p) => p.y), ...fixed.map((f) => f.s))
  const parabola = ps.length === 0 || !(plot.alphaP > 0) ? [] : Array.from({ length: PARABOLA_POINTS }, (_, i) => {
    const p = pMin + ((pMax - pMin) * i) / (PARABOLA_POINTS - 1)
    return { series: parabolaName, segment: parabolaName, order: i, x: p, y: (p * p) / plot.alphaP }
  }).filter((q) => q.y <= sMax)
  const xScale = vegaScale(plot.x, ps)
  const yScale = vegaScale(plot.y, [...points.map((p) => p.y), ...fixed.map((f) => f.s)])
  const names = [...plot.trajectories.map((s) => s.name), ...(parabola.length > 0 ? [parabolaName] : [])]
  const color = { field: "series", type: "nominal" as const, scale: { domain: names, scheme: names.length > 10 ? "category20" : "tableau10" }, legend: legendBelow(null) }
  const x = { field: "x", type: "quantitative" as const, title: axisTitle(plot.x, xScale, "p_j (eigenvalue of W_p)"), scale: xScale }
  const y = { field: "y", type: "quantitative" as const, title: axisTitle(plot.y, yScale, "s_j (eigenvalue of F)"), scale: yScale }
  const tooltip = [{ field: "series", type: "nominal" as const }, { field: "x", type: "quantitative" as const, title: "p", format: ".4~g" }, { field: "y", type: "quantitative" as const, title: "s", format: ".4~g" }]
  const layers: Array<Record<string, unknown>> = [
    {
      data: { values: [...points, ...parabola] },
      params: [zoomParam(["x", "y"]), toggleParam("series")],
      mark: { type: "line", clip: true, tooltip: true },
      encoding: {
        x, y, color, tooltip, detail: { field: "segment" }, order: { field: "order" }, opacity: toggledOpacity,
        strokeDash: { condition: { test: `datum.series === ${JSON.stringify(parabolaName)}`, value: [6, 3] }, value: [1, 0] },
      },
    },
    {
      data: { values: starts },
      mark: { type: "point", shape: "square", filled: true, size: 30, clip: true, tooltip: true },
      encoding: { x, y, color, tooltip, opacity: toggledOpacity },
    },
  ]
  if (fixed.length > 0) {
    layers.push({
      data: { values: fixed.map((f) => ({ label: f.label, x: f.p, y: f.s, stable: f.stable ? "stable" : "unstable" })) },
      mark: { type: "point", size: 90, strokeWidth: 2, color: "#1f2328", clip: true, tooltip: true },
      encoding: {
        x, y,
        shape: { field: "label", type: "nominal", legend: { ...legendBelow("fixed points (filled: stable)"), symbolType: "circle" } },
        fill: { condition: { test: "datum.stable === 'stable'", value: "#1f2328" }, value: "transparent" },
        tooltip: [{ field: "label", type: "nominal", title: "fixed point" }, { field: "stable", type: "nominal" }, { field: "x", type: "quantitative", title: "p", format: ".4~g" }, { field: "y", type: "quantitative", title: "s", format: ".4~g" }],
      },
    })
  }
  return topLevel({ $schema: SCHEMA, config: CONFIG, width: WIDTH, height: HEIGHT, title: wrappedTitle(plot.title), layer: layers, resolve: { legend: { shape: "independent" } } })
}
