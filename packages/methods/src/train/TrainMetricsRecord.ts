/** One line of metrics.jsonl: what the trainer records every `logEvery` steps (and at step 0, before training). */
import type { ModelMetrics } from "../method/measureModel.ts"

export interface TrainMetricsRecord extends ModelMetrics {
  /** Completed optimiser steps (0 = the initial model, measured on the first batch without updating it). */
  readonly step: number
  readonly epoch: number
  /** Mean training loss over the steps since the previous record (step 0: the initial model's loss). */
  readonly loss: number
  /** Wall-clock seconds since the run (or this resumed segment) started; not part of the resume guarantee. */
  readonly seconds: number
}
