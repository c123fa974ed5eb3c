/**
 * The Vega-Lite specs of the run page. Every chart: tooltips on hover, zoom and pan (an interval selection
 * bound to the scales: drag, wheel; double-click resets), and, for the line charts, a legend that toggles a
 * run (click; shift-click for several). Spectra are the report's heatmaps (step × rank, a diverging,
 * symmetric-log colour scale centred on 0: negative eigenvalues stay visible, small ones are not washed out).
 */
import { spectrumSpec as spectrumHeatmap } from "@ssl/claims"
import type { TopLevelSpec } from "vega-lite"
import { type RunSeries, SCALARS, SPECTRA } from "./runSeries.ts"

const WIDTH = 520
const HEIGHT = 220

/** One scalar series over training steps, one line per run. */
export const scalarSpec = (series: string, title: string, runs: ReadonlyArray<RunSeries>): TopLevelSpec => ({
  $schema: "https://vega.github.io/schema/vega-lite/v6.json",
  title,
  width: WIDTH,
  height: HEIGHT,
  data: { values: runs.flatMap((r) => r.scalars.filter((s) => s.series === series)) },
  params: [
    { name: "zoom", select: { type: "interval", encodings: ["x", "y"] }, bind: "scales" },
    { name: "shown", select: { type: "point", fields: ["run"] }, bind: "legend" },
  ],
  mark: { type: "line", point: true, tooltip: true, clip: true },
  encoding: {
    x: { field: "step", type: "quantitative", title: "training step" },
    y: { field: "value", type: "quantitative", title: series, scale: { zero: false } },
    color: { field: "run", type: "nominal", legend: { orient: "bottom", direction: "vertical", labelLimit: 0, title: "run (click to toggle)" } },
    opacity: { condition: { param: "shown", value: 1 }, value: 0.08 },
    tooltip: [
      { field: "run", type: "nominal" },
      { field: "step", type: "quantitative" },
      { field: "value", type: "quantitative", title: series, format: ".4~g" },
    ],
  },
})

/** A spectrum over time for one run: x = step, y = rank (1 = largest), colour = the signed eigenvalue. */
export const spectrumSpec = (key: (typeof SPECTRA)[number][0], title: string, run: RunSeries): TopLevelSpec =>
  spectrumHeatmap(run.spectra[key], { title, subtitle: run.run, x: "training step", value: "eigenvalue" }, { width: WIDTH, height: HEIGHT })

export interface PagePlot {
  readonly id: string
  readonly spec: TopLevelSpec
}

/** Every plot of the page: the scalar series (all runs overlaid), then each run's two spectra. */
export const pagePlots = (runs: ReadonlyArray<RunSeries>): Array<PagePlot> => [
  ...SCALARS.map(([key, title]) => ({ id: `plot-${key}`, spec: scalarSpec(key, title, runs) })),
  ...runs.flatMap((run, i) => SPECTRA.map(([key, title]) => ({ id: `plot-${key}-${i}`, spec: spectrumSpec(key, title, run) }))),
]
