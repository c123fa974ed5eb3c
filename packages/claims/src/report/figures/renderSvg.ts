/**
 * A figure as a static SVG, rendered headless by Vega in this process (no browser): the figures report.md
 * links to. Text is measured by Vega's own estimate, so the static layout matches the page's closely.
 */
import { parse, View } from "vega"
import { compile } from "vega-lite"
import type { TopLevelSpec } from "./vegaLite.ts"

export const renderSvg = async (spec: TopLevelSpec): Promise<string> => {
  const view = new View(parse(compile(spec).spec), { renderer: "none" })
  try {
    return await view.toSVG()
  } finally {
    view.finalize()
  }
}
