/**
 * A claim is data: id, title, statement, where in the paper, the quantity, per-tier
 * configs and seeds, named criteria (the verdict rule), and a `run` that measures. `defineClaim` erases the
 * config type so the registry can hold every claim in one list; `Claim.run(tier)` is the whole harness:
 * plan → run (its evidence cached in the EvidenceCache) → compare with the criteria → verdict, with numbers, thresholds, sources.
 */
import { Data, Effect } from "effect"
import { Progress, report } from "./Progress.ts"
import { cached, EvidenceCache } from "./EvidenceCache.ts"
import type { ArmRuns } from "../empirical/ArmRuns.ts"
import type { Tier } from "./Tier.ts"
import type { PlotSpec } from "../report/PlotSpec.ts"
import type { ArmSummary } from "./ArmSummary.ts"
import type { TimeCompression } from "./TimeCompression.ts"
import { applyGates, decide, explain, judge, notJudgedAspects, plumbingOnly } from "./Decision.ts"
import type { Rule } from "./Rule.ts"
import type { CheckResult, Measured, Verdict } from "./Verdict.ts"

/**
 * What a claim's run needs: progress reporting, the cache of its evidence by key, and the training runs'
 * store, code version, memo and stop signal (empirical/ArmRuns.ts; the theory claims never use them).
 */
export type ClaimServices = Progress | EvidenceCache | ArmRuns

/** Informational values reported beside the checked ones (never part of the verdict). */
export type Info = number | string | boolean | ReadonlyArray<number>

export interface Evidence<K extends string> {
  /** One value per criterion: a number (Criterion) or an interval (IntervalCriterion). */
  readonly measured: Readonly<Record<K, Measured>>
  readonly info?: Readonly<Record<string, Info>>
  /** Plots of the run's series for the report (index.html), as plain data (report/PlotSpec.ts); carried into results.json. */
  readonly plots?: ReadonlyArray<PlotSpec>
  /** Run-store ids of the training runs behind the measurements (empty for simulations). */
  readonly runIds?: ReadonlyArray<string>
  /** Per arm: seeds and probe accuracies (final and best epoch), for the side-by-side tables. */
  readonly arms?: ReadonlyArray<ArmSummary>
  /** The time compression the claim's runs rely on at this tier (claims whose mechanism is weight decay). */
  readonly timeCompression?: TimeCompression
}

/** The paper's own numbers for a claim (docs/paper/claims.md, docs/paper/tables.md): a sentence, or named values. */
export type PaperReported = string | Readonly<Record<string, Info>>

export interface TierPlan<C> {
  readonly config: C
  readonly seeds: ReadonlyArray<number>
  /** The bun:test timeout for this tier (ms); the default is 60 s. */
  readonly timeoutMs?: number
  /**
   * Set when this plan checks the plumbing only (the smoke tier of a training claim): why its criteria are not
   * judged. The measurements still run and are reported; the engine checks and preconditions are still judged.
   */
  readonly plumbing?: string
}

/** A run that could not produce its measurements (the simulator diverged, a kernel threw...). */
export class ClaimRunFailed extends Data.TaggedError("ClaimRunFailed")<{
  readonly claim: string
  readonly message: string
  readonly cause?: unknown
}> {}

export interface ClaimSpec<C, K extends string> {
  /** "C1".."C34", matching docs/paper/claims.md. */
  readonly id: string
  readonly title: string
  readonly statement: string
  /** Where in the paper (section, equation, figure). */
  readonly where: string
  /** The quantity measured, in words. */
  readonly quantity: string
  /** The corrected typos of the paper (docs/paper/model.md#typos) this claim relies on (empty when none applies). */
  readonly corrections: ReadonlyArray<string>
  /** What the paper reports for this claim, for the report beside our numbers. */
  readonly reported?: PaperReported
  readonly criteria: Readonly<Record<K, Rule>>
  readonly tiers: Partial<Record<Tier, TierPlan<C>>>
  /** Tiers recorded with the verdict `not run` (measurable there, but left out of the tier's budget), with the reason. */
  readonly notRun?: Partial<Record<Tier, string>>
  /** Tiers where nothing of the claim can be tested (e.g. ImageNet claims): verdict `not judged`, with the reason. */
  readonly notJudged?: Partial<Record<Tier, string>>
  /** Why a tier without a plan is skipped (default: "no config for this tier"). */
  readonly skipReason?: string
  readonly run: (plan: TierPlan<C>, tier: Tier) => Effect.Effect<Evidence<K>, ClaimRunFailed, ClaimServices>
}

