/**
 * Writes a report folder `<root>/<tier>-<timestamp>/` with results.json, report.md, index.html and the
 * figures report.md links to (figures/<id>.svg, rendered headless by Vega). Each file is
 * written atomically (a reader never sees a torn file); results.json last, so its presence means the folder
 * is complete (the README generator picks the newest folder that has one).
 */
import { writeFileAtomic } from "@ssl/core"
import { existsSync, mkdirSync, readdirSync, rmSync } from "node:fs"
import { join, resolve } from "node:path"
import { figurePath, reportFigures } from "./figures/figures.ts"
import { renderSvg } from "./figures/renderSvg.ts"
import { renderHtml } from "./renderHtml.ts"
import { renderMarkdown } from "./renderMarkdown.ts"
import type { ReproResults } from "./ReproResults.ts"

export interface WrittenReport {
  readonly dir: string
  readonly resultsJson: string
  readonly reportMd: string
  readonly indexHtml: string
  /** The static SVG of every figure, in the report's order. */
  readonly figures: ReadonlyArray<string>
}

/** "2026-11-29T08-05-12Z": sortable, no characters that file systems or shells dislike. */
export const reportTimestamp = (d: Date): string => d.toISOString().replace(/\.\d+Z$/, "Z").replace(/:/g, "-")

/** A new folder name under `root` for this tier and start time (suffixed -2, -3… if it exists). */
export const reportDir = (root: string, tier: string, startedAt: Date): string => {
  const base = join(resolve(root), `${tier}-${reportTimestamp(startedAt)}`)
  let dir = base
  for (let i = 2; existsSync(dir); i++) dir = `${base}-${i}`
  return dir
}

/**
 * JSON indented by object, with arrays of plain values on one line (plot series stay readable and small).
 * Same value as JSON.stringify: NaN and ±Infinity become null.
 */
export const formatJson = (value: unknown, indent = ""): string => {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null"
  const inner = `${indent} `
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]"
    if (value.every((v) => v === null || typeof v !== "object")) return `[${value.map((v) => JSON.stringify(v) ?? "null").join(",")}]`
    return `[\n${value.map((v) => `${inner}${formatJson(v, inner)}`).join(",\n")}\n${indent}]`
  }
  const entries = Object.entries(value).filter(([, v]) => v !== undefined && typeof v !== "function")
  if (entries.length === 0) return "{}"
  return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${formatJson(v, inner)}`).join(",\n")}\n${indent}}`
}

/**
 * Writes report.md, index.html and figures/ of `results` into `dir` (not results.json): the whole report
 * folder but its data, so a folder can be re-rendered by newer code without training (`bun run report:render`).
 * Figures of an earlier rendering that this one does not draw are removed.
 */
export const renderReport = async (results: ReproResults, dir: string): Promise<Omit<WrittenReport, "resultsJson">> => {
  mkdirSync(join(dir, "figures"), { recursive: true })
  const figures = [...reportFigures(results.claims).values()].flat()
  const paths = figures.map((f) => join(dir, figurePath(f.id)))
  for (const [i, f] of figures.entries()) writeFileAtomic(paths[i]!, await renderSvg(f.spec))
  const kept = new Set(paths)
  for (const name of readdirSync(join(dir, "figures"))) {
    const path = join(dir, "figures", name)
    if (name.endsWith(".svg") && !kept.has(path)) rmSync(path)
  }
  const out = { dir, reportMd: join(dir, "report.md"), indexHtml: join(dir, "index.html"), figures: paths }
  writeFileAtomic(out.reportMd, renderMarkdown(results))
  writeFileAtomic(out.indexHtml, renderHtml(results))
  return out
}

export const writeReport = async (results: ReproResults, dir: string): Promise<WrittenReport> => {
  const rendered = await renderReport(results, dir)
  const resultsJson = join(dir, "results.json")
  writeFileAtomic(resultsJson, `${formatJson(results)}\n`)
  return { ...rendered, resultsJson }
}
