/**
 * Trains (or finds) the runs of one claim arm at a tier, one per seed: config = base(tier) ⊕ arm.patch ⊕
 * { train.seed }, resolved and hashed; the run store's cache (config hash + code version) is looked up first,
 * so an arm shared by several claims — or by a second report — trains once per code version.
 *
 * Three levels of reuse, cheapest first:
 *   1. this process's memo (a claims run asks for the shared baseline many times);
 *   2. the on-disk run store (packages/core RunStore.findCached): results.json + metrics.jsonl of a finished
 *      run with the same resolved config at the same code version;
 *   3. otherwise `runExperiment` trains and evaluates it, recording it in the store — resuming, from its
 *      checkpoint, a run of the same config and code version that was stopped on request (`interrupted`).
 * `stopClaimRuns()` (Ctrl-C in `ssl repro` and its workers) stops the run in progress after its current step with
 * a checkpoint, and no new run starts in this process after it.
 * The random-encoder floor and the raw-pixel baseline do not depend on training: runs of the same seed,
 * architecture, data and eval spec share them (runExperiment's `baselineCache`), which saves ~1.5 s of the
 * ≈ 9 s a ci run may take (configs/tiers/ci.ts has the budget arithmetic).
 */
import { type RunConfig, configHash, deepMerge, extend, resolveConfig } from "@ssl/configs"
import { codeVersion, type GitState, gitState, type ImageDataset, loadDataset, RunStore as CoreRunStore, defaultRunsRoot } from "@ssl/core"
import { readFileSync } from "node:fs"
import { join } from "node:path"
import { type Baselines, type ExperimentResults, runExperiment, type TrainMetricsRecord } from "@ssl/methods"
import type { Progress as TrainingProgress } from "@ssl/methods"
import { Cause, Effect } from "effect"
import { ClaimRunFailed } from "../harness/Claim.ts"
import { type Progress, report } from "../harness/Progress.ts"
import type { Tier } from "../harness/Tier.ts"
import type { Arm } from "./arms.ts"
import { baseFor } from "./bases.ts"
import { runProgress } from "./runProgress.ts"

/** One seed of an arm: the run, its results and its metrics series. */
export interface ArmRun {
  readonly arm: string
  readonly seed: number
  readonly runId: string
  readonly configHash: string
  /** Found in the run store (or this process's memo) rather than trained now. */
  readonly cached: boolean
  /** results.json: probe {final, best}, randomEncoderProbe, rawPixelProbe, knn, evaluation (all three sources), metrics {initial, final}, ... */
  readonly results: ExperimentResults
  /** metrics.jsonl: one record every `train.logEvery` steps, step 0 first (loss, zStd, effectiveRank, alignment, asymmetry, eigenvalues of F̂ and W_p). */
  readonly series: ReadonlyArray<TrainMetricsRecord>
}

export interface TrainArmOptions {
  /** The claim asking (for progress lines and ClaimRunFailed). */
  readonly claim: string
  /** The run store; default: the process-wide store at SSL_RUNS_DIR or ./runs. */
  readonly store?: CoreRunStore
  /** Per-step training progress of a run this call trains (default: "run step" and "run phase" events, runProgress.ts); tests stop a run at a given step through it. */
  readonly trainingProgress?: TrainingProgress
}

/** The resolved config of an arm at a tier for one seed. */
export const armConfig = (tier: Tier, arm: Arm, seed: number): RunConfig =>
  resolveConfig(extend(extend(baseFor(tier), arm.patch), { train: { seed } }), `${tier} base ⊕ arm ${arm.name} ⊕ seed ${seed}`)

// ------------------------------------------------------------------------------------- process state

let defaultStore: CoreRunStore | undefined
/** The process-wide run store (opened on first use). */
export const claimsRunStore = (): CoreRunStore => (defaultStore ??= CoreRunStore.open(defaultRunsRoot()))

let version: string | undefined
/**
 * The code version of this process, computed once: every run of one claims invocation is keyed by the same
 * version even while files change underneath (other engineers, an editor).
 */
export const claimsCodeVersion = (): string => (version ??= codeVersion())