export type TierStatus =
  | { readonly kind: "run"; readonly seeds: ReadonlyArray<number>; readonly timeoutMs: number }
  | { readonly kind: "skip"; readonly reason: string }
  | { readonly kind: "not run"; readonly reason: string }
  | { readonly kind: "not judged"; readonly reason: string }

export interface ClaimResult {
  readonly id: string
  readonly title: string
  readonly tier: Tier
  readonly verdict: Verdict
  /** What a `pass` left untested ("accuracy"): the verdict then reads "pass (accuracy not judged)". */
  readonly notJudged: ReadonlyArray<string>
  /** Every checked value, then the informational ones. */
  readonly measured: Readonly<Record<string, Info>>
  /** Per criterion: "< 1e-6". */
  readonly threshold: Readonly<Record<string, string>>
  /** Where the claim and each threshold come from, and the corrections applied. */
  readonly source: string
  readonly checks: ReadonlyArray<CheckResult>
  readonly seeds: ReadonlyArray<number>
  readonly seconds: number
  /** Why a claim was not run, not judged or inconclusive (missed preconditions, and each undecided interval's power). */
  readonly reason?: string
  /** The evidence's plots and run ids, when the claim returned any. */
  readonly plots?: ReadonlyArray<PlotSpec>
  readonly runIds?: ReadonlyArray<string>
  readonly arms?: ReadonlyArray<ArmSummary>
  readonly timeCompression?: TimeCompression
}

export interface Claim {
  readonly id: string
  readonly title: string
  readonly statement: string
  readonly where: string
  readonly quantity: string
  readonly corrections: ReadonlyArray<string>
  readonly reported?: PaperReported
  readonly criteria: Readonly<Record<string, Rule>>
  readonly status: (tier: Tier) => TierStatus
  /** The plan of a tier as data (its config and seeds), for validation and reports; undefined without one. */
  readonly plan: (tier: Tier) => TierPlan<unknown> | undefined
  /** Runs the claim at a tier. A tier without a plan yields the verdict `not run` with the reason. */
  readonly run: (tier: Tier) => Effect.Effect<ClaimResult, ClaimRunFailed, ClaimServices>
  /** The same claim with other seeds at every tier (robustness sweeps: does the verdict depend on the seed?). */
  readonly reseed: (seeds: ReadonlyArray<number>) => Claim
}

const DEFAULT_TIMEOUT_MS = 60_000

/** The claim-level source line: where in the paper, the thresholds' sources, and the corrections used. */
const sourceLine = (spec: { where: string; corrections: ReadonlyArray<string> }, checks: ReadonlyArray<CheckResult>): string => {
  const sources = [...new Set(checks.map((c) => c.source))]
  const parts = [`paper: ${spec.where}`, `thresholds: ${sources.join(" | ")}`]
  parts.push(spec.corrections.length > 0
    ? `corrected typos used: ${spec.corrections.join("; ")}`
    : "corrected typos used: none of the typos of docs/paper/model.md#typos bears on this claim")
  return parts.join(". ")
}

