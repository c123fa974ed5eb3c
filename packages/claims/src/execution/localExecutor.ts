/**
 * The `local` executor: today's workers on this machine. With `jobs` > 1 the plan's uncached runs are trained
 * `jobs` at a time in worker processes (empirical/armWorker.ts, one core each) before the claims read them;
 * with 1 job nothing is trained ahead and the claims train their runs themselves, one after another.
 * A worker that fails costs time, never a verdict: the claim then trains (or fails on) that run itself.
 * Progress: each worker's steps and evaluation phases are passed on (its JSON lines on stdout), and every run that
 * ends reports the runs done of all with the ETA of the rest.
 */
import { Effect } from "effect"
import type { RunStore as CoreRunStore } from "@ssl/core"
import { etaSeconds } from "../harness/pace.ts"
import { Progress, type ProgressEvent, report } from "../harness/Progress.ts"
import { forEachLine, parseProgressLine } from "../harness/progressJson.ts"
import { claimRunsStopped } from "../empirical/trainArm.ts"
import { type ExecutionPlan, type PlanRun, toTrain } from "./plan.ts"
import type { ExecutionSummary, FailedRun } from "./Executor.ts"

const workerPath = new URL("../empirical/armWorker.ts", import.meta.url).pathname

/** The steps and evaluation phases of a worker's run, passed on (its start and end are the executor's own events). */
const forwarded = new Set(["run step", "run phase"])

/** One worker process for one run, its progress events passed to `onEvent`; undefined on success, else its last words. */
const runWorker = (plan: ExecutionPlan, run: PlanRun, root: string, onEvent: (e: ProgressEvent) => void): Promise<string | undefined> => {
  const child = Bun.spawn([process.execPath, workerPath, plan.tier, String(run.seed), JSON.stringify(run.arm)], {
    env: { ...process.env, SSL_RUNS_DIR: root }, stdin: "ignore", stdout: "pipe", stderr: "pipe",
  })
  const events = forEachLine(child.stdout, (line) => {
    const e = parseProgressLine(line)
    if (e !== undefined && forwarded.has(e.message)) onEvent(e)
  })
  return Promise.all([child.exited, new Response(child.stderr).text(), events]).then(([code, err]) =>
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
      const progress = yield* Progress
      const passOn = (e: ProgressEvent) => Effect.runSync(progress.report(e))
      // The ETA of the workers' runs: their estimated seconds at the pace measured so far (concurrency included).
      const estimated = pending.reduce((s, r) => s + r.estimatedSeconds, 0)
      let estimatedDone = 0
      yield* report("execute", "local start", { tier: plan.tier, planned: plan.runs.length, missing: pending.length, jobs, estimatedSeconds: Math.round(estimated / jobs) })
      yield* Effect.forEach(pending, (run) =>
        Effect.gen(function*() {
          if (claimRunsStopped()) return
          yield* report("execute", "local run start", { arm: run.arm.name, seed: run.seed })
          const message = yield* Effect.promise(() => runWorker(plan, run, options.store.root, passOn))
          const counts = () => {
            estimatedDone += run.estimatedSeconds
            const elapsed = (performance.now() - start) / 1000
            return { done: trained + failed.length, total: pending.length, etaSeconds: Math.round(etaSeconds({ estimated, estimatedDone, elapsed })) }
          }
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
