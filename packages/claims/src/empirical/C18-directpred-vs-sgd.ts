/**
 * C18 — DirectPred (W_p set from F̂'s eigendecomposition, PAPER.md §3.2) does at least as well as the linear
 * predictor trained by SGD; ε = 0.1 is the best ε, ε = 0.5 hurts (Table 6).
 *
 * Verdict rule (PAPER.md §2.2 C18 "CPU test", kept soft as it asks): accuracy = the linear probe of the frozen
 * encoder (points, final probe epoch — the original code reports the test-selected best epoch, which is
 * optimistic; §5.1), 3 seeds, 95% Welch interval of each difference.
 *   - DirectPred(ε 0.1) − SGD: lower bound > −0.5 ⇒ pass; upper bound < −0.5 ⇒ fail ("≥ SGD − 0.5 points").
 *   - DirectPred(ε 0.5) − DirectPred(ε 0.1): upper bound < 0.5 ⇒ pass; lower bound > 0.5 ⇒ fail ("ε = 0.5 ≤ ε = 0.1 + 0.5").
 * Both are accuracy criteria, so both sit behind the sanity gate (SGD's probe above the random-encoder floor):
 * at ci (CPU seconds, Fashion-MNIST MLP) the gate is expected to close ⇒ `inconclusive`, "evaluation not
 * discriminative at this scale"; they can open at cpu-long and on the GPU tiers.
 *
 * What ci does measure (information, not a verdict): DirectPred's eigenspace alignment is 1 BY CONSTRUCTION
 * (W_p = Q diag(p) Qᵀ with Q = F̂'s eigenvectors, set after every step with freq 1, and the trainer records
 * after that step), so its measured alignment checks the engine rather than the claim; its collapse metrics
 * (zStd, effective rank of F̂) against SGD's, with intervals; and the ε = 0 arm (Table 6's first column).
 */
import { Effect } from "effect"
import { defineClaim } from "../harness/Claim.ts"
import { intervalRule } from "../harness/Verdict.ts"
import { accuracyGateMeasure, accuracyGateRule } from "./accuracyGate.ts"
import { accuracyPlot, eigenvaluesPlot, overTimePlot } from "./armPlots.ts"
import { armInfo, collapseComparison, intervalInfo, pm, probeDifference, runIdsOf } from "./armEvidence.ts"
import { directPred, directPredEps0, directPredEps05, sgdLinear } from "./arms.ts"
import { sig, tailMean } from "./series.ts"
import { armsPlans } from "./tierPlans.ts"
import { trainArms } from "./trainArm.ts"

/** Table 6 (PAPER.md §4.1), STL-10, 100 epochs, EMA, no predictor bias; SGD linear from Table 3. */
export const table6 = {
  "ρ 0.3, ε 0": pm(76.77, 0.24), "ρ 0.3, ε 0.01": pm(77.11, 0.35), "ρ 0.3, ε 0.1": pm(77.86, 0.16), "ρ 0.3, ε 0.5": pm(75.06, 1.10),
  "ρ 0.5, ε 0": pm(76.65, 0.20), "ρ 0.5, ε 0.01": pm(76.76, 0.33), "ρ 0.5, ε 0.1": pm(77.56, 0.25), "ρ 0.5, ε 0.5": pm(75.22, 0.81),
  "SGD linear (Table 3, regular W_p, EMA, no bias)": pm(74.51, 0.47),
} as const

const gate = accuracyGateRule("the SGD-trained linear predictor (BYOL)")

