/**
 * C28 ([Re]) — "SGD Baseline, DirectPred (with and without frequency = 5) achieve comparable accuracy which
 * differ by at most 1%" from Table 8's bottom-left block (CIFAR-10, 100 epochs).
 *
 * The claim is about published numbers, so its check is arithmetic on them, identical at every tier:
 * |[Re] − paper| in points for each of the three methods, ≤ 1 ⇒ pass (PAPER.md §2.2b C28's check; "1%" read as
 * one percentage point, the lenient reading — 1% relative would be ≈ 0.85 points). PAPER.md already notes the
 * outcome: 0.51 and 0.83 hold, the SGD baseline's 83.3 vs 84.49 = 1.19 does not, so the claim as stated fails,
 * narrowly. (The paper's numbers are means of 5 seeds, ± 0.20–0.29; [Re]'s are single runs.)
 * Information at each tier (never part of the verdict): our own DirectPred / DirectPred freq 5 / SGD spread,
 * the same three arms as C20 (shared runs), with the 95% intervals of their differences.
 */
import { Effect } from "effect"
import { defineClaim } from "../harness/Claim.ts"
import type { Criterion } from "../harness/Verdict.ts"
import { probePoints } from "./accuracyGate.ts"
import { accuracyPlot } from "./armPlots.ts"
import { armInfo, intervalInfo, pm, probeDifference, runIdsOf } from "./armEvidence.ts"
import { directPred, directPredFreq5, sgdLinear } from "./arms.ts"
import { mean, sig } from "./series.ts"
import { armsPlans } from "./tierPlans.ts"
import { trainArms } from "./trainArm.ts"

/** Table 8 bottom-left (CIFAR-10, 100 epochs, mean ± std of 5 seeds) and [Re] Table 2 (EMA, single runs). */
export const published = {
  DirectPred: { paper: 85.21, paperStd: 0.23, re: 84.7 },
  "DirectPred (freq = 5)": { paper: 84.93, paperStd: 0.29, re: 84.1 },
  "SGD baseline": { paper: 84.49, paperStd: 0.20, re: 83.3 },
} as const

const atMostOnePoint = (method: keyof typeof published): Criterion => ({
  description: `|[Re] − paper| for ${method}, CIFAR-10, 100 epochs (points): |${published[method].re} − ${published[method].paper}|`,
  op: "<=",
  value: 1,
  source: "[Re]'s claim \"differ by at most 1%\" (PAPER.md §2.2b C28), read as 1 percentage point",
})

/** The arithmetic: rounded to 1e-9 so that 84.7 − 85.21 prints as 0.51, not 0.5099999999999909. */
const gap = (method: keyof typeof published): number => Math.round(Math.abs(published[method].re - published[method].paper) * 1e9) / 1e9

export const C28 = defineClaim({
  id: "C28",
  title: "[Re] vs Table 8 (CIFAR-10, 100 ep): SGD, DirectPred, DirectPred5 within 1% of the paper",
  statement:
    "[Re]: \"SGD Baseline, DirectPred (with and without frequency = 5) achieve comparable accuracy which differ by at most 1%\" from " +
    "Table 8 bottom-left: [Re] 84.7 / 84.1 / 83.3 vs the paper's 85.21 ± 0.23 / 84.93 ± 0.29 / 84.49 ± 0.20 (DirectPred / freq 5 / SGD).",
  where: "[Re] Sec. 4, Table 2; the paper's Table 8 (PAPER.md §2.2b C28, §4.1 Table 8, §4.2 [Re] Table 2)",
  quantity:
    "|[Re] − paper| (points) for DirectPred, DirectPred freq 5 and the SGD baseline, from the published numbers; for information, our " +
    "own probe accuracies of the same three arms at the tier",
  corrections: [],
  reported: {
    "paper Table 8, CIFAR-10 100 ep: DirectPred, freq 5, SGD": `${pm(85.21, 0.23)}, ${pm(84.93, 0.29)}, ${pm(84.49, 0.20)}`,
    "[Re] Table 2 (EMA): DirectPred, DirectPred 5, SGD baseline": [84.7, 84.1, 83.3],
    "|[Re] − paper| (PAPER.md §2.2b C28)": [0.51, 0.83, 1.19],
  },
  criteria: {
    directPred: atMostOnePoint("DirectPred"),
    directPredFreq5: atMostOnePoint("DirectPred (freq = 5)"),
    sgdBaseline: atMostOnePoint("SGD baseline"),
  },
  tiers: armsPlans({}, { sgd: sgdLinear, dp: directPred, dp5: directPredFreq5 }, ["ci", "cpu-long", "nightly", "full"]),
  run: (plan, tier) =>
    Effect.gen(function*() {
      const ours = yield* trainArms(tier, plan.config.infoArms, plan.seeds, { claim: "C28" })
      const { sgd, dp, dp5 } = ours
      const info = sgd === undefined || dp === undefined || dp5 === undefined ? {} : {
        "ours: mean probe (points) DirectPred, freq 5, SGD": [dp, dp5, sgd].map((runs) => sig(mean(runs.map(probePoints)))),
        "ours: spread max − min of the three means (points)": sig(Math.max(...[dp, dp5, sgd].map((r) => mean(r.map(probePoints)))) - Math.min(...[dp, dp5, sgd].map((r) => mean(r.map(probePoints))))),
        "ours: directpred − sgd-linear, [estimate, 95% interval]": intervalInfo(probeDifference(dp, sgd)),
        "ours: directpred-freq5 − sgd-linear, [estimate, 95% interval]": intervalInfo(probeDifference(dp5, sgd)),
        ...armInfo(sgd), ...armInfo(dp), ...armInfo(dp5),
      }
      return {
        measured: { directPred: gap("DirectPred"), directPredFreq5: gap("DirectPred (freq = 5)"), sgdBaseline: gap("SGD baseline") },
        info: { ...info, "paper std (5 seeds): DirectPred, freq 5, SGD": [0.23, 0.29, 0.2] },
        runIds: runIdsOf(sgd, dp, dp5),
        plots: sgd === undefined || dp === undefined || dp5 === undefined ? [] : [
          accuracyPlot("C28-accuracy-ours", "C28: our probe accuracy of DirectPred, freq 5 and SGD at this tier (information)", [dp, dp5, sgd]),
        ],
      }
    }),
})
