/**
 * The `slurm` executor: the plan's runs to train become ONE job array (`sbatch --array=0-(n-1)`, one task per
 * run, slurmTask.ts), submitted from the coordinating process, which then waits with progress and merges each
 * finished run into the store (staging.ts). The coordinator holds the store lock (storeLock.ts) from before
 * submission until the last merge, so it is the only writer of the shared index.
 *
 *   <root>/slurm/<tier>-<time>/manifest.json   the runs, indexed by array task id
 *   <root>/slurm/<tier>-<time>/task.sh         the batch script (--requeue: a preempted task is requeued)
 *   <root>/slurm/<tier>-<time>/logs/<job>_<i>.out
 *
 * Task states come from `scontrol show job` (no accounting daemon needed), else `sacct`; the array is done when
 * two polls in a row see every task in a final state, so a task requeued right after it was cancelled is
 * waited for. Which runs finished is decided by their staging folders, not by the states. A failed task costs
 * only its own run: the others are merged, and the failure is reported with its state and log path.
 * Ctrl-C cancels the array: its tasks stop after their current step, checkpointed; a later submission resumes them.
 */
import { mkdirSync, writeFileSync } from "node:fs"
import { join, resolve } from "node:path"
import { RunStore as CoreRunStore } from "@ssl/core"
import { Effect } from "effect"
import { type Progress, report } from "../harness/Progress.ts"
import { type ExecutionPlan, toTrain } from "./plan.ts"
import { type ExecutionSummary, ExecutorUnavailable, type FailedRun } from "./Executor.ts"
import { mergeStaged } from "./staging.ts"
import type { TaskManifest } from "./slurmTask.ts"
import { lockStore, type StoreLocked } from "./storeLock.ts"

export interface SlurmOptions {
  /** The run store's root (shared by the coordinator and every node). */
  readonly root: string
  /** Passed to sbatch before the script: partition, GPUs, time, account, … (e.g. ["--partition=gpu", "--gres=gpu:1"]). */
  readonly sbatchArgs?: ReadonlyArray<string>
  readonly pollSeconds?: number
  /** Aborted: cancel the array (Ctrl-C). */
  readonly stop?: AbortSignal
}

const FINAL = new Set(["COMPLETED", "FAILED", "CANCELLED", "TIMEOUT", "NODE_FAIL", "OUT_OF_MEMORY", "BOOT_FAIL", "DEADLINE", "PREEMPTED", "SPECIAL_EXIT", "GONE"])

const taskScript = new URL("./slurmTask.ts", import.meta.url).pathname

const run = (cmd: ReadonlyArray<string>): { ok: boolean; out: string; err: string } => {
  try {
    const p = Bun.spawnSync([...cmd], { stdout: "pipe", stderr: "pipe" })
    return { ok: p.exitCode === 0, out: p.stdout.toString(), err: p.stderr.toString().trim() }
  } catch (e) {
    return { ok: false, out: "", err: e instanceof Error ? e.message : String(e) }
  }
}

/** Expands Slurm's array-task notation: "3", "0-4", "0-4%2", "1,3,5-7". */
export const expandTaskIds = (text: string): Array<number> => {
  const out: Array<number> = []
  for (const part of text.split("%")[0]!.split(",")) {
    const [a, b] = part.split("-").map(Number)
    if (a === undefined || !Number.isInteger(a)) continue
    for (let i = a; i <= (b !== undefined && Number.isInteger(b) ? b : a); i++) out.push(i)
  }
  return out
}

/** Parses `scontrol show job -o <id>` (one record per line, Key=Value fields) into task id → state. */
export const parseScontrol = (text: string): Map<number, string> => {
  const states = new Map<number, string>()
  for (const line of text.split("\n")) {
    const ids = /\bArrayTaskId=(\S+)/.exec(line)?.[1]
    const state = /\bJobState=(\S+)/.exec(line)?.[1]
    if (ids === undefined || state === undefined) continue
    for (const id of expandTaskIds(ids)) states.set(id, state)
  }
  return states
}

/** Parses `sacct -n -P -X -o JobID,State` ("12_3|COMPLETED", "12_[4-6]|PENDING", "12_1|CANCELLED by 0"). */
export const parseSacct = (text: string): Map<number, string> => {
  const states = new Map<number, string>()
  for (const line of text.split("\n")) {
    const [jobId, state] = line.split("|")
    const ids = jobId === undefined ? undefined : /_\[?([\d,\-%]+)\]?$/.exec(jobId)?.[1]
    if (ids === undefined || state === undefined) continue
    for (const id of expandTaskIds(ids)) states.set(id, state.split(" ")[0]!)
  }
  return states
}

