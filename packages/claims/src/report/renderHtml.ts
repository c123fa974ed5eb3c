/**
 * index.html of `bun run repro`: one self-contained page — inline CSS, inline SVG, no scripts, no external
 * assets — with the verdict table and, per claim, its checks, the paper's numbers and its plots. Opens from a
 * file:// URL or a CI artifact with JS disabled.
 */
import { formatNumber } from "../harness/formatVerdict.ts"
import { checkOutcome, formatInfo, formatReported, keyNumbers, num } from "./formatReport.ts"
import { isPlotId, type PlotSpec } from "./PlotSpec.ts"
import { escapeXml as esc, renderPlot } from "./renderPlot.ts"
import { type ReproClaim, type ReproResults, verdictCounts } from "./ReproResults.ts"
import { reportTablesHtml } from "./resultTables.ts"

const CSS = `
:root { --pass: #1a7f37; --fail: #cf222e; --inc: #9a6700; --notrun: #6e7781; }
* { box-sizing: border-box; }
body { font: 14px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1f2328; margin: 0 auto; max-width: 1180px; padding: 24px; }
h1 { font-size: 24px; margin: 0 0 4px; } h2 { font-size: 19px; margin: 0 0 8px; }
.meta { color: #57606a; margin: 0 0 12px; } code { font: 12px ui-monospace, SFMono-Regular, Menlo, monospace; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 16px; }
th, td { border: 1px solid #d0d7de; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f6f8fa; } td.num { font-variant-numeric: tabular-nums; white-space: nowrap; }
.badge { display: inline-block; padding: 0 8px; border-radius: 10px; color: #fff; font-size: 12px; font-weight: 600; white-space: nowrap; }
.pass { background: var(--pass); } .fail { background: var(--fail); } .inconclusive { background: var(--inc); } .not-run { background: var(--notrun); }
article { border-top: 2px solid #d0d7de; padding: 16px 0 8px; }
.plots { display: flex; flex-wrap: wrap; gap: 12px; }
figure { margin: 0; border: 1px solid #d0d7de; border-radius: 6px; padding: 4px; background: #fff; max-width: 100%; }
figure svg { display: block; max-width: 100%; height: auto; }
figcaption { color: #57606a; font-size: 12px; max-width: 632px; padding: 2px 4px; }
details summary { cursor: pointer; color: #0969da; } .small { font-size: 12px; color: #57606a; }
`

const badge = (verdict: string): string => `<span class="badge ${verdict.replace(" ", "-")}">${esc(verdict)}</span>`

/** Plot ids unique within the page (clip paths and data-plot selectors must not collide). */
const uniquePlots = (claims: ReadonlyArray<ReproClaim>): Map<ReproClaim, ReadonlyArray<PlotSpec>> => {
  const seen = new Map<string, number>()
  const out = new Map<ReproClaim, ReadonlyArray<PlotSpec>>()
  for (const c of claims) {
    out.set(c, c.plots.map((p) => {
      const base = isPlotId(p.id) ? p.id : `${c.id}-plot`
      const n = (seen.get(base) ?? 0) + 1
      seen.set(base, n)
      return n === 1 && base === p.id ? p : { ...p, id: n === 1 ? base : `${base}-${n}` }
    }))
  }
  return out
}

const verdictTable = (claims: ReadonlyArray<ReproClaim>): string =>
  `<table class="verdicts"><thead><tr><th>id</th><th>claim</th><th>verdict</th><th>measured (threshold)</th><th>paper</th></tr></thead><tbody>${
    claims.map((c) =>
      `<tr><td><a href="#${esc(c.id)}">${esc(c.id)}</a></td><td>${esc(c.title)}</td><td>${badge(c.verdict)}</td><td class="small">${esc(keyNumbers(c) || "—")}</td><td class="small">${esc(formatReported(c.paper.reported))}</td></tr>`
    ).join("")
  }</tbody></table>`

