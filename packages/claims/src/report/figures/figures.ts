/**
 * Every figure of a report, per claim: its forest plot (the intervals its verdict is about), then its plots as
 * Vega-Lite specs. Figure ids are unique in the report: they name the page's elements and the SVG files.
 */
import { isPlotId, type PlotSpec } from "../PlotSpec.ts"
import type { ReproClaim } from "../ReproResults.ts"
import { forestFigure } from "./forestFigure.ts"
import { intervalsFigureSpec } from "./intervalsFigure.ts"
import { lineFigureSpec } from "./lineFigure.ts"
import { phaseFigureSpec } from "./phaseFigure.ts"
import { heatmapFigureSpec } from "./spectrumFigure.ts"
import { unicodeMath } from "./unicodeMath.ts"
import type { Figure, TopLevelSpec } from "./vegaLite.ts"

type SpecOf = { readonly [K in PlotSpec["kind"]]: (plot: Extract<PlotSpec, { kind: K }>) => TopLevelSpec }

const specOf: SpecOf = { line: lineFigureSpec, scatter: lineFigureSpec, phase: phaseFigureSpec, intervals: intervalsFigureSpec, heatmap: heatmapFigureSpec }

export const plotSpec = (plot: PlotSpec): TopLevelSpec => (specOf[plot.kind] as (p: PlotSpec) => TopLevelSpec)(plot)

/** The plot's title, caption and series names in Unicode (no TeX). */
const readable = (plot: PlotSpec): PlotSpec => {
  const named = <T extends { readonly name: string }>(xs: ReadonlyArray<T>): Array<T> => xs.map((s) => ({ ...s, name: unicodeMath(s.name) }))
  const text = { title: unicodeMath(plot.title), ...(plot.caption === undefined ? {} : { caption: unicodeMath(plot.caption) }) }
  switch (plot.kind) {
    case "phase": return { ...plot, ...text, trajectories: named(plot.trajectories) }
    case "intervals":
    case "heatmap": return { ...plot, ...text }
    default: return { ...plot, ...text, series: named(plot.series) }
  }
}

const plotFigure = (plot: PlotSpec, id: string): Figure => {
  const p = readable(plot)
  return { id, title: p.title, spec: plotSpec(p), ...(p.caption === undefined ? {} : { caption: p.caption }) }
}

/** Where report.md finds a figure's static SVG, relative to it. */
export const figurePath = (figureId: string): string => `figures/${figureId}.svg`

/** The figures of each claim, in the report's order, with ids unique across the report. */
export const reportFigures = (claims: ReadonlyArray<ReproClaim>): Map<string, ReadonlyArray<Figure>> => {
  const seen = new Map<string, number>()
  const unique = (wanted: string, fallback: string): string => {
    const base = isPlotId(wanted) ? wanted : fallback
    const n = (seen.get(base) ?? 0) + 1
    seen.set(base, n)
    return n === 1 ? base : `${base}-${n}`
  }
  const out = new Map<string, ReadonlyArray<Figure>>()
  for (const c of claims) {
    const forest = forestFigure(c)
    out.set(c.id, [
      ...(forest === undefined ? [] : [{ ...forest, id: unique(forest.id, `${c.id}-forest`) }]),
      ...c.plots.map((p) => plotFigure(p, unique(p.id, `${c.id}-plot`))),
    ])
  }
  return out
}