const taskStates = (jobId: string, n: number): Map<number, string> => {
  const sc = run(["scontrol", "show", "job", "-o", jobId])
  let states = sc.ok ? parseScontrol(sc.out) : new Map<number, string>()
  if (states.size < n) {
    const sa = run(["sacct", "-n", "-P", "-X", "-j", jobId, "-o", "JobID,State"])
    if (sa.ok) states = new Map([...parseSacct(sa.out), ...states])
  }
  for (let i = 0; i < n; i++) if (!states.has(i)) states.set(i, "GONE") // purged from the controller's memory
  return states
}

const counts = (states: Map<number, string>): string => {
  const c = new Map<string, number>()
  for (const s of states.values()) c.set(s, (c.get(s) ?? 0) + 1)
  return [...c.entries()].sort().map(([s, k]) => `${k} ${s.toLowerCase()}`).join(", ")
}

/** Runs the plan's uncached runs as one Slurm job array, then merges them into the store. */
export const executeSlurm = (plan: ExecutionPlan, options: SlurmOptions): Effect.Effect<ExecutionSummary, ExecutorUnavailable | StoreLocked, Progress> =>
  Effect.gen(function*() {
    const start = performance.now()
    const root = resolve(options.root)
    using lock = yield* Effect.try({ try: () => lockStore(root, "ssl repro --executor slurm"), catch: (e) => e as StoreLocked })
    void lock
    const store = CoreRunStore.open(root)
    try {
      // Runs a previous array finished (its coordinator died or was stopped) are merged, not trained again.
      const pending = toTrain(plan).filter((r) => mergeStaged(store, r.configHash, plan.codeVersion).kind === "missing")
      const summary = (trained: number, failed: ReadonlyArray<FailedRun>): ExecutionSummary => ({
        executor: "slurm", planned: plan.runs.length, cached: plan.runs.length - pending.length, trained, failed, seconds: (performance.now() - start) / 1000,
      })
      if (pending.length === 0) return summary(0, [])
      const stamp = new Date().toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15)
      const dir = join(root, "slurm", `${plan.tier}-${stamp}-${process.pid}`)
      mkdirSync(join(dir, "logs"), { recursive: true })
      const manifest: TaskManifest = {
        tier: plan.tier, root, codeVersion: plan.codeVersion,
        runs: pending.map((r) => ({ arm: r.arm, seed: r.seed, configHash: r.configHash })),
      }
      const manifestPath = join(dir, "manifest.json")
      writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`)
      const script = join(dir, "task.sh")
      writeFileSync(script, [
        "#!/bin/bash",
        `#SBATCH --job-name=ssl-${plan.tier}`,
        `#SBATCH --output=${join(dir, "logs", "%A_%a.out")}`,
        "#SBATCH --open-mode=append",
        "#SBATCH --requeue",
        `cd ${JSON.stringify(process.cwd())}`,
        `exec ${JSON.stringify(process.execPath)} ${JSON.stringify(taskScript)} ${JSON.stringify(manifestPath)} "$SLURM_ARRAY_TASK_ID"`,
        "",
      ].join("\n"), { mode: 0o755 })
      const submit = run(["sbatch", "--parsable", `--array=0-${pending.length - 1}`, ...(options.sbatchArgs ?? []), script])
      if (!submit.ok) {
        return yield* new ExecutorUnavailable({
          executor: "slurm",
          message: `sbatch failed (${submit.err || "no output"}): is Slurm installed and running here (\`scripts/slurm-local.sh start\` starts a one-node cluster), and are the --slurm-args valid?`,
        })
      }
      const jobId = submit.out.trim().split(";")[0]!
      yield* report("execute", "slurm submitted", { jobId, tasks: pending.length, dir })
      let previousAllFinal = false
      let previous = ""
      let cancelled = false
      while (true) {
        if (options.stop?.aborted === true && !cancelled) {
          cancelled = true
          run(["scancel", jobId])
          yield* report("execute", "slurm cancelled", { jobId })
        }
        const states = taskStates(jobId, pending.length)
        const line = counts(states)
        if (line !== previous) yield* report("execute", "slurm progress", { jobId, states: line })
        previous = line
        const allFinal = [...states.values()].every((s) => FINAL.has(s))
        if (allFinal && previousAllFinal) break
        previousAllFinal = allFinal
        yield* Effect.sleep(`${options.pollSeconds ?? 5} seconds`)
      }
      const finalStates = taskStates(jobId, pending.length)
      const failed: Array<FailedRun> = []
      let trained = 0
      pending.forEach((r, i) => {
        const outcome = mergeStaged(store, r.configHash, plan.codeVersion)
        if (outcome.kind === "missing") {
          failed.push({ arm: r.arm.name, seed: r.seed, reason: `task ${jobId}_${i} ended ${finalStates.get(i) ?? "?"}: ${outcome.reason}`, log: join(dir, "logs", `${jobId}_${i}.out`) })
        } else trained += 1
      })
      for (const f of failed) yield* report("execute", "slurm task failed", { arm: f.arm, seed: f.seed, reason: f.reason, log: f.log ?? "" })
      return summary(trained, failed)
    } finally {
      store.close()
    }
  })
