/**
 * The distinct training runs a set of claims will ask for at a tier: every (arm, seed) of their plans,
 * deduplicated by resolved-config hash, most-shared first. The execution plan (execution/plan.ts) is built on it;
 * an executor trains the runs the store lacks before the claims run one after another and find them there
 * (trainArm.ts's cache, keyed by the resolved config's hash and the code version).
 */
import { configHash } from "@ssl/configs"
import type { Claim } from "../harness/Claim.ts"
import type { Tier } from "../harness/Tier.ts"
import type { Arm } from "./arms.ts"
import { armConfig } from "./trainArm.ts"

/** One (arm, seed) run that the claims' plans name at a tier, with the claims that share it. */
export interface PlannedRun {
  readonly arm: Arm
  readonly seed: number
  readonly configHash: string
  readonly claims: ReadonlyArray<string>
}

const isArm = (x: unknown): x is Arm =>
  typeof x === "object" && x !== null && typeof (x as Arm).name === "string" && typeof (x as Arm).patch === "object"

/** The arms of a plan config: its `arms` and `infoArms` records (tierPlans.ts), whatever else it holds. */
const planArms = (config: unknown): ReadonlyArray<Arm> => {
  if (typeof config !== "object" || config === null) return []
  const { arms, infoArms } = config as { arms?: unknown; infoArms?: unknown }
  return [arms, infoArms].flatMap((r) => (typeof r === "object" && r !== null ? Object.values(r).filter(isArm) : []))
}

/** The config hash of an arm's run, or undefined when its config does not resolve (its claim reports that). */
const hashOf = (tier: Tier, arm: Arm, seed: number): string | undefined => {
  try {
    return configHash(armConfig(tier, arm, seed))
  } catch {
    return undefined
  }
}

/**
 * Every distinct run the claims' plans at `tier` name (arms × the plan's seeds), most-shared first (the SGD
 * baseline, which the accuracy gate needs, trains first). Claims without arms (the theory claims) add none.
 */
export const plannedArmRuns = (claims: ReadonlyArray<Claim>, tier: Tier): ReadonlyArray<PlannedRun> => {
  const runs = new Map<string, { arm: Arm; seed: number; claims: Array<string>; order: number }>()
  for (const claim of claims) {
    if (claim.status(tier).kind !== "run") continue
    const plan = claim.plan(tier)
    if (plan === undefined) continue
    for (const arm of planArms(plan.config)) {
      for (const seed of plan.seeds) {
        const hash = hashOf(tier, arm, seed)
        if (hash === undefined) continue
        const hit = runs.get(hash)
        if (hit === undefined) runs.set(hash, { arm, seed, claims: [claim.id], order: runs.size })
        else if (!hit.claims.includes(claim.id)) hit.claims.push(claim.id)
      }
    }
  }
  return [...runs.entries()]
    .sort(([, a], [, b]) => b.claims.length - a.claims.length || a.order - b.order)
    .map(([hash, r]) => ({ arm: r.arm, seed: r.seed, configHash: hash, claims: r.claims }))
}
