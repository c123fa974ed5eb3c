/**
 * What a claim's check and the claim as a whole come to. The rules are in Rule.ts, the decision in
 * Decision.ts, the wording in formatVerdict.ts.
 *
 * Verdicts: `pass`, `fail`, `inconclusive` (the evidence could have decided but did not: an interval straddles
 * its bounds, or a hypothesis, control or engine precondition missed), `not judged` (every criterion was
 * gated out at this tier, e.g. accuracy criteria where the probe does not beat a random encoder: the claim
 * was not tested, which is neither a pass nor an inconclusive test), `not run` (recorded, not executed at
 * this tier, always with the reason).
 */
import type { Comparator, IntervalTest, PaperEffect, Role } from "./Rule.ts"

export type Verdict = "pass" | "fail" | "inconclusive" | "not judged" | "not run"

/** The outcome of one check; "not judged" = its gate (a precondition) missed. */
export type Outcome = "pass" | "fail" | "inconclusive" | "not judged"

/** Mean, sample std and count of one group of seeds (reported beside an interval). */
export interface GroupStats {
  readonly mean: number
  readonly std: number
  readonly n: number
}

/** What an interval rule compares: a point estimate, its confidence interval, and what the power needs. */
export interface IntervalMeasure {
  readonly kind: "interval"
  /** E.g. mean(a) − mean(b). */
  readonly estimate: number
  readonly lower: number
  readonly upper: number
  /** Confidence level, e.g. 0.95. */
  readonly level: number
  /** Standard error of the estimate and the t distribution's degrees of freedom behind the interval. */
  readonly se: number
  readonly df: number
  /** Seeds per group (the smallest group when they differ). */
  readonly n: number
  /** The groups the interval compares (e.g. { directpred: {...}, "sgd-linear": {...} }). */
  readonly groups?: Readonly<Record<string, GroupStats>>
}

/** One measured value: a number (for a threshold) or an interval (for an interval test). */
export type Measured = number | IntervalMeasure

/**
 * The power of an interval check at the seeds it had (80% power, the interval's level): `mde` is the smallest
 * distance of the true value from the rule's bound that the check resolves; `seedsNeeded` (per group) is what
 * would resolve the target (the paper's effect, else our own estimate), null when no number of seeds can (the
 * target sits on the bound or on the fail side of it).
 */
export interface Power {
  readonly mde: number
  readonly seedsNeeded: number | null
  /** The distance from the bound that `seedsNeeded` resolves, and where it comes from. */
  readonly target: number
  readonly targetFrom: "paper" | "ours"
}

export interface CheckResult {
  readonly name: string
  readonly description: string
  readonly role: Role
  readonly source: string
  readonly outcome: Outcome
  /** The measured number, or the interval's point estimate. */
  readonly measured: number
  /** The rule in words: "< 1e-6", "pass if lower 95% bound > 0; fail if upper 95% bound < 0". */
  readonly threshold: string
  /** Threshold rules only. */
  readonly op?: Comparator
  readonly value?: number
  readonly interval?: IntervalMeasure
  /** Interval rules only: the rule `threshold` words, as numbers (absent in reports written before it). */
  readonly test?: IntervalTest
  readonly power?: Power
  /** The paper's value of the same quantity, and whether our interval contains it. */
  readonly paper?: PaperEffect & { readonly inInterval: boolean }
  /** Why an inconclusive interval check did not decide: "underpowered (needs ~N seeds)" or "effect absent at this power". */
  readonly why?: string
  readonly gatedBy?: string
  readonly missReason?: string
  readonly aspect?: string
  readonly anyOf?: string
}
