/**
 * `bun run ssl eval <runId> [--json]`: re-evaluates a stored run from its newest checkpoint — linear probe
 * (final and best-over-epochs), kNN, the random-encoder floor and raw pixels — and writes
 * runs/<id>/eval-<step>.json. Exit 2 for an unknown run, a run another process writes, a bad option or backend; 1
 * for a corrupt checkpoint or data error.
 */
import { resolveConfig } from "@ssl/configs"
import { existsSync } from "node:fs"
import { defaultRunsRoot, RunNotFound, RunStore, writeFileAtomic } from "@ssl/core"
import { backendRequest, evaluateRun } from "@ssl/methods"
import { join } from "node:path"
import { Cause, Effect, Exit } from "effect"
import { type Command, errorMessage, ExitCode, isUserError } from "../command.ts"
import { badInput, parseArgs, UsageError } from "../args.ts"

const usage = `usage: bun run ssl eval <runId> [--backend <name>] [--json]

Re-evaluates a run (under SSL_RUNS_DIR, default ./runs) from its newest checkpoint: linear probe on
standardised frozen features (final and best-over-epochs test accuracy), weighted kNN, and the same for a
randomly initialised encoder (the floor) and the raw pixels. Writes runs/<runId>/eval-<step>.json.

  --backend <name>   as for train: wins over SSL_BACKEND, which wins over the run config's runtime.backend
  --json             print the result as JSON

It takes the run's writer lock: a run that another process is training or evaluating is refused (exit 2).`

const pct = (x: number) => `${(100 * x).toFixed(2)}%`

export const evalCommand: Command = {
  name: "eval",
  summary: "re-evaluate a stored run from its newest checkpoint",
  usage,
  run: async (argv) => {
    let runId: string
    let json: boolean
    let backend: string | undefined
    try {
      const args = parseArgs(argv, { values: ["backend"], booleans: ["json"] })
      if (args.positional.length !== 1) throw new UsageError(`eval takes one run id (see \`bun run ssl runs\`).\n\n${usage}`)
      runId = args.positional[0]!
      json = args.flags.get("json") === true
      const b = args.flags.get("backend")
      backend = typeof b === "string" ? b : undefined
    } catch (e) {
      return badInput(e)
    }
    const root = defaultRunsRoot()
    if (!existsSync(root)) {
      console.error(`ssl: ${new RunNotFound({ runId, root }).message}`) // create nothing
      return ExitCode.badInput
    }
    using store = RunStore.open(root)
    // The writer lock: an evaluation writes eval-<step>.json, and must not read a run that is still training.
    const opened = await Effect.runPromiseExit(store.openForWriting(runId))
    if (Exit.isFailure(opened)) {
      console.error(`ssl: ${errorMessage(Cause.squash(opened.cause))}`)
      return ExitCode.badInput
    }
    const run = opened.value
    try {
      let config
      try {
        config = resolveConfig(run.config(), `${run.dir}/config.json`)
      } catch (e) {
        return badInput(e)
      }
      const exit = await Effect.runPromiseExit(evaluateRun(run, config, {
        backend: backendRequest(config.runtime.backend, backend === undefined ? {} : { cli: backend }),
        onSkippedCheckpoint: (c) => console.error(`ssl: skipped a corrupt checkpoint, ${c.file} (${c.reason}); evaluating the newest valid one before it`),
      }))
      if (Exit.isFailure(exit)) {
        const err = Cause.squash(exit.cause)
        console.error(`ssl: ${errorMessage(err)}`)
        return isUserError(err) ? ExitCode.badInput : ExitCode.failed
      }
      const r = exit.value
      writeFileAtomic(join(run.dir, `eval-${r.step}.json`), `${JSON.stringify(r, null, 2)}\n`)
      const e = r.evaluation
      const out = {
        runId: r.runId, step: r.step, backend: r.backend,
        probe: { final: e.probe.final, best: e.probe.best },
        randomEncoderProbe: e.randomEncoder.probe.final, rawPixelProbe: e.rawPixels.probe.final, knn: e.knn,
      }
      console.log(json ? JSON.stringify(out) : [
        `run ${r.runId} at step ${r.step} (backend ${r.backend})`,
        `  trained encoder       probe final ${pct(e.probe.final)}  best ${pct(e.probe.best)}  kNN ${pct(e.knn)}`,
        `  random encoder floor  probe final ${pct(e.randomEncoder.probe.final)}  best ${pct(e.randomEncoder.probe.best)}  kNN ${pct(e.randomEncoder.knn)}`,
        `  raw pixels            probe final ${pct(e.rawPixels.probe.final)}  best ${pct(e.rawPixels.probe.best)}  kNN ${pct(e.rawPixels.knn)}`,
      ].join("\n"))
      return ExitCode.ok
    } finally {
      run.release()
    }
  },
}
