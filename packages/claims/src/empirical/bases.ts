/**
 * The base run config of each tier, as the empirical claims see it. The values live in configs/tiers/*.ts
 * (re-exported by @ssl/configs as ciBase, cpuLongBase, nightlyBase, fullBase) so a researcher can train any
 * of them directly (`bun run ssl train configs/tiers/ci.ts`); every claim arm is `extend(base, arm.patch)`.
 * `smoke` has no base: the empirical claims have no smoke plans (a smoke run is the ci run, shorter, and
 * measures nothing the ci tier does not).
 */
import { ciBase, cpuLongBase, fullBase, nightlyBase, type RunConfigInput } from "@ssl/configs"
import type { Tier } from "../harness/Tier.ts"

export const tierBases: Readonly<Partial<Record<Tier, RunConfigInput>>> = {
  ci: ciBase,
  "cpu-long": cpuLongBase,
  nightly: nightlyBase,
  full: fullBase,
}

/** A tier without a base config (smoke). */
export class NoBaseForTier extends Error {
  readonly _tag = "NoBaseForTier"
  constructor(readonly tier: Tier) {
    super(`the empirical claims have no base run config for the ${tier} tier; use one of ${Object.keys(tierBases).join(", ")}`)
  }
}

export const baseFor = (tier: Tier): RunConfigInput => {
  const base = tierBases[tier]
  if (base === undefined) throw new NoBaseForTier(tier)
  return base
}
