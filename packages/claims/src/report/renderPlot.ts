/**
 * Renders a PlotSpec as a self-contained SVG string: no scripts, no external assets, inline styles only, so a
 * report opens anywhere (a browser without JS, a file:// URL, a CI artifact viewer).
 *
 * Every SVG carries data-plot="<id>" and a <title> (its accessible name). Points that cannot be placed (not
 * finite, or ≤ 0 on a log axis) break a line instead of being drawn, so no attribute ever holds NaN; an
 * isolated point is drawn as a dot, a plot without any point says "no data".
 */
import type { AxisSpec, IntervalsPlot, PhasePlot, PlotSpec, ReferenceLine, SeriesSpec } from "./PlotSpec.ts"
import { makeScale, plottable, type Scale } from "./scale.ts"

/** Tableau 10: distinguishable, colour-blind aware. */
export const PALETTE = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"] as const

const WIDTH = 640
const HEIGHT = 380
const LEGEND_WIDTH = 190
const MAX_LEGEND = 16

export const escapeXml = (s: string): string =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;")

/** A pixel coordinate with one decimal (callers only pass finite numbers). */
const px = (v: number): string => (Math.round(v * 10) / 10).toString()

const colour = (i: number): string => PALETTE[i % PALETTE.length]!

interface Frame {
  readonly left: number
  readonly right: number
  readonly top: number
  readonly bottom: number
}

const frameFor = (legendEntries: number): Frame => ({
  left: 72, top: 36, bottom: HEIGHT - 52, right: WIDTH - 18 - (legendEntries > 0 ? LEGEND_WIDTH : 0),
})

/** The (x, y) pixel runs of a series: consecutive placeable points; a point that cannot be placed ends a run. */
export const runsOf = (s: SeriesSpec, xs: Scale, ys: Scale): ReadonlyArray<ReadonlyArray<readonly [number, number]>> => {
  const runs: Array<Array<readonly [number, number]>> = []
  let current: Array<readonly [number, number]> = []
  const n = Math.min(s.x.length, s.y.length)
  for (let i = 0; i < n; i++) {
    const x = s.x[i], y = s.y[i]
    if (plottable(xs.kind, x) && plottable(ys.kind, y)) current.push([xs.map(x), ys.map(y)])
    else if (current.length > 0) { runs.push(current); current = [] }
  }
  if (current.length > 0) runs.push(current)
  return runs
}

const pathOf = (run: ReadonlyArray<readonly [number, number]>): string =>
  run.map(([x, y], i) => `${i === 0 ? "M" : "L"}${px(x)} ${px(y)}`).join("")

const axisValues = (series: ReadonlyArray<SeriesSpec>, key: "x" | "y"): Array<number | null> => series.flatMap((s) => [...s[key]])

interface LegendEntry {
  readonly label: string
  readonly colour: string
  readonly mark: "line" | "dashed" | "dot" | "open"
}

const legend = (entries: ReadonlyArray<LegendEntry>, f: Frame): string => {
  if (entries.length === 0) return ""
  const x = f.right + 14
  const shown = entries.slice(0, MAX_LEGEND)
  const items = shown.map((e, i) => {
    const y = f.top + 8 + i * 17
    const sample = e.mark === "line" || e.mark === "dashed"
      ? `<path d="M${x} ${y}L${x + 20} ${y}" stroke="${e.colour}" stroke-width="2"${e.mark === "dashed" ? ' stroke-dasharray="5 3"' : ""} fill="none"/>`
      : `<circle cx="${x + 10}" cy="${y}" r="4" fill="${e.mark === "open" ? "#fff" : e.colour}" stroke="${e.colour}" stroke-width="1.5"/>`
    const label = e.label.length > 27 ? `${e.label.slice(0, 26)}…` : e.label
    return `${sample}<text x="${x + 26}" y="${y + 4}" font-size="11">${escapeXml(label)}<title>${escapeXml(e.label)}</title></text>`
  })
  const more = entries.length > MAX_LEGEND
    ? `<text x="${x}" y="${f.top + 8 + MAX_LEGEND * 17 + 4}" font-size="11" fill="#666">+${entries.length - MAX_LEGEND} more</text>` : ""
  return `<g class="legend">${items.join("")}${more}</g>`
}

