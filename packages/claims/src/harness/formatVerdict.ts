/** Verdicts, thresholds and numbers in words, the same in every table, report and test message. */
import type { Comparator, IntervalTest } from "./Rule.ts"
import type { Verdict } from "./Verdict.ts"

export const formatNumber = (x: number): string => {
  if (!Number.isFinite(x)) return String(x)
  if (x === 0) return "0"
  const a = Math.abs(x)
  return a >= 1e-3 && a < 1e5 ? String(Number(x.toPrecision(4))) : x.toExponential(2)
}

/** "< 1e-6" */
export const formatThreshold = (op: Comparator, value: number): string => `${op} ${formatNumber(value)}`

/** An interval test in words: "pass if lower 95% bound > 0; fail if upper 95% bound < 0; else inconclusive". */
export const formatTest = (test: IntervalTest, level = 0.95): string => {
  const pct = `${Math.round(level * 100)}%`
  const lower = (x: number) => `lower ${pct} bound > ${formatNumber(x)}`
  const upper = (x: number) => `upper ${pct} bound < ${formatNumber(x)}`
  switch (test.kind) {
    case "greaterThan": return `pass if ${lower(test.threshold)}; fail if ${upper(test.threshold)}; else inconclusive`
    case "lessThan": return `pass if ${upper(test.threshold)}; fail if ${lower(test.threshold)}; else inconclusive`
    case "within": return `pass if the ${pct} interval lies inside ±${formatNumber(test.margin)}; fail if it lies wholly outside; else inconclusive`
  }
}

/** "pass", or "pass (accuracy not judged)" when some criteria were gated out. */
export const verdictText = (verdict: Verdict, notJudged: ReadonlyArray<string> = []): string =>
  verdict === "pass" && notJudged.length > 0 ? `pass (${notJudged.join(", ")} not judged)` : verdict
