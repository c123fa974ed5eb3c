/**
 * One entry point for the CLI: train a plan's uncached runs with the chosen executor. A Slurm array with
 * failed tasks is an error here (ExecutorUnavailable naming each run and log): the claims must not train the
 * missing runs on the coordinating machine.
 */
import { RunStore as CoreRunStore } from "@ssl/core"
import { Effect } from "effect"
import type { Progress } from "../harness/Progress.ts"
import { type ExecutionSummary, type ExecutorName, ExecutorUnavailable } from "./Executor.ts"
import { executeLocal } from "./localExecutor.ts"
import type { ExecutionPlan } from "./plan.ts"
import { executeSlurm } from "./slurmExecutor.ts"
import type { StoreLocked } from "./storeLock.ts"

export interface TrainPlanOptions {
  readonly executor: ExecutorName
  readonly root: string
  /** local: worker processes at once (1: none ahead, the claims train their runs themselves). */
  readonly jobs: number
  readonly sbatchArgs?: ReadonlyArray<string>
  readonly stop?: AbortSignal
}

export const trainPlan = (plan: ExecutionPlan, options: TrainPlanOptions): Effect.Effect<ExecutionSummary, ExecutorUnavailable | StoreLocked, Progress> =>
  options.executor === "slurm"
    ? executeSlurm(plan, { root: options.root, ...(options.sbatchArgs === undefined ? {} : { sbatchArgs: options.sbatchArgs }), ...(options.stop === undefined ? {} : { stop: options.stop }) }).pipe(
      Effect.flatMap((summary) => summary.failed.length === 0 ? Effect.succeed(summary) : Effect.fail(new ExecutorUnavailable({
        executor: "slurm",
        message: `${summary.failed.length} Slurm task(s) failed, so no claim ran (it would train those runs here). The ${summary.trained} ` +
          `finished run(s) are in the store; the same command resubmits only the missing ones.\n` +
          summary.failed.map((f) => `  ${f.arm} seed ${f.seed}: ${f.reason}\n    log: ${f.log ?? "-"}`).join("\n"),
      }))))
    : Effect.acquireUseRelease(
      Effect.sync(() => CoreRunStore.open(options.root)),
      (store) => executeLocal(plan, { jobs: options.jobs, store, ...(options.stop === undefined ? {} : { stop: options.stop }) }),
      (store) => Effect.sync(() => store.close()),
    )
