/**
 * The integrated predictor weight decay a symmetry claim needs. By Eqn. 2 (docs/paper/model.md#lemma-1), weight
 * decay shrinks W_p's antisymmetric part at rate η̄_p per unit of effective learning rate: over a run it
 * multiplies it by at most exp(−∫ lr_eff·η̄_p dt), lr_eff = lr·α_p/(1 − momentum) per step. "Asymmetry at the
 * end < ½ × at epoch 1" can come from the decay only when the run integrates at least ln 2 of it; a run that
 * integrates less cannot show the claim either way, so the symmetry criteria are inconclusive there, with
 * the number (docs/paper/scale.md#time-compression: 0.5·0.04·240 = 4.8 at ci, 0.5·4e-4·1600 = 0.32 at cpu-long).
 */
import type { Criterion } from "../harness/Rule.ts"
import type { Tier } from "../harness/Tier.ts"
import type { TimeCompression } from "../harness/TimeCompression.ts"
import type { Arm } from "./arms.ts"
import { PAPER_WD } from "./mechanisticArms.ts"
import { armConfig } from "./trainArm.ts"

/** ln 2: the decay that halves the antisymmetric part by itself. */
export const NEEDED_DECAY = Math.LN2

/** lr·α_p/(1 − momentum)·η̄_p·steps of an arm at a tier (seed 0: the integral does not depend on the seed). */
export const integratedPredictorDecay = (tier: Tier, arm: Arm): number => {
  const c = armConfig(tier, arm, 0)
  return (c.optimizer.lr * c.optimizer.predictor.lrMultiplier / (1 - c.optimizer.momentum)) * c.optimizer.predictor.weightDecay * (c.train.steps ?? Number.NaN)
}

export const decayReachedRule = (arm: string): Criterion => ({
  description: `integrated predictor weight decay of ${arm}: lr·α_p/(1 − momentum)·η̄_p·steps`,
  op: ">=", value: NEEDED_DECAY, role: "precondition",
  missReason: "the run integrates too little predictor weight decay for W_p's antisymmetric part to halve by Eqn. 2 (time not compressed enough at this tier)",
  source: "docs/paper/scale.md#time-compression: ln 2, the decay that halves the antisymmetric part by itself (Eqn. 2)",
})

const short = (x: number): string => Number(x.toPrecision(2)).toString()

/**
 * The time compression of a claim whose mechanism is the predictor's weight decay, from its decisive arm at this
 * tier (the one that must integrate the decay): η̄_p against the paper's, the decay integrated against ln 2.
 */
export const timeCompression = (tier: Tier, arm: Arm): TimeCompression => {
  const wd = armConfig(tier, arm, 0).optimizer.predictor.weightDecay
  const integratedDecay = integratedPredictorDecay(tier, arm)
  const compressed = wd !== PAPER_WD
  const integrates = `the run integrates ${short(integratedDecay)} of predictor weight decay (lr·α_p/(1 − momentum)·η̄_p·steps; ln 2 ≈ 0.69 needed)`
  return {
    compressed, predictorWeightDecay: wd, paperWeightDecay: PAPER_WD, integratedDecay, needed: NEEDED_DECAY,
    statement: compressed
      ? `time compressed (docs/paper/scale.md#time-compression): η̄_p = ${wd} instead of the paper's ${PAPER_WD}; ${integrates}`
      : `not compressed: the paper's η̄_p = ${wd}; ${integrates}${integratedDecay < NEEDED_DECAY ? ", too little for the decay to act" : ""}`,
  }
}
