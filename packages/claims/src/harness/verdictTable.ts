/**
 * Plain-text rendering of claim results: a one-line-per-claim verdict table, and a detailed block per claim
 * with every checked number, its threshold and the threshold's source, then the informational values.
 */
import type { ClaimResult, Info } from "./Claim.ts"
import type { ClaimsReport } from "./runClaims.ts"
import { formatNumber } from "./Verdict.ts"

const formatInfo = (v: Info): string => {
  if (typeof v === "number") return formatNumber(v)
  if (typeof v === "string") return v
  if (typeof v === "boolean") return String(v)
  return `[${v.map(formatNumber).join(", ")}]`
}

/** The detailed block of one claim. */
export const formatResult = (r: ClaimResult): string => {
  const head = `${r.id} ${r.title} [${r.tier}]: ${r.verdict.toUpperCase()} (${r.seconds.toFixed(2)} s)`
  const lines = [head]
  if (r.reason !== undefined) lines.push(`  reason: ${r.reason}`)
  for (const c of r.checks) {
    const mark = c.passed ? "ok  " : c.role === "precondition" || c.outcome === "not judged" ? "n/a " : c.outcome === "inconclusive" ? "??  " : "FAIL"
    const value = c.interval === undefined ? formatNumber(c.measured)
      : `${formatNumber(c.measured)} [${formatNumber(c.interval.lower)}, ${formatNumber(c.interval.upper)}]`
    const rule = c.threshold ?? `needs ${c.op} ${formatNumber(c.value)}`
    lines.push(`  ${mark} ${c.name} = ${value}  (${rule}${c.role === "precondition" ? ", precondition" : ""}${c.outcome === "not judged" ? `, not judged: ${c.missReason ?? c.gatedBy}` : ""})`)
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
    r.verdict,
    r.seconds.toFixed(2),
    r.title,
    r.checks.map((c) => `${c.passed ? "" : c.outcome === "not judged" ? "–" : c.outcome === "inconclusive" ? "?" : "✗"}${c.name}=${formatNumber(c.measured)}${
      c.interval === undefined ? ` (${c.op} ${formatNumber(c.value)})` : ` [${formatNumber(c.interval.lower)}, ${formatNumber(c.interval.upper)}]`}`).join("; ")
      || (r.reason ?? formatInfo(r.measured["error"] ?? "")),
  ])
  const header = ["id", "verdict", "s", "title", "measured (threshold)"]
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (i === 4 ? 0 : row[i]!.length))))
  const line = (cells: ReadonlyArray<string>) => cells.map((c, i) => (i === 4 ? c : pad(c, widths[i]!))).join("  ")
  const counts = (["pass", "fail", "inconclusive", "not run"] as const)
    .map((v) => [v, report.results.filter((r) => r.verdict === v).length] as const)
    .filter(([, n]) => n > 0)
    .map(([v, n]) => `${n} ${v}`)
    .join(", ")
  return [line(header), ...rows.map(line), "", `tier ${report.tier}: ${counts} in ${report.seconds.toFixed(1)} s`].join("\n")
}