export const defineClaim = <C, K extends string>(spec: ClaimSpec<C, K>): Claim => {
  const status = (tier: Tier): TierStatus => {
    const notJudged = spec.notJudged?.[tier]
    if (notJudged !== undefined) return { kind: "not judged", reason: notJudged }
    const notRun = spec.notRun?.[tier]
    if (notRun !== undefined) return { kind: "not run", reason: notRun }
    const plan = spec.tiers[tier]
    if (plan === undefined) return { kind: "skip", reason: spec.skipReason ?? `no config for the ${tier} tier` }
    return { kind: "run", seeds: plan.seeds, timeoutMs: plan.timeoutMs ?? DEFAULT_TIMEOUT_MS }
  }
  const notRunResult = (tier: Tier, verdict: "not run" | "not judged", reason: string): ClaimResult => ({
    id: spec.id, title: spec.title, tier, verdict, notJudged: [], measured: {}, threshold: {},
    source: `${verdict}: ${reason}. paper: ${spec.where}`, checks: [], seeds: [], seconds: 0, reason,
  })
  const run = (tier: Tier): Effect.Effect<ClaimResult, ClaimRunFailed, ClaimServices> =>
    Effect.gen(function*() {
      const plan = spec.tiers[tier]
      const s = status(tier)
      if (s.kind !== "run" || plan === undefined) return notRunResult(tier, s.kind === "not judged" ? "not judged" : "not run", s.kind === "run" ? "" : s.reason)
      yield* report(spec.id, "start", { tier })
      const start = performance.now()
      const key = `claim:${spec.id}:${tier}:${JSON.stringify({ config: plan.config, seeds: plan.seeds })}`
      // A defect in a claim's measurement (a RangeError on a degenerate interval, a NaN where none may be) is that
      // claim's failure to measure, reported as such; it never takes the other claims of a report down with it.
      const measuring = spec.run(plan, tier).pipe(Effect.catchDefect((defect) =>
        Effect.fail(new ClaimRunFailed({ claim: spec.id, message: defect instanceof Error ? defect.message : String(defect), cause: defect }))))
      const evidence = yield* cached(key, measuring)
      const seconds = (performance.now() - start) / 1000
      const names = Object.keys(spec.criteria) as Array<K>
      const gated = applyGates(names.map((name) => judge(name, spec.criteria[name], evidence.measured[name])))
      const checks = plan.plumbing === undefined ? gated : plumbingOnly(gated, plan.plumbing)
      const verdict = decide(checks)
      yield* report(spec.id, "done", { tier, verdict, seconds })
      const measured: Record<string, Info> = {}
      const threshold: Record<string, string> = {}
      for (const c of checks) {
        measured[c.name] = c.measured
        threshold[c.name] = c.threshold
        if (c.interval !== undefined) {
          // The interval and the groups behind it, beside the point estimate.
          measured[`${c.name} ${Math.round(c.interval.level * 100)}% interval`] = [c.interval.lower, c.interval.upper]
          for (const [g, st] of Object.entries(c.interval.groups ?? {})) measured[`${c.name}: ${g} mean, std (n=${st.n})`] = [st.mean, st.std]
        }
      }
      const reason = explain(checks, verdict)
      for (const [k, v] of Object.entries(evidence.info ?? {})) if (!(k in measured)) measured[k] = v
      return {
        id: spec.id, title: spec.title, tier, verdict, notJudged: notJudgedAspects(checks), measured, threshold, source: sourceLine(spec, checks),
        checks, seeds: plan.seeds, seconds, ...(reason === undefined ? {} : { reason }),
        ...(evidence.plots === undefined ? {} : { plots: evidence.plots }),
        ...(evidence.runIds === undefined ? {} : { runIds: evidence.runIds }),
        ...(evidence.arms === undefined ? {} : { arms: evidence.arms }),
        ...(evidence.timeCompression === undefined ? {} : { timeCompression: evidence.timeCompression }),
      } satisfies ClaimResult
    })
  const reseed = (seeds: ReadonlyArray<number>): Claim =>
    defineClaim({
      ...spec,
      tiers: Object.fromEntries(Object.entries(spec.tiers).map(([t, plan]) => [t, { ...plan, seeds }])) as ClaimSpec<C, K>["tiers"],
    })
  return {
    id: spec.id, title: spec.title, statement: spec.statement, where: spec.where, quantity: spec.quantity,
    corrections: spec.corrections, criteria: spec.criteria, status, run, reseed, plan: (tier: Tier) => spec.tiers[tier],
    ...(spec.reported === undefined ? {} : { reported: spec.reported }),
  }
}

/** Runs a synchronous measurement, turning a throw (a diverged simulation, a bad shape) into ClaimRunFailed. */
export const measure = <A>(claim: string, f: () => A): Effect.Effect<A, ClaimRunFailed> =>
  Effect.try({
    try: f,
    catch: (cause) => new ClaimRunFailed({ claim, message: cause instanceof Error ? cause.message : String(cause), cause }),
  })
