/**
 * C16 — a larger predictor learning rate (α_p > 1) rescues symmetric W_p without EMA (Fig. 6; consistent with
 * BYOL's Table 22). No EMA, symmetric linear predictor, η̄ = 4e-4 (PAPER.md §2.2 C16's CPU test; no time
 * compression), predictor lr = α_p·lr with α_p ∈ {1, 3, 10}.
 *
 * Criteria (PAPER.md §2.2 C16's CPU test):
 *   - "α_p = 1 collapses, or its collapse metric is markedly lower than at α_p = 10 (non-collapsed)": one
 *     disjunctive criterion. "Markedly" is ours: the 95% interval of zStd(α_p = 10) − zStd(α_p = 1) above 0.1,
 *     a tenth of a healthy zStd (≈ 1, PAPER.md §2.3), far above the batch noise of one record (≈ 0.02 here);
 *   - α_p = 10 does not collapse (the rescue itself);
 *   - monotone trend: the mean end-of-run zStd does not decrease from α_p = 1 to 3 to 10 (number of adjacent
 *     decreases = 0).
 *
 * At ci (240 steps, 3 seeds) the premise is absent: α_p = 1 does not collapse by zStd (C14), and zStd FALLS
 * with α_p (≈ 0.51, 0.48, 0.31 at α_p = 1, 3, 10; effective rank 2.0 → 1.45): a faster predictor follows F̂'s
 * top eigendirections more closely and the representation concentrates further. The PAPER.md rule then reads
 * fail (no collapse at α_p = 1 and no increase of zStd with α_p): the claimed rescue is not observable at this
 * scale; its accuracy form is for the GPU tiers.
 */
import { Effect } from "effect"
import { defineClaim } from "../harness/Claim.ts"
import { intervalRule } from "../harness/Verdict.ts"
import { armDifference, armInfo, endOf, intervalInfo, runIdsOf } from "./armEvidence.ts"
import { collapsedRule, endZStd, notCollapsedRule } from "./collapse.ts"
import { simsiamSymAlpha } from "./mechanisticArms.ts"
import { mean, sig } from "./series.ts"
import { armsPlans, notAtCpuLong } from "./tierPlans.ts"
import { trainArms } from "./trainArm.ts"
import { overTimePlot } from "./armPlots.ts"

const src = "PAPER.md §2.2 C16 CPU test"
export const alphaPs = [1, 3, 10] as const

export const C16 = defineClaim({
  id: "C16",
  title: "A larger predictor learning rate (α_p > 1) rescues symmetric W_p without EMA (Fig. 6)",
  statement:
    "Without EMA, symmetric W_p works when α_p > 1 (STL-10 and CIFAR-10, 100 epochs, 5 seeds; values only in Fig. 6). [Re]: SimSiam with a " +
    "symmetric 2-layer predictor, α = 0.2, α_p·α = 2, η = 0, η_p = 4e-4 does not collapse (79.1–79.2%).",
  reported: "Fig. 6 (STL-10 and CIFAR-10, 100 ep, 5 seeds): without EMA, symmetric W_p works when α_p > 1; the values are only in the figure. [Re]: SimSiam, symmetric 2-layer predictor, α = 0.2, α_p = 2, η = 0, η_p = 4e-4: 79.1–79.2%",
  where: "Sec. 3.2, Fig. 6 (PAPER.md §2.2 C16)",
  quantity: "end-of-run zStd (collapse metric) at α_p ∈ {1, 3, 10}, no EMA, symmetric W_p: means over seeds, 95% intervals, and the trend",
  corrections: [],
  criteria: {
    alphaOneCollapses: collapsedRule("α_p = 1", `${src}: α_p = 1 collapses (collapse metric < 0.3, C14's threshold)`, undefined, { anyOf: "alphaOneWorse" }),
    alphaOneMarkedlyLower: intervalRule({
      description: "zStd(α_p = 10) − zStd(α_p = 1) at the end, 95% Welch interval",
      pass: { lowerAbove: 0.1 }, fail: { upperBelow: 0.1 }, anyOf: "alphaOneWorse",
      source: `${src}: … or its collapse metric is markedly lower than at α_p = 10 ("markedly" = by more than 0.1, a tenth of a healthy zStd: ours)`,
    }),
    alphaTenHealthy: notCollapsedRule("α_p = 10", `${src}: α_p = 10 non-collapsed`),
    monotoneViolations: {
      description: "adjacent pairs (α_p 1→3, 3→10) whose mean end-of-run zStd decreases",
      op: "<=", value: 0, source: `${src}: monotone trend in the collapse metric`,
    },
  },
  notRun: notAtCpuLong.mechanistic,
  tiers: armsPlans({ a1: simsiamSymAlpha(1), a3: simsiamSymAlpha(3), a10: simsiamSymAlpha(10) }),
  run: (plan, tier) =>
    Effect.gen(function*() {
      const { a1, a3, a10 } = yield* trainArms(tier, plan.config.arms, plan.seeds, { claim: "C16" })
      const means = [a1, a3, a10].map((runs) => mean(runs.map(endOf("zStd"))))
      const violations = means.slice(1).filter((m, i) => m < means[i]!).length
      return {
        measured: {
          alphaOneCollapses: endZStd(a1),
          alphaOneMarkedlyLower: armDifference(a10, a1, endOf("zStd")),
          alphaTenHealthy: endZStd(a10),
          monotoneViolations: violations,
        },
        info: {
          "mean end-of-run zStd at α_p = 1, 3, 10": means.map((m) => sig(m, 3)),
          "mean end-of-run effective rank of F̂ at α_p = 1, 3, 10": [a1, a3, a10].map((runs) => sig(mean(runs.map(endOf("effectiveRank"))), 3)),
          "zStd(α_p = 3) − zStd(α_p = 1), [estimate, 95% interval]": intervalInfo(armDifference(a3, a1, endOf("zStd"))),
          ...armInfo(a1), ...armInfo(a3), ...armInfo(a10),
        },
        runIds: runIdsOf(a1, a3, a10),
        plots: [
          overTimePlot("C16-zstd", "C16: zStd over training at predictor lr multiplier α_p = 1, 3, 10", "zStd (×√d)", [a1, a3, a10], (r) => r.zStd),
          overTimePlot("C16-effective-rank", "C16: effective rank of F̂ over training at α_p = 1, 3, 10", "effective rank", [a1, a3, a10], (r) => r.effectiveRank),
        ],
      }
    }),
})
