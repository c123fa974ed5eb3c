/**
 * Text pieces shared by report.md, index.html and the README's claims table: numbers (null after JSON = not a
 * number), informational values, the paper's reported numbers, and a claim's key numbers in one line.
 */
import type { Info } from "../harness/Claim.ts"
import { formatNumber } from "../harness/formatVerdict.ts"
import type { CheckResult } from "../harness/Verdict.ts"
import type { PaperReported, ReproClaim } from "./ReproResults.ts"

/** A number as the harness prints it; null (a NaN or ±Infinity that went through JSON) as "NaN". */
export const num = (x: number | null | undefined): string => (typeof x === "number" ? formatNumber(x) : "NaN")

export const formatInfo = (v: Info | null): string => {
  if (v === null) return "NaN"
  if (typeof v === "number") return num(v)
  if (typeof v === "string") return v
  if (typeof v === "boolean") return String(v)
  return `[${v.map((x) => num(x as number | null)).join(", ")}]`
}

export const formatReported = (r: PaperReported | null): string => {
  if (r === null) return "—"
  if (typeof r === "string") return r
  return Object.entries(r).map(([k, v]) => `${k}: ${formatInfo(v)}`).join("; ")
}

/** "pass" | "fail" | "inconclusive" | "not judged" of a check; a precondition that did not pass reads "missed". */
export const checkOutcome = (c: CheckResult): string => (c.role === "precondition" && c.outcome !== "pass" ? "missed" : c.outcome)

/** "name = 0.0123 (< 0.02)" or, for interval rules, "name = 1.2 [0.8, 1.6]". */
export const checkValue = (c: CheckResult): string => {
  const value = c.interval === undefined ? num(c.measured) : `${num(c.measured)} [${num(c.interval.lower)}, ${num(c.interval.upper)}]`
  return c.interval === undefined ? `${c.name} = ${value} (${c.threshold})` : `${c.name} = ${value}`
}

/**
 * The numbers a reader needs first, in one line: the criteria's measured values against their thresholds (at
 * most `max`, the missed ones first), or the reason when nothing was judged.
 */
export const keyNumbers = (c: Pick<ReproClaim, "checks" | "reason" | "measured">, max = 3): string => {
  const criteria = c.checks.filter((k) => k.role === "criterion")
  const missedGates = c.checks.filter((k) => k.role !== "criterion" && k.outcome !== "pass")
  const ranked = [...missedGates, ...criteria.filter((k) => checkOutcome(k) !== "pass"), ...criteria.filter((k) => checkOutcome(k) === "pass")]
  if (ranked.length === 0) {
    const error = c.measured["error"]
    return c.reason ?? (error === undefined ? "" : `error: ${formatInfo(error)}`)
  }
  const shown = ranked.slice(0, max).map((k) => {
    const mark = k.role === "engine" ? "engine failed: " : k.role === "precondition" ? "gate missed: " : checkOutcome(k) === "fail" ? "✗ " : checkOutcome(k) === "inconclusive" ? "? " : checkOutcome(k) === "not judged" ? "– " : ""
    return `${mark}${checkValue(k)}`
  })
  return ranked.length > max ? `${shown.join("; ")}; … (+${ranked.length - max})` : shown.join("; ")
}