let checkout: GitState | undefined
/** This checkout's git state, read once per process for the same reason (and not re-run for every stored run). */
const claimsGitState = (): GitState => (checkout ??= gitState())

/**
 * Whether a run found in the on-disk store may stand for this code. Runs are keyed by the code version. When that
 * version is the git state itself, the key says which code trained the run. "unknown" never does (no git: any code
 * could have). A version pinned by SSL_CODE_VERSION (a coordinator passing its own to its workers and Slurm tasks,
 * or a user's label) is only a key: such a run counts when the code that trained it, the git state recorded in its
 * provenance, is this checkout's, so a claim can never pass on runs trained by other code.
 */
export const storeRunTrusted = (
  code: string,
  trainedBy: GitState | undefined,
  env: Readonly<Record<string, string | undefined>> = process.env,
  current: () => GitState = claimsGitState,
): boolean => {
  if (code === "unknown") return false
  if (env["SSL_CODE_VERSION"] === undefined || env["SSL_CODE_VERSION"] === "") return true
  const now = current()
  return trainedBy !== undefined && now.commit !== null && now.dirty !== null
    && trainedBy.commit === now.commit && trainedBy.dirty === now.dirty && trainedBy.diffHash === now.diffHash
}

const memo = new Map<string, ArmRun>()
const datasets = new Map<string, ImageDataset>()
const baselineCache = new Map<string, Baselines>()

/** Forgets this process's memo of finished runs (tests: force the on-disk lookup). */
export const clearArmMemo = (): void => memo.clear()

let stop = new AbortController()
/** Asks this process's claim runs to stop: the one in progress after its current step (checkpointed), none after. */
export const stopClaimRuns = (): void => stop.abort()
/** Whether `stopClaimRuns` was called (and not reset). */
export const claimRunsStopped = (): boolean => stop.signal.aborted
/** Lets claim runs start again after `stopClaimRuns` (tests; a new process starts unstopped). */
export const resetClaimRunsStop = (): void => {
  stop = new AbortController()
}

// --------------------------------------------------------------------------------------------- runs

const failed = (claim: string, what: string, cause: unknown): ClaimRunFailed =>
  new ClaimRunFailed({ claim, message: `${what}: ${cause instanceof Error ? cause.message : String(cause)}`, cause })

const dataset = (config: RunConfig): Effect.Effect<ImageDataset, unknown> => {
  const key = JSON.stringify([config.data.dataset, config.data.unlabeled])
  const hit = datasets.get(key)
  if (hit !== undefined) return Effect.succeed(hit)
  return loadDataset(config.data.dataset,
    config.data.dataset === "stl10" && config.data.unlabeled > 0 ? { unlabeled: { limit: config.data.unlabeled } } : {})
    .pipe(Effect.tap((ds) => Effect.sync(() => void datasets.set(key, ds))))
}

/** A finished run of this config at this code version in the store, read back. */
/** The git state of the code that trained a stored run, from its provenance.json (undefined if unreadable). */
const trainedBy = (store: CoreRunStore, runId: string): GitState | undefined => {
  try {
    return (JSON.parse(readFileSync(join(store.root, runId, "provenance.json"), "utf8")) as { git?: GitState }).git
  } catch {
    return undefined
  }
}

const fromStore = (store: CoreRunStore, hash: string, code: string): Effect.Effect<{ runId: string; results: ExperimentResults; series: TrainMetricsRecord[] } | undefined> =>
  Effect.gen(function*() {
    const row = store.findCached(hash, code)
    if (row === undefined) return undefined
    const run = yield* store.open(row.id).pipe(Effect.option)
    if (run._tag === "None" || !storeRunTrusted(code, trainedBy(store, row.id))) return undefined
    const results = run.value.results() as ExperimentResults | undefined
    if (results === undefined) return undefined
    return { runId: row.id, results, series: run.value.metrics() as unknown as TrainMetricsRecord[] }
  })

