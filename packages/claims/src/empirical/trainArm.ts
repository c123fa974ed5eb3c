/**
 * Trains (or finds) the runs of one claim arm at a tier, one per seed: config = base(tier) ⊕ arm.patch ⊕
 * { train.seed }, resolved and hashed; the run store's cache (config hash + code version) is looked up first,
 * so an arm shared by several claims — or by a second report — trains once per code version.
 *
 * Three levels of reuse, cheapest first:
 *   1. the ArmRuns service's memo (a claims run asks for the shared baseline many times);
 *   2. the on-disk run store (packages/core RunStore.findCached): results.json + metrics.jsonl of a finished
 *      run with the same resolved config at the same code version, trained by code this service trusts;
 *   3. otherwise `runExperiment` trains and evaluates it, recording it in the store — resuming, from its
 *      checkpoint, a run of the same config and code version that was stopped on request (`interrupted`).
 * The store, code version, memo, datasets, baselines and stop signal are the ArmRuns service's (ArmRuns.ts).
 */
import { type RunConfig, configHash, deepMerge, extend, resolveConfig } from "@ssl/configs"
import type { GitState, RunStore as CoreRunStore } from "@ssl/core"
import { readFileSync } from "node:fs"
import { join } from "node:path"
import { type ExperimentResults, runExperiment, type TrainMetricsRecord, trainRecords } from "@ssl/methods"
import type { Progress as TrainingProgress } from "@ssl/methods"
import { Cause, Effect } from "effect"
import { ClaimRunFailed } from "../harness/Claim.ts"
import { type Progress, report } from "../harness/Progress.ts"
import type { Tier } from "../harness/Tier.ts"
import { ArmRuns } from "./ArmRuns.ts"
import type { Arm } from "./arms.ts"
import { baseFor } from "./bases.ts"
import { runProgress } from "./runProgress.ts"

/** One seed of an arm: the run, its results and its metrics series. */
export interface ArmRun {
  readonly arm: string
  readonly seed: number
  readonly runId: string
  readonly configHash: string
  /** Found in the run store (or the ArmRuns memo) rather than trained now. */
  readonly cached: boolean
  /** results.json: probe {final, best}, randomEncoderProbe, rawPixelProbe, knn, evaluation (all three sources), metrics {initial, final}, ... */
  readonly results: ExperimentResults
  /** metrics.jsonl: one record every `train.logEvery` steps, step 0 first (loss, zStd, effectiveRank, alignment, asymmetry, eigenvalues of F̂ and W_p). */
  readonly series: ReadonlyArray<TrainMetricsRecord>
}

export interface TrainArmOptions {
  /** The claim asking (for progress lines and ClaimRunFailed). */
  readonly claim: string
  /** Per-step training progress of a run this call trains (default: "run step" and "run phase" events, runProgress.ts); tests stop a run at a given step through it. */
  readonly trainingProgress?: TrainingProgress
}

/** The resolved config of an arm at a tier for one seed. */
export const armConfig = (tier: Tier, arm: Arm, seed: number): RunConfig =>
  resolveConfig(extend(extend(baseFor(tier), arm.patch), { train: { seed } }), `${tier} base ⊕ arm ${arm.name} ⊕ seed ${seed}`)

// --------------------------------------------------------------------------------------------- runs

const failed = (claim: string, what: string, cause: unknown): ClaimRunFailed =>
  new ClaimRunFailed({ claim, message: `${what}: ${cause instanceof Error ? cause.message : String(cause)}`, cause })

/** The git state of the code that trained a stored run, from its provenance.json (undefined if unreadable). */
const trainedBy = (store: CoreRunStore, runId: string): GitState | undefined => {
  try {
    return (JSON.parse(readFileSync(join(store.root, runId, "provenance.json"), "utf8")) as { git?: GitState }).git
  } catch {
    return undefined
  }
}

/** A finished run of this config at this code version in the store, trained by code `trusts` accepts, read back. */
const fromStore = (store: CoreRunStore, hash: string, code: string, trusts: (trainedBy: GitState | undefined) => boolean): Effect.Effect<{ runId: string; results: ExperimentResults; series: TrainMetricsRecord[] } | undefined> =>
  Effect.gen(function*() {
    const row = store.findCached(hash, code)
    if (row === undefined) return undefined
    const run = yield* store.open(row.id).pipe(Effect.option)
    if (run._tag === "None" || !trusts(trainedBy(store, row.id))) return undefined
    const results = run.value.results() as ExperimentResults | undefined
    if (results === undefined) return undefined
    return { runId: row.id, results, series: trainRecords(run.value) }
  })

