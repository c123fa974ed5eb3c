/**
 * A worker process of the local executor (execution/localExecutor.ts): trains (or finds) ONE arm run and records it in the run store at
 * SSL_RUNS_DIR, exactly as a claim would (trainArmSeed: same resolved config, hash and code version).
 *   bun packages/claims/src/empirical/armWorker.ts <tier> <seed> '<arm as JSON: {"name", "patch"}>'
 * Its progress events go to stdout, one JSON line each (harness/progressJson.ts).
 * Exit 0 when the run is in the store, 1 with the reason on stderr otherwise, 2 on bad arguments, 130/143 when
 * stopped by SIGINT/SIGTERM (@ssl/core's one stop path): the run is checkpointed and marked `interrupted`, and the
 * next claims run resumes it; a second signal quits at once (the run's writer is then gone, so it lists as
 * `interrupted` too).
 */
import { onStopSignals } from "@ssl/core"
import { Effect, Layer, ManagedRuntime } from "effect"
import { Progress } from "../harness/Progress.ts"
import { isTier } from "../harness/Tier.ts"
import type { Arm } from "./arms.ts"
import { ArmRuns } from "./ArmRuns.ts"
import { trainArmSeed } from "./trainArm.ts"

const usage = "usage: bun armWorker.ts <tier> <seed> '<arm JSON {\"name\": ..., \"patch\": {...}}>'"

const parseArgs = (argv: ReadonlyArray<string>): { tier: Parameters<typeof trainArmSeed>[0]; seed: number; arm: Arm } | string => {
  const [tier, seedText, armJson] = argv
  if (tier === undefined || seedText === undefined || armJson === undefined) return usage
  if (!isTier(tier)) return `unknown tier "${tier}". ${usage}`
  const seed = Number(seedText)
  if (!Number.isInteger(seed) || seed < 0) return `seed must be a non-negative integer (was "${seedText}"). ${usage}`
  let arm: unknown
  try {
    arm = JSON.parse(armJson)
  } catch (e) {
    return `the arm is not valid JSON (${e instanceof Error ? e.message : String(e)}). ${usage}`
  }
  if (typeof arm !== "object" || arm === null || typeof (arm as Arm).name !== "string" || typeof (arm as Arm).patch !== "object") {
    return `the arm must be {"name": string, "patch": object}. ${usage}`
  }
  return { tier, seed, arm: arm as Arm }
}

if (import.meta.main) {
  const args = parseArgs(process.argv.slice(2))
  if (typeof args === "string") {
    process.stderr.write(`armWorker: ${args}\n`)
    process.exit(2)
  }
  const runtime = ManagedRuntime.make(Layer.mergeAll(
    // Progress as JSON lines on stdout: the coordinator shows this run's steps and evaluation phases.
    Progress.layerJsonLines((line) => void process.stdout.write(line)),
    ArmRuns.layerLive,
  ))
  const runs = runtime.runSync(ArmRuns.useSync((r) => r))
  const signals = onStopSignals({ first: runs.stop, again: (r) => process.exit(r.exitCode) })
  const exit = await runtime.runPromise(trainArmSeed(args.tier, args.arm, args.seed, { claim: "local worker" }).pipe(Effect.result))
  await runtime.dispose()
  if (exit._tag === "Failure") {
    process.stderr.write(`armWorker: ${exit.failure.message}\n`)
    process.exit(runs.stopSignal.aborted ? (signals.requested()?.exitCode ?? 130) : 1)
  }
  process.exit(0)
}
