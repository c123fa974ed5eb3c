/**
 * C21 — a feature-dependent W_p via random partitions: with 6 random partitions of the input space, each with
 * its own F̂, DirectPred reaches 78.20 ± 0.16 (STL-10, 100 epochs), closing most of the gap between DirectPred
 * (77.86 ± 0.16, Table 6) and the 2-layer predictor (78.85 ± 0.25, Table 3).
 *
 * The predictor is the code's `predictor_reg="partition"` (docs/paper/original-code.md#predictor-modes;
 * packages/methods PartitionPredictor.ts, with the choices the code leaves open written down there): each partition splits a batch by the sign of
 * f·w_i against the batch mean (w_i ~ N(0, I)), each side keeps its own F̂ and DirectPred matrix, and a sample's
 * prediction averages the matrices of the sides it falls on.
 * Verdict rule (docs/paper/claims.md#c21): partitions improve on plain DirectPred — superiority on the 95% Welch
 * interval of probe(partition) − probe(DirectPred), points: above 0 passes, below 0 fails. The paper's effect
 * (78.20 − 77.86 = +0.34 points) is reported beside ours with the seeds that would resolve it. An accuracy
 * criterion behind the accuracy gate (reference: plain DirectPred) — `not judged` at ci, where the gate closes. For information: the
 * 2-layer predictor's probe (the gap the paper says partitions close), and the collapse metrics of both arms.
 */
import { Effect } from "effect"
import { defineClaim } from "../harness/Claim.ts"
import { superiority } from "../harness/Rule.ts"
import { accuracyGateMeasure, accuracyGateRule } from "./accuracyGate.ts"
import { accuracyPlot, overTimePlot } from "./armPlots.ts"
import { armInfo, armSummaries, collapseComparison, intervalInfo, probeDifference, runIdsOf } from "./armEvidence.ts"
import { directPred, partitionDirectPred, twoLayer } from "./arms.ts"
import { armsPlans, notAtCpuLong } from "./tierPlans.ts"
import { trainArms } from "./trainArm.ts"

export const C21 = defineClaim({
  id: "C21",
  title: "Feature-dependent W_p via 6 random partitions closes the gap to the 2-layer predictor",
  statement:
    "With 6 random partitions of the input space, each with its own F̂, DirectPred reaches 78.20 ± 0.16 (STL-10, 100 epochs), " +
    "closing the gap to the 2-layer predictor (78.85).",
  where: "Sec. 5 (text after Table 8) (docs/paper/claims.md#c21, docs/paper/original-code.md#predictor-modes)",
  quantity:
    "Fashion-MNIST, MLP encoder: probe accuracy (points) of DirectPred with 6 random partitions and of plain DirectPred (ρ 0.3, ε 0.1, freq 1), same seeds, 95% " +
    "Welch interval of the difference; the accuracy gate; for information the 2-layer predictor's probe and the collapse metrics",
  corrections: ["docs/paper/model.md#typos item 7: each side's matrix follows the code's DirectPred, p_j = sqrt(max(s_j,0)/max s) + ε"],
  reported: { "6 random partitions (STL-10, 100 ep)": "78.20 ± 0.16", "2-layer predictor (Table 3)": "78.85 ± 0.25", "DirectPred (Table 6)": "77.86 ± 0.16" },
  criteria: {
    accuracyGate: accuracyGateRule("plain DirectPred (ρ 0.3, ε 0.1)"),
    partitionVsDirectPred: superiority({
      description: "probe accuracy of DirectPred with 6 random partitions minus plain DirectPred (points), 95% Welch interval",
      gatedBy: "accuracyGate",
      paper: { value: 78.20 - 77.86, where: "Sec. 5: 78.20 with 6 partitions − Table 6's 77.86" },
      source: "docs/paper/claims.md#c21: partitions close part of the gap to the 2-layer predictor (better than plain DirectPred)",
    }),
  },
  notRun: notAtCpuLong.ablation,
  tiers: armsPlans({ partition: partitionDirectPred, dp: directPred }, { twoLayer }),
  run: (plan, tier) =>
    Effect.gen(function*() {
      const { partition, dp } = yield* trainArms(tier, plan.config.arms, plan.seeds, { claim: "C21" })
      const extra = yield* trainArms(tier, plan.config.infoArms, plan.seeds, { claim: "C21" })
      const two = extra["twoLayer"]
      return {
        measured: {
          accuracyGate: accuracyGateMeasure(dp),
          partitionVsDirectPred: probeDifference(partition, dp),
        },
        info: {
          ...collapseComparison(partition, dp),
          ...armInfo(partition), ...armInfo(dp), ...(two === undefined ? {} : armInfo(two)),
          ...(two === undefined ? {} : { "2-layer − partition probe (points): estimate, 95% interval": intervalInfo(probeDifference(two, partition)) }),
        },
        runIds: runIdsOf(partition, dp, two),
        arms: armSummaries(partition, dp, two),
        plots: [
          accuracyPlot("C21-accuracy", "C21: probe accuracy, partition DirectPred vs DirectPred (and the 2-layer predictor)", [partition, dp, ...(two === undefined ? [] : [two])]),
          overTimePlot("C21-effective-rank", "C21: effective rank of F̂ over training", "effective rank", [partition, dp], (r) => r.effectiveRank),
        ],
      }
    }),
})
