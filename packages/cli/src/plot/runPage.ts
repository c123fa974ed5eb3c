/**
 * The run page: one self-contained HTML file (no network: Vega, Vega-Lite and vega-embed are inlined from
 * their minified npm builds) with the plots of specs.ts. When every plot has rendered the page sets
 * `document.body.dataset.rendered` to their number (`"error"` if one failed, with the error on the console),
 * which is what the headless-browser test waits for.
 */
import { embedScript, escapeHtml, vegaScripts } from "@ssl/claims"
import type { PagePlot } from "./specs.ts"

export interface PageRun {
  readonly id: string
  readonly label: string | null
  readonly method: string | undefined
  readonly status: string
}

export const runPage = (runs: ReadonlyArray<PageRun>, plots: ReadonlyArray<PagePlot>): string => {
  const title = runs.length === 1 ? `run ${runs[0]!.id}` : `${runs.length} runs`
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>ssl-dynamics: ${escapeHtml(title)}</title>
<style>
  body { font: 14px system-ui, sans-serif; margin: 1.5rem; color: #222; }
  main { display: grid; grid-template-columns: repeat(auto-fill, minmax(640px, 1fr)); gap: 1.5rem; }
  table { border-collapse: collapse; margin-bottom: 1rem; }
  td, th { padding: 0.2rem 0.8rem; text-align: left; border-bottom: 1px solid #ddd; }
  p.help { color: #555; }
</style>
${vegaScripts()}
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<table>
<tr><th>run</th><th>status</th><th>method</th><th>config</th></tr>
${runs.map((r) => `<tr><td><code>${escapeHtml(r.id)}</code></td><td>${escapeHtml(r.status)}</td><td>${escapeHtml(r.method ?? "-")}</td><td>${escapeHtml(r.label ?? "-")}</td></tr>`).join("\n")}
</table>
<p class="help">Hover for values; drag or scroll to pan and zoom, double-click to reset; click a run in a legend to show it alone
(shift-click for several). Spectra: colour is the signed eigenvalue on a symmetric-log scale (red positive, blue negative).</p>
<main>
${plots.map((p) => `<figure id="${p.id}"></figure>`).join("\n")}
</main>
${embedScript(plots)}
</body>
</html>
`
}
