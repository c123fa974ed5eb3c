/**
 * The README's claims table, generated from results.json files of `bun run repro` (never typed by hand):
 * id, the claim's short title, per tier the verdict with ONE key number (its interval, the paper's value beside
 * it, the power: minimum detectable effect and the seeds that would resolve the paper's effect) and what was
 * judged, and the paper's number.
 * It lives between the markers `<!-- claims:begin -->` and `<!-- claims:end -->`; nothing else of the README
 * is touched (a README without the markers gets a "## Claims" section appended).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { formatReported, num } from "./formatReport.ts"
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

/** "gain = 1.2 [0.3, 2.1] (paper 3.35, outside; mde 2.4, ~14 seeds for the paper's)" or "ratio = 3e-8 (< 1e-4)". */
export const keyNumber = (k: CheckResult): string => {
  if (k.interval === undefined) return `${k.name} = ${num(k.measured)} (${k.threshold})`
  const notes = [
    ...(k.paper === undefined ? [] : [`paper ${num(k.paper.value)}, ${k.paper.inInterval ? "inside" : "outside"}`]),
    ...(k.power === undefined ? [] : [`mde ${num(k.power.mde)}${k.power.targetFrom === "paper" ? `, ${k.power.seedsNeeded === null ? "no seed count" : `~${k.power.seedsNeeded} seeds`} for the paper's` : ""}`]),
  ]
  return `${k.name} = ${num(k.measured)} [${num(k.interval.lower)}, ${num(k.interval.upper)}]${notes.length === 0 ? "" : ` (${notes.join("; ")})`}`
}

/** "judged 2 of 3 (accuracy not judged)". */
const judgedLine = (c: ReproClaim): string => {
  const criteria = c.checks.filter((k) => k.role === "criterion")
  const judged = criteria.filter((k) => k.outcome !== "not judged")
  return criteria.length === 0 ? "" : `judged ${judged.length} of ${criteria.length}`
}

/** One tier's cell: the verdict, the key number, what was judged; the reason when nothing was. */
export const readmeCell = (c: ReproClaim): string => {
  const label = verdictLabel(c.verdict, c.notJudged ?? [])
  const k = keyCheck(c)
  if (k === undefined) return c.reason === undefined ? label : `${label}: ${c.reason}`
  const judged = judgedLine(c)
  return `${label}: ${keyNumber(k)}${judged === "" ? "" : `; ${judged}`}`
}

const byId = (a: string, b: string): number => Number(a.replace(/\D/g, "")) - Number(b.replace(/\D/g, "")) || a.localeCompare(b)

/** The Markdown table: one row per claim (union over the sources, paper order), one verdict column per source. */
export const readmeClaimsTable = (sources: ReadonlyArray<TableSource>): string => {
  if (sources.length === 0) throw new RangeError("readmeClaimsTable needs at least one results.json")
  const ids = [...new Set(sources.flatMap((s) => s.results.claims.map((c) => c.id)))].sort(byId)
  const find = (s: TableSource, id: string): ReproClaim | undefined => s.results.claims.find((c) => c.id === id)
  const first = (id: string): ReproClaim => sources.map((s) => find(s, id)).find((c) => c !== undefined)!
  const header = ["id", "claim", ...sources.map((s) => `\`${s.results.tier}\`: verdict, key number [95% interval] (paper, power), judged`), "paper"]
  const rows = ids.map((id) => {
    const c = first(id)
    const verdicts = sources.map((s) => {
      const r = find(s, id)
      return r === undefined ? "—" : readmeCell(r)
    })
    return [id, c.title, ...verdicts, formatReported(c.paper.reported)]
  })
  const line = (cells: ReadonlyArray<string>) => `| ${cells.map(cell).join(" | ")} |`
  const provenance = sources.map((s) =>
    `\`${s.path}\` (tier \`${s.results.tier}\`, ${s.results.startedAt}, ${s.results.seconds.toFixed(0)} s, code \`${s.results.codeVersion}\`, backend ${s.results.backend})`)
  return [
    line(header),
    line(header.map(() => "---")),
    ...rows.map(line),
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
