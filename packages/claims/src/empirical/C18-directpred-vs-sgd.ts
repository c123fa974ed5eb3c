/**
 * C18 — DirectPred (W_p set from F̂'s eigendecomposition, docs/paper/original-code.md#directpred-algorithm) does better than the linear
 * predictor trained by SGD; ε = 0.1 is the best ε, ε = 0.5 hurts (Table 6).
 *
 * Verdict rules: accuracy = the linear probe of the frozen encoder (points, final probe epoch — the original
 * code reports the test-selected best epoch, which is optimistic: docs/paper/evaluation.md#original-protocol),
 * 95% Welch interval of each difference, both behind the accuracy gate:
 *   - DirectPred(ε 0.1) − SGD: superiority (the paper says "better"): above 0 passes, below 0 fails. Table 6/3's
 *     effect, 77.86 − 74.51 = +3.35 points, is reported beside ours with the seeds needed to resolve it.
 *   - DirectPred(ε 0.5) − DirectPred(ε 0.1): "ε = 0.5 hurts", below 0 passes, above 0 fails (Table 6: −2.80).
 * At ci the gate closes, so the claim is `not judged` there.
 *
 * What ci does measure (information, not a verdict): DirectPred's eigenspace alignment is 1 BY CONSTRUCTION
 * (W_p = Q diag(p) Qᵀ with Q = F̂'s eigenvectors, set after every step with freq 1, and the trainer records
 * after that step), so its measured alignment checks the engine rather than the claim; its collapse metrics
 * (zStd, effective rank of F̂) against SGD's, with intervals; and the ε = 0 arm (Table 6's first column).
 */
import { Effect } from "effect"
import { defineClaim } from "../harness/Claim.ts"
import { lessThan, superiority } from "../harness/Rule.ts"
import { accuracyGateMeasure, accuracyGateRule } from "./accuracyGate.ts"
import { accuracyPlot, eigenvaluesPlot, overTimePlot } from "./armPlots.ts"
import { armInfo, armSummaries, collapseComparison, intervalInfo, pm, probeDifference, runIdsOf } from "./armEvidence.ts"
import { directPred, directPredEps0, directPredEps05, sgdLinear } from "./arms.ts"
import { finalRecord, sig, tailMean } from "./series.ts"
import { armsPlans } from "./tierPlans.ts"
import { trainArms } from "./trainArm.ts"

/** Table 6 (docs/paper/tables.md#table-6), STL-10, 100 epochs, EMA, no predictor bias; SGD linear from Table 3. */
export const table6 = {
  "ρ 0.3, ε 0": pm(76.77, 0.24), "ρ 0.3, ε 0.01": pm(77.11, 0.35), "ρ 0.3, ε 0.1": pm(77.86, 0.16), "ρ 0.3, ε 0.5": pm(75.06, 1.10),
  "ρ 0.5, ε 0": pm(76.65, 0.20), "ρ 0.5, ε 0.01": pm(76.76, 0.33), "ρ 0.5, ε 0.1": pm(77.56, 0.25), "ρ 0.5, ε 0.5": pm(75.22, 0.81),
  "SGD linear (Table 3, regular W_p, EMA, no bias)": pm(74.51, 0.47),
} as const

const gate = accuracyGateRule("the SGD-trained linear predictor (BYOL)")

export const C18 = defineClaim({
  id: "C18",
  title: "DirectPred > SGD-trained linear predictor; ε = 0.1 best, ε = 0.5 hurts (Table 6)",
  statement:
    "STL-10, 100 epochs, EMA, no predictor bias: DirectPred with ε = 0 gets 76.77 ± 0.24, better than the SGD-trained linear " +
    "predictor's 74.51 ± 0.47 (Table 3); ε = 0.1 is best, 77.86 ± 0.16 (ρ = 0.3) and 77.56 ± 0.25 (ρ = 0.5); ε = 0.5 hurts, " +
    "75.06 ± 1.10 / 75.22 ± 0.81; ρ has a small effect.",
  where: "Sec. 5; Table 6; Table 3 for SGD (docs/paper/claims.md#c18, docs/paper/tables.md#table-6, docs/paper/tables.md#table-3)",
  quantity:
    "Fashion-MNIST, MLP encoder (ci) / small CNN (cpu-long): linear-probe accuracy (points, final probe epoch) of DirectPred (ρ 0.3, freq 1, ε ∈ {0.1, 0.5}; ε = 0 for information) and of the " +
    "SGD-trained linear predictor, same seeds: mean, std, 95% Welch interval of each difference; the accuracy gate (SGD probe − " +
    "random-encoder floor); and, for information, alignment, zStd and effective rank of F̂ at the end",
  corrections: [
    "docs/paper/model.md#typos item 5: the text after Table 6 quotes 77.38%, but Table 6's best entry is 77.86 ± 0.16 (ρ 0.3, ε 0.1); we cite the table",
    "docs/paper/model.md#typos item 7: DirectPred follows the code, p_j = sqrt(max(s_j,0)/max s) + ε, not Eqn. 18's sqrt(s_j) + ε·max s",
  ],
  reported: table6,
  criteria: {
    accuracyGate: gate,
    directPredAligned: {
      description: "engine: DirectPred's alignment (median cos(u_j, W_p u_j)) in the last record, right after an update (freq 1), min over seeds",
      op: ">=", value: 0.999, role: "engine",
      source: "docs/paper/original-code.md#directpred-algorithm: W_p = Q diag(p) Qᵀ from F̂'s eigenvectors, so its eigenvectors are F̂'s (float32 round-off aside)",
    },
    dpVsSgd: superiority({
      description: "probe accuracy of DirectPred (ρ 0.3, ε 0.1, freq 1) minus the SGD-trained linear predictor (points), 95% Welch interval",
      gatedBy: "accuracyGate",
      paper: { value: 77.86 - 74.51, where: "Table 6 (ρ 0.3, ε 0.1) − Table 3 (SGD linear, regular, EMA, no bias)" },
      source: "docs/paper/claims.md#c18: DirectPred is better than the SGD-trained linear predictor",
    }),
    eps05VsEps01: lessThan(0, {
      description: "probe accuracy of DirectPred ε 0.5 minus DirectPred ε 0.1 (points, ρ 0.3, freq 1), 95% Welch interval",
      gatedBy: "accuracyGate",
      paper: { value: 75.06 - 77.86, where: "Table 6, ρ 0.3: ε 0.5 − ε 0.1" },
      source: "docs/paper/claims.md#c18: ε = 0.5 hurts",
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
          directPredAligned: Math.min(...dp.map((r) => finalRecord(r).alignment)),
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
        arms: armSummaries(sgd, dp, eps05, eps0),
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
