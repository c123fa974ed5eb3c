/**
 * index.html of `bun run repro`: one self-contained page that works offline (Vega, Vega-Lite and vega-embed
 * inlined; no network). A table of contents beside the page; a summary that fits one screen (per claim: id,
 * short title, verdict, one key number with its interval); sections plugged in by other parts of the report
 * (`HtmlSection`); then per claim its checks, the paper's numbers, the long sources folded, and its figures —
 * interactive: hover tooltips, zoom and pan on continuous axes, series toggled from the legend.
 */
import { checkOutcome, checkValue, formatInfo, formatReported, keyNumbers, num } from "./formatReport.ts"
import { reportFigures } from "./figures/figures.ts"
import { unicodeMath } from "./figures/unicodeMath.ts"
import type { Figure } from "./figures/vegaLite.ts"
import { type ReproClaim, type ReproResults, verdictCounts } from "./ReproResults.ts"
import { reportTablesSection } from "./resultTables.ts"
import { embedScript, escapeHtml as esc, vegaScripts } from "./vegaPage.ts"

/** A section of the report between the summary and the claims (e.g. the side-by-side tables), listed in the contents. */
export interface HtmlSection {
  /** Its anchor: letters, digits and "-" (not a claim id). */
  readonly id: string
  readonly title: string
  /** The section's body (trusted HTML, escaped by its author). */
  readonly html: string
}

const CSS = `
:root { --pass: #1a7f37; --fail: #cf222e; --inc: #9a6700; --notrun: #6e7781; --border: #d0d7de; --muted: #57606a; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1f2328; margin: 0; }
nav.toc { position: fixed; top: 0; left: 0; bottom: 0; width: 210px; overflow-y: auto; padding: 10px 8px 10px 12px; border-right: 1px solid var(--border); background: #f6f8fa; font-size: 12px; line-height: 1.35; }
nav.toc ol { list-style: none; margin: 0; padding: 0; } nav.toc li { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
nav.toc a { color: #0969da; text-decoration: none; } nav.toc .sub { color: var(--muted); }
nav.toc .dot { display: inline-block; width: 8px; height: 8px; border-radius: 4px; margin-right: 4px; }
main { margin-left: 210px; padding: 10px 20px 24px; max-width: 1100px; }
h1 { font-size: 19px; margin: 0 0 2px; } h2 { font-size: 17px; margin: 0 0 6px; } h3 { font-size: 14px; margin: 10px 0 4px; }
.meta { color: var(--muted); margin: 0 0 6px; font-size: 12px; } code { font: 12px ui-monospace, SFMono-Regular, Menlo, monospace; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 12px; }
th, td { border: 1px solid var(--border); padding: 3px 6px; text-align: left; vertical-align: top; }
th { background: #f6f8fa; } td.num { font-variant-numeric: tabular-nums; white-space: nowrap; }
table.summary { table-layout: fixed; font-size: 12px; line-height: 1.25; margin: 4px 0 8px; }
table.summary th, table.summary td { padding: 1px 6px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
table.summary col.id { width: 44px; } table.summary col.verdict { width: 112px; } table.summary col.key { width: 44%; }
.badge { display: inline-block; padding: 0 7px; border-radius: 9px; color: #fff; font-size: 11px; font-weight: 600; white-space: nowrap; }
.pass { background: var(--pass); } .fail { background: var(--fail); } .inconclusive { background: var(--inc); } .not-judged, .not-run { background: var(--notrun); }
section.claim, section.extra { border-top: 2px solid var(--border); padding: 12px 0 6px; }
.figures { display: flex; flex-wrap: wrap; align-items: flex-start; gap: 12px; margin-top: 8px; }
figure { margin: 0; border: 1px solid var(--border); border-radius: 6px; padding: 6px; background: #fff; flex: 0 0 auto; max-width: 100%; }
figcaption { color: var(--muted); font-size: 12px; padding: 2px 4px; max-width: 520px; }
details summary { cursor: pointer; color: #0969da; } .small { font-size: 12px; color: var(--muted); }
.help { color: var(--muted); font-size: 12px; margin: 0 0 4px; }
`

