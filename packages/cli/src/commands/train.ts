/**
 * `bun run ssl train <config> [--set path=value ...] [--resume <runId>] [--json]`: trains, evaluates and
 * records one run (packages/methods runExperiment). Progress goes to stderr (a bar on a terminal, JSON lines
 * otherwise); stdout carries the result — with --json exactly
 *   {"runId","backend","seconds","probe":{"final","best"},"randomEncoderProbe","rawPixelProbe","knn",
 *    "metrics":{"initial":{alignment,asymmetry,zStd,effectiveRank},"final":{...}}}
 * Exit codes: 0 done; 1 diverged or another run failure (the message says what to do); 2 bad config, override,
 * option, run id or backend, a run another process writes, or a store that cannot be used; 130/143 stopped by
 * SIGINT/SIGTERM (stopSignals.ts in @ssl/core) — the first stops after the current step with a checkpoint of it
 * and the run marked `interrupted` (resume it with --resume), a second one quits at once.
 */
import { type RunConfig, configHash, loadConfigFile, resolveConfig } from "@ssl/configs"
import { existsSync } from "node:fs"
import { defaultRunsRoot, onStopSignals, type Run, RunNotFound, RunStore } from "@ssl/core"
import { backendRequest, Diverged, type ExperimentResults, type ExperimentSummary, Interrupted, runExperiment } from "@ssl/methods"
import { Cause, Effect, Exit } from "effect"
import { join } from "node:path"
import { type Command, errorMessage, ExitCode, isUserError } from "../command.ts"
import { badInput, parseArgs, UsageError } from "../args.ts"

const usage = `usage: bun run ssl train <config> [--set path=value ...] [--resume <runId>] [--from-run <runId>] [--backend <name>] [--json]

Trains the run config (a .ts preset such as configs/fashion-mnist/byol.ts, a name such as
fashion-mnist/byol, or a .json/.yaml file with the same keys), evaluates the encoder (linear probe: final and best-over-epochs accuracy; kNN; the
random-encoder floor; raw pixels) and records everything in a run folder under SSL_RUNS_DIR (default ./runs).

  --set path=value   override one config value through the schema (repeatable)
  --resume <runId>   continue that run from its last checkpoint (the config, if given, must be the run's)
  --from-run <runId> train a new run from that run's own config.json (with --set: a variant of it)
  --backend <name>   auto|tensorflow-gpu|tensorflow|blas|wasm|cpu; wins over SSL_BACKEND, which wins over the
                     config's runtime.backend. A backend named by any of them that cannot load is an error.
  --json             print only the summary JSON on stdout

Ctrl-C (or SIGTERM) stops after the current step, saves a checkpoint and marks the run \`interrupted\`; continue
it with \`bun run ssl train --resume <runId>\`. Sent again (a second later or more), it quits at once; the run
still resumes from its last checkpoint. During the final evaluation (training done and checkpointed) it quits at
once; --resume re-evaluates. One process writes a run at a time: a second one exits 2 naming the first.`

/** The summary object of `--json`, in its documented key order. */
export const summaryOf = (r: ExperimentResults): ExperimentSummary => ({
  runId: r.runId,
  backend: r.backend,
  seconds: r.seconds,
  probe: { final: r.probe.final, best: r.probe.best },
  randomEncoderProbe: r.randomEncoderProbe,
  rawPixelProbe: r.rawPixelProbe,
  knn: r.knn,
  metrics: { initial: r.metrics.initial, final: r.metrics.final },
})

const pct = (x: number) => `${(100 * x).toFixed(2)}%`
const f3 = (x: number) => x.toFixed(3)

const report = (r: ExperimentResults): string => {
  const e = r.evaluation
  const i = r.metrics.initial
  const f = r.metrics.final
  return [
    `run ${r.runId}  (${r.steps} steps, backend ${r.backend}, ${r.training.stepsPerSecond.toFixed(1)} steps/s, ${r.seconds.toFixed(1)} s in all)`,
    "",
    "                        probe final   probe best (test-selected)   kNN",
    `  trained encoder       ${pct(e.probe.final).padStart(8)}      ${pct(e.probe.best).padStart(8)}                     ${pct(e.knn)}`,
    `  random encoder floor  ${pct(e.randomEncoder.probe.final).padStart(8)}      ${pct(e.randomEncoder.probe.best).padStart(8)}                     ${pct(e.randomEncoder.knn)}`,
    `  raw pixels            ${pct(e.rawPixels.probe.final).padStart(8)}      ${pct(e.rawPixels.probe.best).padStart(8)}                     ${pct(e.rawPixels.knn)}`,
    "",
    "                        step 0    final",
    `  alignment (median)    ${f3(i.alignment).padStart(7)}  ${f3(f.alignment).padStart(7)}`,
    `  asymmetry (Frob.)     ${f3(i.asymmetry).padStart(7)}  ${f3(f.asymmetry).padStart(7)}`,
    `  zStd                  ${f3(i.zStd).padStart(7)}  ${f3(f.zStd).padStart(7)}`,
    `  effective rank        ${i.effectiveRank.toFixed(2).padStart(7)}  ${f.effectiveRank.toFixed(2).padStart(7)}`,
  ].join("\n")
}

