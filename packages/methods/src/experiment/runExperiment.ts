/**
 * One experiment end to end, as an Effect: backend, data, a run folder in the run store, training (with
 * checkpoints and resume), evaluation against the random-encoder floor and raw pixels, results.json and the
 * index row. `bun run ssl train` is this plus argument parsing; the claims call it for their runs.
 *
 * Failures are typed: Diverged (the run is marked `diverged`, its last good checkpoint kept), Interrupted (the
 * stop signal fired: a checkpoint of the last completed step is saved and the run is marked `interrupted`, ready
 * to resume), RunLocked (another process writes the run), DataError, BackendUnavailable / UnknownBackend,
 * CorruptCheckpoint / NoUsableCheckpoint, RunNotFound, ResumeFailed.
 *
 * The run's writer lock is held from its creation (or, resuming, from before anything is loaded, so a second
 * writer fails fast) until its status and results are written.
 */
import {
  type BackendChoice, type BackendUnavailable, buildAugmentation, buildEvalTransform, type CorruptCheckpoint, type DataError,
  type ImageDataset, type InvalidBackendOption, type NoUsableCheckpoint, Rng, type Run, type RunLocked,
  type RunNotFound, type RunStore, StoreUnavailable, type UnknownBackend,
} from "@ssl/core"
import { augmentParams } from "@ssl/configs"
import { Effect } from "effect"
import { type Baselines, type EvalPhase, type Evaluation, evaluate } from "../eval/evaluate.ts"
import type { SslModel, SslModelSpec } from "../method/SslModel.ts"
import { Tower } from "../models/Tower.ts"
import { Diverged, Interrupted, ResumeFailed } from "../train/errors.ts"
import type { TrainMetricsRecord } from "../train/TrainMetricsRecord.ts"
import { defaultProgress, type Progress } from "../train/Progress.ts"
import { fromStoredCheckpoint, runSink } from "../train/runSink.ts"
import type { TrainCheckpoint } from "../train/TrainSink.ts"
import { train } from "../train/train.ts"
import { type BackendRequest, backendRequest, startBackend } from "./backendRequest.ts"
import { experimentDataset } from "./experimentDataset.ts"
import { type ExperimentConfig, totalSteps } from "./ExperimentConfig.ts"

/** The four headline metrics of a record (what `ssl train --json` reports for the first and last record). */
export interface HeadlineMetrics {
  /** Median cos(u_j, W_p u_j) over the eigenvectors of F̂ with eigenvalue > 1e-3·max. */
  readonly alignment: number
  /** ‖W_p − W_pᵀ‖_F / ‖W_p‖_F. */
  readonly asymmetry: number
  readonly zStd: number
  readonly effectiveRank: number
}

/** The summary `ssl train --json` prints (accuracies in [0, 1]). */
export interface ExperimentSummary {
  readonly runId: string
  readonly backend: string
  /** Wall-clock seconds of training + evaluation (this invocation). */
  readonly seconds: number
  /** Linear probe of the trained encoder: accuracy after the last probe epoch, and the best over epochs (test-selected). */
  readonly probe: { readonly final: number; readonly best: number }
  /** Final-epoch probe accuracy of a randomly initialised frozen encoder of the same architecture (the floor). */
  readonly randomEncoderProbe: number
  /** Final-epoch probe accuracy on the raw pixels. */
  readonly rawPixelProbe: number
  /** Weighted kNN accuracy of the trained encoder. */
  readonly knn: number
  readonly metrics: { readonly initial: HeadlineMetrics; readonly final: HeadlineMetrics }
}

/** results.json: the summary plus the details behind it. */
export interface ExperimentResults extends ExperimentSummary {
  readonly configHash: string
  readonly steps: number
  readonly training: { readonly seconds: number; readonly stepsPerSecond: number; readonly resumedFrom: number }
  readonly evaluation: Evaluation
  readonly backendChoice: BackendChoice
  readonly initialRecord: TrainMetricsRecord
  readonly finalRecord: TrainMetricsRecord
}

