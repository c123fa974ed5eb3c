/**
 * C29 ([Re], CIFAR-10, 100 epochs) — DirectPred outperforms its one-layer SGD alternative, with EMA (84.7 vs
 * 83.3) and without (78.6 vs 77.8); models with EMA outperform models without EMA in every setting; DirectPred
 * does not outperform BYOL with a 2-layer predictor (84.2 regular / 85.7 symmetric); DirectPred5 (84.1) does not
 * increase performance at 100 epochs.
 *
 * The rules test each sentence on the 95% Welch interval of a probe-accuracy difference (points), with [Re]'s
 * own difference reported beside ours (docs/paper/claims.md#c29):
 *   - "outperforms" (DirectPred − SGD, with and without EMA; EMA − no EMA for SGD and for DirectPred):
 *     superiority, above 0 passes, below 0 fails.
 *   - "does not outperform" (DirectPred − 2-layer) and "does not increase performance" (freq 5 − freq 1):
 *     lessThan(0.5), i.e. not better by half a point (a tolerance the size of the reproduction's single-run
 *     differences it calls "comparable", docs/paper/scale.md#margins). The 2-layer arm compared is the TIED
 *     symmetric one ([Re]'s 85.7, W1 = W2ᵀ as the original code ties them): against the regular 2-layer arm
 *     (84.2) [Re]'s own numbers (+0.5) would not pass the rule, so that comparison is reported only.
 * "Every setting" is checked on the two one-layer settings this claim trains (SGD and DirectPred); [Re]'s
 * 2-layer setting (BYOL 84.2 vs SimSiam 79.4) belongs to C14/C30. "No EMA" is the SimSiam target (the code's
 * m = 0). All criteria are accuracy criteria behind the sanity gate (reference: the SGD-trained linear
 * predictor with EMA) — `inconclusive` at ci, where the gate closes. Reported beside them: DirectPred's
 * alignment (1 by construction) and the collapse metrics with and without EMA.
 * Caveat (docs/paper/reproduction.md#re-caveats): [Re]'s "DirectPred, no EMA = 78.6" may come from a config that silently trained a plain
 * SGD predictor (`get_simsiam_pred` sets name='SimSiam'); our no-EMA DirectPred arm is a real DirectPred.
 */
import { Effect } from "effect"
import { defineClaim } from "../harness/Claim.ts"
import { lessThan, superiority } from "../harness/Rule.ts"
import { armSummaries, intervalInfo } from "./armEvidence.ts"
import { accuracyGateMeasure, accuracyGateRule } from "./accuracyGate.ts"
import { accuracyPlot, overTimePlot } from "./armPlots.ts"
import { armInfo, collapseComparison, probeDifference, runIdsOf } from "./armEvidence.ts"
import { directPred, directPredFreq5, directPredNoEma, sgdLinear, sgdLinearNoEma, twoLayer, twoLayerSym } from "./arms.ts"
import { armsPlans } from "./tierPlans.ts"
import { trainArms } from "./trainArm.ts"

/** [Re] Tables 1 and 2 (docs/paper/reproduction.md#re-table-1, docs/paper/reproduction.md#re-table-2), CIFAR-10, ResNet-18, 100 epochs, single runs. */
export const reTables = {
  "one-layer, EMA: SGD baseline, DirectPred, DirectPred 5": [83.3, 84.7, 84.1],
  "one-layer, no EMA: SGD baseline, DirectPred": [77.8, 78.6],
  "2-layer: EMA symmetric, EMA regular, no EMA symmetric, no EMA regular": [85.7, 84.2, 20.3, 79.4],
} as const

const gated = { gatedBy: "accuracyGate" } as const
const outperforms = (what: string, re: string, paper: number) => superiority({
  description: `probe accuracy of ${what} (points), 95% Welch interval`, ...gated,
  paper: { value: paper, where: `[Re] CIFAR-10, 100 epochs: ${re}` },
  source: `docs/paper/claims.md#c29 ("outperforms"; [Re] ${re})`,
})
const notAbove = (what: string, re: string, paper: number) => lessThan(0.5, {
  description: `probe accuracy of ${what} (points), 95% Welch interval`, ...gated,
  paper: { value: paper, where: `[Re] CIFAR-10, 100 epochs: ${re}` },
  source: `docs/paper/claims.md#c29 ([Re] ${re}); not better by more than 0.5 points (docs/paper/scale.md#margins)`,
})


