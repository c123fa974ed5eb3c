/**
 * The training loop: deterministic batches and augmentations by step number, the method's step, metrics every
 * `logEvery` steps, atomic checkpoints, resume, and divergence detection.
 *
 * Determinism: the batch of step t comes from an epoch permutation seeded by (seed, epoch) and its two views
 * from an Rng forked by (seed, t); the model state (weights, BN statistics, momentum buffers, F̂) is entirely
 * in the checkpoint. So an interrupted and resumed run computes exactly what an uninterrupted one does.
 *
 * The loop itself is plain code (no per-step Effect; every tensor of a step is freed by the step): a generator
 * that yields after every step, driven straight through by `runTraining`, or by `runTrainingUntilStopped`, which
 * gives the event loop a turn between steps so that a signal handler (Ctrl-C) can ask it to stop; then it saves
 * a checkpoint of the completed step and fails with `Interrupted`. `train` wraps either as an Effect that owns
 * the model (disposed when the caller's Scope closes) and fails with the typed `Diverged` or `Interrupted`.
 */
import { type Augmentation, CorrelationEstimator, EpochSampler, gatherImages, NonFiniteInput, Rng, symmetricLoss, tf, twoViews } from "@ssl/core"
import { Effect, type Scope } from "effect"
import { measureModel } from "../method/measureModel.ts"
import { SslModel, type SslModelSpec, type StepOutput } from "../method/SslModel.ts"
import { Diverged, Interrupted } from "./errors.ts"
import type { TrainMetricsRecord } from "./TrainMetricsRecord.ts"
import { type Progress, silentProgress } from "./Progress.ts"
import { type TrainCheckpoint, memorySink, type TrainSink } from "./TrainSink.ts"

export interface TrainOptions {
  readonly model: SslModelSpec
  /** Pretraining images [N, H, W, C] in [0, 1] (labels unused). */
  readonly images: { readonly size: number; readonly images: Float32Array }
  readonly augment: Augmentation
  /** Total optimiser steps of the run. */
  readonly steps: number
  readonly batchSize: number
  /** Seeds data order and augmentation (the model's init has its own seed in `model.seed`). */
  readonly seed: number
  readonly logEvery: number
  /** TrainCheckpoint every N steps; 0 = only at the end. */
  readonly checkpointEvery: number
  /** Record the per-eigenvector alignment list every N steps (default 10·logEvery), and always at 0 and the end. */
  readonly alignmentEvery?: number
  readonly sink?: TrainSink
  readonly progress?: Progress
  /** Continue from this checkpoint (the sink's metrics after its step are dropped). */
  readonly resumeFrom?: TrainCheckpoint
  /** Stop after this many completed steps without finishing (an interruption, for tests). */
  readonly until?: number
  /**
   * Stop between two steps once this signal is aborted: a checkpoint of the completed step is saved and the run
   * fails with `Interrupted` (`train` then runs the loop asynchronously, one event-loop turn per step).
   */
  readonly stopSignal?: AbortSignal
}

export interface TrainResult {
  readonly model: SslModel
  /** Completed steps (== options.steps unless `until` stopped earlier). */
  readonly step: number
  readonly resumedFrom: number
  /** The records of the whole run, read back from the sink (step 0 first). */
  readonly metrics: ReadonlyArray<TrainMetricsRecord>
  readonly seconds: number
  readonly stepsPerSecond: number
}

/** The plain loop. Throws `Diverged`; the caller owns (and disposes) the returned model — `train` does that for you. */
export const runTraining = (options: TrainOptions, model: SslModel): TrainResult => {
  const loop = trainingLoop(options, model)
  let next = loop.next(false)
  while (next.done !== true) next = loop.next(false)
  return next.value
}

/**
 * The loop with one event-loop turn between steps, stopping when `signal` is aborted: after saving a checkpoint
 * of the completed step it throws `Interrupted` (or `Diverged`, as `runTraining`).
 */
export const runTrainingUntilStopped = async (options: TrainOptions, model: SslModel, signal: AbortSignal): Promise<TrainResult> => {
  const loop = trainingLoop(options, model)
  let next = loop.next(signal.aborted)
  while (next.done !== true) {
    await new Promise<void>((resolve) => setImmediate(resolve))
    next = loop.next(signal.aborted)
  }
  return next.value
}