/** The config.json of a stored run, as a config file to train from. */
const fromRunConfig = (runId: string): string => {
  const file = join(defaultRunsRoot(), runId, "config.json")
  if (!existsSync(file)) throw new UsageError(`--from-run: no run '${runId}' with a config.json in ${defaultRunsRoot()} (\`bun run ssl runs\` lists them)`)
  return file
}

export const train: Command = {
  name: "train",
  summary: "train, evaluate and record one run config",
  usage,
  run: async (argv) => {
    let config: RunConfig
    let resume: string | undefined
    let json: boolean
    let label: string | undefined
    let backend: string | undefined
    let store: RunStore | undefined
    try {
      const args = parseArgs(argv, { values: ["resume", "from-run", "backend"], booleans: ["json"] })
      const r = args.flags.get("resume")
      resume = typeof r === "string" ? r : undefined
      const b = args.flags.get("backend")
      backend = typeof b === "string" ? b : undefined
      json = args.flags.get("json") === true
      if (args.positional.length > 1) throw new UsageError(`train takes one config file (got ${args.positional.join(" ")}).\n\n${usage}`)
      const from = args.flags.get("from-run")
      if (typeof from === "string" && (args.positional.length > 0 || resume !== undefined)) throw new UsageError("--from-run takes its config from the run and starts a new one: give no config file and no --resume")
      const ref = typeof from === "string" ? fromRunConfig(from) : args.positional[0]
      if (ref === undefined && resume === undefined) throw new UsageError(`train needs a config file.\n\n${usage}`)
      if (ref !== undefined) {
        config = await loadConfigFile(ref, args.sets)
        label = ref
      } else {
        // --resume alone: the run's own stored config
        if (args.sets.length > 0) throw new UsageError("--set changes the config, so it cannot be combined with --resume")
        const root = defaultRunsRoot()
        if (!existsSync(root)) throw new UsageError(new RunNotFound({ runId: resume!, root }).message) // create nothing
        store = RunStore.open(root)
        const opened = await Effect.runPromiseExit(store.open(resume!))
        if (Exit.isFailure(opened)) throw new UsageError(errorMessage(Cause.squash(opened.cause)))
        config = resolveConfig(opened.value.config(), `runs/${resume}/config.json`)
      }
      store ??= RunStore.open(defaultRunsRoot())
    } catch (e) {
      store?.close()
      return badInput(e)
    }

    const stop = new AbortController()
    let run: Run | undefined
    const resumeHint = (id: string) => `ssl: resume it with: bun run ssl train --resume ${id}`
    using signals = onStopSignals({
      first: (r) => {
        console.error(`ssl: ${r.signal}: stopping after this step (a checkpoint is saved); send it again to quit at once`)
        stop.abort(r)
      },
      again: (r) => {
        // Quit now, leaving a run that resumes cleanly: its newest checkpoint stands (metrics after it are dropped
        // on resume), and its status says it was stopped.
        if (run !== undefined) {
          const last = run.checkpoints().at(-1)?.step ?? 0
          run.setStatus("interrupted", { stoppedAt: last, quit: r.signal })
          console.error(`ssl: quitting at once; run ${run.id} resumes from its checkpoint of step ${last}\n${resumeHint(run.id)}`)
        }
        process.exit(r.exitCode)
      },
    })
    try {
      const exit = await Effect.runPromiseExit(runExperiment(config, {
        store,
        configHash: configHash(config),
        ...(label === undefined ? {} : { label }),
        ...(resume === undefined ? {} : { resume }),
        backend: backendRequest(config.runtime.backend, backend === undefined ? {} : { cli: backend }),
        stopSignal: stop.signal,
        onRun: (r) => {
          run = r
          if (!json) console.error(`ssl: run ${r.id} in ${r.dir}`)
        },
        // the evaluation cannot stop between steps: from here a signal ends the process at once (stopSignals.ts)
        onTrained: () => signals[Symbol.dispose](),
      }))
      if (Exit.isFailure(exit)) {
        const err = Cause.squash(exit.cause)
        const where = run === undefined ? "" : `\n(run ${run.id}; \`bun run ssl runs\` lists it)`
        if (err instanceof Interrupted) {
          console.error(`ssl: ${err.message}${where}`)
          if (run !== undefined) console.error(resumeHint(run.id))
          return signals.requested()?.exitCode ?? ExitCode.interrupted
        }
        if (err instanceof Diverged && run !== undefined) {
          const ckpt = run.checkpoints().at(-1)
          console.error(`ssl: ${err.message}${ckpt === undefined ? "" : `\nlast good checkpoint: ${ckpt.file}`}${where}`)
          return ExitCode.failed
        }
        console.error(`ssl: ${errorMessage(err)}${where}`)
        return isUserError(err) ? ExitCode.badInput : ExitCode.failed
      }
      console.log(json ? JSON.stringify(summaryOf(exit.value)) : report(exit.value))
      return ExitCode.ok
    } finally {
      store.close()
    }
  },
}
