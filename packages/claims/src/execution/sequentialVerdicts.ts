/**
 * The hook between the sequential intervals (sequential.ts) and the verdict rules: a claim's result at some
 * look is judged again with every interval measurement recomputed at the look's level — from the group
 * statistics the measurement carries (mean, std, n per group), with the same Welch / one-sample t formulas —
 * and then with the claim's own rules (checkRule, applyGates, decide), unchanged. The rules stay the verdict
 * code's; only the level changes.
 *
 * An interval whose groups do not say how it was computed (neither a difference of two group means nor one
 * group's mean) cannot be recomputed: its check counts as inconclusive at every look — conservative, it can
 * delay a decision but never make a wrong one.
 */
import type { Claim, ClaimResult } from "../harness/Claim.ts"
import { applyGates, type CheckResult, checkRule, decide, type GroupStats, type IntervalBound, type IntervalCriterion, type IntervalMeasure, isIntervalRule, type Verdict } from "../harness/Verdict.ts"
import { studentTQuantile } from "../statistics/studentT.ts"
import { type DifferenceInterval } from "../statistics/summarize.ts"
import { type Look, seedsToDecide, seedsToDecideMean, type SpendingDesign } from "./sequential.ts"

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b))

/** The same measurement at another confidence level, or undefined when its groups do not determine it. */
export const relevel = (m: IntervalMeasure, level: number): IntervalMeasure | undefined => {
  const groups = Object.values(m.groups ?? {})
  if (groups.length === 2) {
    const [a, b] = groups as [typeof groups[0], typeof groups[0]]
    if (!close(a!.mean - b!.mean, m.estimate) || a!.n < 2 || b!.n < 2) return undefined
    const va = a!.std ** 2 / a!.n, vb = b!.std ** 2 / b!.n, se = Math.sqrt(va + vb)
    if (se === 0) return { ...m, lower: m.estimate, upper: m.estimate, level }
    const ra = va / (va + vb), rb = vb / (va + vb)
    const df = 1 / ((ra * ra) / (a!.n - 1) + (rb * rb) / (b!.n - 1))
    const half = studentTQuantile(1 - (1 - level) / 2, df) * se
    return { ...m, lower: m.estimate - half, upper: m.estimate + half, level }
  }
  if (groups.length === 1) {
    const [g] = groups
    if (!close(g!.mean, m.estimate) || g!.n < 2) return undefined
    const half = g!.std === 0 ? 0 : studentTQuantile(1 - (1 - level) / 2, g!.n - 1) * g!.std / Math.sqrt(g!.n)
    return { ...m, lower: m.estimate - half, upper: m.estimate + half, level }
  }
  return undefined
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
  // stay closed at the look's level); plain criteria keep their measured number.
  const raw = result.checks.map((c) => {
    const rule = claim.criteria[c.name]
    if (rule === undefined) return c
    if (!isIntervalRule(rule)) return checkRule(c.name, rule, c.measured)
    const m = c.interval === undefined ? undefined : relevel(c.interval, look.level)
    if (m === undefined) notRelevelled.push(c.name)
    return checkRule(c.name, rule, m) // undefined ⇒ a NaN interval ⇒ inconclusive
  })
  const checks = applyGates(raw)
  return { verdict: decide(checks), checks, notRelevelled }
}

/**
 * The bounds more seeds could reach from this estimate: a bound `lower > x` only when the estimate is above x,
 * `upper < x` only when below (a gate whose estimate sits on its no-decision side needs no seeds: it cannot open).
 */
const reachable = (rule: IntervalCriterion, estimate: number): ReadonlyArray<number> =>
  [rule.pass, ...(rule.fail === undefined ? [] : [rule.fail])].flatMap((b: IntervalBound) =>
    "lowerAbove" in b ? (estimate > b.lowerAbove ? [b.lowerAbove] : []) : estimate < b.upperBelow ? [b.upperBelow] : [])

/**
 * How many seeds per arm the claim's undecided comparisons would need to be decided, at the measured spread:
 * the fewest over its inconclusive, judged interval criteria (a difference of two groups, or one group's mean against a bound; Infinity: none within the cap,
 * or nothing that seeds can decide — a closed gate is not a lack of seeds). Rounds go to the smallest first.
 */
export const seedsNeeded = (claim: Claim, judgement: SequentialJudgement, design: SpendingDesign): number => {
  let best = Infinity
  for (const c of judgement.checks) {
    const rule = claim.criteria[c.name]
    if (c.outcome !== "inconclusive" || c.interval === undefined || rule === undefined || !isIntervalRule(rule)) continue
    const groups = Object.values(c.interval.groups ?? {}) as Array<GroupStats>
    const bounds = reachable(rule, c.interval.estimate)
    if (groups.length === 1) {
      for (const bound of bounds) best = Math.min(best, seedsToDecideMean(design, groups[0]!, bound))
      continue
    }
    if (groups.length !== 2) continue
    const [a, b] = groups as [GroupStats, GroupStats]
    const d: DifferenceInterval = {
      difference: c.interval.estimate, lower: c.interval.lower, upper: c.interval.upper, level: c.interval.level, df: Number.NaN,
      a: { n: a.n, mean: a.mean, std: a.std, values: [] }, b: { n: b.n, mean: b.mean, std: b.std, values: [] },
    }
    for (const bound of bounds) best = Math.min(best, seedsToDecide(design, d, bound))
  }
  return best
}