const axes = (xs: Scale | undefined, ys: Scale, f: Frame, xAxis: AxisSpec | undefined, yAxis: AxisSpec): string => {
  const parts: Array<string> = []
  for (const t of ys.ticks) {
    const y = ys.map(t)
    parts.push(`<line x1="${f.left}" x2="${f.right}" y1="${px(y)}" y2="${px(y)}" stroke="#e5e5e5"/>`)
    parts.push(`<text x="${f.left - 6}" y="${px(y + 4)}" font-size="11" text-anchor="end">${escapeXml(ys.format(t))}</text>`)
  }
  if (xs !== undefined) {
    for (const t of xs.ticks) {
      const x = xs.map(t)
      parts.push(`<line x1="${px(x)}" x2="${px(x)}" y1="${f.top}" y2="${f.bottom}" stroke="#efefef"/>`)
      parts.push(`<text x="${px(x)}" y="${f.bottom + 16}" font-size="11" text-anchor="middle">${escapeXml(xs.format(t))}</text>`)
    }
  }
  parts.push(`<rect x="${f.left}" y="${f.top}" width="${f.right - f.left}" height="${f.bottom - f.top}" fill="none" stroke="#888"/>`)
  if (xAxis !== undefined) {
    parts.push(`<text x="${px((f.left + f.right) / 2)}" y="${HEIGHT - 14}" font-size="12" text-anchor="middle">${escapeXml(axisTitle(xAxis))}</text>`)
  }
  const cy = (f.top + f.bottom) / 2
  parts.push(`<text x="16" y="${px(cy)}" font-size="12" text-anchor="middle" transform="rotate(-90 16 ${px(cy)})">${escapeXml(axisTitle(yAxis))}</text>`)
  return `<g class="axes">${parts.join("")}</g>`
}

const axisTitle = (a: AxisSpec): string => (a.scale === "log" ? `${a.label} (log)` : a.label)

const references = (refs: ReadonlyArray<ReferenceLine> | undefined, ys: Scale, f: Frame): string =>
  (refs ?? []).filter((r) => plottable(ys.kind, r.y)).map((r) => {
    const y = ys.map(r.y)
    return `<path d="M${f.left} ${px(y)}L${f.right} ${px(y)}" stroke="#555" stroke-width="1" stroke-dasharray="3 3" fill="none"/>` +
      `<text x="${f.right - 4}" y="${px(y - 4)}" font-size="10" text-anchor="end" fill="#555">${escapeXml(r.label)}</text>`
  }).join("")

const noData = (f: Frame): string =>
  `<text x="${px((f.left + f.right) / 2)}" y="${px((f.top + f.bottom) / 2)}" font-size="14" text-anchor="middle" fill="#999">no data</text>`

const open = (spec: PlotSpec, f: Frame): string => {
  const clip = `clip-${spec.id}`
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" ` +
    `data-plot="${escapeXml(spec.id)}" data-kind="${spec.kind}" role="img" font-family="system-ui, -apple-system, Segoe UI, sans-serif">` +
    `<title>${escapeXml(spec.title)}</title>` +
    `<defs><clipPath id="${escapeXml(clip)}"><rect x="${f.left}" y="${f.top}" width="${f.right - f.left}" height="${f.bottom - f.top}"/></clipPath></defs>` +
    `<rect x="0" y="0" width="${WIDTH}" height="${HEIGHT}" fill="#fff"/>` +
    `<text x="${f.left}" y="22" font-size="14" font-weight="600">${escapeXml(spec.title)}</text>`
}

const clipped = (spec: PlotSpec, body: string): string => `<g clip-path="url(#clip-${escapeXml(spec.id)})">${body}</g>`

