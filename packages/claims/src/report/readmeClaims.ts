/**
 * The README's claims table, generated from results.json files of `bun run repro` (never typed by hand), short
 * enough to read on one screen: id, the claim's title, per tier the verdict (a link to the claim in that tier's
 * report, where the details are) with ONE key number (its interval and power) and how much was judged, the time
 * compression where the claim relies on it, and the paper's value of that number. Long reasons (why a claim
 * was not run) are numbered notes under the table, each written once.
 * It lives between the markers `<!-- claims:begin -->` and `<!-- claims:end -->`; nothing else of the README
 * is touched (a README without the markers gets a "## Claims" section appended).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs"
import { dirname, join } from "node:path"
import { formatReported, num } from "./formatReport.ts"
import type { TimeCompression } from "../harness/TimeCompression.ts"
import type { CheckResult } from "../harness/Verdict.ts"
import { missedClaimPreconditions } from "../harness/Decision.ts"
import { cell, verdictLabel } from "./renderMarkdown.ts"
import { parseReproResults, type ReproClaim, type ReproResults, ResultsFileInvalid } from "./ReproResults.ts"

export const CLAIMS_BEGIN = "<!-- claims:begin -->"
export const CLAIMS_END = "<!-- claims:end -->"

export class ReadmeMarkersInvalid extends Error {
  readonly _tag = "ReadmeMarkersInvalid"
  constructor(readonly problem: string) {
    super(`README claims markers: ${problem}. The table goes between one "${CLAIMS_BEGIN}" line and one "${CLAIMS_END}" line after it; fix the README by hand (or delete both markers to append a new "## Claims" section).`)
  }
}

export class NoResultsFound extends Error {
  readonly _tag = "NoResultsFound"
  constructor(readonly root: string, readonly tier: string) {
    super(`no ${root}/${tier}-*/results.json found: run \`bun run repro --tier ${tier}\` first, or pass the path of a results.json.`)
  }
}

export interface TableSource {
  readonly results: ReproResults
  /** How the source is named under the table (e.g. its path relative to the repository). */
  readonly path: string
}

/**
 * The check a reader needs first: a broken engine; the claim-wide precondition that made it inconclusive; what
 * failed; what did not decide; else the first passing criterion (an interval one if any); for a claim judged on
 * nothing, the gate that closed.
 */
const keyCheck = (c: ReproClaim): CheckResult | undefined => {
  const wide = missedClaimPreconditions(c.checks)
  const ranked = [
    ...c.checks.filter((k) => k.role === "engine" && k.outcome !== "pass"),
    ...wide,
    ...c.checks.filter((k) => k.role === "criterion" && k.outcome === "fail"),
    ...c.checks.filter((k) => k.role === "criterion" && k.outcome === "inconclusive"),
    ...c.checks.filter((k) => k.role === "criterion" && k.outcome === "pass" && k.interval !== undefined),
    ...c.checks.filter((k) => k.role === "criterion" && k.outcome === "pass"),
    ...c.checks.filter((k) => k.role === "precondition" && k.outcome !== "pass"),
  ]
  return ranked[0]
}

