/**
 * C32 ([Re]) — the learning-rate check: with α_pred = 0.2 and α = 0.02 instead of α_pred = 2 and α = 0.2 (both
 * learning rates ten times smaller) the reproduction found "only slightly worse results" (no numbers given;
 * docs/paper/claims.md#c32).
 *
 * Arms: BYOL with the SGD-trained linear predictor at the tier's learning rate, and the same with the trunk's
 * learning rate divided by ten (the predictor's follows: its lr is α_p × the trunk's, α_p unchanged, so the
 * ratio α_pred/α that C30 is about stays as it is).
 * Rules, behind the accuracy gate (reference: the tier's lr):
 *   - worse: superiority of the tier's lr over the tenth, probe points;
 *   - slightly: lessThan(5) on the same difference — the reproduction calls "failing" a drop to ≈ 20% from ≈ 80%
 *     (Table 3's collapse, 60 points) and "comparable" differences within 1 point; a drop below 5 points, a
 *     twelfth of a failure, reads as "slightly" (docs/paper/scale.md#margins).
 */
import { deepMerge } from "@ssl/configs"
import { Effect } from "effect"
import { defineClaim } from "../harness/Claim.ts"
import { lessThan, superiority } from "../harness/Rule.ts"
import { accuracyGateMeasure, accuracyGateRule } from "./accuracyGate.ts"
import { accuracyPlot } from "./armPlots.ts"
import { armInfo, armSummaries, probeDifference, runIdsOf } from "./armEvidence.ts"
import { type Arm, sgdLinear } from "./arms.ts"
import { baseFor } from "./bases.ts"
import { tierArmsPlans } from "./planning.ts"
import type { ArmTier } from "./tierPlans.ts"
import { notAtCpuLong } from "./tierPlans.ts"
import { trainArms } from "./trainArm.ts"

/** BYOL at a tenth of the tier's learning rate. */
export const tenthLr = (tier: ArmTier): Arm => {
  const lr = (baseFor(tier).optimizer as { lr: number }).lr / 10
  return { name: `sgd-linear-lr${lr}`, patch: deepMerge(sgdLinear.patch, { optimizer: { lr } }) as Arm["patch"] }
}

const gated = { gatedBy: "accuracyGate" } as const

export const C32 = defineClaim({
  id: "C32",
  title: "[Re] Ten times smaller learning rates (α_pred = 0.2, α = 0.02) are only slightly worse",
  statement:
    "[Re] (CIFAR-10, ResNet-18, 100 epochs): with α_pred = 0.2 and α = 0.02 instead of 2 and 0.2 the results are only slightly worse " +
    "(no numbers given). Here: Fashion-MNIST with an MLP encoder (ci), BYOL with the SGD-trained linear predictor.",
  where: "[Re] Sec. 4, Table 3's note (docs/paper/claims.md#c32, docs/paper/reproduction.md#re-table-3)",
  quantity: "probe accuracy (points) of BYOL at the tier's learning rate minus at a tenth of it, 95% Welch interval; the accuracy gate",
  corrections: [],
  reported: "[Re]: \"only slightly worse\" with α_pred = 0.2, α = 0.02 (no numbers)",
  criteria: {
    accuracyGate: accuracyGateRule("the SGD-trained linear predictor (BYOL) at the tier's learning rate"),
    worse: superiority({
      description: "probe accuracy at the tier's learning rate minus at a tenth of it (points), 95% Welch interval",
      ...gated, source: "docs/paper/claims.md#c32: smaller learning rates are worse",
    }),
    slightly: lessThan(5, {
      description: "the same difference: less than 5 points",
      ...gated, source: "docs/paper/claims.md#c32: … only slightly (5 points: docs/paper/scale.md#margins)",
    }),
  },
  notRun: notAtCpuLong.ablation,
  tiers: tierArmsPlans((tier) => ({ arms: { full: sgdLinear, tenth: tenthLr(tier) } })),
  run: (plan, tier) =>
    Effect.gen(function*() {
      const { full, tenth } = yield* trainArms(tier, plan.config.arms, plan.seeds, { claim: "C32" })
      const d = probeDifference(full, tenth)
      return {
        measured: { accuracyGate: accuracyGateMeasure(full), worse: d, slightly: d },
        info: { ...armInfo(full), ...armInfo(tenth) },
        runIds: runIdsOf(full, tenth),
        arms: armSummaries(full, tenth),
        plots: [accuracyPlot("C32-accuracy", "C32: probe accuracy at the tier's learning rate and at a tenth of it", [full, tenth])],
      }
    }),
})
