/**
 * Where a training run's records go: the metrics stream (one JSON record per logged step) and checkpoints.
 * The CLI backs this with @ssl/core's run store (a run directory: metrics.jsonl, atomic checksummed
 * checkpoints); tests use {@link memorySink}. Contract that makes kill-and-resume exact:
 *   - a checkpoint write is atomic (a reader sees the previous or the new one, never a torn one);
 *   - metrics are appended BEFORE the checkpoint of the same step, and on resume everything recorded after the
 *     checkpoint's step is dropped (`truncateMetrics`) and recomputed — so no record is lost or duplicated.
 */
import type { SslModelState, TensorSnapshot } from "../method/SslModel.ts"
import type { TrainMetricsRecord } from "./TrainMetricsRecord.ts"

export interface TrainerState {
  readonly model: SslModelState
  /** Loss sum and count since the last metrics record (the record's `loss` is their mean). */
  readonly lossSum: number
  readonly lossCount: number
}

export interface TrainCheckpoint {
  /** Completed optimiser steps. */
  readonly step: number
  readonly tensors: TensorSnapshot
  readonly state: TrainerState
}

export interface TrainSink {
  appendMetrics(record: TrainMetricsRecord): void
  /** Every record so far, in order. */
  readMetrics(): Array<TrainMetricsRecord>
  /** Drops the records with step > `step`. */
  truncateMetrics(step: number): void
  saveCheckpoint(checkpoint: TrainCheckpoint): void
}

/** An in-memory sink (tests, and runs that keep nothing). */
export const memorySink = (): TrainSink & { readonly checkpoints: Array<TrainCheckpoint>; latest(): TrainCheckpoint | undefined } => {
  let metrics: Array<TrainMetricsRecord> = []
  const checkpoints: Array<TrainCheckpoint> = []
  return {
    checkpoints,
    appendMetrics: (r) => void metrics.push(r),
    readMetrics: () => [...metrics],
    truncateMetrics: (step) => {
      metrics = metrics.filter((r) => r.step <= step)
    },
    saveCheckpoint: (c) => void checkpoints.push(c),
    latest: () => checkpoints[checkpoints.length - 1],
  }
}
