/**
 * The side-by-side tables: each of the paper's and the reproduction's result tables our claims touch
 * (paperTables.ts), with ours beside them at every tier a results.json covers — per arm the mean probe
 * accuracy, its 95% t interval and the number of seeds, both after the last probe epoch (what our verdicts use)
 * and at the best probe epoch (what the original code reports: docs/paper/evaluation.md#original-protocol).
 *
 * Our per-arm accuracies come from the claims' `arms` summaries in results.json; a results.json made before
 * those existed still gives the final-epoch accuracies (from each claim's per-seed "<arm>: probe (points, final
 * epoch) per seed" values); its tier then gets no best-epoch column, and a note under the legend says why.
 *
 * One model (`sideBySide`), two serialisations: Markdown (report.md, docs/tables.md) and HTML (index.html).
 */
import { posix } from "node:path"
import { ACCURACY } from "../empirical/accuracyGate.ts"
import { meanMeasure } from "../empirical/intervals.ts"
import { num } from "./formatReport.ts"
import { paperTables, type Published, type ResultTable } from "./paperTables.ts"
import type { ReproClaim, ReproResults } from "./ReproResults.ts"

/** One arm's probe accuracies at one tier (points, one per seed); `best` undefined when the results.json did not record it. */
export interface ArmAccuracy {
  readonly arm: string
  /** The claim whose evidence they come from (the first one that ran the arm). */
  readonly claim: string
  readonly final: ReadonlyArray<number | null>
  readonly best?: ReadonlyArray<number | null>
}

const FINAL_KEY = /^(.+): probe \(points, final epoch\) per seed$/

/** The arms of one claim: its `arms` summaries, else its per-seed final-epoch values (older results.json). */
const claimArms = (c: ReproClaim): ReadonlyArray<ArmAccuracy> => {
  if (c.arms !== undefined) return c.arms.map((a) => ({ arm: a.arm, claim: c.id, final: a.probeFinal, best: a.probeBest }))
  return Object.entries(c.measured).flatMap(([key, value]) => {
    const m = FINAL_KEY.exec(key)
    return m === null || !Array.isArray(value) ? [] : [{ arm: m[1]!, claim: c.id, final: value as ReadonlyArray<number | null> }]
  })
}

/**
 * Every arm of a results.json with its accuracies. An arm several claims ran (the SGD baseline) is the same
 * runs in each (runs are keyed by config and seed); the first claim in paper order that recorded the best epoch
 * is taken, else the first one.
 */
export const armAccuracies = (results: Pick<ReproResults, "claims">): ReadonlyMap<string, ArmAccuracy> => {
  const out = new Map<string, ArmAccuracy>()
  for (const a of results.claims.flatMap(claimArms)) {
    const had = out.get(a.arm)
    if (had === undefined || (had.best === undefined && a.best !== undefined)) out.set(a.arm, a)
  }
  return out
}

/** "70.84 [67.21, 74.46] (3)": mean, 95% t interval clipped to [0, 100], seeds; one seed has no interval. */
export const accuracyCell = (values: ReadonlyArray<number | null> | undefined): string => {
  if (values === undefined || values.length === 0) return "—"
  if (values.some((v) => typeof v !== "number" || !Number.isFinite(v))) return `NaN (${values.length})`
  const xs = values as ReadonlyArray<number>
  if (xs.length === 1) return `${xs[0]!.toFixed(2)} (1)`
  const m = meanMeasure("arm", xs, { range: ACCURACY })
  return `${m.estimate.toFixed(2)} [${m.lower.toFixed(2)}, ${m.upper.toFixed(2)}] (${xs.length})`
}

/** "Table 3", "[Re] Table 2" for a docs/paper citation. */
const sourceLabel = (where: string): string => {
  const t = /tables\.md#table-(\d+)$/.exec(where)
  if (t !== null) return `Table ${t[1]}`
  const r = /reproduction\.md#re-table-(\d+)$/.exec(where)
  return r === null ? where : `[Re] Table ${r[1]}`
}

/** "77.86 ± 0.16", "≈ 84.6", with the source when it is not the table's own. */
const publishedCell = (p: Published | undefined, own: ReadonlyArray<string>): string => {
  if (p === undefined) return "—"
  const value = `${p.approximate === true ? "≈ " : ""}${p.std === undefined ? num(p.mean) : `${p.mean.toFixed(2)} ± ${p.std.toFixed(2)}`}`
  return own.includes(p.where) ? value : `${value} (${sourceLabel(p.where)})`
}