/** Yields the completed step after every step; a `true` sent back stops it (checkpoint, then `Interrupted`). */
function* trainingLoop(options: TrainOptions, model: SslModel): Generator<number, TrainResult, boolean> {
  const { steps, batchSize, logEvery } = options
  if (!(Number.isInteger(steps) && steps > 0)) throw new RangeError(`steps must be a positive integer (was ${steps})`)
  if (!(Number.isInteger(logEvery) && logEvery > 0)) throw new RangeError(`logEvery must be a positive integer (was ${logEvery})`)
  const sink = options.sink ?? memorySink()
  const progress = options.progress ?? silentProgress
  const shape = options.model.inputShape
  const rng = new Rng(options.seed)
  const sampler = new EpochSampler(rng.fork("data"), options.images.size, batchSize)
  const alignmentEvery = options.alignmentEvery ?? 10 * logEvery
  const d = model.dim

  // The two views of step t: [B, H, W, C] each.
  const viewsAt = (t: number): readonly [tf.Tensor4D, tf.Tensor4D] => {
    const images = tf.tensor4d(gatherImages(options.images, shape, sampler.at(t)), [batchSize, ...shape])
    try {
      return twoViews(options.augment, images, rng.fork(`augment-${t}`))
    } finally {
      images.dispose()
    }
  }

  let start = 0
  let lossSum = 0
  let lossCount = 0
  let lastCheckpoint = 0
  const checkpoint = options.resumeFrom
  if (checkpoint !== undefined) {
    model.restore(checkpoint.tensors, checkpoint.state.model)
    start = checkpoint.step
    lastCheckpoint = checkpoint.step
    lossSum = checkpoint.state.lossSum
    lossCount = checkpoint.state.lossCount
    sink.truncateMetrics(start)
  } else {
    sink.truncateMetrics(-1)
  }

  const t0 = performance.now()
  const seconds = () => (performance.now() - t0) / 1000
  const epochOf = (step: number) => step / sampler.batchesPerEpoch
  const record = (r: TrainMetricsRecord) => {
    sink.appendMetrics(r)
    progress.record(r)
  }
  const checkFinite = (step: number) => {
    const bad = model.nonFinite()
    if (bad !== undefined) throw new Diverged({ step, what: bad.name, value: bad.value, lastCheckpointStep: lastCheckpoint })
  }
  // The kernels behind the step and the metrics (the F̂ estimator, DirectPred/DirectCopy, EMA, z-std, rank) reject
  // non-finite input with NonFiniteInput; here that is divergence, named by the quantity that went bad.
  const diverging = <T>(step: number, f: () => T): T => {
    try {
      return f()
    } catch (e) {
      if (e instanceof NonFiniteInput) throw new Diverged({ step, what: quantityOf(e.kernel), value: e.value, lastCheckpointStep: lastCheckpoint })
      throw e
    }
  }

  const end = Math.min(steps, options.until ?? steps)
  progress.start(steps, start)
  if (start === 0) record(diverging(0, () => initialRecord(model, viewsAt(0), epochOf(0))))
  for (let t = start; t < end; t++) {
    const completed = t + 1
    const logNow = completed % logEvery === 0 || completed === steps
    const [v1, v2] = viewsAt(t)
    let out: StepOutput
    try {
      out = diverging(completed, () => model.step(v1, v2, t, { captureFeatures: logNow }))
    } finally {
      tf.dispose([v1, v2])
    }
    if (!Number.isFinite(out.loss)) {
      // a NaN loss usually follows NaN gradients of the step before: name the first bad weight if there is one
      const bad = model.nonFinite()
      throw new Diverged({ step: completed, what: bad === undefined ? "loss" : `loss (and ${bad.name})`, value: out.loss, lastCheckpointStep: lastCheckpoint })
    }
    lossSum += out.loss
    lossCount += 1
    progress.step(completed, out.loss)
    if (logNow) {
      checkFinite(completed)
      const m = diverging(completed, () => measureModel(model.correlation(), model.predictorMatrix(), out.features!, out.features!.length / d, d,
        { perEigenvector: completed % alignmentEvery === 0 || completed === steps }))
      record({ step: completed, epoch: epochOf(completed), loss: lossSum / lossCount, seconds: seconds(), ...m })
      lossSum = 0
      lossCount = 0
    }
    const every = options.checkpointEvery
    if ((every > 0 && completed % every === 0) || completed === steps) {
      checkFinite(completed)
      sink.saveCheckpoint({
        step: completed,
        tensors: model.snapshotTensors(),
        state: { model: model.snapshotState(), lossSum, lossCount },
      })
      lastCheckpoint = completed
    }
    const stop = yield completed
    if (stop && completed < end) {
      if (lastCheckpoint !== completed) {
        checkFinite(completed)
        sink.saveCheckpoint({ step: completed, tensors: model.snapshotTensors(), state: { model: model.snapshotState(), lossSum, lossCount } })
      }
      progress.end()
      throw new Interrupted({ step: completed, totalSteps: steps })
    }
  }
  progress.end()
  const elapsed = seconds()
  return {
    model,
    step: end,
    resumedFrom: start,
    metrics: sink.readMetrics(),
    seconds: elapsed,
    stepsPerSecond: (end - start) / Math.max(elapsed, 1e-9),
  }
}