/** What `runExperiment` returns: results.json's content plus the metrics series it recorded (metrics.jsonl's records). */
export interface ExperimentOutcome extends ExperimentResults {
  /** Every metrics record of the run, step 0 first (also those of earlier segments of a resumed run). */
  readonly records: ReadonlyArray<TrainMetricsRecord>
}

export interface RunExperimentOptions {
  readonly store: RunStore
  readonly configHash: string
  /** Stored in the index (e.g. the preset path). */
  readonly label?: string
  /** Resume this run id from its latest checkpoint (its stored config must have the same hash). */
  readonly resume?: string
  readonly progress?: Progress
  /** The config's dataset already in memory (tests; the claims load each one once); otherwise `experimentDataset(config)`. */
  readonly dataset?: ImageDataset
  /** The code version the run is keyed by in the store's index (default: this working tree's, computed when the run is created). */
  readonly codeVersion?: string
  /** Called with the run as soon as it exists (so a caller can report its id even if training fails). */
  readonly onRun?: (run: Run) => void
  /** Checkpoints kept per run (default 2). */
  readonly keepCheckpoints?: number
  /**
   * Reuse the random-encoder floor and raw-pixel baseline across runs that share seed, architecture, data and
   * eval spec (keyed by `baselinesKey`): they do not depend on training. The claims pass one per process.
   */
  readonly baselineCache?: Map<string, Baselines>
  /** Stops training between two steps when aborted (Ctrl-C in `ssl train`): checkpoint, status `interrupted`. */
  readonly stopSignal?: AbortSignal
  /** The backend asked for and by whom (default: `backendRequest(config.runtime.backend)`: SSL_BACKEND, the config, auto). */
  readonly backend?: BackendRequest
  /**
   * Called when training is over and its last checkpoint written, before the (long, synchronous) evaluation: from
   * here on, nothing is lost if the process ends (a resume re-evaluates).
   */
  readonly onTrained?: (run: Run) => void
  /** Told of each corrupt checkpoint skipped when resuming (default: a line on stderr). */
  readonly onSkippedCheckpoint?: (corrupt: CorruptCheckpoint) => void
}

export type ExperimentError =
  | Diverged | Interrupted | DataError | BackendUnavailable | UnknownBackend | InvalidBackendOption | CorruptCheckpoint | NoUsableCheckpoint
  | RunNotFound | RunLocked | ResumeFailed | StoreUnavailable

/** A write that failed because the disk is full or read-only, as the typed StoreUnavailable saying what to do. */
const storeFaultOf = (run: Run, e: unknown): StoreUnavailable | undefined => {
  const code = (e as { code?: unknown } | null)?.code
  const resume = `then resume it with \`bun run ssl train --resume ${run.id}\` (checkpoints are written atomically, so its last one is intact)`
  if (code === "ENOSPC" || code === "EDQUOT" || code === "SQLITE_FULL") {
    return new StoreUnavailable({ path: run.dir, reason: `ran out of space while writing run ${run.id} (${code})`, fix: `Free some space (old runs' checkpoints are the bulk), ${resume}.` })
  }
  if (code === "EROFS" || code === "EACCES" || code === "EPERM") {
    return new StoreUnavailable({ path: run.dir, reason: `could not be written while writing run ${run.id} (${code})`, fix: `Make it writable, ${resume}.` })
  }
  return undefined
}

const reportSkipped = (c: CorruptCheckpoint): void =>
  void process.stderr.write(`ssl: skipped a corrupt checkpoint, ${c.file} (${c.reason}); resuming from the newest valid one before it\n`)

export const headline = (r: TrainMetricsRecord): HeadlineMetrics => ({
  alignment: r.alignment, asymmetry: r.asymmetry, zStd: r.zStd, effectiveRank: r.effectiveRank,
})

/** The model spec of a config, for a dataset of this image shape. */
export const modelSpec = (config: ExperimentConfig, inputShape: readonly [number, number, number]): SslModelSpec => ({
  inputShape,
  encoder: config.model.encoder,
  projector: config.model.projector,
  method: config.method,
  optimizer: config.optimizer,
  seed: config.train.seed,
})