/** One seed of an arm: memo, store, or a new run. */
export const trainArmSeed = (tier: Tier, arm: Arm, seed: number, options: TrainArmOptions): Effect.Effect<ArmRun, ClaimRunFailed, Progress | ArmRuns> =>
  Effect.gen(function*() {
    const runs = yield* ArmRuns
    const config = yield* Effect.try({ try: () => armConfig(tier, arm, seed), catch: (e) => failed(options.claim, `arm ${arm.name} (seed ${seed}) has an invalid config`, e) })
    const hash = configHash(config)
    const code = runs.codeVersion()
    const key = `${hash}:${code}`
    const hit = runs.memo.get(key)
    if (hit !== undefined) return { ...hit, arm: arm.name, cached: true }
    const store = runs.store()
    const stored = yield* fromStore(store, hash, code, runs.trusts)
    if (stored !== undefined) {
      const out: ArmRun = { arm: arm.name, seed, runId: stored.runId, configHash: hash, cached: true, results: stored.results, series: stored.series }
      runs.memo.set(key, out)
      yield* report(options.claim, "run cached", { tier, arm: arm.name, seed, runId: stored.runId })
      return out
    }
    if (runs.stopSignal.aborted) return yield* Effect.fail(failed(options.claim, `arm ${arm.name} (seed ${seed}) at ${tier}`, "not started: the claim runs were stopped on request (Ctrl-C)"))
    const interrupted = [store.findInterrupted(hash, code)].find((row) => row !== undefined && runs.trusts(trainedBy(store, row.id)))
    yield* report(options.claim, interrupted === undefined ? "run start" : "run resume", {
      tier, arm: arm.name, seed, ...(interrupted === undefined ? {} : { from: interrupted.id }),
    })
    const ds = yield* runs.dataset(config).pipe(Effect.mapError((e) => failed(options.claim, `arm ${arm.name} (seed ${seed}): loading ${config.data.dataset}`, e)))
    const progress = options.trainingProgress ?? (yield* runProgress({ claim: options.claim, arm: arm.name, seed }))
    const outcome = yield* runExperiment(config, {
      store, configHash: hash, codeVersion: code, label: `claim ${options.claim} ${tier} ${arm.name}`, progress,
      dataset: ds, baselineCache: runs.baselines, keepCheckpoints: 1, stopSignal: runs.stopSignal,
      ...(interrupted === undefined ? {} : { resume: interrupted.id }),
    }).pipe(
      Effect.catchCause((cause) => Effect.fail(failed(options.claim, `arm ${arm.name} (seed ${seed}) at ${tier}`, Cause.squash(cause)))),
    )
    const { records: series, ...results } = outcome
    const out: ArmRun = { arm: arm.name, seed, runId: results.runId, configHash: hash, cached: false, results, series }
    runs.memo.set(key, out)
    yield* report(options.claim, "run done", {
      tier, arm: arm.name, seed, runId: results.runId, seconds: Number(results.seconds.toFixed(2)),
      stepsPerSecond: Number(results.training.stepsPerSecond.toFixed(1)),
    })
    return out
  })

/** Every seed of an arm, in order (one at a time: the CPU is shared). */
export const trainArm = (tier: Tier, arm: Arm, seeds: ReadonlyArray<number>, options: TrainArmOptions): Effect.Effect<ReadonlyArray<ArmRun>, ClaimRunFailed, Progress | ArmRuns> =>
  Effect.forEach(seeds, (seed) => trainArmSeed(tier, arm, seed, options))

/** Several arms × the same seeds: a record name → runs. */
export const trainArms = <N extends string>(tier: Tier, arms: Readonly<Record<N, Arm>>, seeds: ReadonlyArray<number>, options: TrainArmOptions): Effect.Effect<Readonly<Record<N, ReadonlyArray<ArmRun>>>, ClaimRunFailed, Progress | ArmRuns> =>
  Effect.gen(function*() {
    const out = {} as Record<N, ReadonlyArray<ArmRun>>
    for (const name of Object.keys(arms) as Array<N>) out[name] = yield* trainArm(tier, arms[name], seeds, options)
    return out
  })

/** Merges patches left to right (an arm built from a shared arm plus a tier- or claim-specific change). */
export const withPatch = (arm: Arm, name: string, patch: Arm["patch"]): Arm => ({ name, patch: deepMerge(arm.patch, patch) as Arm["patch"] })
