/**
 * C14 — symmetric W_p helps with EMA and crashes without EMA (Table 3). A 2×2 grid {EMA 0.99, no EMA} ×
 * {W_p symmetrised after every step, regular}, linear predictor, α_p = 1, η̄ = 4e-4 (the paper's setting; no
 * time compression: docs/paper/claims.md#c14 fixes these).
 *
 * Criteria:
 *   - controls (preconditions, collapse.ts): the positive control (no stop-gradient) collapses and the healthy
 *     reference (EMA + regular W_p, the shared BYOL arm) does not;
 *   - no-EMA + symmetric collapses: its collapse fraction between those controls lies above 1/2;
 *   - EMA + symmetric and no-EMA + regular do not collapse (fraction below 1/2);
 *   - the probe of no-EMA + symmetric lies more than 10 points below no-EMA + regular (lessThan(−10)), behind the
 *     accuracy gate. Table 3's gap is 36.2 points; 10 is docs/paper/claims.md#c14's "drops by > 10 points", a
 *     quarter of the paper's gap, so a scale where the effect is a fraction of the paper's can still pass.
 * "Symmetric slightly better with EMA" is within the paper's own noise (75.09 ± 0.48 vs 74.51 ± 0.47): reported only.
 *
 * What the ci tier shows (measured, 3 seeds, 240 steps): every non-degenerate arm sits in a strong partial
 * dimensional collapse (effective rank of F̂ ≈ 1.5–2.4 of 64, zStd ≈ 0.36–0.42 for the healthy BYOL — a PyTorch run
 * of the same setting also ends at 0.38), while complete collapse (C25's arms) reads ≈ 0.01–0.02. The no-EMA +
 * symmetric arm does NOT collapse by this metric (zStd 0.44–0.64 per seed, above the healthy arms); with n = 3
 * the t interval [0.24, 0.78] straddles 0.3, so the verdict is inconclusive. Is the run too short? A 1000-step
 * trial (seed 1) gave zStd 0.72 for no-EMA + symmetric vs 0.36 for no-EMA + regular — further from collapse —
 * but probe 44.5 vs 63.2: the paper's effect (36.6 vs 72.9) appears in ACCURACY, not in zStd. The accuracy gate
 * is closed at ci (BYOL's probe is below the random-encoder floor), so that part is judged at cpu-long and above.
 */
import { Effect } from "effect"
import { defineClaim } from "../harness/Claim.ts"
import { lessThan } from "../harness/Rule.ts"
import { accuracyGateMeasure, accuracyGateRule } from "./accuracyGate.ts"
import { armInfo, armSummaries, collapseComparison, intervalInfo, probeDifference, runIdsOf } from "./armEvidence.ts"
import { sgdLinear, sgdLinearNoEma } from "./arms.ts"
import { collapseControls, collapsedRule, collapseFraction, controlMeasures, controlRules, notCollapsedRule } from "./collapse.ts"
import { byolSym, simsiamSym } from "./mechanisticArms.ts"
import { armsPlans, notAtCpuLong } from "./tierPlans.ts"
import { trainArms } from "./trainArm.ts"
import { accuracyPlot, overTimePlot } from "./armPlots.ts"
import { finalRecord } from "./series.ts"

const src = "docs/paper/claims.md#c14"

