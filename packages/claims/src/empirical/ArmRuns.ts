/**
 * What the training runs of the empirical claims share within one claims invocation (an `ssl claims` or
 * `ssl repro`, an arm worker, a Slurm task), as one Effect service:
 *   - the on-disk run store their runs are found in and recorded in;
 *   - the code version that keys those runs, and whether a stored run may stand for this code;
 *   - the memo of finished runs (a claims run asks for the shared baseline many times);
 *   - the datasets, loaded once each;
 *   - the random-encoder floor and raw-pixel baselines, which do not depend on training (runExperiment's
 *     `baselineCache`: ~1.5 s of the ≈ 9 s a ci run may take);
 *   - the stop signal: `stop()` (Ctrl-C) stops the run in progress after its current step, with a checkpoint,
 *     and no run starts after it.
 * `layerLive` opens the store at SSL_RUNS_DIR (or ./runs) on first use and computes the code version and the
 * checkout's git state once per build; `layerTest` takes a store folder and a code version. Nothing is kept in
 * module state: two layers built in one process share neither memo nor stop.
 */
import type { RunConfig } from "@ssl/configs"
import { codeVersion, type DataError, defaultRunsRoot, type GitState, gitState, type ImageDataset, RunStore as CoreRunStore } from "@ssl/core"
import { type Baselines, experimentDataset } from "@ssl/methods"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Context, Effect, Layer } from "effect"
import type { ArmRun } from "./trainArm.ts"

export class ArmRuns extends Context.Service<ArmRuns, {
  /** The run store (opened on first use, closed with the layer). */
  readonly store: () => CoreRunStore
  /** The code version every run of this service is keyed by, computed once: files changing underneath do not re-key runs. */
  readonly codeVersion: () => string
  /** Whether a run found in the store, trained by the code whose git state its provenance records, may stand for this code (`storeRunTrusted`). */
  readonly trusts: (trainedBy: GitState | undefined) => boolean
  /** Finished runs by `<config hash>:<code version>`. */
  readonly memo: Map<string, ArmRun>
  /** The config's dataset, loaded on first use. */
  readonly dataset: (config: RunConfig) => Effect.Effect<ImageDataset, DataError>
  /** runExperiment's `baselineCache`, shared by every run of this service. */
  readonly baselines: Map<string, Baselines>
  /** Aborted by `stop`; passed to every run this service trains. */
  readonly stopSignal: AbortSignal
  /** Stops the run in progress after its current step (checkpointed, marked `interrupted`); none starts after. */
  readonly stop: () => void
}>()("ssl/claims/ArmRuns") {
  /** This process's store at SSL_RUNS_DIR (or ./runs), its code version and git state. */
  static readonly layerLive: Layer.Layer<ArmRuns> = Layer.effect(ArmRuns, Effect.suspend(() => makeLive(defaultRunsRoot)))

  /** The same with the store in `root` (a Slurm task's staging folder). */
  static readonly layerLiveAt = (root: string): Layer.Layer<ArmRuns> => Layer.effect(ArmRuns, Effect.suspend(() => makeLive(() => root)))

  /**
   * A store in `root` (default: a temporary folder, made on first use and removed with the layer) under a given
   * code version (default "test"); a stored run is trusted as `storeRunTrusted` says under `env` (default: none
   * pinned) and the checkout `gitState`.
   */
  static readonly layerTest = (options: {
    readonly root?: string
    readonly codeVersion?: string
    readonly env?: Readonly<Record<string, string | undefined>>
    readonly gitState?: GitState
  } = {}): Layer.Layer<ArmRuns> =>
    Layer.effect(ArmRuns, Effect.gen(function*() {
      let temp: string | undefined
      // added first, so it runs after the store is closed
      yield* Effect.addFinalizer(() => Effect.sync(() => { if (temp !== undefined) rmSync(temp, { recursive: true, force: true }) }))
      const root = () => options.root ?? (temp ??= mkdtempSync(join(tmpdir(), "ssl-armruns-")))
      return yield* make({
        openStore: () => CoreRunStore.open(root()),
        codeVersion: () => options.codeVersion ?? "test",
        env: options.env ?? {},
        gitState: () => options.gitState ?? { commit: null, dirty: null, diffHash: null },
      })
    }))
}

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
  env: Readonly<Record<string, string | undefined>>,
  current: () => GitState,
): boolean => {
  if (code === "unknown") return false
  if (env["SSL_CODE_VERSION"] === undefined || env["SSL_CODE_VERSION"] === "") return true
  const now = current()
  return trainedBy !== undefined && now.commit !== null && now.dirty !== null
    && trainedBy.commit === now.commit && trainedBy.dirty === now.dirty && trainedBy.diffHash === now.diffHash
}

const makeLive = (root: () => string) =>
  make({ openStore: () => CoreRunStore.open(root()), codeVersion: once(() => codeVersion()), env: process.env, gitState: once(() => gitState()) })

const once = <A>(f: () => A): (() => A) => {
  let value: { a: A } | undefined
  return () => (value ??= { a: f() }).a
}

/** One service instance: its store closed when the layer is released. */
const make = (parts: {
  readonly openStore: () => CoreRunStore
  readonly codeVersion: () => string
  readonly env: Readonly<Record<string, string | undefined>>
  readonly gitState: () => GitState
}) =>
  Effect.gen(function*() {
    let opened: CoreRunStore | undefined
    yield* Effect.addFinalizer(() => Effect.sync(() => opened?.close()))
    const datasets = new Map<string, ImageDataset>()
    const stop = new AbortController()
    return ArmRuns.of({
      store: () => (opened ??= parts.openStore()),
      codeVersion: parts.codeVersion,
      trusts: (trainedBy) => storeRunTrusted(parts.codeVersion(), trainedBy, parts.env, parts.gitState),
      memo: new Map(),
      dataset: (config) => {
        const key = JSON.stringify([config.data.dataset, config.data.unlabeled])
        const hit = datasets.get(key)
        return hit !== undefined ? Effect.succeed(hit) : experimentDataset(config).pipe(Effect.tap((ds) => Effect.sync(() => void datasets.set(key, ds))))
      },
      baselines: new Map(),
      stopSignal: stop.signal,
      stop: () => stop.abort(),
    })
  })