/** Pretraining images: the first `trainLimit` training images, plus STL-10's unlabeled ones. */
export const pretrainImages = (config: ExperimentConfig, ds: ImageDataset): { size: number; images: Float32Array } => {
  const per = ds.shape[0] * ds.shape[1] * ds.shape[2]
  const n = Math.min(config.data.trainLimit ?? ds.train.size, ds.train.size)
  const train = ds.train.images.subarray(0, n * per)
  const extra = ds.unlabeled
  if (extra === undefined || extra.size === 0) return { size: n, images: train }
  const images = new Float32Array((n + extra.size) * per)
  images.set(train, 0)
  images.set(extra.images.subarray(0, extra.size * per), n * per)
  return { size: n + extra.size, images }
}

/**
 * The key of the training-independent baselines of a config: they depend on the seed (the random encoder's
 * init and the probe's shuffling), the architecture, the data and its eval transform, and the eval spec.
 */
export const baselinesKey = (config: ExperimentConfig): string =>
  JSON.stringify([config.train.seed, config.model, config.data, config.eval])

/**
 * Evaluates a trained model against the random-encoder floor and raw pixels. With `baselineCache` the two
 * baselines are taken from, or stored into, the cache under `baselinesKey(config)`.
 */
export const evaluateModel = (config: ExperimentConfig, ds: ImageDataset, model: SslModel, baselineCache?: Map<string, Baselines>,
  onPhase?: (phase: EvalPhase) => void): Evaluation => {
  const key = baselinesKey(config)
  const cached = baselineCache?.get(key)
  // the floor's random encoder is built only when its baseline is not cached (its weights cost milliseconds to draw)
  const random = cached === undefined
    ? new Tower(ds.shape, config.model.encoder, config.model.projector, new Rng(config.train.seed).fork("random-encoder"))
    : undefined
  try {
    const params = augmentParams(config.data.augment)
    const evaluation = evaluate({
      encoder: model.online.encoder,
      ...(random === undefined ? {} : { randomEncoder: random.encoder }),
      data: { train: ds.train, test: ds.test, shape: ds.shape, numClasses: ds.numClasses },
      spec: config.eval,
      seed: config.train.seed,
      preprocess: buildEvalTransform(params),
      ...(cached === undefined ? {} : { baselines: cached }),
      ...(onPhase === undefined ? {} : { onPhase }),
    })
    baselineCache?.set(key, { randomEncoder: evaluation.randomEncoder, rawPixels: evaluation.rawPixels })
    return evaluation
  } finally {
    random?.dispose()
  }
}

export const runExperiment = (config: ExperimentConfig, options: RunExperimentOptions): Effect.Effect<ExperimentOutcome, ExperimentError> =>
  Effect.gen(function*() {
    const t0 = performance.now()
    // Resuming: take the run's writer lock before anything slow, so a second writer fails at once.
    let run: Run | undefined = options.resume === undefined ? undefined : yield* options.store.openForWriting(options.resume)
    const body = Effect.gen(function*() {
      if (run !== undefined && run.row.configHash !== options.configHash) {
        return yield* new ResumeFailed({ runId: run.id, reason: `its config hash ${run.row.configHash.slice(0, 12)} differs from this config's ${options.configHash.slice(0, 12)}; resume with the run's own config (runs/${run.id}/config.json)` })
      }
      const backend = yield* startBackend(options.backend ?? backendRequest(config.runtime.backend), config.runtime.threads)
      const ds = options.dataset ?? (yield* experimentDataset(config))
      const images = pretrainImages(config, ds)
      const steps = totalSteps(config.train, images.size)
      run ??= options.store.create({ config, configHash: options.configHash, backend, seed: config.train.seed, ...(options.label === undefined ? {} : { label: options.label }),
        ...(options.codeVersion === undefined ? {} : { codeVersion: options.codeVersion }) })
      return yield* trainAndRecord(config, options, { run, backend, ds, images, steps, t0 })
    })
    // the lock is let go after the run's last write (its status, its results), however the body ends
    return yield* body.pipe(Effect.ensuring(Effect.sync(() => run?.release())))
  })

