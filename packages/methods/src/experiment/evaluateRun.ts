/**
 * Re-evaluates a stored run from its newest checkpoint (`bun run ssl eval <run>`): rebuilds the model from the
 * run's config, restores the checkpoint and runs the same evaluation as at the end of training. The caller holds
 * the run's writer lock (it writes eval-<step>.json), so an evaluation never reads a run that is still training.
 */
import { type BackendUnavailable, type CorruptCheckpoint, type DataError, type InvalidBackendOption, loadDataset, type NoUsableCheckpoint, type Run, type UnknownBackend } from "@ssl/core"
import { Effect } from "effect"
import type { Evaluation } from "../eval/evaluate.ts"
import { SslModel } from "../method/SslModel.ts"
import { ResumeFailed } from "../train/errors.ts"
import { fromStoredCheckpoint } from "../train/runSink.ts"
import { type BackendRequest, backendRequest, startBackend } from "./backendRequest.ts"
import type { ExperimentConfig } from "./ExperimentConfig.ts"
import { evaluateModel, modelSpec } from "./runExperiment.ts"

export interface RunEvaluation {
  readonly runId: string
  /** The checkpoint's step. */
  readonly step: number
  readonly backend: string
  readonly evaluation: Evaluation
}

/** `config` is the run's resolved config (the caller validates config.json with @ssl/configs). */
export const evaluateRun = (
  run: Run,
  config: ExperimentConfig,
  options: { readonly backend?: BackendRequest; readonly onSkippedCheckpoint?: (corrupt: CorruptCheckpoint) => void } = {},
): Effect.Effect<RunEvaluation, CorruptCheckpoint | NoUsableCheckpoint | DataError | BackendUnavailable | UnknownBackend | InvalidBackendOption | ResumeFailed> =>
  Effect.gen(function*() {
    const ckpt = yield* run.latestCheckpoint({ fallback: true, ...(options.onSkippedCheckpoint === undefined ? {} : { onSkip: options.onSkippedCheckpoint }) })
    if (ckpt === undefined) return yield* new ResumeFailed({ runId: run.id, reason: "it has no checkpoint to evaluate (it stopped before its first one)" })
    const backend = yield* startBackend(options.backend ?? backendRequest(config.runtime.backend), config.runtime.threads)
    const ds = yield* loadDataset(config.data.dataset)
    const evaluation = yield* Effect.acquireUseRelease(
      Effect.sync(() => new SslModel(modelSpec(config, ds.shape))),
      (model) => Effect.sync(() => {
        const c = fromStoredCheckpoint(ckpt)
        model.restore(c.tensors, c.state.model)
        return evaluateModel(config, ds, model)
      }),
      (model) => Effect.sync(() => model.dispose()),
    )
    return { runId: run.id, step: ckpt.step, backend: backend.name, evaluation }
  })