/** Line and scatter plots: series over shared x and y scales. */
const renderXY = (spec: Extract<PlotSpec, { kind: "line" | "scatter" }>): string => {
  const entries: Array<LegendEntry> = spec.series.map((s, i) => ({
    label: s.name, colour: colour(i), mark: spec.kind === "scatter" ? "dot" : s.dashed === true ? "dashed" : "line",
  }))
  const f = frameFor(spec.series.length > 1 ? entries.length : 0)
  const xScale = spec.x.scale ?? "linear", yScale = spec.y.scale ?? "linear"
  // Only points whose x and y can both be placed decide the domain.
  const both = (s: SeriesSpec) => s.x.map((x, i) => (plottable(xScale, x) && plottable(yScale, s.y[i]) ? i : -1)).filter((i) => i >= 0)
  const xsVals = spec.series.flatMap((s) => both(s).map((i) => s.x[i]!))
  const ysVals = [...spec.series.flatMap((s) => both(s).map((i) => s.y[i]!)), ...(spec.references ?? []).map((r) => r.y)]
  const xs = makeScale(xScale, xsVals, [f.left, f.right], spec.x)
  const ys = makeScale(yScale, ysVals, [f.bottom, f.top], spec.y)
  const marks: Array<string> = []
  spec.series.forEach((s, i) => {
    const c = colour(i)
    for (const run of runsOf(s, xs, ys)) {
      if (spec.kind === "scatter" || run.length === 1) {
        for (const [x, y] of run) marks.push(`<circle cx="${px(x)}" cy="${px(y)}" r="${spec.kind === "scatter" ? 3.5 : 2.5}" fill="${c}" fill-opacity="0.85"/>`)
      } else {
        marks.push(`<path d="${pathOf(run)}" fill="none" stroke="${c}" stroke-width="1.8" stroke-linejoin="round"${s.dashed === true ? ' stroke-dasharray="6 4"' : ""}/>`)
      }
    }
  })
  const body = marks.length === 0 ? noData(f) : clipped(spec, references(spec.references, ys, f) + marks.join(""))
  return `${open(spec, f)}${axes(xs, ys, f, spec.x, spec.y)}${body}${spec.series.length > 1 ? legend(entries, f) : ""}</svg>`
}

/** (p, s) trajectories over the invariant parabola s = p²/α_p, fixed points marked (filled = stable). */
const renderPhase = (spec: PhasePlot): string => {
  const xAxis: AxisSpec = spec.x ?? { label: "p_j (eigenvalue of W_p)" }
  const yAxis: AxisSpec = spec.y ?? { label: "s_j (eigenvalue of F)" }
  const parabolaLabel = `s = p²/α_p (α_p = ${spec.alphaP})`
  const entries: Array<LegendEntry> = [
    ...spec.trajectories.map((t, i): LegendEntry => ({ label: t.name, colour: colour(i), mark: t.dashed === true ? "dashed" : "line" })),
    { label: parabolaLabel, colour: "#777", mark: "dashed" },
    { label: "stable fixed point", colour: "#222", mark: "dot" },
    { label: "unstable fixed point", colour: "#222", mark: "open" },
  ]
  const f = frameFor(entries.length)
  const fpOk = spec.fixedPoints.filter((p) => plottable(xAxis.scale ?? "linear", p.p) && plottable(yAxis.scale ?? "linear", p.s))
  const xs = makeScale(xAxis.scale ?? "linear", [...axisValues(spec.trajectories, "x"), ...fpOk.map((p) => p.p)], [f.left, f.right], xAxis)
  const ys = makeScale(yAxis.scale ?? "linear", [...axisValues(spec.trajectories, "y"), ...fpOk.map((p) => p.s)], [f.bottom, f.top], yAxis)
  const marks: Array<string> = []
  // The parabola over the drawn p range (finite α_p > 0 only).
  if (Number.isFinite(spec.alphaP) && spec.alphaP > 0) {
    const [p0, p1] = xs.domain
    const n = 120
    const ps = Array.from({ length: n + 1 }, (_, i) => (xs.kind === "log" ? p0 * (p1 / p0) ** (i / n) : p0 + ((p1 - p0) * i) / n))
    const parabola: SeriesSpec = { name: parabolaLabel, x: ps, y: ps.map((p) => (p * p) / spec.alphaP) }
    for (const run of runsOf(parabola, xs, ys)) if (run.length > 1) marks.push(`<path d="${pathOf(run)}" fill="none" stroke="#777" stroke-width="1.3" stroke-dasharray="6 4"/>`)
  }
  spec.trajectories.forEach((t, i) => {
    const c = colour(i)
    const runs = runsOf(t, xs, ys)
    for (const run of runs) {
      if (run.length > 1) marks.push(`<path d="${pathOf(run)}" fill="none" stroke="${c}" stroke-width="1.8"${t.dashed === true ? ' stroke-dasharray="6 4"' : ""}/>`)
    }
    const start = runs[0]?.[0]
    if (start !== undefined) marks.push(`<rect x="${px(start[0] - 3)}" y="${px(start[1] - 3)}" width="6" height="6" fill="${c}"><title>start of ${escapeXml(t.name)}</title></rect>`)
  })
  for (const p of fpOk) {
    const x = xs.map(p.p), y = ys.map(p.s)
    marks.push(`<circle cx="${px(x)}" cy="${px(y)}" r="5" fill="${p.stable ? "#222" : "#fff"}" stroke="#222" stroke-width="1.6"><title>${escapeXml(`${p.label} = (${p.p.toPrecision(4)}, ${p.s.toPrecision(4)}), ${p.stable ? "stable" : "unstable"}`)}</title></circle>`)
    marks.push(`<text x="${px(x + 7)}" y="${px(y - 7)}" font-size="11">${escapeXml(p.label)}</text>`)
  }
  const hasData = spec.trajectories.some((t) => runsOf(t, xs, ys).length > 0) || fpOk.length > 0
  const body = hasData ? clipped(spec, marks.join("")) : noData(f)
  return `${open(spec, f)}${axes(xs, ys, f, xAxis, yAxis)}${body}${legend(entries, f)}</svg>`
}

