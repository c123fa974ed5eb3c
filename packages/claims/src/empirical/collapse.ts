/**
 * Collapse, judged against controls trained at the same tier rather than a fixed z-std. The collapse metric is
 * zStd (the std over the batch of l2-normalised projector outputs × √d: ≈ 1 spread out, → 0 when every
 * output is the same vector). Its healthy level depends on the scale (BYOL's healthy run ends near 0.4 at ci,
 * where F̂ is nearly rank 2), so a fixed threshold says nothing portable. Instead, per seed,
 *
 *   collapse fraction = (zStd_healthy − zStd_arm) / (zStd_healthy − zStd_control)
 *
 * with the healthy reference (BYOL, the SGD-trained linear predictor) at 0 and the positive control (no
 * stop-gradient: Theorem 2 says it collapses, docs/paper/model.md#theorem-2) at 1. An arm is "collapsed"
 * when the interval of its mean fraction lies above 1/2 (closer to the control than to the healthy run), and
 * "not collapsed" when it lies below 1/2: the midpoint is the boundary equidistant from both controls, so
 * neither verdict leans on a number borrowed from another scale (docs/paper/scale.md#controls).
 *
 * The controls are preconditions of every collapse claim at the tier: the positive control must have
 * collapsed (end zStd below a fifth of its own initial zStd: complete collapse drives zStd to 0, training from
 * a random init starts near 0.8) and the healthy reference must not have (end zStd above a fifth of its
 * initial zStd). Without both, "collapsed" has no meaning at that tier and the claim is inconclusive.
 */
import { greaterThan, type IntervalCriterion, lessThan } from "../harness/Rule.ts"
import type { IntervalMeasure } from "../harness/Verdict.ts"
import { endOf } from "./armEvidence.ts"
import { type Arm, sgdLinear } from "./arms.ts"
import { meanMeasure } from "./intervals.ts"
import { noStopGradient } from "./mechanisticArms.ts"
import { initialRecord } from "./series.ts"
import type { ArmRun } from "./trainArm.ts"

/** The two controls every collapse claim trains (shared arms: they train once per tier). */
export const collapseControls = { healthy: sgdLinear, control: noStopGradient } as const satisfies Record<string, Arm>

/** A fifth of the initial zStd: the boundary of "collapsed" for a control's own trajectory. */
export const CONTROL_RATIO = 0.2
/** The midpoint between the healthy reference (0) and the positive control (1). */
export const COLLAPSE_FRACTION = 0.5

const CONTROLS_MISSED = "the collapse controls did not separate at this tier (the positive control must collapse and the healthy reference must not), so collapse cannot be judged here"

const controlSource = "docs/paper/scale.md#controls: collapse is judged between a positive control and a healthy reference trained at the same tier"

export const controlCollapsesRule: IntervalCriterion = lessThan(CONTROL_RATIO, {
  description: "positive control (no stop-gradient): end zStd / initial zStd, mean over seeds, 95% t interval",
  role: "precondition", missReason: CONTROLS_MISSED, source: controlSource,
})
export const healthyHealthyRule: IntervalCriterion = greaterThan(CONTROL_RATIO, {
  description: "healthy reference (BYOL, SGD-trained linear predictor): end zStd / initial zStd, mean over seeds, 95% t interval",
  role: "precondition", missReason: CONTROLS_MISSED, source: controlSource,
})

const what = (arm: string) =>
  `collapse fraction of ${arm}: (zStd_healthy − zStd_arm) / (zStd_healthy − zStd_control) at the end, per seed, mean, 95% t interval`

export const collapsedRule = (arm: string, source: string, extra: Partial<IntervalCriterion> = {}): IntervalCriterion =>
  greaterThan(COLLAPSE_FRACTION, { description: `${what(arm)}: collapsed`, source, ...extra })

export const notCollapsedRule = (arm: string, source: string, extra: Partial<IntervalCriterion> = {}): IntervalCriterion =>
  lessThan(COLLAPSE_FRACTION, { description: `${what(arm)}: not collapsed`, source, ...extra })

/** end zStd / initial zStd per seed, as an interval of the mean. */
export const zStdRetained = (runs: ReadonlyArray<ArmRun>): IntervalMeasure =>
  meanMeasure(runs[0]?.arm ?? "arm", runs.map((r) => endOf("zStd")(r) / initialRecord(r).zStd), { range: [0, Number.POSITIVE_INFINITY] })

/** The collapse fraction of `arm` between `healthy` (0) and `control` (1), paired by seed. */
export const collapseFraction = (arm: ReadonlyArray<ArmRun>, healthy: ReadonlyArray<ArmRun>, control: ReadonlyArray<ArmRun>): IntervalMeasure => {
  const z = endOf("zStd")
  return meanMeasure(arm[0]?.arm ?? "arm", arm.map((r, i) => {
    const h = z(healthy[i]!), c = z(control[i]!)
    if (healthy[i]!.seed !== r.seed || control[i]!.seed !== r.seed) throw new RangeError(`collapseFraction pairs runs by seed (got ${r.seed}, ${healthy[i]!.seed}, ${control[i]!.seed})`)
    return (h - z(r)) / (h - c)
  }))
}

/** The controls' measurements, keyed as the two precondition rules above are named in a claim. */
export const controlMeasures = (healthy: ReadonlyArray<ArmRun>, control: ReadonlyArray<ArmRun>) => ({
  controlCollapses: zStdRetained(control),
  healthyHealthy: zStdRetained(healthy),
})

/** The two precondition rules, to spread into a claim's criteria. */
export const controlRules = { controlCollapses: controlCollapsesRule, healthyHealthy: healthyHealthyRule } as const
