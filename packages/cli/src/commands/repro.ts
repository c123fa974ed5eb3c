/**
 * `bun run repro [--tier ci] [--only C1,C5] [--out reports]` (= `bun run ssl repro`): the main job. Runs every
 * registered claim at a tier, prints the verdict table, and writes `<out>/<tier>-<timestamp>/` with
 * results.json, report.md and index.html (SVG plots, no external assets).
 * Exit 1 if a claim fails without a recorded finding, or a recorded finding did not reproduce (harness/Finding.ts;
 * inconclusive, not run and skipped are not failures), 2 on bad input.
 */
import {
  claims, empirical, formatVerdictTable, needsAttention, Progress, RunStore, runRepro, UnknownTier, verdictCounts, type Claim, type Tier,
} from "@ssl/claims"
import { onStopSignals } from "@ssl/core"
import { Effect, Layer } from "effect"
import { type Command, ExitCode } from "../command.ts"
import { claimSelection } from "../claimSelection.ts"
import { parseArgs, UsageError } from "../args.ts"

const usage = `usage: bun run repro [--tier smoke|ci|cpu-long|nightly|full] [--only C1,C5] [--out reports] [--jobs 2]

Runs the paper's claims (${claims.map((c) => c.id).join(", ")}) at a tier, one after another (runs already
in the run store for this code version are reused), prints the verdict table and writes the report:
  <out>/<tier>-<timestamp>/results.json   every claim: verdict, measured values, thresholds and their sources,
                                          seeds, run ids, the paper's reference and numbers, plot data
  <out>/<tier>-<timestamp>/report.md      the table and every claim's evidence
  <out>/<tier>-<timestamp>/index.html     the same with SVG plots (open it in a browser; no JS needed)

  --tier <name>   default: CLAIMS_TIER or ci
  --only <ids>    comma-separated claim ids, e.g. C1,C5,C12
  --out <dir>     report root (default: reports)
  --jobs <n>      train up to n runs at once in worker processes before the claims read them (default 1;
                  each run uses one core, so use the number of cores for the cpu-long tier)

Ctrl-C stops the training runs in progress after their current step (checkpointed, marked \`interrupted\`) and
writes no report; running the same command again resumes them. A second Ctrl-C quits at once.

Exit code 1 if any claim fails, 2 on bad input, 130 when stopped by Ctrl-C, 0 otherwise. Then \`bun run readme:claims\`
updates the README's table.`

/** Progress on stderr: a line per finished claim and per training run, so stdout stays the table. */
const progressToStderr = Layer.succeed(Progress, Progress.of({
  report: (e) => Effect.sync(() => {
    const f = e.fields ?? {}
    if (e.message === "done") process.stderr.write(`${e.claim}: ${String(f["verdict"])} (${Number(f["seconds"]).toFixed(2)} s)\n`)
    else if (e.message === "prefetch start") {
      process.stderr.write(`prefetch: ${String(f["missing"])} of ${String(f["planned"])} planned runs to train, ${String(f["jobs"])} at a time\n`)
    } else if (e.message === "prefetch failed") {
      process.stderr.write(`prefetch: ${String(f["arm"])} seed ${String(f["seed"])} failed (the claim will train it itself): ${String(f["message"])}\n`)
    } else if (e.message === "run done" || e.message === "run cached") {
      process.stderr.write(`${e.claim}: ${e.message} ${String(f["arm"] ?? "")} seed ${String(f["seed"] ?? "?")} → ${String(f["runId"])}${
        typeof f["seconds"] === "number" ? ` (${f["seconds"].toFixed(1)} s)` : ""}\n`)
    }
  }),
}))

export const repro: Command = {
  name: "repro",
  summary: "the main job: run every claim at a tier, print the verdicts, write the report (results.json, report.md, index.html)",
  usage,
  run: async (argv) => {
    let tier: Tier
    let selected: ReadonlyArray<Claim>
    let out: string
    let jobs = 1
    try {
      const args = parseArgs(argv, { values: ["tier", "only", "out", "jobs"], booleans: [] })
      if (args.positional.length > 0) throw new UsageError(`repro takes no positional arguments (got ${args.positional.join(" ")}).\n\n${usage}`)
      if (args.sets.length > 0) throw new UsageError("repro does not take --set: a claim's configs are fixed per tier")
      ;({ tier, selected } = claimSelection(args.flags))
      const outFlag = args.flags.get("out")
      out = typeof outFlag === "string" && outFlag !== "" ? outFlag : "reports"
      const jobsFlag = args.flags.get("jobs")
      if (jobsFlag !== undefined) {
        jobs = Number(jobsFlag)
        if (!Number.isInteger(jobs) || jobs < 1) throw new UsageError(`--jobs must be a positive integer, e.g. --jobs 2 (was ${String(jobsFlag)})`)
      }
    } catch (e) {
      if (e instanceof UsageError || e instanceof UnknownTier) {
        console.error(`ssl repro: ${e.message}`)
        return ExitCode.badInput
      }
      throw e
    }
    process.stderr.write(`repro: ${selected.length} claim(s) at the ${tier} tier, one after another${jobs > 1 ? ` (training runs prefetched ${jobs} at a time)` : ""}\n`)
    const layers = Layer.mergeAll(progressToStderr, RunStore.layerMemory)
    using signals = onStopSignals({
      first: (r) => {
        process.stderr.write(`repro: ${r.signal}: stopping after the current training steps (checkpointed); send it again to quit at once\n`)
        empirical.stopClaimRuns()
      },
      again: (r) => process.exit(r.exitCode),
    })
    const exit = await Effect.runPromise(runRepro(selected, tier, { outRoot: out, jobs }).pipe(Effect.provide(layers), Effect.result))
    if (exit._tag === "Failure") {
      console.error(`ssl repro: ${exit.failure.message}`)
      return exit.failure._tag === "ReproInterrupted" ? (signals.requested()?.exitCode ?? ExitCode.interrupted) : ExitCode.failed
    }
    const { report, results, written } = exit.success
    console.log(formatVerdictTable(report))
    console.log(`\n${verdictCounts(results.claims)}. Report written to ${written.dir}/`)
    console.log(`  ${written.indexHtml}\n  ${written.reportMd}\n  ${written.resultsJson}`)
    return report.results.some(needsAttention) ? ExitCode.failed : ExitCode.ok
  },
}
