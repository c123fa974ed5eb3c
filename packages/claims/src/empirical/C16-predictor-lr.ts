/**
 * C16 — a larger predictor learning rate (α_p > 1) rescues symmetric W_p without EMA (Fig. 6). No EMA,
 * symmetric linear predictor, η̄ = 4e-4 (no time compression: the claim is about the predictor's lr, not its
 * decay), predictor lr = α_p·lr with α_p ∈ {1, 3, 10}.
 *
 * Rules (docs/paper/claims.md#c16), collapse judged between the tier's controls (collapse.ts):
 *   - premise (a precondition): α_p = 1 collapses (its collapse fraction lies above 1/2). A rescue needs
 *     something to rescue: where α_p = 1 does not collapse, the claim says nothing at this tier;
 *   - α_p = 10 does not collapse (the rescue itself);
 *   - the trend: the least-squares slope of the per-seed collapse fraction over log10 α_p (9 points) lies below
 *     0 — an ordering claim judged on the interval of its slope, never on the three means.
 * The paper's values are only in Fig. 6, so no paper effect is stated.
 *
 * At ci (240 steps, 3 seeds) the premise was absent in the last report: α_p = 1 ended with zStd ≈ 0.51,
 * above the healthy BYOL run (≈ 0.4), so its collapse fraction is negative and the claim is inconclusive there
 * with that reason — an artefact of a scale where the symmetric no-EMA run has not had time to collapse
 * (C14), not evidence against a rescue.
 */
import { Effect } from "effect"
import { defineClaim } from "../harness/Claim.ts"
import { lessThan } from "../harness/Rule.ts"
import { armDifference, armInfo, armSummaries, endOf, intervalInfo, runIdsOf } from "./armEvidence.ts"
import { trendMeasure } from "./intervals.ts"
import { collapseControls, collapsedRule, collapseFraction, controlMeasures, controlRules, notCollapsedRule } from "./collapse.ts"
import { simsiamSymAlpha } from "./mechanisticArms.ts"
import { mean, sig } from "./series.ts"
import { armsPlans, notAtCpuLong } from "./tierPlans.ts"
import { trainArms } from "./trainArm.ts"
import { overTimePlot } from "./armPlots.ts"

const src = "docs/paper/claims.md#c16"
export const alphaPs = [1, 3, 10] as const

export const C16 = defineClaim({
  id: "C16",
  title: "A larger predictor learning rate (α_p > 1) rescues symmetric W_p without EMA (Fig. 6)",
  statement:
    "Without EMA, symmetric W_p works when α_p > 1 (STL-10 and CIFAR-10, 100 epochs, 5 seeds; values only in Fig. 6). [Re]: SimSiam with a " +
    "symmetric 2-layer predictor, α = 0.2, α_p·α = 2, η = 0, η_p = 4e-4 does not collapse (79.1–79.2%).",
  reported: "Fig. 6 (STL-10 and CIFAR-10, 100 ep, 5 seeds): without EMA, symmetric W_p works when α_p > 1; the values are only in the figure. [Re]: SimSiam, symmetric 2-layer predictor, α = 0.2, α_p = 2, η = 0, η_p = 4e-4: 79.1–79.2%",
  where: "Sec. 3.2, Fig. 6 (docs/paper/claims.md#c16)",
  quantity: "Fashion-MNIST, MLP encoder: collapse fraction (end-of-run zStd between the healthy BYOL run and the no-stop-gradient control) at α_p ∈ {1, 3, 10}, no EMA, symmetric W_p: means over seeds with 95% intervals, and the slope over log10 α_p with its interval",
  corrections: [],
  criteria: {
    ...controlRules,
    alphaOneCollapses: collapsedRule("α_p = 1", `${src}: the premise, symmetric W_p without EMA collapses at α_p = 1`, {
      role: "precondition",
      missReason: "premise not observed at this tier: α_p = 1 does not collapse, so there is nothing for a larger α_p to rescue",
    }),
    alphaTenHealthy: notCollapsedRule("α_p = 10", `${src}: α_p = 10 non-collapsed`),
    trend: lessThan(0, {
      description: "least-squares slope of the per-seed collapse fraction over log10 α_p (α_p ∈ {1, 3, 10}), 95% t interval",
      source: `${src}: larger α_p is better (an ordering claim: judged on the slope's interval)`,
    }),
  },
  notRun: notAtCpuLong.mechanistic,
  tiers: armsPlans({ a1: simsiamSymAlpha(1), a3: simsiamSymAlpha(3), a10: simsiamSymAlpha(10), ...collapseControls }),
  run: (plan, tier) =>
    Effect.gen(function*() {
      const { a1, a3, a10, healthy, control } = yield* trainArms(tier, plan.config.arms, plan.seeds, { claim: "C16" })
      const means = [a1, a3, a10].map((runs) => mean(runs.map(endOf("zStd"))))
      const fraction = (runs: typeof a1) => collapseFraction(runs, healthy, control)
      const perSeedFraction = (runs: typeof a1) => {
        const h = healthy.map(endOf("zStd")), c = control.map(endOf("zStd"))
        return runs.map((r, i) => (h[i]! - endOf("zStd")(r)) / (h[i]! - c[i]!))
      }
      return {
        measured: {
          ...controlMeasures(healthy, control),
          alphaOneCollapses: fraction(a1),
          alphaTenHealthy: fraction(a10),
          trend: trendMeasure(alphaPs.map((a, i) => ({ name: `α_p = ${a}`, x: Math.log10(a), values: perSeedFraction([a1, a3, a10][i]!) }))),
        },
        info: {
          "mean end-of-run zStd at α_p = 1, 3, 10": means.map((m) => sig(m, 3)),
          "mean end-of-run effective rank of F̂ at α_p = 1, 3, 10": [a1, a3, a10].map((runs) => sig(mean(runs.map(endOf("effectiveRank"))), 3)),
          "zStd(α_p = 3) − zStd(α_p = 1), [estimate, 95% interval]": intervalInfo(armDifference(a3, a1, endOf("zStd"))),
          ...armInfo(a1), ...armInfo(a3), ...armInfo(a10),
        },
        runIds: runIdsOf(a1, a3, a10, healthy, control),
        arms: armSummaries(a1, a3, a10, healthy, control),
        plots: [
          overTimePlot("C16-zstd", "C16: zStd over training at predictor lr multiplier α_p = 1, 3, 10", "zStd (×√d)", [a1, a3, a10], (r) => r.zStd),
          overTimePlot("C16-effective-rank", "C16: effective rank of F̂ over training at α_p = 1, 3, 10", "effective rank", [a1, a3, a10], (r) => r.effectiveRank),
        ],
      }
    }),
})
