/**
 * Trains the arm runs that a set of claims will ask for, `jobs` at a time in worker processes (armWorker.ts),
 * before the claims run one after another and find every run in the store (trainArm.ts's cache, keyed by the
 * resolved config's hash and the code version).
 *
 * Why processes: a training run is one synchronous JavaScript loop on one BLAS thread, so a process uses one
 * core; on this 2-core machine two workers halve the wall time of a tier whose arms take minutes each
 * (cpu-long). The claims still run in the parent, one after another and unchanged: prefetching only warms the
 * cache, so a worker that fails (or a tree that changed under it, giving another code version) costs time, never
 * a wrong verdict — the claim then trains the run itself and reports any error as usual.
 */
import { configHash } from "@ssl/configs"
import type { RunStore as CoreRunStore } from "@ssl/core"
import { Effect } from "effect"
import type { Claim } from "../harness/Claim.ts"
import { type Progress, report } from "../harness/Progress.ts"
import type { Tier } from "../harness/Tier.ts"
import type { Arm } from "./arms.ts"
import { armConfig, claimRunsStopped, claimsCodeVersion, claimsRunStore } from "./trainArm.ts"

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

export interface PrefetchOptions {
  /** Worker processes at once (≥ 1); one per core is the useful maximum. */
  readonly jobs: number
  /** Default: the claims' process-wide store (SSL_RUNS_DIR or ./runs); workers are pointed at its root. */
  readonly store?: CoreRunStore
}

export interface PrefetchSummary {
  readonly planned: number
  readonly alreadyStored: number
  readonly trained: number
  /** Runs whose worker failed; the claims train (or fail on) them themselves. */
  readonly failed: ReadonlyArray<{ readonly arm: string; readonly seed: number; readonly message: string }>
  readonly seconds: number
}

const workerPath = new URL("./armWorker.ts", import.meta.url).pathname

/** One worker process for one run; resolves to undefined on success, else the worker's last words. */
const runWorker = (tier: Tier, run: PlannedRun, root: string, code: string): Promise<string | undefined> => {
  const child = Bun.spawn([process.execPath, workerPath, tier, String(run.seed), JSON.stringify(run.arm)], {
    // The coordinator's code version: a file edited while the workers run must not key their runs differently.
    env: { ...process.env, SSL_RUNS_DIR: root, SSL_CODE_VERSION: code },
    stdin: "ignore", stdout: "ignore", stderr: "pipe",
  })
  // A stop asked of this process (a signal to it alone, not to its process group) reaches the worker too; one that
  // reached both is coalesced by the worker's stop path.
  const forward = setInterval(() => {
    if (!claimRunsStopped()) return
    child.kill("SIGINT")
    clearInterval(forward)
  }, 200)
  return Promise.all([child.exited, new Response(child.stderr).text()]).then(([code, err]) => {
    clearInterval(forward)
    return code === 0 ? undefined : `exit code ${code}: ${err.trim().split("\n").slice(-3).join(" | ") || "(no output)"}`
  })
}

/**
 * Trains the planned runs that the store does not hold for this code version, `jobs` at a time. Reports
 * "prefetch start" / "run done" / "prefetch failed" progress events under the claim id "prefetch".
 */
export const prefetchArmRuns = (claims: ReadonlyArray<Claim>, tier: Tier, options: PrefetchOptions): Effect.Effect<PrefetchSummary, never, Progress> =>
  Effect.gen(function*() {
    const start = performance.now()
    const store = options.store ?? claimsRunStore()
    const code = claimsCodeVersion()
    const planned = plannedArmRuns(claims, tier)
    const missing = planned.filter((r) => store.findCached(r.configHash, code) === undefined)
    const jobs = Math.max(1, Math.floor(options.jobs))
    yield* report("prefetch", "prefetch start", { tier, planned: planned.length, missing: missing.length, jobs })
    const failed: Array<{ arm: string; seed: number; message: string }> = []
    let trained = 0
    yield* Effect.forEach(missing, (run) =>
      Effect.gen(function*() {
        if (claimRunsStopped()) return // Ctrl-C: start no more workers (the running ones stop themselves)
        const t0 = performance.now()
        const message = yield* Effect.promise(() => runWorker(tier, run, store.root, code))
        const stored = message === undefined ? store.findCached(run.configHash, code) : undefined
        if (stored === undefined) {
          const why = message ?? "the worker finished but its run is not in the store at this code version (did the source change meanwhile?)"
          failed.push({ arm: run.arm.name, seed: run.seed, message: why })
          yield* report("prefetch", "prefetch failed", { tier, arm: run.arm.name, seed: run.seed, message: why })
          return
        }
        trained += 1
        yield* report("prefetch", "run done", {
          tier, arm: run.arm.name, seed: run.seed, runId: stored.id, seconds: (performance.now() - t0) / 1000,
        })
      }), { concurrency: jobs, discard: true })
    return { planned: planned.length, alreadyStored: planned.length - missing.length, trained, failed, seconds: (performance.now() - start) / 1000 }
  })
