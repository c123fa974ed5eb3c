/**
 * Verdicts and the rule that produces them, as data (DESIGN.md "Claims").
 *
 * A claim declares named criteria (comparator, threshold, and where the threshold comes from); its run only
 * returns measured numbers. The harness compares — a claim's code never decides its own verdict.
 *   - role "criterion": the claimed property; a miss makes the verdict `fail`.
 *   - role "precondition": a hypothesis of the theorem (e.g. λ_min(K) > 0 for Theorem 3) or a sanity gate;
 *     a miss makes the verdict `inconclusive` (the claim says nothing then), whatever the criteria show.
 * `not run` is for claims recorded but not executed at a tier (ImageNet claims C22/C26), always with a reason.
 */
export type Verdict = "pass" | "fail" | "inconclusive" | "not run"

export type Comparator = "<" | "<=" | ">" | ">="

export interface Criterion {
  /** What is measured, in words (units, definition). */
  readonly description: string
  readonly op: Comparator
  readonly value: number
  /** Where the threshold comes from: PAPER.md section / equation / argument. */
  readonly source: string
  readonly role?: "criterion" | "precondition"
  /**
   * The name of a precondition that gates only THIS criterion (e.g. the accuracy sanity gate before an
   * accuracy criterion): when that precondition misses, this criterion is "not judged" (left out of the
   * verdict, with the gate's reason) instead of making the whole claim inconclusive. A precondition that no
   * criterion names here gates the whole claim, as before.
   */
  readonly gatedBy?: string
  /** Why the claim says nothing when this precondition misses (shown as the result's reason). */
  readonly missReason?: string
  /**
   * Criteria sharing an `anyOf` label form ONE disjunctive criterion (PAPER.md's "pass: A, or B" tests, e.g.
   * C17 "below SGD by ≥ 5 points, or the plug-in collapses"): see `decide`.
   */
  readonly anyOf?: string
}

/** Where a measurement must lie, one-sided, on a confidence interval [lower, upper]. */
export type IntervalBound = { readonly lowerAbove: number } | { readonly upperBelow: number }

/**
 * A three-way verdict rule on the confidence interval of a measured quantity (issue 5: "lower bound of
 * (DirectPred − SGD) > −0.5 ⇒ pass; upper bound < −0.5 ⇒ fail; otherwise inconclusive"): `pass` when the
 * interval satisfies `pass`, `fail` when it satisfies `fail`, else `inconclusive` — the harness decides, the
 * claim only measures the interval. As a precondition (a sanity gate) only `pass` opens the gate.
 */
export interface IntervalCriterion {
  readonly kind: "interval"
  readonly description: string
  readonly pass: IntervalBound
  /** Absent: a miss of `pass` is inconclusive, never fail. */
  readonly fail?: IntervalBound
  readonly source: string
  readonly role?: "criterion" | "precondition"
  readonly gatedBy?: string
  readonly missReason?: string
  /** A disjunctive group (see Criterion.anyOf). */
  readonly anyOf?: string
}

/** A claim's verdict rule for one measured quantity. */
export type Rule = Criterion | IntervalCriterion

/** Mean, sample std and count of one group of seeds (reported beside an interval). */
export interface GroupStats {
  readonly mean: number
  readonly std: number
  readonly n: number
}

/** What an interval rule compares: a point estimate, its interval, and the groups behind it. */
export interface IntervalMeasure {
  readonly kind: "interval"
  /** E.g. mean(a) − mean(b). */
  readonly estimate: number
  readonly lower: number
  readonly upper: number
  /** Confidence level, e.g. 0.95. */
  readonly level: number
  /** The groups the interval compares (e.g. { directpred: {...}, "sgd-linear": {...} }). */
  readonly groups?: Readonly<Record<string, GroupStats>>
}

/** One measured value: a number (for a Criterion) or an interval (for an IntervalCriterion). */
export type Measured = number | IntervalMeasure

/** The outcome of one check; "not judged" = its gate (a precondition) missed. */
export type Outcome = "pass" | "fail" | "inconclusive" | "not judged"

export interface CheckResult {
  readonly name: string
  readonly description: string
  readonly measured: number
  readonly op: Comparator
  readonly value: number
  readonly source: string
  readonly role: "criterion" | "precondition"
  readonly passed: boolean
  /** Three-way (and gated) outcome; absent on plain checks made before interval rules existed (= passed ? pass : fail). */
  readonly outcome?: Outcome
  /** The rule in words when op/value do not say it all (interval rules). */
  readonly threshold?: string
  readonly interval?: IntervalMeasure
  readonly gatedBy?: string
  readonly missReason?: string
  readonly anyOf?: string
}

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

export const check = (name: string, criterion: Criterion, measured: number): CheckResult => ({
  name,
  description: criterion.description,
  measured,
  op: criterion.op,
  value: criterion.value,
  source: criterion.source,
  role: criterion.role ?? "criterion",
  passed: compare(measured, criterion.op, criterion.value),
})

/** A one-sided interval bound in words: "lower 95% bound > −0.5". */
export const formatBound = (b: IntervalBound, level = 0.95): string =>
  "lowerAbove" in b
    ? `lower ${Math.round(level * 100)}% bound > ${formatNumber(b.lowerAbove)}`
    : `upper ${Math.round(level * 100)}% bound < ${formatNumber(b.upperBelow)}`

const satisfies = (m: IntervalMeasure, b: IntervalBound): boolean =>
  "lowerAbove" in b ? compare(m.lower, ">", b.lowerAbove) : compare(m.upper, "<", b.upperBelow)

