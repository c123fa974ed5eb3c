/**
 * report.md of `bun run repro`: the verdict table, then per claim its statement, verdict, every check
 * (measured vs threshold, with the threshold's source), the informational values, the paper's place and
 * numbers, the runs, and its figures: static SVGs in figures/ next to report.md (the same figures as
 * index.html's, without the interaction). A contents list links every claim's section (anchor: its id in
 * lower case, "#c13").
 */
import { formatNumber, verdictText } from "../harness/formatVerdict.ts"
import type { Verdict } from "../harness/Verdict.ts"
import { figurePath, reportFigures } from "./figures/figures.ts"
import type { Figure } from "./figures/vegaLite.ts"
import { checkOutcome, formatInfo, formatReported, keyNumbers, num } from "./formatReport.ts"
import { type ReproClaim, type ReproResults, verdictCounts } from "./ReproResults.ts"
import { reportTablesMarkdown } from "./resultTables.ts"

/** A Markdown table cell: no pipes, no line breaks. */
export const cell = (s: string): string => s.replace(/\|/g, "\\|").replace(/\r?\n/g, " ").trim()

const row = (cells: ReadonlyArray<string>): string => `| ${cells.map(cell).join(" | ")} |`

const icons: Record<string, string> = { pass: "✅", fail: "❌", inconclusive: "❔", "not judged": "➖", "not run": "⏸" }

/** "✅ pass", "✅ pass (accuracy not judged)", "➖ not judged"... */
export const verdictLabel = (v: string, notJudged: ReadonlyArray<string> = []): string => `${icons[v] ?? "?"} ${verdictText(v as Verdict, notJudged)}`

/** The verdict table (one row per claim). */
export const markdownVerdictTable = (claims: ReadonlyArray<ReproClaim>): string =>
  [
    row(["id", "claim", "verdict", "measured (threshold)", "paper"]),
    row(["---", "---", "---", "---", "---"]),
    ...claims.map((c) => row([c.id, c.title, verdictLabel(c.verdict, c.notJudged ?? []), keyNumbers(c) || "—", formatReported(c.paper.reported)])),
  ].join("\n")

/**
 * Side by side: every check that states the paper's (or the reproduction's) value of the quantity it measures,
 * with ours at this tier (estimate, interval, seeds), whether ours contains it, and the power.
 */
export const sideBySideTable = (claims: ReadonlyArray<ReproClaim>): string => {
  const rows = claims.flatMap((c) => c.checks.filter((k) => k.paper !== undefined && k.interval !== undefined).map((k) => row([
    c.id, k.name, `${num(k.paper!.value)} (${k.paper!.where})`,
    `${num(k.measured)} [${num(k.interval!.lower)}, ${num(k.interval!.upper)}], ${k.interval!.n} seeds`,
    k.paper!.inInterval ? "yes" : "no", k.outcome,
    k.power === undefined ? "—" : `${num(k.power.mde)}; ${k.power.seedsNeeded ?? "none"}`,
  ])))
  if (rows.length === 0) return ""
  return [
    "## The paper's effects beside ours",
    "",
    "Each check whose quantity the paper or the reproduction reports: their value, ours at this tier, whether our interval contains theirs, our outcome, and the power (minimum detectable effect at our seeds; seeds per arm that would resolve their effect).",
    "",
    row(["claim", "check", "paper / reproduction", "ours (95% interval)", "inside?", "outcome", "mde; seeds needed"]),
    row(["---", "---", "---", "---", "---", "---", "---"]),
    ...rows,
    "",
  ].join("\n")
}

/** A claim's anchor in report.md: "c13". */
export const claimAnchor = (id: string): string => id.toLowerCase()

const contents = (claims: ReadonlyArray<ReproClaim>): string =>
  ["**Contents.**", claims.map((c) => `[${c.id}](#${claimAnchor(c.id)})`).join(" · ")].join(" ")

/** A figure as a Markdown image (alt text: its title) with its caption under it. */
const figureMarkdown = (f: Figure): string => `![${f.title.replace(/[[\]]/g, "")}](${figurePath(f.id)})${f.caption === undefined ? "" : `\n*${f.caption}*`}`