/** "gain 1.2 [0.3, 2.1], mde 2.4 (~14 seeds for the paper's)" or "ratio 3.00e-8 (< 1.00e-4)": one check in a few words. */
export const keyNumber = (k: CheckResult): string => {
  if (k.interval === undefined) return `${k.name} ${num(k.measured)}${typeof k.threshold === "string" ? ` (${k.threshold})` : ""}`
  const power = k.power === undefined ? ""
    : `, mde ${num(k.power.mde)}${k.power.targetFrom === "paper" && k.power.seedsNeeded !== null ? ` (~${k.power.seedsNeeded} seeds for the paper's)` : ""}`
  return `${k.name} ${num(k.measured)} [${num(k.interval.lower)}, ${num(k.interval.upper)}]${power}`
}

/** "2/3 judged": the criteria judged at this tier out of all. */
const judgedLine = (c: ReproClaim): string => {
  const criteria = c.checks.filter((k) => k.role === "criterion")
  return criteria.length === 0 ? "" : `${criteria.filter((k) => k.outcome !== "not judged").length}/${criteria.length} judged`
}

/** "⏱ η̄_p 0.04 for the paper's 4e-4, ∫ 4.8 ≥ ln 2": what the row's clock was (docs/paper/scale.md#time-compression). */
export const timeCompressionTag = (t: TimeCompression): string => {
  const reached = `∫ ${num(Number(t.integratedDecay.toPrecision(2)))} ${t.integratedDecay >= t.needed ? "≥" : "<"} ln 2`
  return t.compressed ? `⏱ η̄_p ${num(t.predictorWeightDecay)} for the paper's ${num(t.paperWeightDecay)}, ${reached}` : `η̄_p as the paper's, ${reached}`
}

/** Footnotes under the table: each distinct long text once, numbered in order of first use. */
class Notes {
  private readonly texts: Array<string> = []
  /** "¹" for the text (the same text gets the same mark). */
  mark(text: string): string {
    let i = this.texts.indexOf(text)
    if (i < 0) i = this.texts.push(text) - 1
    return superscript(i + 1)
  }
  lines(): ReadonlyArray<string> {
    return this.texts.map((t, i) => `${superscript(i + 1)} ${t}`)
  }
}

const superscript = (n: number): string => [...String(n)].map((d) => "⁰¹²³⁴⁵⁶⁷⁸⁹"[Number(d)]).join("")

/** The report.md beside a results.json, at the claim's anchor: "docs/report-ci/report.md#c18". */
const reportLink = (resultsPath: string, id: string): string => `${join(dirname(resultsPath), "report.md").replace(/\\/g, "/")}#${id.toLowerCase()}`

/**
 * One tier's cell: the verdict (linked to the claim in that tier's report), the key number with its interval and
 * power, how many criteria were judged, the time compression; a claim judged on nothing gets its reason as a
 * footnote.
 */
export const readmeCell = (c: ReproClaim, resultsPath: string, notes: Notes = new Notes()): string => {
  const label = `[${verdictLabel(c.verdict, c.notJudged ?? [])}](${reportLink(resultsPath, c.id)})`
  const k = keyCheck(c)
  const parts = k === undefined
    ? [c.reason === undefined ? label : `${label}${notes.mark(c.reason)}`]
    : [label, keyNumber(k), judgedLine(c)]
  if (c.timeCompression !== undefined) parts.push(timeCompressionTag(c.timeCompression))
  return parts.filter((p) => p !== "").join(" · ")
}

const byId = (a: string, b: string): number => Number(a.replace(/\D/g, "")) - Number(b.replace(/\D/g, "")) || a.localeCompare(b)

/**
 * The paper's number in a few words: the paper's value of the key check (of the first tier that has one), else
 * of any criterion that states one, else the first clause of what the paper reports.
 */
const paperCell = (claims: ReadonlyArray<ReproClaim>): string => {
  const keyed = claims.map(keyCheck).find((k) => k?.paper !== undefined)
  const any = keyed ?? claims.flatMap((c) => c.checks).find((k) => k.role === "criterion" && k.paper !== undefined)
  if (any?.paper !== undefined) return `${any.name} ${num(any.paper.value)}`
  const first = formatReported(claims[0]?.paper.reported ?? null).split("; ")[0]!
  return first.length <= 80 ? first : `${first.slice(0, 79).trimEnd()}…`
}

/**
 * The Markdown table: one row per claim (union over the sources, paper order), one column per source (its
 * tier), the paper's number; the long reasons as numbered notes under it, then where it was generated from.
 */
export const readmeClaimsTable = (sources: ReadonlyArray<TableSource>): string => {
  if (sources.length === 0) throw new RangeError("readmeClaimsTable needs at least one results.json")
  const ids = [...new Set(sources.flatMap((s) => s.results.claims.map((c) => c.id)))].sort(byId)
  const find = (s: TableSource, id: string): ReproClaim | undefined => s.results.claims.find((c) => c.id === id)
  const notes = new Notes()
  const header = ["id", "claim", ...sources.map((s) => `\`${s.results.tier}\``), "paper"]
  const rows = ids.map((id) => {
    const found = sources.map((s) => find(s, id))
    const verdicts = sources.map((s, i) => (found[i] === undefined ? "—" : readmeCell(found[i]!, s.path, notes)))
    const present = found.filter((c) => c !== undefined)
    return [id, present[0]!.title, ...verdicts, paperCell(present)]
  })
  const line = (cells: ReadonlyArray<string>) => `| ${cells.map(cell).join(" | ")} |`
  const provenance = sources.map((s) =>
    `\`${s.path}\` (tier \`${s.results.tier}\`, ${s.results.startedAt}, ${s.results.seconds.toFixed(0)} s, code \`${s.results.codeVersion}\`, backend ${s.results.backend})`)
  const footnotes = notes.lines()
  return [
    line(header),
    line(header.map(() => "---")),
    ...rows.map(line),
    "",
    "Each cell: the verdict (linked to the claim in that tier's report), the key check with its 95% interval and minimum detectable effect (mde), " +
    "how many of the claim's criteria were judged at the tier, and for the weight-decay claims the time compression (⏱: predictor weight decay raised " +
    "so that the run integrates ∫ lr·α_p/(1 − momentum)·η̄_p dt ≥ ln 2, docs/paper/scale.md#time-compression). The paper column: the paper's value of the check it names (else the first thing the paper reports).",
    ...(footnotes.length === 0 ? [] : ["", ...footnotes.map((f) => `${f}  `)]),
    "",
    `Generated by \`bun run readme:claims\` from ${provenance.join(" and ")}; do not edit by hand.`,
  ].join("\n")
}

/** The README with the text between the markers replaced by `table` (markers appended in a "## Claims" section if absent). */
export const replaceClaimsSection = (readme: string, table: string): string => {
  const begins = readme.split(CLAIMS_BEGIN).length - 1
  const ends = readme.split(CLAIMS_END).length - 1
  if (begins === 0 && ends === 0) {
    const sep = readme.endsWith("\n\n") ? "" : readme.endsWith("\n") ? "\n" : "\n\n"
    return `${readme}${sep}## Claims\n\n${CLAIMS_BEGIN}\n${table}\n${CLAIMS_END}\n`
  }
  if (begins !== 1 || ends !== 1) throw new ReadmeMarkersInvalid(`found ${begins} begin and ${ends} end markers`)
  const b = readme.indexOf(CLAIMS_BEGIN), e = readme.indexOf(CLAIMS_END)
  if (e < b) throw new ReadmeMarkersInvalid("the end marker comes before the begin marker")
  return `${readme.slice(0, b + CLAIMS_BEGIN.length)}\n${table}\n${readme.slice(e)}`
}

/** The newest `<root>/<tier>-*\/results.json` (folder names sort by their timestamp), or undefined. */
export const newestResultsFile = (root: string, tier = "ci"): string | undefined => {
  if (!existsSync(root)) return undefined
  const prefix = `${tier}-`
  return readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory() && d.name.startsWith(prefix) && /^\d{4}-/.test(d.name.slice(prefix.length)))
    .map((d) => d.name)
    .sort()
    .reverse()
    .map((name) => join(root, name, "results.json"))
    .find((f) => existsSync(f))
}

/** Reads and checks a results.json. */
export const readResultsFile = (path: string): ReproResults => {
  let parsed: unknown
  try {
    parsed = JSON.parse(readFileSync(path, "utf8"))
  } catch (e) {
    throw new ResultsFileInvalid(path, e instanceof Error ? e.message : String(e))
  }
  return parseReproResults(parsed, path)
}
