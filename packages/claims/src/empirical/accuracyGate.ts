/**
 * The accuracy sanity gate: before any ACCURACY-based verdict, the reference method's probe must
 * beat the random-encoder floor with the 95% Welch interval of (probe − floor) above zero at that tier. If it
 * does not, the accuracy criteria say nothing — "evaluation not discriminative at this scale" — never pass or
 * fail. At CPU-minute scale on Fashion-MNIST this gate is expected to close (measured here: a
 * 100-second BYOL MLP probe 0.805 vs floor 0.823), so the ci tier judges mechanisms and reports accuracies.
 *
 * Use: a criterion `accuracyGate: accuracyGateRule(...)` (a precondition), the accuracy criteria with
 * `gatedBy: "accuracyGate"`, and `measured.accuracyGate = accuracyGateMeasure(referenceRuns)`.
 */
import { greaterThan, type IntervalCriterion } from "../harness/Rule.ts"
import type { IntervalMeasure } from "../harness/Verdict.ts"
import { differenceMeasure, differenceRange, type Range } from "./intervals.ts"
import type { ArmRun } from "./trainArm.ts"

/** Accuracies are in [0, 100] points; their differences in [−100, 100]. */
export const ACCURACY: Range = [0, 100]
export const ACCURACY_DIFFERENCE: Range = differenceRange(ACCURACY)

export const NOT_DISCRIMINATIVE = "evaluation not discriminative at this scale"

/** Linear-probe accuracy (final epoch, as reported by `ssl train`) in points. */
export const probePoints = (r: ArmRun): number => 100 * r.results.probe.final
/** The random-encoder floor's probe accuracy (final epoch) in points: same seed, architecture and eval spec. */
export const floorPoints = (r: ArmRun): number => 100 * r.results.randomEncoderProbe
/** kNN accuracy in points. */
export const knnPoints = (r: ArmRun): number => 100 * r.results.knn
export const floorKnnPoints = (r: ArmRun): number => 100 * r.results.evaluation.randomEncoder.knn

/** The gate's rule: a precondition on the interval of (reference probe − floor), lower bound > 0. */
export const accuracyGateRule = (reference: string): IntervalCriterion => greaterThan(0, {
  description: `linear-probe accuracy of ${reference} minus the random-encoder floor (points, final probe epoch, same seeds), 95% Welch interval`,
  role: "precondition",
  missReason: NOT_DISCRIMINATIVE,
  aspect: "accuracy",
  source: "docs/paper/scale.md#controls: accuracy verdicts need the reference probe significantly above the random-encoder floor at the tier",
})

/** The gate's measurement: reference probe vs floor over the reference's seeds. */
export const accuracyGateMeasure = (reference: ReadonlyArray<ArmRun>, name = reference[0]?.arm ?? "reference"): IntervalMeasure =>
  differenceMeasure({ name, values: reference.map(probePoints) }, { name: "random-encoder floor", values: reference.map(floorPoints) }, { range: ACCURACY_DIFFERENCE })
