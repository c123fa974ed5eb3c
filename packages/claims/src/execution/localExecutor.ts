/**
 * The `local` executor: workers on this machine. With `jobs` > 1 the plan's uncached runs are trained `jobs` at a
 * time in worker processes (empirical/armWorker.ts) before the claims read them; with 1 job nothing is trained
 * ahead and the claims train their runs themselves, one after another.
 *
 * Why processes: a training run is one synchronous JavaScript loop on one BLAS thread, so a process uses one
 * core; on this 2-core machine two workers halve the wall time of a tier whose arms take minutes each
 * (cpu-long). A worker that fails (or a tree that changed under it) costs time, never a verdict: the claim then
 * trains (or fails on) that run itself. Workers key their runs by the plan's code version, so a file edited while
 * they run does not key their runs differently.
 * Progress: each worker's steps and evaluation phases are passed on (its JSON lines on stdout), and every run that
 * ends reports the runs done of all with the ETA of the rest.
 */
import { Effect } from "effect"
import type { RunStore as CoreRunStore } from "@ssl/core"
import { etaSeconds } from "../harness/pace.ts"
import { Progress, type ProgressEvent, report } from "../harness/Progress.ts"
import { forEachLine, parseProgressLine } from "../harness/progressJson.ts"
import { type ExecutionPlan, type PlanRun, toTrain } from "./plan.ts"
import type { ExecutionSummary, FailedRun } from "./Executor.ts"

const workerPath = new URL("../empirical/armWorker.ts", import.meta.url).pathname

/** The steps and evaluation phases of a worker's run, passed on (its start and end are the executor's own events). */
const forwarded = new Set(["run step", "run phase"])

/** One worker process for one run, its progress events passed to `onEvent`; undefined on success, else its last words. */
const runWorker = (plan: ExecutionPlan, run: PlanRun, root: string, stop: AbortSignal | undefined, onEvent: (e: ProgressEvent) => void): Promise<string | undefined> => {
  const child = Bun.spawn([process.execPath, workerPath, plan.tier, String(run.seed), JSON.stringify(run.arm)], {
    env: { ...process.env, SSL_RUNS_DIR: root, SSL_CODE_VERSION: plan.codeVersion }, stdin: "ignore", stdout: "pipe", stderr: "pipe",
  })
  // A stop asked of this process (a signal to it alone, not to its process group) reaches the worker too; one that
  // reached both is coalesced by the worker's stop path.
  const forward = () => child.kill("SIGINT")
  stop?.addEventListener("abort", forward, { once: true })
  const events = forEachLine(child.stdout, (line) => {
    const e = parseProgressLine(line)
    if (e !== undefined && forwarded.has(e.message)) onEvent(e)
  })
  return Promise.all([child.exited, new Response(child.stderr).text(), events]).then(([code, err]) => {
    stop?.removeEventListener("abort", forward)
    return code === 0 ? undefined : `exit code ${code}: ${err.trim().split("\n").slice(-3).join(" | ") || "(no output)"}`
  })
}

export const executeLocal = (plan: ExecutionPlan, options: { readonly jobs: number; readonly store: CoreRunStore; readonly stop?: AbortSignal }): Effect.Effect<ExecutionSummary, never, Progress> =>
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
          if (options.stop?.aborted === true) return
          yield* report("execute", "local run start", { arm: run.arm.name, seed: run.seed })
          const message = yield* Effect.promise(() => runWorker(plan, run, options.store.root, options.stop, passOn))
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
