/**
 * The hook between the sequential intervals (sequential.ts) and the verdict rules: a claim's result at some
 * look is judged again with every interval measurement recomputed at the look's level — the same estimate,
 * standard error and degrees of freedom, the t quantile of the look's level — and then with the claim's own
 * rules (judge, applyGates, decide from harness/Decision.ts), unchanged. The rules stay the harness's; only the
 * level changes.
 *
 * A measurement clipped to its quantity's range (empirical/intervals.ts) is recomputed unclipped: for a rule
 * whose bound lies inside that range (every rule we have) the outcome is the same either way.
 *
 * An interval without a usable standard error or degrees of freedom (NaN: nothing was measured) cannot be
 * recomputed: its check counts as inconclusive at every look — conservative, it can delay a decision but never
 * make a wrong one.
 */
import type { Claim, ClaimResult } from "../harness/Claim.ts"
import { applyGates, decide, intervalOutcome, judge } from "../harness/Decision.ts"
import { type IntervalTest, isIntervalRule } from "../harness/Rule.ts"
import type { CheckResult, IntervalMeasure, Verdict } from "../harness/Verdict.ts"
import { studentTQuantile } from "../statistics/studentT.ts"
import { type Look, seedsToDecideMeasure, type SpendingDesign } from "./sequential.ts"

/** The same measurement at another confidence level, or undefined when its se or df do not determine it. */
export const relevel = (m: IntervalMeasure, level: number): IntervalMeasure | undefined => {
  if (!(m.se >= 0 && Number.isFinite(m.se) && m.df > 0 && Number.isFinite(m.estimate))) return undefined
  // An infinite df (a normal interval) as the t quantile's limit, as statistics/power.ts does.
  const half = m.se === 0 ? 0 : studentTQuantile(1 - (1 - level) / 2, Number.isFinite(m.df) ? m.df : 1e9) * m.se
  return { ...m, lower: m.estimate - half, upper: m.estimate + half, level }
}

export interface SequentialJudgement {
  readonly verdict: Verdict
  readonly checks: ReadonlyArray<CheckResult>
  /** Checks left inconclusive because their interval could not be recomputed at the look's level. */
  readonly notRelevelled: ReadonlyArray<string>
}

/** A claim's result judged at a look: interval checks at the look's level, the claim's rules, gates and decision. */
export const judgeAtLook = (claim: Claim, result: ClaimResult, look: Look): SequentialJudgement => {
  const notRelevelled: Array<string> = []
  // Every check is made again from its rule (so the gates are applied afresh: a gate that opened at 95% may
  // stay closed at the look's level); threshold rules keep their measured number.
  const raw = result.checks.map((c) => {
    const rule = claim.criteria[c.name]
    if (rule === undefined) return c
    if (!isIntervalRule(rule)) return judge(c.name, rule, c.measured)
    const m = c.interval === undefined ? undefined : relevel(c.interval, look.level)
    if (m === undefined) notRelevelled.push(c.name)
    return judge(c.name, rule, m) // undefined ⇒ a NaN interval ⇒ inconclusive
  })
  const checks = applyGates(raw)
  return { verdict: decide(checks), checks, notRelevelled }
}

/** The bound an interval centred on `estimate` must clear to be decided (the nearer margin of an equivalence). */
const decidingBound = (test: IntervalTest, estimate: number): number =>
  test.kind === "within" ? (estimate >= 0 ? test.margin : -test.margin) : test.threshold

/**
 * How many seeds per group the claim's undecided checks would need to be decided, at the measured spread: the
 * fewest over its inconclusive interval checks (Infinity: none within the cap, or nothing that seeds can
 * decide). A criterion is decided by passing or by failing; a precondition or an engine check only by passing
 * (one that fails says no more than one left inconclusive), so one whose estimate sits on its fail side needs no
 * seeds. Rounds go to the smallest first.
 */
export const seedsNeeded = (claim: Claim, judgement: SequentialJudgement, design: SpendingDesign): number => {
  let best = Infinity
  for (const c of judgement.checks) {
    const rule = claim.criteria[c.name]
    if (c.outcome !== "inconclusive" || c.interval === undefined || rule === undefined || !isIntervalRule(rule)) continue
    const estimate = c.interval.estimate
    const side = intervalOutcome(rule.test, { lower: estimate, upper: estimate })
    if (c.role !== "criterion" && side !== "pass") continue
    best = Math.min(best, seedsToDecideMeasure(design, c.interval, decidingBound(rule.test, estimate)))
  }
  return best
}
