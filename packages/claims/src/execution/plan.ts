/**
 * The execution plan of a tier, computed once: every run the selected claims need (arm × seed, deduplicated by
 * config hash, most-shared first), which of them the run store already holds at this code version, and what
 * each costs (cost.ts). Executors train exactly `toTrain(plan)`; `ssl repro --dry-run` prints it.
 */
import { existsSync } from "node:fs"
import { join } from "node:path"
import { RunIndex } from "@ssl/core"
import type { Claim } from "../harness/Claim.ts"
import type { Tier } from "../harness/Tier.ts"
import type { Arm } from "../empirical/arms.ts"
import { plannedArmRuns } from "../empirical/plannedRuns.ts"
import { armConfig } from "../empirical/trainArm.ts"
import { type BackendClass, estimateSeconds, throughputs } from "./cost.ts"

export interface PlanRun {
  readonly arm: Arm
  readonly seed: number
  readonly configHash: string
  /** The claims that read this run. */
  readonly claims: ReadonlyArray<string>
  /** A finished run of this config at the plan's code version is in the store. */
  readonly cached: boolean
  /** Estimated wall seconds to train and evaluate it on the plan's backend (whether or not it is cached). */
  readonly estimatedSeconds: number
}

export interface ExecutionPlan {
  readonly tier: Tier
  readonly backend: BackendClass
  readonly codeVersion: string
  readonly runs: ReadonlyArray<PlanRun>
}

/** The backend class a tier is sized for: the ResNet tiers are GPU-only (≈ 55 s a step on this CPU). */
export const tierBackend: Readonly<Record<Tier, BackendClass>> = { smoke: "cpu", ci: "cpu", "cpu-long": "cpu", nightly: "gpu", full: "gpu" }

/** The runs still to train. */
export const toTrain = (plan: ExecutionPlan): ReadonlyArray<PlanRun> => plan.runs.filter((r) => !r.cached)

/** Estimated seconds of the runs still to train, one after another (divide by the workers or GPUs in use). */
export const planSeconds = (plan: ExecutionPlan): number => toTrain(plan).reduce((s, r) => s + r.estimatedSeconds, 0)

/**
 * Estimated seconds of training per claim, for the progress ETA (harness/runClaims.ts): each run still to train counts
 * for the first claim in `order` that reads it (the one that will train it; the others find it cached).
 */
export const claimTrainingSeconds = (plan: ExecutionPlan, order: ReadonlyArray<Claim>): Readonly<Record<string, number>> => {
  const out: Record<string, number> = Object.fromEntries(order.map((c) => [c.id, 0]))
  const position = new Map(order.map((c, i) => [c.id, i]))
  for (const r of toTrain(plan)) {
    const first = [...r.claims].sort((a, b) => (position.get(a) ?? Infinity) - (position.get(b) ?? Infinity))[0]
    if (first !== undefined && first in out) out[first] = out[first]! + r.estimatedSeconds
  }
  return out
}

export interface PlanOptions {
  /** The run store's root (default: SSL_RUNS_DIR or ./runs); not created when absent (then nothing is cached). */
  readonly root: string
  readonly codeVersion: string
  readonly backend?: BackendClass
}

/** Computes the plan; reads the store's index only (a dry run writes nothing). */
export const planTier = (claims: ReadonlyArray<Claim>, tier: Tier, options: PlanOptions): ExecutionPlan => {
  const backend = options.backend ?? tierBackend[tier]
  const indexPath = join(options.root, "index.sqlite")
  const index = existsSync(indexPath) ? RunIndex.open(indexPath) : undefined
  try {
    const runs = plannedArmRuns(claims, tier).map((r): PlanRun => ({
      arm: r.arm, seed: r.seed, configHash: r.configHash, claims: r.claims,
      cached: index?.findCached(r.configHash, options.codeVersion) !== undefined,
      estimatedSeconds: estimateSeconds(armConfig(tier, r.arm, r.seed), backend),
    }))
    return { tier, backend, codeVersion: options.codeVersion, runs }
  } finally {
    index?.close()
  }
}

/** `--dry-run --json`: {"tier","executor","runs":[{"config","seed","claims","cached","estimatedSeconds"}],"estimatedSeconds"}. */
export const planJson = (plan: ExecutionPlan, executor: string): string => {
  const runs = plan.runs.map((r) => ({ config: r.arm.name, seed: r.seed, claims: r.claims, cached: r.cached, estimatedSeconds: Math.round(r.estimatedSeconds) }))
  // The total is the sum of the printed (rounded) seconds of the runs to train, so a reader's sum matches it.
  return JSON.stringify({ tier: plan.tier, executor, runs, estimatedSeconds: runs.filter((r) => !r.cached).reduce((s, r) => s + r.estimatedSeconds, 0) })
}

const duration = (s: number): string =>
  s < 90 ? `${s.toFixed(0)} s` : s < 5400 ? `${(s / 60).toFixed(1)} min` : `${(s / 3600).toFixed(1)} h`

/** The human form of `--dry-run`: one line per run, then the totals and where the throughputs come from. */
export const formatPlan = (plan: ExecutionPlan, executor: string): string => {
  const train = toTrain(plan)
  const lines = [`${plan.tier}: ${plan.runs.length} run(s), ${plan.runs.length - train.length} cached, ${train.length} to train` +
    ` (executor ${executor}, sized for ${plan.backend}, code ${plan.codeVersion})`]
  if (plan.runs.length === 0) lines.push("  no training runs: the claims of this tier simulate or compute without training")
  for (const r of plan.runs) {
    lines.push(`  ${r.cached ? "cached  " : "to train"}  ${r.arm.name.padEnd(44)} seed ${String(r.seed).padEnd(3)} ≈ ${duration(r.estimatedSeconds).padStart(8)}  ${r.claims.join(",")}`)
  }
  lines.push(`  estimated: ${duration(planSeconds(plan))} of ${plan.backend} time to train (one run at a time; divide by the workers or GPUs)`)
  const families = new Set(plan.runs.map((r) => armFamily(plan, r)))
  for (const f of families) lines.push(`  throughput (${f}): ${throughputs[plan.backend][f].source}`)
  return lines.join("\n")
}

const armFamily = (plan: ExecutionPlan, r: PlanRun) => armConfig(plan.tier, r.arm, r.seed).model.encoder.kind