/** A results.json as a column group: its tier and what it is called under the tables. */
export interface TierSource {
  readonly results: ReproResults
  /** e.g. "docs/report-ci/results.json". */
  readonly path: string
}

/** One table, ready to print: heading, setting, header and rows of plain-text cells. */
export interface SideBySideTable {
  readonly id: string
  readonly title: string
  readonly sources: ReadonlyArray<string>
  readonly claims: ReadonlyArray<string>
  readonly setting: string
  readonly header: ReadonlyArray<string>
  readonly rows: ReadonlyArray<ReadonlyArray<string>>
  /** Whether some source ran at least two of the rows' arms (a single row of ours compares with nothing). */
  readonly measured: boolean
}

export interface SideBySide {
  readonly tables: ReadonlyArray<SideBySideTable>
  /** What the columns lack, once for all tables (a results.json without best-epoch accuracies). */
  readonly notes: ReadonlyArray<string>
}

/**
 * The tables of `tables` with ours from each source: a final-epoch column per source, and a best-epoch column
 * per source that recorded it (older results.json did not: a note says so instead of a column of blanks).
 */
export const sideBySide = (sources: ReadonlyArray<TierSource>, tables: ReadonlyArray<ResultTable> = paperTables): SideBySide => {
  const perSource = sources.map((s) => {
    const arms = armAccuracies(s.results)
    return { source: s, arms, best: [...arms.values()].some((a) => a.best !== undefined) }
  })
  const notes = perSource.filter((p) => !p.best && p.arms.size > 0).map(({ source }) =>
    `\`${source.results.tier}\` (${source.path}): the best-epoch probe is not recorded there (made before results.json carried per-arm summaries); only the final epoch is shown.`)
  const built = tables.map((t): SideBySideTable => {
    const runs = perSource.map(({ arms }) => t.rows.map((r) => r.arms.map((a) => arms.get(a)).find((a) => a !== undefined)))
    const hasPaper = t.rows.some((r) => r.paper !== undefined)
    const hasRe = t.rows.some((r) => r.reproduction !== undefined)
    const hasNote = t.rows.some((r) => r.note !== undefined)
    const ours = perSource.flatMap(({ source, best }, k) => {
      const tier = source.results.tier
      const found = runs[k]!
      const final = { head: `ours \`${tier}\` final`, cells: found.map((a) => accuracyCell(a?.final)) }
      const bestColumn = { head: `ours \`${tier}\` best`, cells: found.map((a) => (a === undefined ? "—" : a.best === undefined ? "not recorded" : accuracyCell(a.best))) }
      return best ? [final, bestColumn] : [final]
    })
    const header = ["setting", ...(hasPaper ? ["paper"] : []), ...(hasRe ? ["reproduction"] : []), ...ours.map((o) => o.head), ...(hasNote ? ["note"] : [])]
    const rows = t.rows.map((r, i) => [
      r.setting,
      ...(hasPaper ? [publishedCell(r.paper, t.sources)] : []),
      ...(hasRe ? [publishedCell(r.reproduction, t.sources)] : []),
      ...ours.map((o) => o.cells[i]!),
      ...(hasNote ? [r.note ?? ""] : []),
    ])
    const measured = runs.some((found) => new Set(found.flatMap((a) => (a === undefined ? [] : [a.arm]))).size >= 2)
    return { id: t.id, title: t.title, sources: t.sources, claims: t.claims, setting: t.setting, header, rows, measured }
  })
  return { tables: built, notes }
}

const LEGEND = "Probe accuracy in points. Paper: mean ± std over 5 seeds; reproduction ([Re]): one run; ours: mean [95% t interval] (seeds) per tier, " +
  "after the last probe epoch (final, what our verdicts use) and at the best probe epoch (best, selected on the test set as the original code reports it: " +
  "docs/paper/evaluation.md#original-protocol). The datasets differ (paper STL-10 or CIFAR-10, [Re] CIFAR-10, ours the tier's: Fashion-MNIST at ci and cpu-long): compare orderings and gaps within a column. " +
  "— : the setting was not run."

const esc = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;")

const mdCell = (s: string): string => s.replace(/\|/g, "\\|").replace(/\r?\n/g, " ").trim()
const mdRow = (cells: ReadonlyArray<string>): string => `| ${cells.map(mdCell).join(" | ")} |`

/**
 * The tables in Markdown, each under an `<a id>` anchor and a heading of `level` (## in docs/tables.md, ### in
 * report.md); `claimLink` gives the link of a claim's details (its section in a report).
 */
