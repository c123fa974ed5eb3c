/**
 * The decision: a rule and its measurement give one check with one outcome; the gates turn the criteria they
 * guard into "not judged" when they miss; the checks give the claim's verdict. A claim's own code never
 * decides its verdict.
 */
import { formatNumber, formatTest, formatThreshold } from "./formatVerdict.ts"
import { minimumDetectable, seedsFor } from "../statistics/power.ts"
import { type Comparator, type IntervalCriterion, type IntervalTest, isIntervalRule, type Rule } from "./Rule.ts"
import type { CheckResult, IntervalMeasure, Measured, Outcome, Power, Verdict } from "./Verdict.ts"

export const compare = (measured: number, op: Comparator, value: number): boolean => {
  // NaN never satisfies a threshold: a broken measurement cannot pass.
  if (Number.isNaN(measured)) return false
  switch (op) {
    case "<": return measured < value
    case "<=": return measured <= value
    case ">": return measured > value
    case ">=": return measured >= value
  }
}

/** pass | fail | inconclusive of an interval test (a NaN bound satisfies nothing: inconclusive). */
export const intervalOutcome = (test: IntervalTest, m: Pick<IntervalMeasure, "lower" | "upper">): "pass" | "fail" | "inconclusive" => {
  const { lower, upper } = m
  switch (test.kind) {
    case "greaterThan": return lower > test.threshold ? "pass" : upper < test.threshold ? "fail" : "inconclusive"
    case "lessThan": return upper < test.threshold ? "pass" : lower > test.threshold ? "fail" : "inconclusive"
    case "within": return lower > -test.margin && upper < test.margin ? "pass"
      : lower > test.margin || upper < -test.margin ? "fail" : "inconclusive"
  }
}

/** The distance from the rule's bound at which a decision is resolved, for a true value `v`. */
const distanceFromBound = (test: IntervalTest, v: number, side: "pass" | "either"): number => {
  switch (test.kind) {
    case "greaterThan": return side === "pass" ? v - test.threshold : Math.abs(v - test.threshold)
    case "lessThan": return side === "pass" ? test.threshold - v : Math.abs(v - test.threshold)
    case "within": return side === "pass" ? test.margin - Math.abs(v) : Math.abs(test.margin - Math.abs(v))
  }
}

/** mde at these seeds, and the seeds that would resolve the paper's effect (else our estimate). */
export const powerOf = (rule: IntervalCriterion, m: IntervalMeasure): Power => {
  const equivalence = rule.test.kind === "within"
  const target = rule.paper === undefined ? distanceFromBound(rule.test, m.estimate, "either") : distanceFromBound(rule.test, rule.paper.value, "pass")
  return {
    mde: minimumDetectable(m, undefined, equivalence),
    seedsNeeded: seedsFor(m, target, undefined, equivalence),
    target,
    targetFrom: rule.paper === undefined ? "ours" : "paper",
  }
}

/** Why an interval check was inconclusive, from its power. */
export const whyInconclusive = (p: Power, n: number): string => {
  const whose = p.targetFrom === "paper" ? "the paper's effect" : "our estimate"
  if (p.seedsNeeded === null) {
    return p.targetFrom === "paper"
      ? "the paper's own effect does not clear this bound: no number of seeds resolves it"
      : `underpowered (our estimate sits on the bound; mde ${formatNumber(p.mde)} at ${n} seeds)`
  }
  if (p.targetFrom === "paper" && p.seedsNeeded <= n) {
    return `effect absent at this power (mde ${formatNumber(p.mde)} at ${n} seeds; ${whose}, ${formatNumber(p.target)} from the bound, would be resolved with 80% power)`
  }
  return `underpowered (needs ~${p.seedsNeeded} seeds per arm to resolve ${whose}, ${formatNumber(p.target)} from the bound; mde ${formatNumber(p.mde)} at ${n})`
}

const NAN_INTERVAL: IntervalMeasure = {
  kind: "interval", estimate: Number.NaN, lower: Number.NaN, upper: Number.NaN, level: 0.95, se: Number.NaN, df: Number.NaN, n: 0,
}

/** Checks one rule against its measurement (a number for a threshold, an interval for an interval test). */
export const judge = (name: string, rule: Rule, measured: Measured | undefined): CheckResult => {
  const common = {
    name, description: rule.description, role: rule.role ?? "criterion", source: rule.source,
    ...(rule.gatedBy === undefined ? {} : { gatedBy: rule.gatedBy }),
    ...(rule.missReason === undefined ? {} : { missReason: rule.missReason }),
    ...(rule.aspect === undefined ? {} : { aspect: rule.aspect }),
    ...(rule.anyOf === undefined ? {} : { anyOf: rule.anyOf }),
  } as const
  if (!isIntervalRule(rule)) {
    const value = typeof measured === "number" ? measured : Number.NaN
    return {
      ...common, measured: value, op: rule.op, value: rule.value, threshold: formatThreshold(rule.op, rule.value),
      outcome: compare(value, rule.op, rule.value) ? "pass" : "fail",
    }
  }
  const m = typeof measured === "object" ? measured : NAN_INTERVAL
  const outcome = intervalOutcome(rule.test, m)
  const power = Number.isFinite(m.se) ? powerOf(rule, m) : undefined
  return {
    ...common, measured: m.estimate, threshold: formatTest(rule.test, m.level), test: rule.test, outcome, interval: m,
    ...(power === undefined ? {} : { power }),
    ...(rule.paper === undefined ? {} : { paper: { ...rule.paper, inInterval: m.lower <= rule.paper.value && rule.paper.value <= m.upper } }),
    ...(outcome === "inconclusive" && power !== undefined && common.role === "criterion" ? { why: whyInconclusive(power, m.n) } : {}),
  }
}

