/**
 * A claim's verdict rules, as data. A claim declares one rule per measured quantity; its run only returns
 * measurements, and the harness (Decision.ts) turns rule + measurement into an outcome.
 *
 * Two kinds of rule:
 *   - a threshold on an exact number (the theory claims simulate the paper's model, so their quantities carry
 *     no sampling noise): pass or fail;
 *   - an interval test on an estimate with its confidence interval (the empirical claims, over seeds). Every
 *     interval test has a pass bound AND a fail bound, and the interval between them is inconclusive:
 *       greaterThan(t)  pass when lower > t, fail when upper < t  (superiority of A − B is greaterThan(0))
 *       lessThan(t)     pass when upper < t, fail when lower > t
 *       within(m)       equivalence: pass when the interval lies inside (−m, m), fail when it lies wholly
 *                       outside it (a claim of "comparable" / "small difference" with a stated margin)
 *     An ordering claim ("larger α_p is better") is greaterThan(0) on the interval of a trend (a slope).
 * A rule may carry the paper's effect for the same quantity: it is reported beside ours (is it inside our
 * interval?), and it sets the power target (how many seeds would resolve it).
 */

export type Comparator = "<" | "<=" | ">" | ">="

/**
 * "criterion": the claimed property. "precondition": a hypothesis of a theorem, a sanity gate or a control; a
 * precondition that misses makes the criteria it gates say nothing. "engine": the arms did what they are named
 * for (DirectPred's W_p is aligned with F̂ right after its update, the symmetric arm is symmetric...); an engine
 * check that misses is a broken engine, and the claim fails whatever its criteria show.
 */
export type Role = "criterion" | "precondition" | "engine"

interface RuleCommon {
  /** What is measured, in words (units, definition). */
  readonly description: string
  /** Where the threshold comes from: the paper (section, table, equation) or the argument in the claim. */
  readonly source: string
  readonly role?: Role
  /**
   * The name of a precondition that gates only THIS criterion (e.g. the accuracy gate before an accuracy
   * criterion): when it misses, this criterion is "not judged" instead of making the whole claim inconclusive.
   */
  readonly gatedBy?: string
  /** For a precondition: why the criteria it gates say nothing when it misses. */
  readonly missReason?: string
  /** For a gating precondition: what its criteria judge, for "pass (accuracy not judged)". */
  readonly aspect?: string
  /** Criteria sharing an `anyOf` label form ONE disjunctive criterion ("A, or B"): see Decision.ts. */
  readonly anyOf?: string
}

/** A threshold on an exact number. */
export interface Criterion extends RuleCommon {
  readonly op: Comparator
  readonly value: number
}

export type IntervalTest =
  | { readonly kind: "greaterThan"; readonly threshold: number }
  | { readonly kind: "lessThan"; readonly threshold: number }
  | { readonly kind: "within"; readonly margin: number }

/** The paper's (or the reproduction's) value of the same quantity, e.g. Table 6's DirectPred − SGD = +3.35 points. */
export interface PaperEffect {
  readonly value: number
  /** Where it comes from (table, figure, arithmetic on the table's entries). */
  readonly where: string
}

export interface IntervalCriterion extends RuleCommon {
  readonly kind: "interval"
  readonly test: IntervalTest
  readonly paper?: PaperEffect
}

export type Rule = Criterion | IntervalCriterion

export const isIntervalRule = (r: Rule): r is IntervalCriterion => "kind" in r && r.kind === "interval"

type IntervalSpec = Omit<IntervalCriterion, "kind" | "test">

/** pass when the interval lies above `threshold`, fail when it lies below. */
export const greaterThan = (threshold: number, spec: IntervalSpec): IntervalCriterion =>
  ({ kind: "interval", test: { kind: "greaterThan", threshold }, ...spec })

/** pass when the interval lies below `threshold`, fail when it lies above. */
export const lessThan = (threshold: number, spec: IntervalSpec): IntervalCriterion =>
  ({ kind: "interval", test: { kind: "lessThan", threshold }, ...spec })

/** A superiority claim on a difference A − B: greaterThan(0). */
export const superiority = (spec: IntervalSpec): IntervalCriterion => greaterThan(0, spec)

/** An equivalence claim with a stated margin: pass inside (−margin, margin), fail wholly outside it. */
export const within = (margin: number, spec: IntervalSpec): IntervalCriterion => {
  if (!(margin > 0)) throw new RangeError(`an equivalence margin must be positive (was ${margin})`)
  return { kind: "interval", test: { kind: "within", margin }, ...spec }
}