export const sideBySideMarkdown = ({ tables, notes }: SideBySide, level = 2, claimLink: (id: string) => string = (id) => `#${id.toLowerCase()}`): string =>
  [
    LEGEND,
    ...notes.map((n) => `\n${n}`),
    "",
    ...tables.flatMap((t) => [
      `<a id="${t.id}"></a>`,
      "",
      `${"#".repeat(level)} ${t.title}`,
      "",
      `${t.setting}. Sources: ${t.sources.map((s) => `\`${s}\``).join(", ")}; our claims: ${t.claims.map((c) => `[${c}](${claimLink(c)})`).join(", ")}.`,
      "",
      mdRow(t.header),
      mdRow(t.header.map(() => "---")),
      ...t.rows.map(mdRow),
      "",
    ]),
  ].join("\n")

/** The tables in HTML (index.html): the legend, the notes, one `<h3>` and `<table>` each; claims link to their sections. */
export const sideBySideHtml = ({ tables, notes }: SideBySide): string =>
  `<p class="small">${esc(LEGEND)}</p>${notes.map((n) => `<p class="small">${esc(n.replace(/`/g, ""))}</p>`).join("")}${
    tables.map((t) =>
      `<h3 id="${esc(t.id)}">${esc(t.title)}</h3><p class="small">${esc(t.setting)}. Sources: ${t.sources.map((s) => `<code>${esc(s)}</code>`).join(", ")}; our claims: ${t.claims.map((c) => `<a href="#${esc(c)}">${esc(c)}</a>`).join(", ")}.</p>` +
      `<table><thead><tr>${t.header.map((h) => `<th>${esc(h.replace(/`/g, ""))}</th>`).join("")}</tr></thead><tbody>${
        t.rows.map((r) => `<tr>${r.map((c, i) => `<td${i === 0 ? "" : ` class="num"`}>${esc(c)}</td>`).join("")}</tr>`).join("")
      }</tbody></table>`
    ).join("")
  }`

/**
 * docs/tables.md: every side-by-side table over the given results.json files, with where they come from; each
 * claim links to its section in the first file's report.md (paths relative to docs/).
 */
export const tablesDocument = (sources: ReadonlyArray<TierSource>): string => {
  if (sources.length === 0) throw new RangeError("tablesDocument needs at least one results.json")
  const provenance = sources.map((s) => `\`${s.path}\` (tier \`${s.results.tier}\`, ${s.results.startedAt}, code \`${s.results.codeVersion}\`)`)
  return [
    "# The paper's and the reproduction's tables beside ours",
    "",
    `Generated by \`bun run readme:claims\` from ${provenance.join(" and ")}; do not edit by hand. ` +
    "The paper's and the reproduction's numbers are those of `docs/paper/tables.md` and `docs/paper/reproduction.md`; each claim's verdict, with its intervals and power, is in the report of its tier.",
    "",
    sideBySideMarkdown(sideBySide(sources), 2, (id) => `${posix.relative("docs", posix.join(posix.dirname(sources[0]!.path), "report.md"))}#${id.toLowerCase()}`),
  ].join("\n")
}

/** This tier's tables where it ran at least two of the rows (a report shows only the comparisons its tier made). */
const forReport = (r: ReproResults): SideBySide => {
  const s = sideBySide([{ results: r, path: "results.json" }])
  return { ...s, tables: s.tables.filter((t) => t.measured) }
}

/** report.md's section: this tier's side-by-side tables (empty when the tier trained none of their arms). */
export const reportTablesMarkdown = (r: ReproResults): string => {
  const s = forReport(r)
  return s.tables.length === 0 ? "" : `## The paper's tables beside ours\n\n${sideBySideMarkdown(s, 3)}`
}

/** The report's section of the side-by-side tables: its anchor, its title and its HTML body, or undefined when the tier trained none of their arms. */
export const reportTablesSection = (r: ReproResults): { readonly id: string; readonly title: string; readonly html: string } | undefined => {
  const s = forReport(r)
  return s.tables.length === 0 ? undefined : { id: "paper-tables", title: "The paper's tables beside ours", html: sideBySideHtml(s) }
}

/** index.html's section of the side-by-side tables, as a `<section>` with its heading (empty when there is none). */
export const reportTablesHtml = (r: ReproResults): string => {
  const section = reportTablesSection(r)
  return section === undefined ? "" : `<section id="${section.id}"><h2>${esc(section.title)}</h2>${section.html}</section>`
}
