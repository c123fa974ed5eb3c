/**
 * C15 — weight-decay ablations (Tables 2, 5): (a) without any weight decay BYOL is worse (70.6–71.4 vs 74.51);
 * (b) with weight decay on the predictor only, symmetric W_p works without EMA (71.12); (c) with no weight decay
 * anywhere, symmetric W_p fails without EMA (43.04).
 *
 * Arms (no EMA, symmetric linear predictor, α_p = 1): (i) η̄_p > 0, η̄_trunk = 0; (ii) η̄ = 0 everywhere; and,
 * for (a), BYOL (EMA, regular W_p) with η̄ = 4e-4 vs 0. At ci, (i)'s predictor weight decay is compressed to
 * 0.04 (mechanisticArms.ts: 240 steps with 0.04 integrate as much decay as 100 CIFAR-10 epochs with 4e-4);
 * (a) keeps the paper's 4e-4 (it is an accuracy comparison, closed by the gate at ci anyway).
 *
 * Criteria (docs/paper/claims.md#c15), collapse judged between the tier's controls (collapse.ts, preconditions):
 *   - (i) does not collapse (b);
 *   - "(i) ≥ 10 points better than (ii), or (ii) collapsed" (c) — one disjunctive criterion (anyOf); its
 *     accuracy alternative sits behind the accuracy gate (Table 5's gap is 28 points; 10 is the catalogue's);
 *   - (a) BYOL is better with weight decay than without: superiority, η̄ = 4e-4 − η̄ = 0 > 0, behind the accuracy
 *     gate (Table 2's effect, 74.51 − 71.37 = +3.14 at the closer end, is reported beside ours with the seeds
 *     needed to resolve it).
 */
import { Effect } from "effect"
import { defineClaim } from "../harness/Claim.ts"
import { greaterThan, superiority } from "../harness/Rule.ts"
import { accuracyGateMeasure, accuracyGateRule } from "./accuracyGate.ts"
import { timeCompression } from "./decay.ts"
import { armInfo, armSummaries, collapseComparison, probeDifference, runIdsOf } from "./armEvidence.ts"
import { type Arm, sgdLinear } from "./arms.ts"
import { collapseControls, collapsedRule, collapseFraction, controlMeasures, controlRules, notCollapsedRule } from "./collapse.ts"
import { CI_PREDICTOR_WD, PAPER_WD, simsiamSym, withWd } from "./mechanisticArms.ts"
import { tierArmsPlans } from "./planning.ts"
import { trainArms } from "./trainArm.ts"
import { notAtCpuLong } from "./tierPlans.ts"
import { accuracyPlot, overTimePlot } from "./armPlots.ts"

const src = "docs/paper/claims.md#c15"

/** (i): no EMA, symmetric W_p, weight decay on the predictor only. */
export const wdPredictorOnly = (wdP: number): Arm => withWd(simsiamSym, 0, wdP, `wd0-wdp${wdP}`)
/** (ii): no EMA, symmetric W_p, no weight decay at all. */
export const noWdSym: Arm = withWd(simsiamSym, 0, 0, "wd0")
/** (a): BYOL without any weight decay. */
export const byolNoWd: Arm = withWd(sgdLinear, 0, 0, "wd0")

