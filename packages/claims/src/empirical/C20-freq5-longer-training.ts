/**
 * C20 — DirectPred stays good in longer training, and the freq = 5 hybrid (eigen-construction every 5
 * minibatches, SGD on W_p in between) is best at 300/500 epochs on STL-10 (Table 8).
 *
 * The epoch counts are infeasible on a CPU; the proxy (docs/paper/claims.md#c20): DirectPred with freq 1 and
 * freq 5 against the SGD-trained linear predictor at the tier's length. The paper's direction is "better", so
 * each variant is a superiority test on (variant − SGD) probe accuracy (points, 95% Welch interval): above 0
 * passes, below 0 fails. Table 8's 100-epoch STL-10 effects (+2.80 and +2.48 points) are reported beside ours
 * with the seeds that would resolve them. No ordering between freq 1 and 5 is claimed at 100 epochs. Both are
 * behind the accuracy gate.
 *
 * Mechanism reported at every tier (information): with freq 5 the alignment is no longer 1 by construction —
 * the trainer records every logEvery (a multiple of 5) steps, i.e. 4 SGD steps after the last eigen-construction
 * (step index ≡ 4 mod 5), so the measured alignment and asymmetry show how far SGD moves W_p off F̂'s
 * eigenbasis in between (the paper's suggested reason: F̂ is inaccurate and SGD corrects it).
 */
import { Effect } from "effect"
import { defineClaim } from "../harness/Claim.ts"
import { superiority } from "../harness/Rule.ts"
import { accuracyGateMeasure, accuracyGateRule } from "./accuracyGate.ts"
import { accuracyPlot, overTimePlot } from "./armPlots.ts"
import { armDifference, armInfo, armSummaries, collapseComparison, endOf, intervalInfo, pm, probeDifference, runIdsOf } from "./armEvidence.ts"
import { directPred, directPredFreq5, sgdLinear } from "./arms.ts"
import { armsPlans } from "./tierPlans.ts"
import { trainArms } from "./trainArm.ts"

/** Table 8 (docs/paper/tables.md#table-8): ρ 0.3, ε 0.1, EMA; mean ± std over 5 seeds at 100 / 300 / 500 epochs. */
export const table8 = {
  "STL-10 DirectPred, 100/300/500 ep": `${pm(77.86, 0.16)} / ${pm(78.77, 0.97)} / ${pm(78.86, 1.15)}`,
  "STL-10 DirectPred freq 5, 100/300/500 ep": `${pm(77.54, 0.11)} / ${pm(79.90, 0.66)} / ${pm(80.28, 0.62)}`,
  "STL-10 SGD baseline, 100/300/500 ep": `${pm(75.06, 0.52)} / ${pm(75.25, 0.74)} / ${pm(75.25, 0.74)}`,
  "CIFAR-10 DirectPred, 100/300/500 ep": `${pm(85.21, 0.23)} / ${pm(88.88, 0.15)} / ${pm(89.52, 0.04)}`,
  "CIFAR-10 DirectPred freq 5, 100/300/500 ep": `${pm(84.93, 0.29)} / ${pm(88.83, 0.10)} / ${pm(89.56, 0.13)}`,
  "CIFAR-10 SGD baseline, 100/300/500 ep": `${pm(84.49, 0.20)} / ${pm(88.57, 0.15)} / ${pm(89.33, 0.27)}`,
  "[Re] CIFAR-10 100 ep: DirectPred, DirectPred5, SGD": [84.7, 84.1, 83.3],
} as const

const variantRule = (variant: string, table: string, paper: number) => superiority({
  description: `probe accuracy of ${variant} minus the SGD-trained linear predictor (points), 95% Welch interval`,
  gatedBy: "accuracyGate",
  paper: { value: paper, where: `Table 8, STL-10, 100 epochs: ${table}` },
  source: `docs/paper/claims.md#c20: DirectPred and its freq = 5 hybrid do better than the SGD-trained linear predictor`,
})

