/**
 * Tier plans whose arms differ by tier (the ci tier's time-compressed arms, mechanisticArms.ts) and that carry
 * the run's length in epochs, for the claims that compare "epoch 1" with the end (docs/paper/claims.md#c13's CPU test).
 */
import type { TierPlan } from "../harness/Claim.ts"
import type { Tier } from "../harness/Tier.ts"
import type { Arm } from "./arms.ts"
import { type ArmsConfig, armsPlan, type ArmTier } from "./tierPlans.ts"

/**
 * How many "epochs" a run at each tier has, so that epoch 1 is the record at 1/epochs of the run: smoke 16 steps
 * logged every 4 ⇒ 4; ci 240
 * steps logged every 20 ⇒ 12 records, epoch 1 = the first record after the initial model (step 20, the
 * analogue of epoch 1 in docs/paper/scale.md#harness's 10–30-epoch harness); cpu-long 1600 steps × 256 / 60k images ≈ 7
 * epochs; nightly 30 epochs (configs/tiers/nightly.ts), full 100 (docs/paper/original-code.md#hyperparameters).
 */
export const tierEpochs: Readonly<Record<ArmTier, number>> = { smoke: 4, ci: 12, "cpu-long": 7, nightly: 30, full: 100 }

export interface EpochArmsConfig<N extends string> extends ArmsConfig<N> {
  readonly epochs: number
}

/** One tier's plan with its own arms and the tier's epoch count. */
export const epochArmsPlan = <N extends string>(tier: ArmTier, arms: Readonly<Record<N, Arm>>, infoArms: Readonly<Record<string, Arm>> = {}): TierPlan<EpochArmsConfig<N>> => {
  const p = armsPlan(tier, arms, infoArms)
  return { ...p, config: { ...p.config, epochs: tierEpochs[tier] } }
}

/**
 * Plans at smoke, ci, cpu-long, nightly and full, each tier's arms from `armsAt(tier)`. Smoke runs the ci tier's
 * arms (its time-compressed ones included) without the info arms: it checks the plumbing of the ci path in seconds.
 */
export const tierArmsPlans = <N extends string>(
  armsAt: (tier: ArmTier) => { readonly arms: Readonly<Record<N, Arm>>; readonly info?: Readonly<Record<string, Arm>> },
): Partial<Record<Tier, TierPlan<EpochArmsConfig<N>>>> => {
  const plan = (tier: ArmTier) => {
    const a = armsAt(tier)
    return epochArmsPlan(tier, a.arms, a.info ?? {})
  }
  return { smoke: epochArmsPlan("smoke", armsAt("ci").arms), ci: plan("ci"), "cpu-long": plan("cpu-long"), nightly: plan("nightly"), full: plan("full") }
}
