/**
 * C25 — the predictor and the stop-gradient are essential (introduction, citing BYOL/SimSiam; theory C3, C12):
 * (a) no predictor (W_p = I) with the stop-gradient, (b) a trained predictor without the stop-gradient
 * (W_a = W, gradient through the target) both collapse.
 *
 * (a) is judged without EMA (the target is the online network under stop-gradient: SimSiam's ablation, and the
 * W_a = W case of Theorem 2's remark, C3). BYOL's form (EMA 0.99 target, W_p = I) is reported beside it: its
 * collapse is slowed by the EMA — at ci it does not collapse within the run (zStd ≈ 0.45 after 240 steps, and
 * still ≈ 0.38 after 1000 steps in a trial run) — so it is a finding about time scales, not the judged arm.
 *
 * Criteria (docs/paper/claims.md#c25): for each of (a), (b), the collapse metric is < 0.2 of the healthy run's
 * (BYOL, the shared baseline; per-seed ratio of end-of-run zStd, same seed; lessThan(0.2)) — and its probe
 * accuracy is equivalent to the random-encoder floor within ±3 points (an equivalence test, behind the accuracy
 * gate: a collapsed encoder carries no more than a random one). The healthy reference must itself not collapse
 * (a precondition, collapse.ts).
 */
import { Effect } from "effect"
import { defineClaim } from "../harness/Claim.ts"
import { type IntervalCriterion, lessThan, within } from "../harness/Rule.ts"
import { healthyHealthyRule, zStdRetained } from "./collapse.ts"
import { ACCURACY_DIFFERENCE, accuracyGateMeasure, accuracyGateRule, floorPoints, probePoints } from "./accuracyGate.ts"
import { armInfo, armSummaries, endOf, runIdsOf } from "./armEvidence.ts"
import { sgdLinear } from "./arms.ts"
import { differenceMeasure, meanMeasure } from "./intervals.ts"
import { noPredictor, noPredictorEma, noStopGradient } from "./mechanisticArms.ts"
import { sig } from "./series.ts"
import { armsPlans, notAtCpuLong } from "./tierPlans.ts"
import type { ArmRun } from "./trainArm.ts"
import { trainArms } from "./trainArm.ts"
import { accuracyPlot, overTimePlot } from "./armPlots.ts"

const src = "docs/paper/claims.md#c25"

const ratioRule = (what: string): IntervalCriterion => lessThan(0.2, {
  description: `end-of-run zStd of ${what} / zStd of the healthy BYOL run (same seed), mean over seeds, 95% t interval`,
  source: `${src}: both collapse — the collapse metric is < 0.2 of the healthy run`,
})
const nearFloor = (what: string): IntervalCriterion => within(3, {
  description: `probe accuracy of ${what} minus its random-encoder floor (points), 95% Welch interval`,
  gatedBy: "accuracyGate",
  source: `${src}: probe accuracy close to that of a randomly initialised frozen encoder, ±3 points`,
})

const zRatio = (arm: ReadonlyArray<ArmRun>, healthy: ReadonlyArray<ArmRun>) =>
  meanMeasure(arm[0]?.arm ?? "arm", arm.map((r, i) => endOf("zStd")(r) / endOf("zStd")(healthy[i]!)))
const vsFloor = (arm: ReadonlyArray<ArmRun>) =>
  differenceMeasure({ name: arm[0]?.arm ?? "arm", values: arm.map(probePoints) }, { name: "random-encoder floor", values: arm.map(floorPoints) }, { range: ACCURACY_DIFFERENCE })

export const C25 = defineClaim({
  id: "C25",
  title: "Without the predictor or without the stop-gradient, training collapses",
  statement:
    "Both the predictor and the stop-gradient are essential: removing either makes the representation collapse (introduction, citing " +
    "BYOL and SimSiam; theory: Theorem 2 and its remark, C3; Appendix D, C12).",
  reported: "no numbers in this paper (it cites BYOL and SimSiam); its theory: Theorem 2 and the no-predictor remark (C3), Appendix D.3 (C12)",
  where: "Sec. 1; Sec. 2 Theorem 2 (docs/paper/claims.md#c25, docs/paper/model.md#theorem-2)",
  quantity:
    "Fashion-MNIST, MLP encoder: per seed, end-of-run zStd of (a) no predictor and (b) no stop-gradient divided by the healthy BYOL run's; probe − random-encoder " +
    "floor (points) of each, behind the accuracy gate",
  corrections: [],
  criteria: {
    accuracyGate: accuracyGateRule("the SGD-trained linear predictor (BYOL)"),
    noPredictorCollapse: ratioRule("(a) no predictor (W_p = I, stop-gradient, no EMA)"),
    noStopGradientCollapse: ratioRule("(b) no stop-gradient (trained linear W_p, W_a = W)"),
    healthyHealthy: healthyHealthyRule,
    noPredictorAtFloor: nearFloor("(a) no predictor"),
    noStopGradientAtFloor: nearFloor("(b) no stop-gradient"),
  },
  notRun: notAtCpuLong.mechanistic,
  tiers: armsPlans({ healthy: sgdLinear, noPred: noPredictor, noSg: noStopGradient }, { noPredEma: noPredictorEma }),
  run: (plan, tier) =>
    Effect.gen(function*() {
      const { healthy, noPred, noSg } = yield* trainArms(tier, plan.config.arms, plan.seeds, { claim: "C25" })
      const extra = yield* trainArms(tier, plan.config.infoArms, plan.seeds, { claim: "C25" })
      const ema = extra["noPredEma"]
      const a = vsFloor(noPred), b = vsFloor(noSg)
      return {
        measured: {
          accuracyGate: accuracyGateMeasure(healthy),
          noPredictorCollapse: zRatio(noPred, healthy),
          noStopGradientCollapse: zRatio(noSg, healthy),
          healthyHealthy: zStdRetained(healthy),
          noPredictorAtFloor: a,
          noStopGradientAtFloor: b,
        },
        info: {
          ...(ema === undefined ? {} : {
            "BYOL form of (a) (EMA 0.99, W_p = I): zStd ratio to healthy per seed (reported, not judged)": ema.map((r, i) => sig(endOf("zStd")(r) / endOf("zStd")(healthy[i]!), 3)),
            ...armInfo(ema),
          }),
          ...armInfo(healthy), ...armInfo(noPred), ...armInfo(noSg),
        },
        runIds: runIdsOf(healthy, noPred, noSg, ema),
        arms: armSummaries(healthy, noPred, noSg, ema),
        plots: [
          overTimePlot("C25-zstd", "C25: zStd over training without the predictor or the stop-gradient", "zStd (×√d)", [healthy, noPred, noSg, ...(ema === undefined ? [] : [ema])], (r) => r.zStd),
          accuracyPlot("C25-accuracy", "C25: probe accuracy without the predictor or the stop-gradient", [healthy, noPred, noSg]),
        ],
      }
    }),
})