/** The quantity a kernel's non-finite input stands for, in the words of a divergence message. */
const quantityOf = (kernel: string): string => {
  if (kernel === "CorrelationEstimator") return "the F̂ estimator's input (projector outputs)"
  if (kernel === "emaUpdateF64") return "the EMA target update"
  if (kernel === "zStd" || kernel === "effectiveRank") return `the features measured by ${kernel}`
  return `the predictor update (${kernel} of F̂)`
}

/**
 * Step 0: the initial model measured on the first batch's views (BatchNorm with batch statistics but without
 * updating its running averages, so measuring changes nothing). F̂ is that batch's mean(ffᵀ).
 */
const initialRecord = (model: SslModel, views: readonly [tf.Tensor4D, tf.Tensor4D], epoch: number): TrainMetricsRecord => {
  const d = model.dim
  const [v1, v2] = views
  try {
    const batchCorr = new CorrelationEstimator(d, { rho: 0 })
    const [l, f] = tf.tidy(() => {
      const f1 = model.online.apply(v1, "measure").f // [B, d]
      const f2 = model.online.apply(v2, "measure").f
      const target = model.target
      const t1 = target === undefined ? f2 : target.apply(v2, "measure").f
      const t2 = target === undefined ? f1 : target.apply(v1, "measure").f
      batchCorr.update([f1, f2])
      const loss = symmetricLoss(model.spec.method.loss, model.predict(f1, "measure"), t1, model.predict(f2, "measure"), t2)
      return [loss, tf.concat([f1, f2], 0)] // [], [2B, d]
    })
    const loss = l.dataSync()[0]!
    const features = f.dataSync() as Float32Array
    tf.dispose([l, f])
    const m = measureModel(batchCorr.estimate(), model.predictorMatrix(), features, features.length / d, d, { perEigenvector: true })
    return { step: 0, epoch, loss, seconds: 0, ...m }
  } finally {
    tf.dispose([v1, v2])
  }
}

/**
 * The run as an Effect: builds the model (released — all its tensors disposed — when the Scope closes),
 * trains, and fails with `Diverged` on NaN/Inf, or `Interrupted` when `options.stopSignal` stopped it.
 */
export const train = (options: TrainOptions): Effect.Effect<TrainResult, Diverged | Interrupted, Scope.Scope> =>
  Effect.gen(function*() {
    const model = yield* Effect.acquireRelease(Effect.sync(() => new SslModel(options.model)), (m) => Effect.sync(() => m.dispose()))
    const signal = options.stopSignal
    const run = signal === undefined
      ? Effect.try({ try: () => runTraining(options, model), catch: (e) => e })
      : Effect.tryPromise({ try: () => runTrainingUntilStopped(options, model, signal), catch: (e) => e })
    return yield* run.pipe(Effect.catch((e) => (e instanceof Diverged || e instanceof Interrupted ? Effect.fail(e) : Effect.die(e))))
  })
