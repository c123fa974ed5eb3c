/**
 * One Slurm array task: trains ONE planned run into its own staging folder (staging.ts), exactly as a claim
 * would train it (trainArmSeed: same resolved config, hash and code version), and writes nothing else.
 *   bun packages/claims/src/execution/slurmTask.ts <manifest.json> <array task id>
 * The manifest (slurmExecutor.ts) lists the runs; task i trains runs[i].
 *
 * Preemption and requeue: Slurm signals SIGTERM before killing a task; the run in progress then stops after its
 * current step with a checkpoint and is marked `interrupted` (exit 130). The requeued task resumes it from that
 * checkpoint. If the task was killed outright, its run stays `running` in the private index; preparing the
 * staging folder again marks it `interrupted`, and it resumes from its newest periodic checkpoint (or step 0).
 * Exit 0 when the run is finished, 1 with the reason on stderr, 2 on a bad manifest, 130 when stopped.
 */
import { readFileSync } from "node:fs"
import { Effect, Layer, ManagedRuntime } from "effect"
import { Progress } from "../harness/Progress.ts"
import { isTier, type Tier } from "../harness/Tier.ts"
import type { Arm } from "../empirical/arms.ts"
import { ArmRuns } from "../empirical/ArmRuns.ts"
import { trainArmSeed } from "../empirical/trainArm.ts"
import { prepareStaging, stagingDir } from "./staging.ts"

/** What the coordinator writes for its array: the tier, the store root, its code version, one entry per task. */
export interface TaskManifest {
  readonly tier: Tier
  readonly root: string
  readonly codeVersion: string
  readonly runs: ReadonlyArray<{ readonly arm: Arm; readonly seed: number; readonly configHash: string }>
}

export const parseManifest = (text: string): TaskManifest | string => {
  let m: unknown
  try {
    m = JSON.parse(text)
  } catch (e) {
    return `the manifest is not JSON (${e instanceof Error ? e.message : String(e)})`
  }
  const o = m as Partial<TaskManifest>
  if (typeof o !== "object" || o === null || typeof o.tier !== "string" || !isTier(o.tier) || typeof o.root !== "string" ||
    typeof o.codeVersion !== "string" || !Array.isArray(o.runs)) return "the manifest must be {tier, root, codeVersion, runs: [...]}"
  return o as TaskManifest
}

/** Progress lines into the task's log (stdout → the Slurm output file). */
const logLines = Layer.succeed(Progress, Progress.of({
  report: (e) => Effect.sync(() => void process.stdout.write(`${new Date().toISOString()} ${e.message} ${JSON.stringify(e.fields ?? {})}\n`)),
}))

if (import.meta.main) {
  const [manifestPath, taskText] = process.argv.slice(2)
  const fail = (code: number, message: string): never => {
    process.stderr.write(`slurmTask: ${message}\n`)
    process.exit(code)
  }
  if (manifestPath === undefined || taskText === undefined) fail(2, "usage: bun slurmTask.ts <manifest.json> <array task id>")
  const manifest = parseManifest(readFileSync(manifestPath!, "utf8"))
  if (typeof manifest === "string") fail(2, `${manifestPath}: ${manifest}`)
  const { tier, root, codeVersion, runs } = manifest as TaskManifest
  const task = Number(taskText)
  const run = runs[task]
  if (!Number.isInteger(task) || run === undefined) fail(2, `array task id ${taskText} is not one of 0..${runs.length - 1}`)
  // the store (this task's staging folder) is opened on first use, after prepareStaging below
  const runtime = ManagedRuntime.make(Layer.mergeAll(logLines, ArmRuns.layerLiveAt(stagingDir(root, run!.configHash))))
  const armRuns = runtime.runSync(ArmRuns.useSync((r) => r))
  if (armRuns.codeVersion() !== codeVersion) {
    fail(1, `this checkout is at code version ${armRuns.codeVersion()}, the plan at ${codeVersion}: the source tree changed after submission`)
  }
  for (const signal of ["SIGTERM", "SIGINT"] as const) process.on(signal, armRuns.stop)
  process.stdout.write(`task ${task}: ${run!.arm.name} seed ${run!.seed} (${run!.configHash.slice(0, 12)}) at ${tier}, attempt ${process.env["SLURM_RESTART_COUNT"] ?? "0"}\n`)
  prepareStaging(root, run!.configHash)
  const exit = await runtime.runPromise(trainArmSeed(tier, run!.arm, run!.seed, { claim: "slurm" }).pipe(Effect.result))
  await runtime.dispose()
  if (exit._tag === "Failure") fail(armRuns.stopSignal.aborted ? 130 : 1, exit.failure.message)
  process.stdout.write(`task ${task}: done → ${exit._tag === "Success" ? exit.success.runId : ""}\n`)
  process.exit(0)
}
