/**
 * The trainer's sink backed by a run folder of @ssl/core's run store: metrics.jsonl (append, truncate on
 * resume) and atomic, checksummed checkpoints (the newest `keep` are kept).
 */
import { type StoredCheckpoint, type Run, type TensorData, truncateMetrics } from "@ssl/core"
import type { TrainMetricsRecord } from "./TrainMetricsRecord.ts"
import type { TrainCheckpoint, TrainerState, TrainSink } from "./TrainSink.ts"

/** metrics.jsonl stores NaN/±Infinity as strings; turn them back into numbers. */
const revive = (v: unknown): unknown =>
  v === "NaN" ? NaN : v === "Infinity" ? Infinity : v === "-Infinity" ? -Infinity : Array.isArray(v) ? v.map(revive) : v

/** A run's metrics series as the trainer recorded it (metrics.jsonl, NaN and ±Infinity as numbers again), step 0 first. */
export const trainRecords = (run: Pick<Run, "metrics">): Array<TrainMetricsRecord> =>
  run.metrics().map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, revive(v)])) as unknown as TrainMetricsRecord)

export const runSink = (run: Run, options: { readonly keep?: number } = {}): TrainSink => ({
  appendMetrics: (record) => run.appendMetrics(record as unknown as Parameters<Run["appendMetrics"]>[0]),
  readMetrics: () => trainRecords(run),
  truncateMetrics: (step) => void truncateMetrics(run.paths.metrics, step),
  saveCheckpoint: (c) => {
    const tensors: Record<string, TensorData> = {}
    for (const [name, t] of c.tensors) tensors[name] = { shape: t.shape, data: t.values }
    run.writeCheckpoint(c.step, tensors, c.state, options.keep ?? 2)
  },
})

/** A checkpoint read by the run store, as the trainer's `resumeFrom`. */
export const fromStoredCheckpoint = (c: StoredCheckpoint): TrainCheckpoint => {
  const tensors = new Map<string, { shape: Array<number>; values: Float32Array }>()
  for (const [name, t] of Object.entries(c.tensors)) tensors.set(name, { shape: [...t.shape], values: t.data })
  return { step: c.step, tensors, state: c.state as TrainerState }
}