export const C14 = defineClaim({
  id: "C14",
  title: "Symmetric W_p works with EMA and collapses without EMA (Table 3)",
  statement:
    "With EMA, symmetric W_p is slightly better than regular W_p (STL-10: 75.09 vs 74.51). Without EMA (α_p = 1, η̄ = 4e-4), symmetric " +
    "W_p collapses (36.62) while regular W_p works (72.85). ImageNet SimSiam: symmetric 0.1 vs asymmetric 68.1 Top-1; [Re] CIFAR-10 " +
    "SimSiam sym 20.3 vs regular 79.4.",
  reported: "Table 3 (STL-10, 100 ep, one-layer, no bias): EMA symmetric 75.09 ± 0.48 vs regular 74.51 ± 0.47; no EMA symmetric 36.62 ± 1.85 vs regular 72.85 ± 0.16. ImageNet SimSiam symmetric 0.1/0.5 vs 68.1/88.2. [Re] CIFAR-10 2-layer: BYOL sym 85.7 / regular 84.2; SimSiam sym 20.3 / regular 79.4",
  where: "Sec. 3 (Assumption 3 discussion); Table 3 (docs/paper/claims.md#c14, docs/paper/tables.md#table-3)",
  quantity:
    "Fashion-MNIST, MLP encoder (ci) / small CNN (cpu-long): collapse fraction (end-of-run zStd between the healthy BYOL run and the " +
    "no-stop-gradient control, per seed) of the arms {EMA, no EMA} × {symmetric, regular}, mean over seeds with 95% t intervals; " +
    "probe accuracy (points) of no-EMA + symmetric minus no-EMA + regular, 95% Welch interval (behind the accuracy gate)",
  corrections: [],
  criteria: {
    accuracyGate: accuracyGateRule("the SGD-trained linear predictor (BYOL)"),
    ...controlRules,
    symmetricArmsSymmetric: {
      description: "engine: asymmetry ‖W_p − W_pᵀ‖_F/‖W_p‖_F of the symmetric arms in their last record (right after symmetrisation), max over arms and seeds",
      op: "<=", value: 1e-3, role: "engine",
      source: "docs/paper/claims.md#c14: the symmetric arms are symmetrised after every step (float32 round-off aside)",
    },
    noEmaSymCollapses: collapsedRule("no-EMA + symmetric W_p", `${src}: no-EMA + symmetric collapses`),
    noEmaSymAccuracyDrop: lessThan(-10, {
      description: "probe accuracy of no-EMA + symmetric minus no-EMA + regular (points), 95% Welch interval",
      gatedBy: "accuracyGate",
      paper: { value: 36.62 - 72.85, where: "Table 3 (STL-10, no EMA): symmetric 36.62 − regular 72.85" },
      source: `${src}: … and probe accuracy drops by > 10 points vs no-EMA + regular (STL-10: 36.62 vs 72.85)`,
    }),
    emaSymHealthy: notCollapsedRule("EMA + symmetric W_p", `${src}: the other three do not collapse`),
    noEmaRegularHealthy: notCollapsedRule("no-EMA + regular W_p", `${src}: the other three do not collapse`),
  },
  notRun: notAtCpuLong.ablation,
  tiers: armsPlans({ emaReg: sgdLinear, emaSym: byolSym, noEmaReg: sgdLinearNoEma, noEmaSym: simsiamSym, control: collapseControls.control }),
  run: (plan, tier) =>
    Effect.gen(function*() {
      const { emaReg, emaSym, noEmaReg, noEmaSym, control } = yield* trainArms(tier, plan.config.arms, plan.seeds, { claim: "C14" })
      return {
        measured: {
          accuracyGate: accuracyGateMeasure(emaReg),
          ...controlMeasures(emaReg, control),
          symmetricArmsSymmetric: Math.max(...[...emaSym, ...noEmaSym].map((r) => finalRecord(r).asymmetry)),
          noEmaSymCollapses: collapseFraction(noEmaSym, emaReg, control),
          noEmaSymAccuracyDrop: probeDifference(noEmaSym, noEmaReg),
          emaSymHealthy: collapseFraction(emaSym, emaReg, control),
          noEmaRegularHealthy: collapseFraction(noEmaReg, emaReg, control),
        },
        info: {
          "EMA: symmetric − regular probe (points), [estimate, 95% interval] (reported only: within the paper's own noise)": intervalInfo(probeDifference(emaSym, emaReg)),
          "no-EMA: symmetric − regular probe (points), [estimate, 95% interval]": intervalInfo(probeDifference(noEmaSym, noEmaReg)),
          ...collapseComparison(noEmaSym, noEmaReg),
          ...armInfo(emaReg), ...armInfo(emaSym), ...armInfo(noEmaReg), ...armInfo(noEmaSym),
          "paper (Table 3, STL-10): EMA sym / regular; no-EMA sym / regular": [75.09, 74.51, 36.62, 72.85],
        },
        runIds: runIdsOf(emaReg, emaSym, noEmaReg, noEmaSym, control),
        arms: armSummaries(emaReg, emaSym, noEmaReg, noEmaSym, control),
        plots: [
          overTimePlot("C14-zstd", "C14: zStd over training, symmetric vs regular W_p, with and without EMA", "zStd (×√d)", [emaReg, emaSym, noEmaReg, noEmaSym, control], (r) => r.zStd),
          accuracyPlot("C14-accuracy", "C14: probe accuracy, symmetric vs regular W_p, with and without EMA", [emaReg, emaSym, noEmaReg, noEmaSym]),
        ],
      }
    }),
})