export const C15 = defineClaim({
  id: "C15",
  title: "Weight decay: predictor-only decay rescues symmetric W_p without EMA; none at all fails (Tables 2, 5)",
  statement:
    "(a) With no weight decay at all, BYOL is worse (70.6–71.4) than with η̄ = 4e-4 (74.51; regular W_p, α_p = 1). (b) With weight decay " +
    "on the predictor only (η̄_p = 4e-4, η̄_s = 0), symmetric W_p works without EMA: 71.12 (no bias), 73.01 (bias). (c) With no weight " +
    "decay anywhere, symmetric W_p fails without EMA: 43.04 / 41.36.",
  reported: "Table 2: no weight decay 70.62–71.37 vs 74.51 ± 0.47 with η̄ = 4e-4. Table 5, no EMA, symmetric, no bias: predictor-only decay 71.12 ± 0.71, no decay at all 43.04 ± 2.32",
  where: "Tables 2 and 5; Sec. 3.3 (docs/paper/claims.md#c15, docs/paper/tables.md#table-2, docs/paper/tables.md#table-5)",
  quantity:
    "Fashion-MNIST, MLP encoder: collapse fraction (end-of-run zStd between the healthy BYOL run and the no-stop-gradient control) of (i) predictor-only weight decay and (ii) none, no EMA, symmetric W_p (mean over seeds, 95% t intervals); probe " +
    "accuracy differences (i) − (ii) and BYOL η̄ 4e-4 − η̄ 0 (points, 95% Welch intervals, behind the accuracy gate)",
  corrections: [],
  criteria: {
    accuracyGate: accuracyGateRule("the SGD-trained linear predictor (BYOL)"),
    ...controlRules,
    predictorWdWorks: notCollapsedRule("(i) no EMA, symmetric W_p, weight decay on the predictor only",
      `${src}: (i) non-collapsed (Table 5: 71.12, no bias)`),
    noWdCollapses: collapsedRule("(ii) no EMA, symmetric W_p, no weight decay", `${src}: … or (ii) collapsed`, { anyOf: "noWdFails" }),
    predictorWdBeatsNoWd: greaterThan(10, {
      description: "probe accuracy of (i) minus (ii) (points), 95% Welch interval",
      paper: { value: 71.12 - 43.04, where: "Table 5 (no EMA, symmetric, no bias): 71.12 − 43.04" },
      gatedBy: "accuracyGate", anyOf: "noWdFails",
      source: `${src}: (i) ≥ 10 points better than (ii) (Table 5: 71.12 vs 43.04)`,
    }),
    wdHelpsByol: superiority({
      description: "probe accuracy of BYOL (EMA, regular W_p) with η̄ = 4e-4 minus with η̄ = 0 (points), 95% Welch interval",
      gatedBy: "accuracyGate",
      paper: { value: 74.51 - 71.37, where: "Table 2: 74.51 with η̄ = 4e-4 − 71.37, the better of the no-weight-decay entries" },
      source: `${src}: (a) without weight decay BYOL is worse (Table 2: 74.51 vs 70.6–71.4)`,
    }),
  },
  notRun: notAtCpuLong.mechanistic,
  tiers: tierArmsPlans((tier) => ({
    arms: {
      byol: sgdLinear,
      control: collapseControls.control,
      byolNoWd,
      predictorOnly: wdPredictorOnly(tier === "ci" ? CI_PREDICTOR_WD : PAPER_WD),
      none: noWdSym,
    },
  })),
  run: (plan, tier) =>
    Effect.gen(function*() {
      const { byol, control, byolNoWd: noWd, predictorOnly, none } = yield* trainArms(tier, plan.config.arms, plan.seeds, { claim: "C15" })
      return {
        measured: {
          accuracyGate: accuracyGateMeasure(byol),
          ...controlMeasures(byol, control),
          predictorWdWorks: collapseFraction(predictorOnly, byol, control),
          noWdCollapses: collapseFraction(none, byol, control),
          predictorWdBeatsNoWd: probeDifference(predictorOnly, none),
          wdHelpsByol: probeDifference(byol, noWd),
        },
        info: {
          ...collapseComparison(predictorOnly, none),
          ...collapseComparison(byol, noWd),
          ...armInfo(predictorOnly), ...armInfo(none), ...armInfo(byol), ...armInfo(noWd),
          "paper: Table 2 no wd (70.6–71.4) vs 74.51; Table 5 no EMA sym: predictor-only wd 71.12, none 43.04": [70.6, 71.4, 74.51, 71.12, 43.04],
        },
        runIds: runIdsOf(byol, control, noWd, predictorOnly, none),
        arms: armSummaries(byol, control, noWd, predictorOnly, none),
        timeCompression: timeCompression(tier, plan.config.arms.predictorOnly),
        plots: [
          overTimePlot("C15-zstd", "C15: zStd over training, with and without weight decay", "zStd (×√d)", [byol, noWd, predictorOnly, none], (r) => r.zStd),
          accuracyPlot("C15-accuracy", "C15: probe accuracy, with and without weight decay", [byol, noWd, predictorOnly, none]),
        ],
      }
    }),
})