export const C18 = defineClaim({
  id: "C18",
  title: "DirectPred ≥ SGD-trained linear predictor; ε = 0.1 best, ε = 0.5 hurts (Table 6)",
  statement:
    "STL-10, 100 epochs, EMA, no predictor bias: DirectPred with ε = 0 gets 76.77 ± 0.24, better than the SGD-trained linear " +
    "predictor's 74.51 ± 0.47 (Table 3); ε = 0.1 is best, 77.86 ± 0.16 (ρ = 0.3) and 77.56 ± 0.25 (ρ = 0.5); ε = 0.5 hurts, " +
    "75.06 ± 1.10 / 75.22 ± 0.81; ρ has a small effect.",
  where: "Sec. 5; Table 6; Table 3 for SGD (PAPER.md §2.2 C18, §4.1 Tables 3 and 6)",
  quantity:
    "linear-probe accuracy (points, final probe epoch) of DirectPred (ρ 0.3, freq 1, ε ∈ {0.1, 0.5}; ε = 0 for information) and of the " +
    "SGD-trained linear predictor, same seeds: mean, std, 95% Welch interval of each difference; the accuracy gate (SGD probe − " +
    "random-encoder floor); and, for information, alignment, zStd and effective rank of F̂ at the end",
  corrections: [
    "§1.12 item 5: the text after Table 6 quotes 77.38%, but Table 6's best entry is 77.86 ± 0.16 (ρ 0.3, ε 0.1); we cite the table",
    "§1.12 item 7: DirectPred follows the code, p_j = sqrt(max(s_j,0)/max s) + ε, not Eqn. 18's sqrt(s_j) + ε·max s",
  ],
  reported: table6,
  criteria: {
    accuracyGate: gate,
    dpVsSgd: intervalRule({
      description: "probe accuracy of DirectPred (ρ 0.3, ε 0.1, freq 1) minus the SGD-trained linear predictor (points), 95% Welch interval",
      pass: { lowerAbove: -0.5 },
      fail: { upperBelow: -0.5 },
      gatedBy: "accuracyGate",
      source: "PAPER.md §2.2 C18 CPU test: mean(DirectPred ε = 0.1) ≥ mean(SGD) − 0.5 points (the paper's direction is \"better\"; soft at small scale)",
    }),
    eps05VsEps01: intervalRule({
      description: "probe accuracy of DirectPred ε 0.5 minus DirectPred ε 0.1 (points, ρ 0.3, freq 1), 95% Welch interval",
      pass: { upperBelow: 0.5 },
      fail: { lowerAbove: 0.5 },
      gatedBy: "accuracyGate",
      source: "PAPER.md §2.2 C18 CPU test: ε = 0.5 ≤ ε = 0.1 + 0.5 points (Table 6: 75.06 vs 77.86)",
    }),
  },
  tiers: armsPlans({ sgd: sgdLinear, dp: directPred, eps05: directPredEps05 }, { eps0: directPredEps0 }),
  run: (plan, tier) =>
    Effect.gen(function*() {
      const { sgd, dp, eps05 } = yield* trainArms(tier, plan.config.arms, plan.seeds, { claim: "C18" })
      const extra = yield* trainArms(tier, plan.config.infoArms, plan.seeds, { claim: "C18" })
      const eps0 = extra["eps0"]
      return {
        measured: {
          accuracyGate: accuracyGateMeasure(sgd),
          dpVsSgd: probeDifference(dp, sgd),
          eps05VsEps01: probeDifference(eps05, dp),
        },
        info: {
          "DirectPred alignment": "1 by construction: W_p = Q diag(p) Qᵀ from F̂'s eigenvectors Q after every step (freq 1); the measured value checks the engine",
          "directpred: alignment at the end (mean over seeds)": sig(dp.reduce((s, r) => s + tailMean(r, "alignment"), 0) / dp.length, 6),
          ...collapseComparison(dp, sgd),
          ...(eps0 === undefined ? {} : { "directpred-eps0 − sgd-linear: probe (points), [estimate, 95% interval]": intervalInfo(probeDifference(eps0, sgd)) }),
          ...armInfo(sgd), ...armInfo(dp), ...armInfo(eps05), ...(eps0 === undefined ? {} : armInfo(eps0)),
          "paper (Table 6, ρ 0.3): ε 0 / 0.1 / 0.5; SGD (Table 3)": [76.77, 77.86, 75.06, 74.51],
        },
        runIds: runIdsOf(sgd, dp, eps05, eps0),
        plots: [
          accuracyPlot("C18-accuracy", "C18: probe accuracy per predictor", [sgd, dp, eps05, ...(eps0 === undefined ? [] : [eps0])]),
          overTimePlot("C18-zstd", "C18: zStd over training", "zStd (×√d)", [sgd, dp, eps05], (r) => r.zStd),
          overTimePlot("C18-effective-rank", "C18: effective rank of F̂ over training", "effective rank", [sgd, dp, eps05], (r) => r.effectiveRank),
          overTimePlot("C18-alignment", "C18: alignment (median cos) over training — 1 by construction for DirectPred", "median cos(u_j, W_p u_j)", [sgd, dp], (r) => r.alignment),
          eigenvaluesPlot("C18-f-eigenvalues-directpred", "C18: eigenvalues of F̂ over training, DirectPred", dp[0]!, "fEigenvalues"),
          eigenvaluesPlot("C18-wp-eigenvalues-directpred", "C18: eigenvalues of W_p over training, DirectPred", dp[0]!, "wpEigenvalues"),
          eigenvaluesPlot("C18-wp-eigenvalues-sgd", "C18: eigenvalues of W_p over training, SGD-trained", sgd[0]!, "wpEigenvalues"),
        ],
      }
    }),
})