/** Training, evaluation and the run's records, for a run whose writer lock this process holds. */
const trainAndRecord = (
  config: ExperimentConfig,
  options: RunExperimentOptions,
  ctx: { readonly run: Run; readonly backend: BackendChoice; readonly ds: ImageDataset; readonly images: { size: number; images: Float32Array }; readonly steps: number; readonly t0: number },
): Effect.Effect<ExperimentOutcome, ExperimentError> =>
  Effect.gen(function*() {
    const { run, backend, ds, images, steps, t0 } = ctx
    let resumeFrom: TrainCheckpoint | undefined
    if (options.resume !== undefined) {
      const ckpt = yield* run.resume({ fallback: true, onSkip: options.onSkippedCheckpoint ?? reportSkipped })
      if (ckpt !== undefined) resumeFrom = fromStoredCheckpoint(ckpt)
    }
    options.onRun?.(run)

    const params = augmentParams(config.data.augment)
    const progress = options.progress ?? defaultProgress()
    const outcome = yield* Effect.scoped(Effect.gen(function*() {
      const trained = yield* train({
        model: modelSpec(config, ds.shape),
        images,
        augment: buildAugmentation(params),
        steps,
        batchSize: config.train.batchSize,
        seed: config.train.seed,
        logEvery: config.train.logEvery,
        checkpointEvery: config.train.checkpointEvery,
        sink: runSink(run, { keep: options.keepCheckpoints ?? 2 }),
        progress,
        ...(resumeFrom === undefined ? {} : { resumeFrom }),
        ...(options.stopSignal === undefined ? {} : { stopSignal: options.stopSignal }),
      })
      options.onTrained?.(run)
      const evaluation = evaluateModel(config, ds, trained.model, options.baselineCache, (phase) => progress.phase?.(phase))
      const initialRecord = trained.metrics[0]!
      const finalRecord = trained.metrics[trained.metrics.length - 1]!
      const out: ExperimentOutcome = {
        runId: run.id,
        backend: backend.name,
        seconds: (performance.now() - t0) / 1000,
        probe: { final: evaluation.probe.final, best: evaluation.probe.best },
        randomEncoderProbe: evaluation.randomEncoder.probe.final,
        rawPixelProbe: evaluation.rawPixels.probe.final,
        knn: evaluation.knn,
        metrics: { initial: headline(initialRecord), final: headline(finalRecord) },
        configHash: options.configHash,
        steps,
        training: { seconds: trained.seconds, stepsPerSecond: trained.stepsPerSecond, resumedFrom: trained.resumedFrom },
        evaluation,
        backendChoice: backend,
        initialRecord,
        finalRecord,
        records: trained.metrics,
      }
      return out
    })).pipe(Effect.tapError((e) =>
      Effect.sync(() => {
        if (e instanceof Diverged) void run.setStatus("diverged", { divergedAt: e.step, what: e.what, lastCheckpointStep: e.lastCheckpointStep })
        if (e instanceof Interrupted) void run.setStatus("interrupted", { stoppedAt: e.step, steps: e.totalSteps })
      })
    ), Effect.catchDefect((defect) => {
      const fault = storeFaultOf(run, defect)
      // A full or read-only disk is the store's fault, not the run's: the last checkpoint is intact (atomic writes),
      // so the run is resumable once there is room. The index may be unwritable too: then its row stays `running`
      // and lists as `interrupted` once this process (the writer) is gone.
      try {
        run.setStatus(fault === undefined ? "failed" : "interrupted", fault === undefined ? {} : { stoppedBy: fault.reason })
      } catch {
        // the index is on the same disk
      }
      return fault === undefined ? Effect.die(defect) : Effect.fail(fault)
    }))
    const { records: _records, ...results } = outcome
    run.finish(results, {
      probe: results.probe, randomEncoderProbe: results.randomEncoderProbe, rawPixelProbe: results.rawPixelProbe, knn: results.knn,
      metrics: results.metrics, steps, seconds: results.seconds, backend: backend.name,
    })
    return outcome
  })
