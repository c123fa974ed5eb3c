/**
 * What an executor does with a plan: train the runs it lists as not cached, so that the claims, run afterwards
 * in the coordinating process, find every run in the store. Executors never decide a verdict.
 */
import { Data } from "effect"

export const executorNames = ["local", "slurm"] as const
export type ExecutorName = (typeof executorNames)[number]

export interface FailedRun {
  readonly arm: string
  readonly seed: number
  readonly reason: string
  /** The task's log file, when the executor keeps one. */
  readonly log?: string
}

export interface ExecutionSummary {
  readonly executor: ExecutorName
  readonly planned: number
  readonly cached: number
  readonly trained: number
  readonly failed: ReadonlyArray<FailedRun>
  readonly seconds: number
}

/** The executor could not run at all (no Slurm, a rejected submission): nothing was trained. */
export class ExecutorUnavailable extends Data.TaggedError("ExecutorUnavailable")<{ readonly executor: ExecutorName; readonly message: string }> {}
