/**
 * The collapse rules of the mechanistic claims, as interval rules on the end-of-run collapse metric
 * (zStd: the std over the batch of l2-normalised projector outputs × √d, ≈ 1 healthy, → 0 collapsed;
 * PAPER.md §2.3), mean over seeds with its 95% t interval: "collapsed" passes when the whole interval is below
 * the threshold and fails when the whole interval is above it; "not collapsed" the other way round.
 */
import { type IntervalCriterion, type IntervalMeasure, intervalRule } from "../harness/Verdict.ts"
import { endOf } from "./armEvidence.ts"
import { meanMeasure } from "./intervals.ts"
import type { ArmRun } from "./trainArm.ts"

/** PAPER.md §2.2 C14's CPU test: collapse metric < 0.3. */
export const COLLAPSE_ZSTD = 0.3

const what = (arm: string) => `zStd of ${arm} at the end of the run (mean of the last 3 records), mean over seeds, 95% t interval`

export const collapsedRule = (arm: string, source: string, threshold = COLLAPSE_ZSTD, extra: Partial<IntervalCriterion> = {}): IntervalCriterion =>
  intervalRule({ description: `${what(arm)}: collapsed`, pass: { upperBelow: threshold }, fail: { lowerAbove: threshold }, source, ...extra })

export const notCollapsedRule = (arm: string, source: string, threshold = COLLAPSE_ZSTD, extra: Partial<IntervalCriterion> = {}): IntervalCriterion =>
  intervalRule({ description: `${what(arm)}: not collapsed`, pass: { lowerAbove: threshold }, fail: { upperBelow: threshold }, source, ...extra })

/** The end-of-run zStd over seeds, as an interval measure. */
export const endZStd = (runs: ReadonlyArray<ArmRun>): IntervalMeasure => meanMeasure(runs[0]?.arm ?? "arm", runs.map(endOf("zStd")))