/** One seed of an arm: memo, store, or a new run. */
export const trainArmSeed = (tier: Tier, arm: Arm, seed: number, options: TrainArmOptions): Effect.Effect<ArmRun, ClaimRunFailed, Progress> =>
  Effect.gen(function*() {
    const config = yield* Effect.try({ try: () => armConfig(tier, arm, seed), catch: (e) => failed(options.claim, `arm ${arm.name} (seed ${seed}) has an invalid config`, e) })
    const hash = configHash(config)
    const code = claimsCodeVersion()
    const key = `${hash}:${code}`
    const hit = memo.get(key)
    if (hit !== undefined) return { ...hit, arm: arm.name, cached: true }
    const store = options.store ?? claimsRunStore()
    const stored = yield* fromStore(store, hash, code)
    if (stored !== undefined) {
      const out: ArmRun = { arm: arm.name, seed, runId: stored.runId, configHash: hash, cached: true, results: stored.results, series: stored.series }
      memo.set(key, out)
      yield* report(options.claim, "run cached", { tier, arm: arm.name, seed, runId: stored.runId })
      return out
    }
    if (stop.signal.aborted) return yield* Effect.fail(failed(options.claim, `arm ${arm.name} (seed ${seed}) at ${tier}`, "not started: the claim runs were stopped on request (Ctrl-C)"))
    const interrupted = [store.findInterrupted(hash, code)].find((row) => row !== undefined && storeRunTrusted(code, trainedBy(store, row.id)))
    yield* report(options.claim, interrupted === undefined ? "run start" : "run resume", {
      tier, arm: arm.name, seed, ...(interrupted === undefined ? {} : { from: interrupted.id }),
    })
    const ds = yield* dataset(config).pipe(Effect.mapError((e) => failed(options.claim, `arm ${arm.name} (seed ${seed}): loading ${config.data.dataset}`, e)))
    let runRef: { metrics(): unknown[] } | undefined
    const progress = options.trainingProgress ?? (yield* runProgress({ claim: options.claim, arm: arm.name, seed }))
    const results = yield* runExperiment(config, {
      store, configHash: hash, label: `claim ${options.claim} ${tier} ${arm.name}`, progress, dataset: ds,
      baselineCache, keepCheckpoints: 1, onRun: (run) => { runRef = run }, stopSignal: stop.signal,
      ...(interrupted === undefined ? {} : { resume: interrupted.id }),
    }).pipe(
      Effect.catchCause((cause) => Effect.fail(failed(options.claim, `arm ${arm.name} (seed ${seed}) at ${tier}`, Cause.squash(cause)))),
    )
    const series = (runRef?.metrics() ?? []) as unknown as TrainMetricsRecord[]
    const out: ArmRun = { arm: arm.name, seed, runId: results.runId, configHash: hash, cached: false, results, series }
    memo.set(key, out)
    yield* report(options.claim, "run done", {
      tier, arm: arm.name, seed, runId: results.runId, seconds: Number(results.seconds.toFixed(2)),
      stepsPerSecond: Number(results.training.stepsPerSecond.toFixed(1)),
    })
    return out
  })

/** Every seed of an arm, in order (one at a time: the CPU is shared). */
export const trainArm = (tier: Tier, arm: Arm, seeds: ReadonlyArray<number>, options: TrainArmOptions): Effect.Effect<ReadonlyArray<ArmRun>, ClaimRunFailed, Progress> =>
  Effect.forEach(seeds, (seed) => trainArmSeed(tier, arm, seed, options))

/** Several arms × the same seeds: a record name → runs. */
export const trainArms = <N extends string>(tier: Tier, arms: Readonly<Record<N, Arm>>, seeds: ReadonlyArray<number>, options: TrainArmOptions): Effect.Effect<Readonly<Record<N, ReadonlyArray<ArmRun>>>, ClaimRunFailed, Progress> =>
  Effect.gen(function*() {
    const out = {} as Record<N, ReadonlyArray<ArmRun>>
    for (const name of Object.keys(arms) as Array<N>) out[name] = yield* trainArm(tier, arms[name], seeds, options)
    return out
  })

/** Merges patches left to right (an arm built from a shared arm plus a tier- or claim-specific change). */
export const withPatch = (arm: Arm, name: string, patch: Arm["patch"]): Arm => ({ name, patch: deepMerge(arm.patch, patch) as Arm["patch"] })
