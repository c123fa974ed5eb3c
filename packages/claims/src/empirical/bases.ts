/**
 * The base run config of each tier, as the empirical claims see it. The values live in configs/tiers/*.ts
 * (re-exported by @ssl/configs as smokeBase, ciBase, cpuLongBase, nightlyBase, fullBase) so a researcher can train
 * any of them directly (`bun run ssl train configs/tiers/ci.ts`); every claim arm is `extend(base, arm.patch)`.
 * `smoke` is the ci base cut to a plumbing check (16 steps): its claims run the ci arms and judge no criterion.
 */
import { ciBase, cpuLongBase, fullBase, nightlyBase, type RunConfigInput, smokeBase } from "@ssl/configs"
import type { Tier } from "../harness/Tier.ts"

export const tierBases: Readonly<Record<Tier, RunConfigInput>> = {
  smoke: smokeBase,
  ci: ciBase,
  "cpu-long": cpuLongBase,
  nightly: nightlyBase,
  full: fullBase,
}

export const baseFor = (tier: Tier): RunConfigInput => tierBases[tier]