const checksTable = (c: ReproClaim): string => {
  if (c.checks.length === 0) return ""
  const rows = c.checks.map((k) => {
    const measured = k.interval === undefined ? num(k.measured)
      : `${num(k.measured)} [${num(k.interval.lower)}, ${num(k.interval.upper)}] (${Math.round(k.interval.level * 100)}%)`
    const threshold = `${k.threshold}${k.role === "criterion" ? "" : ` (${k.role})`}`
    return `<tr><td><code>${esc(k.name)}</code></td><td class="num">${esc(measured)}</td><td class="num">${esc(threshold)}</td><td>${esc(checkOutcome(k))}</td><td class="small">${esc(k.description)} — <em>${esc(k.source)}</em></td></tr>`
  })
  return `<table><thead><tr><th>check</th><th>measured</th><th>threshold</th><th>outcome</th><th>what; where the threshold comes from</th></tr></thead><tbody>${rows.join("")}</tbody></table>`
}

const claimArticle = (c: ReproClaim, plots: ReadonlyArray<PlotSpec>): string => {
  const checked = new Set(c.checks.map((k) => k.name))
  const info = Object.entries(c.measured).filter(([k]) => !checked.has(k))
  const parts = [
    `<article id="${esc(c.id)}"><h2>${esc(c.id)} — ${esc(c.title)} ${badge(c.verdict)}</h2>`,
    `<p class="small">tier <code>${esc(c.tier)}</code>, ${c.seconds.toFixed(2)} s${c.seeds.length > 0 ? `, seeds ${esc(c.seeds.join(", "))}` : ""}</p>`,
    c.reason === undefined ? "" : `<p><strong>Reason:</strong> ${esc(c.reason)}</p>`,
    c.finding === undefined ? "" : `<p><strong>Recorded finding</strong> (this verdict was examined; it is a result, not a bug): ${esc(c.finding)}</p>`,
    c.statement === "" ? "" : `<p><strong>Statement.</strong> ${esc(c.statement)}</p>`,
    c.quantity === "" ? "" : `<p><strong>Measured.</strong> ${esc(c.quantity)}</p>`,
    checksTable(c),
    info.length === 0 ? "" : `<details><summary>Also reported (${info.length}, not part of the verdict)</summary><ul class="small">${
      info.map(([k, v]) => `<li>${esc(k)}: ${esc(formatInfo(v))}</li>`).join("")}</ul></details>`,
    `<p><strong>Paper.</strong> ${esc(c.paper.where || "—")}. Reported: ${esc(formatReported(c.paper.reported))}</p>`,
    `<p class="small"><strong>Source.</strong> ${esc(c.source)}</p>`,
    c.runIds.length === 0 ? "" : `<p class="small"><strong>Runs.</strong> ${c.runIds.map((r) => `<code>${esc(r)}</code>`).join(", ")}</p>`,
    plots.length === 0 ? "" : `<div class="plots">${plots.map((p) =>
      `<figure>${renderPlot(p)}${p.caption === undefined ? "" : `<figcaption>${esc(p.caption)}</figcaption>`}</figure>`).join("")}</div>`,
    "</article>",
  ]
  return parts.join("")
}

export const renderHtml = (r: ReproResults): string => {
  const plots = uniquePlots(r.claims)
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Claims report — ${esc(r.tier)} — ${esc(r.startedAt)}</title><style>${CSS}</style></head>
<body><header><h1>Claims report — tier <code>${esc(r.tier)}</code></h1>
<p class="meta">Tian, Chen &amp; Ganguli (ICML 2021), "Understanding Self-Supervised Learning Dynamics without Contrastive Pairs", and its MLRC-2021 reproduction.<br>
Started ${esc(r.startedAt)} · ${esc(r.seconds.toFixed(1))} s · code <code>${esc(r.codeVersion)}</code> · backend ${esc(r.backend)}</p>
<p><strong>${esc(verdictCounts(r.claims) || "no claims")}</strong></p></header>
<section><h2>Verdicts</h2>${verdictTable(r.claims)}</section>
${reportTablesHtml(r)}
${r.claims.map((c) => claimArticle(c, plots.get(c) ?? [])).join("\n")}
</body></html>
`
}
