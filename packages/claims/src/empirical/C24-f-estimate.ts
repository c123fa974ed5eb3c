/**
 * C24 — the way F is estimated matters little: "Different ways to estimate F (moving average or simple
 * average) yield only small differences." No numbers are reported.
 *
 * Arms: the paper's best DirectPred (F̂ as a moving average, ρ 0.3) and the same with the code's
 * `dyn_lambda=null` (F̂ as the cumulative simple average of the batch correlations).
 * Verdict rule — "small differences" as an equivalence test on the 95% Welch interval of probe(simple) −
 * probe(moving), points, with a margin of ±1 point: pass when the interval lies inside (−1, 1), fail when it
 * lies wholly outside. The paper gives no margin; ±1 point is ours, argued from the paper's own scale of
 * "small": ρ 0.3 vs 0.5 changes Table 6 by ≤ 0.35 points, and the reproduction calls DirectPred, its freq-5
 * variant and SGD "comparable" within 1% (docs/paper/claims.md#c28). An accuracy criterion behind the accuracy
 * gate (reference: the moving-average DirectPred): `not judged` at ci where the gate closes. Reported beside
 * them: the collapse metrics of both.
 */
import { Effect } from "effect"
import { defineClaim } from "../harness/Claim.ts"
import { within } from "../harness/Rule.ts"
import { accuracyGateMeasure, accuracyGateRule } from "./accuracyGate.ts"
import { accuracyPlot, overTimePlot } from "./armPlots.ts"
import { armInfo, armSummaries, collapseComparison, probeDifference, runIdsOf } from "./armEvidence.ts"
import { directPred, directPredSimpleAverage } from "./arms.ts"
import { armsPlans, notAtCpuLong } from "./tierPlans.ts"
import { trainArms } from "./trainArm.ts"

const margin = "±1 point: ours (the paper gives none): Table 6's ρ effect ≤ 0.35 points, and the reproduction's \"comparable … differ by at most 1%\""

export const C24 = defineClaim({
  id: "C24",
  title: "Moving-average vs simple-average estimates of F make little difference",
  statement: "\"Different ways to estimate F (moving average or simple average) yield only small differences.\" No numbers are reported.",
  where: "Sec. 5, DirectPred's description (docs/paper/claims.md#c24, docs/paper/original-code.md#config-defaults)",
  quantity:
    "Fashion-MNIST, MLP encoder: probe accuracy (points) of DirectPred with F̂ as the ρ = 0.3 moving average and as the cumulative simple average, same seeds, " +
    "95% Welch interval of the difference against ±1 point; the accuracy gate; for information zStd and effective rank of both",
  corrections: ["docs/paper/model.md#typos item 7: DirectPred follows the code, p_j = sqrt(max(s_j,0)/max s) + ε"],
  reported: "no numbers: \"only small differences\" (Sec. 5)",
  criteria: {
    accuracyGate: accuracyGateRule("DirectPred with the moving-average F̂ (ρ 0.3)"),
    smallDifference: within(1, {
      description: "probe accuracy of DirectPred with the simple-average F̂ minus the moving-average F̂ (points), 95% Welch interval",
      gatedBy: "accuracyGate",
      source: `docs/paper/claims.md#c24 ("only small differences"); margin ${margin}`,
    }),
  },
  notRun: notAtCpuLong.ablation,
  tiers: armsPlans({ moving: directPred, simple: directPredSimpleAverage }),
  run: (plan, tier) =>
    Effect.gen(function*() {
      const { moving, simple } = yield* trainArms(tier, plan.config.arms, plan.seeds, { claim: "C24" })
      const d = probeDifference(simple, moving)
      return {
        measured: { accuracyGate: accuracyGateMeasure(moving), smallDifference: d },
        info: { ...collapseComparison(simple, moving), ...armInfo(moving), ...armInfo(simple) },
        runIds: runIdsOf(moving, simple),
        arms: armSummaries(moving, simple),
        plots: [
          accuracyPlot("C24-accuracy", "C24: probe accuracy, moving vs simple average F̂", [moving, simple]),
          overTimePlot("C24-effective-rank", "C24: effective rank of F̂ over training", "effective rank", [moving, simple], (r) => r.effectiveRank),
        ],
      }
    }),
})