const verdictClass = (verdict: string): string => verdict.replace(" ", "-")
const badge = (verdict: string): string => `<span class="badge ${verdictClass(verdict)}">${esc(verdict)}</span>`
const DOT: Record<string, string> = { pass: "var(--pass)", fail: "var(--fail)", inconclusive: "var(--inc)" }

const contents = (claims: ReadonlyArray<ReproClaim>, sections: ReadonlyArray<HtmlSection>): string =>
  `<nav class="toc" aria-label="contents"><strong>Contents</strong><ol>
<li><a href="#summary">Summary</a></li>
${sections.map((s) => `<li><a href="#${esc(s.id)}">${esc(s.title)}</a></li>`).join("\n")}
${claims.map((c) => `<li><span class="dot" style="background:${DOT[c.verdict] ?? "var(--notrun)"}"></span><a href="#${esc(c.id)}" title="${esc(c.title)}">${esc(c.id)}</a> <span class="sub">${esc(c.title)}</span></li>`).join("\n")}
</ol></nav>`

/**
 * The number that decided the verdict: the first criterion with the claim's own outcome (a fail's failed
 * criterion, an inconclusive's undecided one), else the first missed gate (why it was not judged), else the
 * claim's first key number.
 */
const keyNumber = (c: ReproClaim): string => {
  const outcome = c.verdict === "fail" || c.verdict === "inconclusive" || c.verdict === "pass" ? c.verdict : undefined
  const deciding = c.checks.find((k) => k.role === "criterion" && k.outcome === outcome)
  return deciding === undefined ? keyNumbers(c, 1).replace(/; … \(\+\d+\)$/, "") || "—" : checkValue(deciding)
}

/** The summary: one line per claim — id, short title, verdict, the key number (with its interval when it has one). */
const summaryTable = (claims: ReadonlyArray<ReproClaim>): string =>
  `<table class="summary"><colgroup><col class="id"><col class="title"><col class="verdict"><col class="key"></colgroup>
<thead><tr><th>id</th><th>claim</th><th>verdict</th><th>key number [95% interval]</th></tr></thead><tbody>${
    claims.map((c) => {
      const key = keyNumber(c)
      return `<tr><td><a href="#${esc(c.id)}">${esc(c.id)}</a></td><td title="${esc(c.title)}">${esc(c.title)}</td><td>${badge(c.verdict)}</td><td title="${esc(key)}">${esc(key)}</td></tr>`
    }).join("\n")
  }</tbody></table>`

const checksTable = (c: ReproClaim): string => {
  if (c.checks.length === 0) return ""
  const rows = c.checks.map((k) => {
    const measured = k.interval === undefined ? num(k.measured)
      : `${num(k.measured)} [${num(k.interval.lower)}, ${num(k.interval.upper)}] (${Math.round(k.interval.level * 100)}%)`
    const threshold = `${k.threshold}${k.role === "criterion" ? "" : ` (${k.role})`}`
    return `<tr><td><code>${esc(k.name)}</code></td><td class="num">${esc(measured)}</td><td class="small">${esc(threshold)}</td><td>${esc(checkOutcome(k))}${k.why === undefined ? "" : `<div class="small">${esc(k.why)}</div>`}</td></tr>`
  })
  const sources = c.checks.map((k) => `<li><code>${esc(k.name)}</code>: ${esc(unicodeMath(k.description))} — <em>${esc(unicodeMath(k.source))}</em></li>`)
  return `<table><thead><tr><th>check</th><th>measured</th><th>threshold</th><th>outcome</th></tr></thead><tbody>${rows.join("")}</tbody></table>
<details><summary>What each check measures, and where its threshold comes from (${c.checks.length})</summary><ul class="small">${sources.join("")}</ul></details>`
}

const figureHtml = (f: Figure): string =>
  `<figure data-figure="${esc(f.id)}"><div id="fig-${esc(f.id)}" class="vega" role="img" aria-label="${esc(f.title)}"></div>${f.caption === undefined ? "" : `<figcaption>${esc(f.caption)}</figcaption>`}</figure>`

