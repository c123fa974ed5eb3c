/**
 * What every figure of the report shares: the Vega-Lite schema, the plot size, the interactions (hover
 * tooltips; zoom and pan on continuous axes, double-click resets; a legend that toggles series), legends that
 * never cut a label, and the conversion of a plot's numbers to rows (a value that is not finite is no row).
 */
import type { TopLevelSpec } from "vega-lite"

export type { TopLevelSpec } from "vega-lite"

export const SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"
export const WIDTH = 400
export const HEIGHT = 240

/** A figure of the report: the id is unique in the page (the element id, the SVG file name). */
export interface Figure {
  readonly id: string
  readonly title: string
  readonly caption?: string
  readonly spec: TopLevelSpec
}

/** Zoom and pan bound to the scales of the continuous axes (drag, wheel; double-click resets). */
export const zoomParam = (encodings: ReadonlyArray<"x" | "y">) =>
  ({ name: "zoom", select: { type: "interval" as const, encodings: [...encodings] }, bind: "scales" as const })

/** Clicking a legend entry shows that series alone (shift-click for several). */
export const toggleParam = (field: string) =>
  ({ name: "shown", select: { type: "point" as const, fields: [field] }, bind: "legend" as const })

/** The opacity of a mark under the legend toggle: faded, not hidden, so the reader still sees what was there. */
export const toggledOpacity = { condition: { param: "shown", value: 1 }, value: 0.1 } as const

/** A legend under the plot, one entry per line, labels never truncated. */
export const legendBelow = (title: string | null) =>
  ({ orient: "bottom" as const, direction: "vertical" as const, labelLimit: 0, titleLimit: 0, title, symbolType: "stroke" as const })

/** A title that wraps within the plot's width (Vega-Lite breaks it at the given string). */
export const wrappedTitle = (text: string, width = WIDTH): { text: Array<string>; anchor: "start"; limit: number; fontSize: number } => {
  const perLine = Math.max(20, Math.floor(width / 6.6))
  const lines: Array<string> = []
  let line = ""
  for (const word of text.split(" ")) {
    if (line !== "" && line.length + 1 + word.length > perLine) { lines.push(line); line = word }
    else line = line === "" ? word : `${line} ${word}`
  }
  if (line !== "") lines.push(line)
  return { text: lines, anchor: "start", limit: 0, fontSize: 12 }
}

export const finite = (v: number | null | undefined): v is number => typeof v === "number" && Number.isFinite(v)

/**
 * Shared configuration: readable fonts; tick labels that would overlap are dropped (greedily), with 4 px to
 * spare because the browser's text boxes (ascent + descent) are taller than Vega's estimate (the font size).
 */
export const CONFIG = {
  font: "system-ui, -apple-system, Segoe UI, sans-serif",
  axis: { labelFontSize: 11, titleFontSize: 11, labelOverlap: "greedy", labelSeparation: 4 },
  legend: { labelFontSize: 11, titleFontSize: 11 },
  view: { stroke: "#d0d7de" },
} as const

/**
 * A spec assembled from layers built conditionally: Vega-Lite's TypeScript types cannot follow them, so the
 * check is Vega-Lite's own compiler (every figure is compiled and rendered by the tests).
 */
export const topLevel = (spec: Record<string, unknown>): TopLevelSpec => spec as unknown as TopLevelSpec