export const C20 = defineClaim({
  id: "C20",
  title: "DirectPred and its freq = 5 hybrid beat the SGD linear predictor in longer training (Table 8)",
  statement:
    "With ρ 0.3, ε 0.1 and EMA, DirectPred stays good over 300 and 500 epochs; freq = 5 (eigendecomposition every 5 minibatches, SGD " +
    "in between) is best at 300/500 epochs on STL-10, 79.90 ± 0.66 / 80.28 ± 0.62 against SGD's 75.25 ± 0.74; on CIFAR-10 DirectPred " +
    "gets 85.21 / 88.88 / 89.52 vs SGD 84.49 / 88.57 / 89.33 (100 / 300 / 500 epochs). [Re] (CIFAR-10, 100 epochs): DirectPred 84.7, " +
    "DirectPred5 84.1, SGD 83.3.",
  where: "Sec. 5; Table 8 (docs/paper/claims.md#c20, docs/paper/tables.md#table-8, docs/paper/reproduction.md#re-table-2)",
  quantity:
    "Fashion-MNIST, MLP encoder (ci) / small CNN (cpu-long): linear-probe accuracy (points, final probe epoch) of DirectPred freq 1 and freq 5 (ρ 0.3, ε 0.1) and of the SGD-trained linear " +
    "predictor, same seeds, at the tier's training length; 95% Welch intervals of the differences; the accuracy gate; and, for " +
    "information, alignment/asymmetry of the freq-5 predictor between eigen-constructions and the collapse metrics",
  corrections: [
    "docs/paper/model.md#typos item 6: Table 8's STL-10 SGD baseline repeats 75.25 ± 0.74 at 300 and 500 epochs (probably a copy error); only the 100-epoch proxy is tested",
    "docs/paper/model.md#typos item 7: DirectPred follows the code, p_j = sqrt(max(s_j,0)/max s) + ε",
  ],
  reported: table8,
  criteria: {
    accuracyGate: accuracyGateRule("the SGD-trained linear predictor (BYOL)"),
    freq1VsSgd: variantRule("DirectPred (freq 1)", "77.86 − 75.06 (CIFAR-10: 85.21 − 84.49)", 77.86 - 75.06),
    freq5VsSgd: variantRule("DirectPred (freq 5)", "77.54 − 75.06 (CIFAR-10: 84.93 − 84.49)", 77.54 - 75.06),
  },
  tiers: armsPlans({ sgd: sgdLinear, dp: directPred, dp5: directPredFreq5 }),
  run: (plan, tier) =>
    Effect.gen(function*() {
      const { sgd, dp, dp5 } = yield* trainArms(tier, plan.config.arms, plan.seeds, { claim: "C20" })
      return {
        measured: {
          accuracyGate: accuracyGateMeasure(sgd),
          freq1VsSgd: probeDifference(dp, sgd),
          freq5VsSgd: probeDifference(dp5, sgd),
        },
        info: {
          "directpred-freq5 − directpred: probe (points), [estimate, 95% interval] (no ordering claimed)": intervalInfo(probeDifference(dp5, dp)),
          "directpred-freq5 − sgd-linear: alignment at the end, [estimate, 95% interval]": intervalInfo(armDifference(dp5, sgd, endOf("alignment"))),
          ...collapseComparison(dp, sgd),
          ...collapseComparison(dp5, sgd),
          ...armInfo(sgd), ...armInfo(dp), ...armInfo(dp5),
          "paper (Table 8, CIFAR-10, 100 ep): DirectPred, freq 5, SGD": [85.21, 84.93, 84.49],
          "paper (Table 8, STL-10, 100 ep): DirectPred, freq 5, SGD": [77.86, 77.54, 75.06],
        },
        runIds: runIdsOf(sgd, dp, dp5),
        arms: armSummaries(sgd, dp, dp5),
        plots: [
          accuracyPlot("C20-accuracy", "C20: probe accuracy, DirectPred freq 1 / freq 5 vs SGD", [sgd, dp, dp5]),
          overTimePlot("C20-alignment", "C20: alignment over training (freq 5 measured 4 SGD steps after an eigen-construction)", "median cos(u_j, W_p u_j)", [sgd, dp, dp5], (r) => r.alignment),
          overTimePlot("C20-asymmetry", "C20: asymmetry of W_p over training", "‖W_p − W_pᵀ‖_F / ‖W_p‖_F", [sgd, dp, dp5], (r) => r.asymmetry),
          overTimePlot("C20-effective-rank", "C20: effective rank of F̂ over training", "effective rank", [sgd, dp, dp5], (r) => r.effectiveRank),
        ],
      }
    }),
})
