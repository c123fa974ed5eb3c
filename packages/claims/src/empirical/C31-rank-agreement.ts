/**
 * C31 ([Re]) — the reproduction found "the same relative behaviour" as the paper under its hyperparameter
 * changes. We test the same thing between the reproduction and us: do our arms order the way [Re]'s do?
 * (docs/paper/claims.md#c31)
 *
 * Items: the seven [Re] settings we train as shared arms — one-layer with EMA (SGD 83.3, DirectPred 84.7,
 * DirectPred freq 5 84.1), without EMA (SGD 77.8, DirectPred 78.6), and BYOL's 2-layer predictor (tied symmetric
 * 85.7, regular 84.2) (docs/paper/reproduction.md#re-table-1, docs/paper/reproduction.md#re-table-2).
 * Measure: Spearman's ρ between [Re]'s numbers and our mean probe accuracies, with a percentile bootstrap interval
 * over our seeds (2000 resamples, seeded). Rule: greaterThan(0) — agreement better than none; a ρ interval below
 * 0 (our ordering reverses theirs) fails. Behind the accuracy gate (reference: the SGD-trained linear predictor).
 */
import { Rng } from "@ssl/core"
import { Effect } from "effect"
import { defineClaim } from "../harness/Claim.ts"
import { greaterThan } from "../harness/Rule.ts"
import type { IntervalMeasure } from "../harness/Verdict.ts"
import { spearmanBootstrap } from "../statistics/rankAgreement.ts"
import { accuracyGateMeasure, accuracyGateRule, probePoints } from "./accuracyGate.ts"
import { accuracyPlot } from "./armPlots.ts"
import { armSummaries, runIdsOf } from "./armEvidence.ts"
import { directPred, directPredFreq5, directPredNoEma, sgdLinear, sgdLinearNoEma, twoLayer, twoLayerSym } from "./arms.ts"
import { mean, sig } from "./series.ts"
import { armsPlans, notAtCpuLong } from "./tierPlans.ts"
import { trainArms } from "./trainArm.ts"

/** [Re]'s numbers for the arms, in the arms' order below. */
export const reNumbers = { sgd: 83.3, dp: 84.7, dp5: 84.1, sgdNoEma: 77.8, dpNoEma: 78.6, twoSym: 85.7, two: 84.2 } as const

export const C31 = defineClaim({
  id: "C31",
  title: "[Re] Our arms order as the reproduction's do under the same changes (rank agreement)",
  statement:
    "[Re] reports \"the same relative behaviour\" as the paper under its hyperparameter changes (CIFAR-10, ResNet-18, 100 epochs). " +
    "Tested here as the rank agreement of seven of its settings between its numbers and ours (Fashion-MNIST, MLP encoder at ci).",
  where: "[Re] Sec. 4, Tables 1–2 (docs/paper/claims.md#c31, docs/paper/reproduction.md#re-table-2)",
  quantity: "Spearman's ρ between [Re]'s accuracies of seven settings and our mean probe accuracies of the same arms, percentile bootstrap 95% interval over seeds",
  corrections: [],
  reported: { "[Re]: SGD, DirectPred, DirectPred 5 (EMA); SGD, DirectPred (no EMA); 2-layer symmetric, regular (EMA)": Object.values(reNumbers) },
  criteria: {
    accuracyGate: accuracyGateRule("the SGD-trained linear predictor (BYOL)"),
    rankAgreement: greaterThan(0, {
      description: "Spearman's ρ between [Re]'s numbers and our mean probe accuracies over the seven settings, percentile bootstrap 95% interval",
      gatedBy: "accuracyGate",
      source: "docs/paper/claims.md#c31: the same relative behaviour (agreement better than none; a reversed ordering fails)",
    }),
  },
  notRun: notAtCpuLong.ablation,
  tiers: armsPlans({ sgd: sgdLinear, dp: directPred, dp5: directPredFreq5, sgdNoEma: sgdLinearNoEma, dpNoEma: directPredNoEma, twoSym: twoLayerSym, two: twoLayer }),
  run: (plan, tier) =>
    Effect.gen(function*() {
      const arms = yield* trainArms(tier, plan.config.arms, plan.seeds, { claim: "C31" })
      const names = Object.keys(reNumbers) as Array<keyof typeof reNumbers>
      const samples = names.map((n) => arms[n].map(probePoints))
      const b = spearmanBootstrap(names.map((n) => reNumbers[n]), samples, new Rng(31))
      const rho: IntervalMeasure = {
        kind: "interval", estimate: b.estimate, lower: b.lower, upper: b.upper, level: 0.95, se: b.se,
        df: Number.POSITIVE_INFINITY, n: Math.min(...samples.map((s) => s.length)),
      }
      return {
        measured: { accuracyGate: accuracyGateMeasure(arms.sgd), rankAgreement: rho },
        info: {
          "ours: mean probe (points) in [Re]'s order": samples.map((s) => sig(mean(s))),
          "[Re] in the same order": names.map((n) => reNumbers[n]),
        },
        runIds: runIdsOf(...names.map((n) => arms[n])),
        arms: armSummaries(...names.map((n) => arms[n])),
        plots: [accuracyPlot("C31-accuracy", "C31: our probe accuracy of the seven settings [Re] reports", names.map((n) => arms[n]))],
      }
    }),
})
