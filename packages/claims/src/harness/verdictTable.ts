/**
 * Plain-text rendering of claim results: a one-line-per-claim verdict table, and a detailed block per claim
 * with every checked number, its threshold and the threshold's source, then the informational values.
 */
import type { ClaimResult, Info } from "./Claim.ts"
import type { ClaimsReport } from "./runClaims.ts"
import { formatNumber, verdictText } from "./formatVerdict.ts"

const formatInfo = (v: Info): string => {
  if (typeof v === "number") return formatNumber(v)
  if (typeof v === "string") return v
  if (typeof v === "boolean") return String(v)
  return `[${v.map(formatNumber).join(", ")}]`
}

/** The detailed block of one claim. */
export const formatResult = (r: ClaimResult): string => {
  const head = `${r.id} ${r.title} [${r.tier}]: ${verdictText(r.verdict, r.notJudged).toUpperCase()} (${r.seconds.toFixed(2)} s)`
  const lines = [head]
  if (r.reason !== undefined) lines.push(`  reason: ${r.reason}`)
  for (const c of r.checks) {
    const mark = c.outcome === "pass" ? "ok  " : c.role === "precondition" || c.outcome === "not judged" ? "n/a " : c.outcome === "inconclusive" ? "??  " : "FAIL"
    const value = c.interval === undefined ? formatNumber(c.measured)
      : `${formatNumber(c.measured)} [${formatNumber(c.interval.lower)}, ${formatNumber(c.interval.upper)}]`
    lines.push(`  ${mark} ${c.name} = ${value}  (${c.threshold}${c.role === "criterion" ? "" : `, ${c.role}`}${c.outcome === "not judged" ? `, not judged: ${c.missReason ?? c.gatedBy}` : ""})`)
    if (c.power !== undefined) {
      lines.push(`       power: mde ${formatNumber(c.power.mde)} at ${c.interval?.n ?? "?"} seeds; seeds needed for ${c.power.targetFrom === "paper" ? "the paper's effect" : "our estimate"}: ${c.power.seedsNeeded ?? "none suffice"}${c.paper === undefined ? "" : `; paper ${formatNumber(c.paper.value)} ${c.paper.inInterval ? "inside" : "outside"} our interval`}`)
    }
    lines.push(`       ${c.description} — threshold: ${c.source}`)
  }
  const checked = new Set(r.checks.map((c) => c.name))
  const info = Object.entries(r.measured).filter(([k]) => !checked.has(k))
  if (info.length > 0) {
    lines.push("  reported:")
    for (const [k, v] of info) lines.push(`    ${k} = ${formatInfo(v)}`)
  }
  lines.push(`  source: ${r.source}`)
  return lines.join("\n")
}

const pad = (s: string, n: number): string => (s.length >= n ? s : s + " ".repeat(n - s.length))

/** The summary table: id, verdict, seconds, title, and the checks as "name=value(op thr)". */
export const formatVerdictTable = (report: ClaimsReport): string => {
  const rows = report.results.map((r) => [
    r.id,
    verdictText(r.verdict, r.notJudged),
    r.seconds.toFixed(2),
    r.title,
    r.checks.map((c) => `${c.outcome === "pass" ? "" : c.outcome === "not judged" ? "–" : c.outcome === "inconclusive" ? "?" : "✗"}${c.name}=${formatNumber(c.measured)}${
      c.interval === undefined ? ` (${c.threshold})` : ` [${formatNumber(c.interval.lower)}, ${formatNumber(c.interval.upper)}]`}`).join("; ")
      || (r.reason ?? formatInfo(r.measured["error"] ?? "")),
  ])
  const header = ["id", "verdict", "s", "title", "measured (threshold)"]
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (i === 4 ? 0 : row[i]!.length))))
  const line = (cells: ReadonlyArray<string>) => cells.map((c, i) => (i === 4 ? c : pad(c, widths[i]!))).join("  ")
  const counts = (["pass", "fail", "inconclusive", "not judged", "not run"] as const)
    .map((v) => [v, report.results.filter((r) => r.verdict === v).length] as const)
    .filter(([, n]) => n > 0)
    .map(([v, n]) => `${n} ${v}`)
    .join(", ")
  return [line(header), ...rows.map(line), "", `tier ${report.tier}: ${counts} in ${report.seconds.toFixed(1)} s`].join("\n")
}
