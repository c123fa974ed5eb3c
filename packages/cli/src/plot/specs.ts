/**
 * The Vega-Lite specs of the run page. Every chart: tooltips on hover, zoom and pan (an interval selection
 * bound to the scales: drag, wheel; double-click resets), and, for the line charts, a legend that toggles a
 * run (click; shift-click for several). Spectra are heatmaps step × rank with a diverging, symmetric-log colour
 * scale centred on 0, so negative eigenvalues stay visible and small ones are not washed out by the largest.
 */
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
export const spectrumSpec = (key: (typeof SPECTRA)[number][0], title: string, run: RunSeries): TopLevelSpec => {
  const rows = run.spectra[key]
  const maxAbs = Math.max(1e-12, ...rows.map((r) => Math.abs(r.value)))
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: { text: title, subtitle: run.run },
    width: WIDTH,
    height: HEIGHT,
    data: { values: rows },
    transform: [{ calculate: "datum.rank - 0.5", as: "rankTop" }, { calculate: "datum.rank + 0.5", as: "rankBottom" }],
    params: [{ name: "zoom", select: { type: "interval", encodings: ["x", "y"] }, bind: "scales" }],
    mark: { type: "rect", tooltip: true, clip: true },
    encoding: {
      x: { field: "step", type: "quantitative", title: "training step" },
      x2: { field: "stepEnd" },
      y: { field: "rankTop", type: "quantitative", title: "eigenvalue rank (1 = largest)", scale: { reverse: true, nice: false, zero: false } },
      y2: { field: "rankBottom" },
      color: {
        field: "value", type: "quantitative", title: "eigenvalue",
        // symlog is linear within ±constant and logarithmic beyond: 1e-3 of the largest |λ| keeps three
        // decades of small eigenvalues distinguishable.
        scale: { type: "symlog", constant: maxAbs * 1e-3, scheme: "redblue", reverse: true, domain: [-maxAbs, maxAbs], domainMid: 0 },
      },
      tooltip: [
        { field: "step", type: "quantitative" },
        { field: "rank", type: "quantitative" },
        { field: "value", type: "quantitative", title: "eigenvalue", format: ".4~g" },
      ],
    },
  }
}

export interface PagePlot {
  readonly id: string
  readonly spec: TopLevelSpec
}

/** Every plot of the page: the scalar series (all runs overlaid), then each run's two spectra. */
export const pagePlots = (runs: ReadonlyArray<RunSeries>): Array<PagePlot> => [
  ...SCALARS.map(([key, title]) => ({ id: `plot-${key}`, spec: scalarSpec(key, title, runs) })),
  ...runs.flatMap((run, i) => SPECTRA.map(([key, title]) => ({ id: `plot-${key}-${i}`, spec: spectrumSpec(key, title, run) }))),
]