/** One estimate per category, with its interval: dot + error bar, categories along x. */
const renderIntervals = (spec: IntervalsPlot): string => {
  const groups = [...new Set(spec.items.map((it) => it.group ?? it.label))]
  const level = spec.level === undefined ? "" : ` (${Math.round(spec.level * 100)}% interval)`
  const entries: Array<LegendEntry> = groups.length > 1 ? groups.map((g, i) => ({ label: g, colour: colour(i), mark: "dot" })) : []
  const f = frameFor(entries.length)
  const yKind = spec.y.scale ?? "linear"
  const ok = spec.items.filter((it) => plottable(yKind, it.estimate))
  const ys = makeScale(yKind, [...ok.flatMap((it) => [it.estimate, it.lower, it.upper]), ...(spec.references ?? []).map((r) => r.y)], [f.bottom, f.top], spec.y)
  const n = spec.items.length
  const band = (f.right - f.left) / Math.max(1, n)
  const marks: Array<string> = []
  const labels: Array<string> = []
  const rotate = n > 6
  spec.items.forEach((it, i) => {
    const x = f.left + band * (i + 0.5)
    const c = colour(groups.indexOf(it.group ?? it.label))
    labels.push(rotate
      ? `<text x="${px(x)}" y="${f.bottom + 12}" font-size="10" text-anchor="end" transform="rotate(-30 ${px(x)} ${f.bottom + 12})">${escapeXml(it.label)}</text>`
      : `<text x="${px(x)}" y="${f.bottom + 16}" font-size="11" text-anchor="middle">${escapeXml(it.label)}</text>`)
    if (!plottable(yKind, it.estimate)) return
    if (plottable(yKind, it.lower) && plottable(yKind, it.upper)) {
      const y0 = ys.map(it.lower), y1 = ys.map(it.upper)
      marks.push(`<path d="M${px(x)} ${px(y0)}L${px(x)} ${px(y1)}M${px(x - 7)} ${px(y0)}L${px(x + 7)} ${px(y0)}M${px(x - 7)} ${px(y1)}L${px(x + 7)} ${px(y1)}" stroke="${c}" stroke-width="1.8" fill="none"/>`)
    }
    marks.push(`<circle cx="${px(x)}" cy="${px(ys.map(it.estimate))}" r="4.5" fill="${c}"><title>${escapeXml(`${it.label}: ${it.estimate.toPrecision(4)} [${it.lower.toPrecision(4)}, ${it.upper.toPrecision(4)}]`)}</title></circle>`)
  })
  const yAxis: AxisSpec = { ...spec.y, label: `${spec.y.label}${level}` }
  const body = marks.length === 0 ? noData(f) : clipped(spec, references(spec.references, ys, f) + marks.join(""))
  return `${open(spec, f)}${axes(undefined, ys, f, undefined, yAxis)}${labels.join("")}${body}${legend(entries, f)}</svg>`
}

/** The SVG of one plot. */
export const renderPlot = (spec: PlotSpec): string => {
  switch (spec.kind) {
    case "line":
    case "scatter":
      return renderXY(spec)
    case "phase":
      return renderPhase(spec)
    case "intervals":
      return renderIntervals(spec)
  }
}