const claimSection = (c: ReproClaim, figures: ReadonlyArray<Figure>): string => {
  const checked = new Set(c.checks.map((k) => k.name))
  const info = Object.entries(c.measured).filter(([k]) => !checked.has(k))
  return [
    `<section class="claim" id="${esc(c.id)}"><h2>${esc(c.id)} — ${esc(c.title)} ${badge(c.verdict)}</h2>`,
    `<p class="meta">tier <code>${esc(c.tier)}</code>, ${c.seconds.toFixed(2)} s${c.seeds.length > 0 ? `, seeds ${esc(c.seeds.join(", "))}` : ""}</p>`,
    c.reason === undefined ? "" : `<p><strong>Reason:</strong> ${esc(c.reason)}</p>`,
    c.finding === undefined ? "" : `<p><strong>Recorded finding</strong> (this verdict was examined; it is a result, not a bug): ${esc(c.finding)}</p>`,
    c.statement === "" ? "" : `<p><strong>Statement.</strong> ${esc(unicodeMath(c.statement))}</p>`,
    c.quantity === "" ? "" : `<p><strong>Measured.</strong> ${esc(unicodeMath(c.quantity))}</p>`,
    checksTable(c),
    `<p><strong>Paper.</strong> ${esc(c.paper.where || "—")}. Reported: ${esc(formatReported(c.paper.reported))}</p>`,
    info.length === 0 ? "" : `<details><summary>Also reported (${info.length}, not part of the verdict)</summary><ul class="small">${
      info.map(([k, v]) => `<li>${esc(k)}: ${esc(formatInfo(v))}</li>`).join("")}</ul></details>`,
    `<details><summary>Source</summary><p class="small">${esc(c.source)}</p></details>`,
    c.runIds.length === 0 ? "" : `<details><summary>Runs (${c.runIds.length})</summary><p class="small">${c.runIds.map((r) => `<code>${esc(r)}</code>`).join(", ")}</p></details>`,
    figures.length === 0 ? "" : `<div class="figures">${figures.map(figureHtml).join("")}</div>`,
    "</section>",
  ].join("\n")
}

/** The sections every report has between its summary and its claims: the side-by-side tables (when the tier has any). */
const reportSections = (r: ReproResults): Array<HtmlSection> => [reportTablesSection(r)].filter((s) => s !== undefined)

/** The page; the report's own sections, then `extra`, are placed between the summary and the claims. */
export const renderHtml = (r: ReproResults, extra: ReadonlyArray<HtmlSection> = []): string => {
  const sections = [...reportSections(r), ...extra]
  const figures = reportFigures(r.claims)
  const all = [...figures.values()].flat()
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Claims report — ${esc(r.tier)} — ${esc(r.startedAt)}</title><style>${CSS}</style>
${vegaScripts()}
</head>
<body>${contents(r.claims, sections)}
<main><header><h1>Claims report — tier <code>${esc(r.tier)}</code>: ${esc(verdictCounts(r.claims) || "no claims")}</h1>
<p class="meta">Tian, Chen &amp; Ganguli (ICML 2021), "Understanding Self-Supervised Learning Dynamics without Contrastive Pairs", and its MLRC-2021 reproduction.
Started ${esc(r.startedAt)} · ${esc(r.seconds.toFixed(1))} s · code <code>${esc(r.codeVersion.slice(0, 12))}</code> · backend ${esc(r.backend)}</p></header>
<section id="summary">${summaryTable(r.claims)}
<p class="help">Figures: hover for values; drag or scroll to pan and zoom, double-click to reset; click a legend entry to show that series alone (shift-click for several).</p></section>
${sections.map((s) => `<section class="extra" id="${esc(s.id)}"><h2>${esc(s.title)}</h2>${s.html}</section>`).join("\n")}
${r.claims.map((c) => claimSection(c, figures.get(c.id) ?? [])).join("\n")}
</main>
${embedScript(all.map((f) => ({ id: `fig-${f.id}`, spec: f.spec })))}
</body></html>
`
}
