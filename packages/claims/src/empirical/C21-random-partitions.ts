/**
 * C21 — a feature-dependent W_p via random partitions: with 6 random partitions of the input space, each with
 * its own F̂ (summed), DirectPred reaches 78.20 ± 0.16 (STL-10, 100 epochs), closing the gap to the 2-layer
 * predictor (78.85). The original code's `predictor_reg="partition"` (PAPER.md §3.3): each partition splits a
 * batch by the sign of b @ partition_w[:, i] against the batch mean, partition_w ~ N(0,1)^{128×n_corr}, and each
 * sample's W is the average over partitions of W_pos or W_neg.
 *
 * Recorded with the verdict `not run` at every tier: the training engine (packages/methods) has no partition
 * predictor, and PAPER.md §2.2 C21 rates the CPU test "optional, low priority" (directional: partition ≥ plain
 * DirectPred − 1 point). We do not fake it with another predictor. To run it: add a `partition` predictor kind
 * {rho, eps, nCorr} to MethodSpec/SslModel, then give this claim arm plans (partition vs arms.ts' directPred).
 */
import { Effect } from "effect"
import { ClaimRunFailed, defineClaim } from "../harness/Claim.ts"
import { tiers, type Tier } from "../harness/Tier.ts"

const reason =
  "not implemented in the engine: packages/methods has no partition predictor (the code's predictor_reg=\"partition\"); PAPER.md §2.2 " +
  "C21 rates this test optional and low priority. Paper: 6 random partitions give 78.20 ± 0.16 on STL-10 (100 epochs), vs the " +
  "2-layer predictor's 78.85 ± 0.25 and DirectPred's 77.86 ± 0.16"

export const C21 = defineClaim<null, never>({
  id: "C21",
  title: "Feature-dependent W_p via 6 random partitions closes the gap to the 2-layer predictor",
  statement:
    "With 6 random partitions of the input space, each with its own F̂ (summed), DirectPred reaches 78.20 ± 0.16 (STL-10, 100 epochs), " +
    "closing the gap to the 2-layer predictor (78.85).",
  where: "Sec. 5 (text after Table 8) (PAPER.md §2.2 C21, §3.3 `partition`, §4.1)",
  quantity: "probe accuracy of partition-DirectPred vs plain DirectPred (partition ≥ DirectPred − 1 point); not measured here",
  corrections: [],
  reported: { "6 random partitions (STL-10, 100 ep)": "78.20 ± 0.16", "2-layer predictor (Table 3)": "78.85 ± 0.25", "DirectPred (Table 6)": "77.86 ± 0.16" },
  criteria: {},
  tiers: {},
  notRun: Object.fromEntries(tiers.map((t) => [t, reason])) as Partial<Record<Tier, string>>,
  run: () => Effect.fail(new ClaimRunFailed({ claim: "C21", message: `C21 is not run at any tier: ${reason}` })),
})