/**
 * Applies the gates: a criterion whose `gatedBy` precondition did not pass becomes "not judged" (with the
 * gate's reason and aspect). Unknown gate names are a programming error in the claim and throw.
 */
export const applyGates = (checks: ReadonlyArray<CheckResult>): ReadonlyArray<CheckResult> => {
  const byName = new Map(checks.map((c) => [c.name, c]))
  return checks.map((c) => {
    if (c.gatedBy === undefined) return c
    const gate = byName.get(c.gatedBy)
    if (gate === undefined || gate.role !== "precondition") throw new RangeError(`check ${c.name} is gated by "${c.gatedBy}", which is not a precondition of the claim`)
    if (gate.outcome === "pass") return c
    const { why: _why, ...rest } = c
    return {
      ...rest, outcome: "not judged" as const,
      ...(gate.missReason === undefined ? {} : { missReason: gate.missReason }),
      ...(gate.aspect === undefined ? {} : { aspect: gate.aspect }),
    }
  })
}

/**
 * A plan that checks the plumbing only (TierPlan.plumbing): every criterion becomes "not judged" with that reason;
 * the engine checks and preconditions keep their outcomes (a broken engine still fails the claim). Call after
 * `applyGates`.
 */
export const plumbingOnly = (checks: ReadonlyArray<CheckResult>, reason: string): ReadonlyArray<CheckResult> =>
  checks.map((c) => {
    if (c.role !== "criterion") return c
    const { why: _why, ...rest } = c
    return { ...rest, outcome: "not judged" as const, missReason: reason }
  })

/** A disjunctive group (Kleene "or"): pass if any member passes; fail only if every member failed; not judged if none was judged. */
const anyOfOutcome = (os: ReadonlyArray<Outcome>): Outcome =>
  os.includes("pass") ? "pass" : os.every((o) => o === "fail") ? "fail" : os.every((o) => o === "not judged") ? "not judged" : "inconclusive"

/** Preconditions that gate the whole claim (no criterion names them in `gatedBy`) and did not pass. */
export const missedClaimPreconditions = (checks: ReadonlyArray<CheckResult>): ReadonlyArray<CheckResult> => {
  const gates = new Set(checks.flatMap((c) => (c.gatedBy === undefined ? [] : [c.gatedBy])))
  return checks.filter((c) => c.role === "precondition" && !gates.has(c.name) && c.outcome !== "pass")
}

/**
 * The verdict. An engine check that misses ⇒ fail (the arms did not do what they are named for). A precondition that gates the whole claim and misses ⇒ inconclusive. Otherwise, over the
 * criteria that are judged (an `anyOf` group counts as one): any fail ⇒ fail; any inconclusive ⇒
 * inconclusive; all pass ⇒ pass; none judged (or none at all) ⇒ not judged. Call on `applyGates(checks)`.
 * A member of a group that is not judged at this tier may still be the true disjunct, so such a group that
 * does not pass is inconclusive, never fail.
 */
export const decide = (checks: ReadonlyArray<CheckResult>): Exclude<Verdict, "not run"> => {
  if (checks.some((c) => c.role === "engine" && c.outcome !== "pass")) return "fail"
  if (missedClaimPreconditions(checks).length > 0) return "inconclusive"
  const criteria = checks.filter((c) => c.role === "criterion")
  const groups = new Map<string, Array<Outcome>>()
  for (const c of criteria) if (c.anyOf !== undefined) groups.set(c.anyOf, [...(groups.get(c.anyOf) ?? []), c.outcome])
  const judged = [...criteria.filter((c) => c.anyOf === undefined).map((c) => c.outcome), ...[...groups.values()].map(anyOfOutcome)]
    .filter((o) => o !== "not judged")
  if (judged.length === 0) return "not judged"
  if (judged.includes("fail")) return "fail"
  if (judged.includes("inconclusive")) return "inconclusive"
  return "pass"
}

/** What a `pass` left untested: "accuracy not judged" (the aspects of the criteria whose gate missed). */
export const notJudgedAspects = (checks: ReadonlyArray<CheckResult>): ReadonlyArray<string> =>
  [...new Set(checks.filter((c) => c.role === "criterion" && c.outcome === "not judged").map((c) => c.aspect ?? c.name))]

/** The reason beside a verdict: the missed preconditions, the criteria not judged, and why intervals did not decide. */
export const explain = (checks: ReadonlyArray<CheckResult>, verdict: Verdict): string | undefined => {
  const parts: Array<string> = []
  for (const e of checks) if (e.role === "engine" && e.outcome !== "pass") parts.push(`engine check ${e.name} failed: ${e.description} (${e.measured} vs ${e.threshold})`)
  const missed = missedClaimPreconditions(checks)
  for (const p of missed) parts.push(`precondition ${p.name} ${p.outcome === "fail" ? "failed" : "not shown"}${p.missReason === undefined ? "" : `: ${p.missReason}`}`)
  const notJudged = checks.filter((c) => c.role === "criterion" && c.outcome === "not judged")
  if (notJudged.length > 0) {
    parts.push(`not judged at this tier: ${notJudged.map((c) => c.name).join(", ")} (${notJudged[0]!.missReason ?? `precondition ${notJudged[0]!.gatedBy} missed`})`)
  }
  if (verdict === "inconclusive" && missed.length === 0) {
    for (const c of checks) if (c.role === "criterion" && c.outcome === "inconclusive" && c.why !== undefined) parts.push(`${c.name}: ${c.why}`)
  }
  return parts.length === 0 ? undefined : parts.join("; ")
}