/** pass | fail | inconclusive of an interval rule (a NaN bound satisfies nothing: inconclusive). */
export const intervalOutcome = (rule: IntervalCriterion, m: IntervalMeasure): "pass" | "fail" | "inconclusive" =>
  satisfies(m, rule.pass) ? "pass" : rule.fail !== undefined && satisfies(m, rule.fail) ? "fail" : "inconclusive"

/** Builds an interval rule: `intervalRule({ description, pass: { lowerAbove: -0.5 }, fail: { upperBelow: -0.5 }, source })`. */
export const intervalRule = (spec: Omit<IntervalCriterion, "kind">): IntervalCriterion => ({ kind: "interval", ...spec })

export const isIntervalRule = (r: Rule): r is IntervalCriterion => "kind" in r && r.kind === "interval"

const NAN_INTERVAL: IntervalMeasure = { kind: "interval", estimate: Number.NaN, lower: Number.NaN, upper: Number.NaN, level: 0.95 }

/** Checks any rule against its measurement (a number for a Criterion, an interval for an IntervalCriterion). */
export const checkRule = (name: string, rule: Rule, measured: Measured | undefined): CheckResult => {
  const extra = {
    ...(rule.gatedBy === undefined ? {} : { gatedBy: rule.gatedBy }), ...(rule.missReason === undefined ? {} : { missReason: rule.missReason }),
    ...(rule.anyOf === undefined ? {} : { anyOf: rule.anyOf }),
  }
  if (!isIntervalRule(rule)) {
    const c = check(name, rule, typeof measured === "number" ? measured : Number.NaN)
    return { ...c, outcome: c.passed ? "pass" : "fail", ...extra }
  }
  const m = typeof measured === "object" ? measured : NAN_INTERVAL
  const outcome = intervalOutcome(rule, m)
  const b = rule.pass
  return {
    name, description: rule.description, measured: m.estimate,
    op: "lowerAbove" in b ? ">" : "<", value: "lowerAbove" in b ? b.lowerAbove : b.upperBelow,
    source: rule.source, role: rule.role ?? "criterion", passed: outcome === "pass", outcome,
    threshold: `pass if ${formatBound(b, m.level)}${rule.fail === undefined ? "" : `; fail if ${formatBound(rule.fail, m.level)}`}; else inconclusive`,
    interval: m, ...extra,
  }
}

/** The outcome of a check, for checks made without one (plain criteria: passed ⇒ pass, else fail). */
export const outcomeOf = (c: CheckResult): Outcome => c.outcome ?? (c.passed ? "pass" : "fail")

/**
 * Applies the gates: a criterion whose `gatedBy` precondition missed becomes "not judged" (with the gate's
 * reason). Unknown gate names are a programming error in the claim and throw.
 */
export const applyGates = (checks: ReadonlyArray<CheckResult>): ReadonlyArray<CheckResult> => {
  const byName = new Map(checks.map((c) => [c.name, c]))
  return checks.map((c) => {
    if (c.gatedBy === undefined) return c
    const gate = byName.get(c.gatedBy)
    if (gate === undefined || gate.role !== "precondition") throw new RangeError(`check ${c.name} is gated by "${c.gatedBy}", which is not a precondition of the claim`)
    return gate.passed ? c : { ...c, passed: false, outcome: "not judged" as const, ...(gate.missReason === undefined ? {} : { missReason: gate.missReason }) }
  })
}

/**
 * The verdict rule. A precondition that gates the whole claim (no criterion names it in `gatedBy`) and misses
 * ⇒ inconclusive. Otherwise, over the criteria that are judged (their gate, if any, is open): any fail ⇒ fail;
 * any inconclusive (an interval straddling its thresholds) ⇒ inconclusive; all pass ⇒ pass; none judged ⇒
 * inconclusive. Call on `applyGates(checks)` when criteria are gated.
 * Criteria sharing an `anyOf` label count as one (Kleene "or"): pass if any member passes; fail only if every
 * member was judged and failed; not judged if no member was judged; otherwise inconclusive (a member not
 * judged at this tier, or straddling its thresholds, may still be the true disjunct).
 */
export const decide = (checks: ReadonlyArray<CheckResult>): Verdict => {
  if (checks.length === 0) return "inconclusive"
  const gates = new Set(checks.flatMap((c) => (c.gatedBy === undefined ? [] : [c.gatedBy])))
  if (checks.some((c) => c.role === "precondition" && !gates.has(c.name) && !c.passed)) return "inconclusive"
  const criteria = checks.filter((c) => c.role === "criterion")
  const groups = new Map<string, Array<Outcome>>()
  for (const c of criteria) if (c.anyOf !== undefined) groups.set(c.anyOf, [...(groups.get(c.anyOf) ?? []), outcomeOf(c)])
  const anyOf = (os: ReadonlyArray<Outcome>): Outcome =>
    os.includes("pass") ? "pass" : os.every((o) => o === "fail") ? "fail" : os.every((o) => o === "not judged") ? "not judged" : "inconclusive"
  const judged = [...criteria.filter((c) => c.anyOf === undefined).map(outcomeOf), ...[...groups.values()].map(anyOf)]
    .filter((o) => o !== "not judged")
  if (judged.length === 0) return "inconclusive"
  if (judged.includes("fail")) return "fail"
  if (judged.includes("inconclusive")) return "inconclusive"
  return "pass"
}

/** "< 1e-6" */
export const formatThreshold = (op: Comparator, value: number): string => `${op} ${formatNumber(value)}`

export const formatNumber = (x: number): string => {
  if (!Number.isFinite(x)) return String(x)
  if (x === 0) return "0"
  const a = Math.abs(x)
  return a >= 1e-3 && a < 1e5 ? String(Number(x.toPrecision(4))) : x.toExponential(2)
}