const claimSection = (c: ReproClaim, figures: ReadonlyArray<Figure>): string => {
  const lines: Array<string> = [`<a id="${claimAnchor(c.id)}"></a>`, "", `## ${c.id} — ${c.title}`, ""]
  lines.push(`**Verdict: ${verdictText(c.verdict, c.notJudged ?? []).toUpperCase()}** at the \`${c.tier}\` tier (${c.seconds.toFixed(2)} s${c.seeds.length > 0 ? `, seeds ${c.seeds.join(", ")}` : ""}).`)
  if (c.reason !== undefined) lines.push("", `Reason: ${c.reason}`)
  if (c.finding !== undefined) lines.push("", `**Recorded finding** (this verdict was examined; it is a result, not a bug): ${c.finding}`)
  if (c.statement !== "") lines.push("", `**Statement.** ${c.statement}`)
  if (c.quantity !== "") lines.push("", `**Measured quantity.** ${c.quantity}`)
  if (c.timeCompression !== undefined) lines.push("", `**Time compression.** ${c.timeCompression.statement}`)
  if (c.checks.length > 0) {
    lines.push("", row(["check", "measured", "threshold", "outcome", "what, and where the threshold comes from"]), row(["---", "---", "---", "---", "---"]))
    for (const k of c.checks) {
      const measured = k.interval === undefined ? num(k.measured)
        : `${num(k.measured)} [${num(k.interval.lower)}, ${num(k.interval.upper)}] (${Math.round(k.interval.level * 100)}%)`
      const threshold = `${k.threshold}${k.role === "criterion" ? "" : ` (${k.role})`}`
      lines.push(row([k.name, measured, threshold, checkOutcome(k), `${k.description} — ${k.source}`]))
    }
  }
  const checked = new Set(c.checks.map((k) => k.name))
  const info = Object.entries(c.measured).filter(([k]) => !checked.has(k))
  if (info.length > 0) {
    lines.push("", "Also reported (not part of the verdict):", "")
    for (const [k, v] of info) lines.push(`- ${k}: ${formatInfo(v)}`)
  }
  lines.push("", `**Paper.** ${c.paper.where || "—"}. Reported: ${formatReported(c.paper.reported)}`)
  lines.push("", "<details><summary>Source</summary>", "", c.source, "", "</details>")
  if (c.runIds.length > 0) lines.push("", `<details><summary>Runs (${c.runIds.length})</summary>`, "", c.runIds.map((r) => `\`${r}\``).join(", "), "", "</details>")
  if (figures.length > 0) lines.push("", "**Figures** (interactive in index.html):", "", figures.map(figureMarkdown).join("\n\n"))
  return lines.join("\n")
}

export const renderMarkdown = (r: ReproResults): string => {
  const figures = reportFigures(r.claims)
  return [
    `# Claims report — tier \`${r.tier}\``,
    "",
    `Started ${r.startedAt}, ${r.seconds.toFixed(1)} s; code version \`${r.codeVersion}\`; backend: ${r.backend}.`,
    ...(r.training === undefined ? [] : ["", `Training behind it (from the runs' own provenance): ${r.training.runs} runs (${r.training.read} read back), ${r.training.trainingSeconds.toFixed(0)} s of training, ${r.training.runSeconds.toFixed(0)} s with evaluation; trained at code ${Object.entries(r.training.codeVersions).map(([v, n]) => `\`${v}\` (${n})`).join(", ")}.`]),
    "",
    `**${verdictCounts(r.claims) || "no claims"}.** Generated by \`bun run repro\` at the \`${r.tier}\` tier; the figures are in figures/ (interactive in index.html), the data in results.json.`,
    "",
    contents(r.claims),
    "",
    markdownVerdictTable(r.claims),
    "",
    reportTablesMarkdown(r),
    sideBySideTable(r.claims),
    ...r.claims.map((c) => `${claimSection(c, figures.get(c.id) ?? [])}\n`),
  ].join("\n")
}
