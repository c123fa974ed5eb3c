/**
 * A spectrum over time as a heatmap: x = the step (each cell spans to the next record), y = the eigenvalue's
 * rank (1 = the largest, at the top), colour = the signed eigenvalue on a diverging, symmetric-log scale
 * centred on 0 — negative eigenvalues stay visible (blue), small ones are not washed out by the largest.
 * Shared by the report's heatmaps and `ssl plot`'s run page.
 */
import type { HeatmapPlot } from "../PlotSpec.ts"
import { CONFIG, finite, HEIGHT, SCHEMA, type TopLevelSpec, topLevel, WIDTH, wrappedTitle, zoomParam } from "./vegaLite.ts"

/** One cell: it spans [step, stepEnd) and one rank. */
export interface SpectrumCell { readonly step: number; readonly stepEnd: number; readonly rank: number; readonly value: number }

export const spectrumSpec = (
  cells: ReadonlyArray<SpectrumCell>,
  labels: { readonly title: string; readonly subtitle?: string; readonly x: string; readonly value: string },
  size: { readonly width: number; readonly height: number } = { width: WIDTH, height: HEIGHT },
): TopLevelSpec => {
  const maxAbs = Math.max(1e-12, ...cells.map((c) => Math.abs(c.value)))
  return topLevel({
    $schema: SCHEMA, config: CONFIG, width: size.width, height: size.height,
    title: { ...wrappedTitle(labels.title, size.width), ...(labels.subtitle === undefined ? {} : { subtitle: labels.subtitle }) },
    data: { values: cells },
    transform: [{ calculate: "datum.rank - 0.5", as: "rankTop" }, { calculate: "datum.rank + 0.5", as: "rankBottom" }],
    params: [zoomParam(["x", "y"])],
    mark: { type: "rect", tooltip: true, clip: true },
    encoding: {
      x: { field: "step", type: "quantitative", title: labels.x },
      x2: { field: "stepEnd" },
      y: { field: "rankTop", type: "quantitative", title: "rank (1 = largest)", scale: { reverse: true, nice: false, zero: false }, axis: { tickMinStep: 1, format: "d" } },
      y2: { field: "rankBottom" },
      color: {
        field: "value", type: "quantitative", title: labels.value,
        // symlog is linear within ±constant and logarithmic beyond: 1e-3 of the largest |λ| keeps three
        // decades of small eigenvalues distinguishable.
        scale: { type: "symlog", constant: maxAbs * 1e-3, scheme: "redblue", reverse: true, domain: [-maxAbs, maxAbs], domainMid: 0 },
        legend: { titleLimit: 0, orient: "right" },
      },
      tooltip: [
        { field: "step", type: "quantitative", title: labels.x },
        { field: "rank", type: "quantitative" },
        { field: "value", type: "quantitative", title: labels.value, format: ".4~g" },
      ],
    },
  })
}

/** The cells of a heatmap plot (a value that is not finite is no cell; the last column spans one step more). */
export const heatmapCells = (plot: HeatmapPlot): Array<SpectrumCell> =>
  plot.x.flatMap((step, i) => {
    const next = plot.x[i + 1] ?? step + Math.max(1, step - (plot.x[i - 1] ?? step - 1))
    return (plot.values[i] ?? []).flatMap((v, r) => (finite(v) && finite(step) ? [{ step, stepEnd: next, rank: r + 1, value: v }] : []))
  })

export const heatmapFigureSpec = (plot: HeatmapPlot): TopLevelSpec =>
  spectrumSpec(heatmapCells(plot), { title: plot.title, x: plot.xLabel, value: plot.valueLabel })