export const C29 = defineClaim({
  id: "C29",
  title: "[Re] DirectPred > one-layer SGD predictor, EMA > no EMA; not > 2-layer; freq 5 no gain",
  statement:
    "[Re] (CIFAR-10, ResNet-18, 100 epochs; here Fashion-MNIST, MLP encoder at ci, small CNN at cpu-long): DirectPred outperforms its one-layer SGD alternative, with EMA 84.7 vs 83.3 and without " +
    "EMA 78.6 vs 77.8; models with EMA outperform models without EMA in every setting; DirectPred does not outperform BYOL with a " +
    "2-layer predictor (84.2 regular / 85.7 symmetric); DirectPred5 (84.1) does not increase performance at 100 epochs.",
  where: "[Re] Sec. 4, Tables 1–2 (docs/paper/claims.md#c29, docs/paper/reproduction.md#re-table-2, docs/paper/reproduction.md#re-caveats)",
  quantity:
    "probe accuracy (points) of the SGD-trained linear predictor and DirectPred (ρ 0.3, ε 0.1), each with and without EMA, DirectPred " +
    "freq 5, and BYOL's 2-layer predictor, same seeds; 95% Welch intervals of six differences; the accuracy gate; for information " +
    "the collapse metrics",
  corrections: ["docs/paper/model.md#typos item 7: DirectPred follows the code, p_j = sqrt(max(s_j,0)/max s) + ε"],
  reported: reTables,
  criteria: {
    accuracyGate: accuracyGateRule("the SGD-trained linear predictor with EMA (BYOL)"),
    dpVsSgdEma: outperforms("DirectPred minus the SGD linear predictor, both with EMA", "84.7 − 83.3", 84.7 - 83.3),
    dpVsSgdNoEma: outperforms("DirectPred minus the SGD linear predictor, both without EMA", "78.6 − 77.8", 78.6 - 77.8),
    emaVsNoEmaSgd: outperforms("the SGD linear predictor with EMA minus without EMA", "83.3 − 77.8", 83.3 - 77.8),
    emaVsNoEmaDp: outperforms("DirectPred with EMA minus without EMA", "84.7 − 78.6", 84.7 - 78.6),
    dpVsTwoLayer: notAbove("DirectPred minus BYOL's tied-symmetric 2-layer predictor (both with EMA)", "84.7 − 85.7 (symmetric)", 84.7 - 85.7),
    freq5VsFreq1: notAbove("DirectPred freq 5 minus freq 1", "84.1 − 84.7", 84.1 - 84.7),
  },
  tiers: armsPlans({ sgd: sgdLinear, dp: directPred, sgdNoEma: sgdLinearNoEma, dpNoEma: directPredNoEma, twoLayerSym, dp5: directPredFreq5 }, { twoLayer }),
  run: (plan, tier) =>
    Effect.gen(function*() {
      const { sgd, dp, sgdNoEma, dpNoEma, twoLayerSym: twoSym, dp5 } = yield* trainArms(tier, plan.config.arms, plan.seeds, { claim: "C29" })
      const twoLayer = (yield* trainArms(tier, plan.config.infoArms, plan.seeds, { claim: "C29" }))["twoLayer"]
      return {
        measured: {
          accuracyGate: accuracyGateMeasure(sgd),
          dpVsSgdEma: probeDifference(dp, sgd),
          dpVsSgdNoEma: probeDifference(dpNoEma, sgdNoEma),
          emaVsNoEmaSgd: probeDifference(sgd, sgdNoEma),
          emaVsNoEmaDp: probeDifference(dp, dpNoEma),
          dpVsTwoLayer: probeDifference(dp, twoSym),
          freq5VsFreq1: probeDifference(dp5, dp),
        },
        info: {
          "DirectPred alignment": "1 by construction (W_p is set from F̂'s eigenvectors after every step, with and without EMA)",
          ...(twoLayer === undefined ? {} : { "DirectPred − regular 2-layer: probe (points), [estimate, 95% interval] ([Re]: 84.7 − 84.2)": intervalInfo(probeDifference(dp, twoLayer)) }),
          ...collapseComparison(sgd, sgdNoEma),
          ...collapseComparison(dp, dpNoEma),
          ...collapseComparison(dp, sgd),
          ...armInfo(sgd), ...armInfo(dp), ...armInfo(sgdNoEma), ...armInfo(dpNoEma), ...(twoLayer === undefined ? {} : armInfo(twoLayer)), ...armInfo(twoSym), ...armInfo(dp5),
          "[Re] EMA: SGD, DirectPred, DirectPred5, 2-layer (regular)": [83.3, 84.7, 84.1, 84.2],
          "[Re] no EMA: SGD, DirectPred": [77.8, 78.6],
        },
        runIds: runIdsOf(sgd, dp, sgdNoEma, dpNoEma, twoLayer, twoSym, dp5),
        arms: armSummaries(sgd, dp, sgdNoEma, dpNoEma, twoLayer, twoSym, dp5),
        plots: [
          accuracyPlot("C29-accuracy", "C29: probe accuracy per method, with and without EMA", [sgd, dp, dp5, twoSym, ...(twoLayer === undefined ? [] : [twoLayer]), sgdNoEma, dpNoEma]),
          overTimePlot("C29-zstd", "C29: zStd over training, with and without EMA", "zStd (×√d)", [sgd, sgdNoEma, dp, dpNoEma], (r) => r.zStd),
          overTimePlot("C29-effective-rank", "C29: effective rank of F̂ over training, with and without EMA", "effective rank", [sgd, sgdNoEma, dp, dpNoEma], (r) => r.effectiveRank),
        ],
      }
    }),
})
