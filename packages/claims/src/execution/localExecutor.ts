/**
 * The `local` executor: today's workers on this machine. With `jobs` > 1 the plan's uncached runs are trained
 * `jobs` at a time in worker processes (empirical/armWorker.ts, one core each) before the claims read them;
 * with 1 job nothing is trained ahead and the claims train their runs themselves, one after another.
 * A worker that fails costs time, never a verdict: the claim then trains (or fails on) that run itself.
 */
import { Effect } from "effect"
import type { RunStore as CoreRunStore } from "@ssl/core"
import { type Progress, report } from "../harness/Progress.ts"
import { claimRunsStopped } from "../empirical/trainArm.ts"
import { type ExecutionPlan, type PlanRun, toTrain } from "./plan.ts"
import type { ExecutionSummary, FailedRun } from "./Executor.ts"

const workerPath = new URL("../empirical/armWorker.ts", import.meta.url).pathname

/** One worker process for one run; undefined on success, else its last words. */
const runWorker = (plan: ExecutionPlan, run: PlanRun, root: string): Promise<string | undefined> => {
  const child = Bun.spawn([process.execPath, workerPath, plan.tier, String(run.seed), JSON.stringify(run.arm)], {
    env: { ...process.env, SSL_RUNS_DIR: root }, stdin: "ignore", stdout: "ignore", stderr: "pipe",
  })
  return Promise.all([child.exited, new Response(child.stderr).text()]).then(([code, err]) =>
    code === 0 ? undefined : `exit code ${code}: ${err.trim().split("\n").slice(-3).join(" | ") || "(no output)"}`)
}

export const executeLocal = (plan: ExecutionPlan, options: { readonly jobs: number; readonly store: CoreRunStore }): Effect.Effect<ExecutionSummary, never, Progress> =>
  Effect.gen(function*() {
    const start = performance.now()
    const pending = toTrain(plan)
    const jobs = Math.max(1, Math.floor(options.jobs))
    const failed: Array<FailedRun> = []
    let trained = 0
    if (jobs > 1) {
      yield* report("execute", "local start", { tier: plan.tier, planned: plan.runs.length, missing: pending.length, jobs })
      yield* Effect.forEach(pending, (run) =>
        Effect.gen(function*() {
          if (claimRunsStopped()) return
          yield* report("execute", "local run start", { arm: run.arm.name, seed: run.seed })
          const message = yield* Effect.promise(() => runWorker(plan, run, options.store.root))
          const counts = () => ({ done: trained + failed.length, total: pending.length })
          if (message === undefined && options.store.findCached(run.configHash, plan.codeVersion) !== undefined) {
            trained += 1
            yield* report("execute", "local run done", { arm: run.arm.name, seed: run.seed, ...counts() })
            return
          }
          const reason = message ?? "the worker finished but its run is not in the store at this code version (did the source change meanwhile?)"
          failed.push({ arm: run.arm.name, seed: run.seed, reason })
          yield* report("execute", "local run failed", { arm: run.arm.name, seed: run.seed, reason, ...counts() })
        }), { concurrency: jobs, discard: true })
    }
    return { executor: "local", planned: plan.runs.length, cached: plan.runs.length - pending.length, trained, failed, seconds: (performance.now() - start) / 1000 }
  })
