/**
 * `bun run repro [--tier ci] [--only C1,C5] [--out reports]` (= `bun run ssl repro`): the main job. Runs every
 * registered claim at a tier, prints the verdict table, and writes `<out>/<tier>-<timestamp>/` with
 * results.json, report.md (figures as static SVGs) and index.html (interactive Vega-Lite figures, offline).
 * Exit 1 if a claim fails without a recorded finding, or a recorded finding did not reproduce (harness/Finding.ts;
 * inconclusive, not run and skipped are not failures), 2 on bad input.
 */
import { readFileSync } from "node:fs"
import { defaultRunsRoot, writeFileAtomic } from "@ssl/core"
import {
  ArmRuns, claims, execution, formatVerdictTable, needsAttention, Progress, EvidenceCache, runRepro, UnknownTier, verdictCounts, type Claim, type Tier,
} from "@ssl/claims"
import { onStopSignals } from "@ssl/core"
import { Effect, Layer, ManagedRuntime } from "effect"
import { type Command, ExitCode } from "../command.ts"
import { claimSelection } from "../claimSelection.ts"
import { parseArgs, UsageError } from "../args.ts"

const usage = `usage: bun run repro [--tier smoke|ci|cpu-long|nightly|full] [--only C1,C5] [--out reports] [--jobs 2]
                     [--executor local|slurm] [--slurm-args "..."] [--dry-run [--json]]

Runs the paper's claims (${claims.map((c) => c.id).join(", ")}) at a tier, one after another (runs already
in the run store for this code version are reused), prints the verdict table and writes the report:
  <out>/<tier>-<timestamp>/results.json   every claim: verdict, measured values, thresholds and their sources,
                                          seeds, run ids, the paper's reference and numbers, plot data
  <out>/<tier>-<timestamp>/report.md      the table and every claim's evidence, its figures in figures/*.svg
  <out>/<tier>-<timestamp>/index.html     the same, interactive (open it in a browser; works offline)

  --tier <name>   default: CLAIMS_TIER or ci
  --only <ids>    comma-separated claim ids, e.g. C1,C5,C12
  --out <dir>     report root (default: reports)
  --jobs <n>      train up to n runs at once in worker processes before the claims read them (default 1;
                  each run uses one core, so use the number of cores for the cpu-long tier)
  --executor <e>  local (default: this machine, --jobs workers) or slurm: the runs to train become one Slurm
                  job array (sbatch --array, one task per run) on the run store SSL_RUNS_DIR, which must be on
                  a filesystem every node sees; repro waits for it, then runs the claims here
  --slurm-args    passed to sbatch, split on spaces, e.g. --slurm-args "--partition=gpu --gres=gpu:1 --time=4:00:00 --account=lab"
  --dry-run       print the plan and exit: every run the claims need, cached or to train, its estimated cost
                  and the total (with --json: {"tier","executor","runs":[{"config","seed","claims","cached",
                  "estimatedSeconds"}],"estimatedSeconds"}; estimatedSeconds in all = the runs to train)
  --max-seeds <n> after the planned seeds, give the claims inconclusive for lack of seeds 2 more seeds per
                  round (most decision-relevant first, through the same executor) until decided or n seeds
                  per arm (default 12); every look is judged at its alpha-spending level and recorded in
                  results.json "sequential"
  --budget <t>    the same, stopping when the next round's estimated time no longer fits t (90m, 2h, 1h30m)

Ctrl-C stops the training runs in progress after their current step (checkpointed, marked \`interrupted\`) and
writes no report; running the same command again resumes them. A second Ctrl-C quits at once.

Exit code 1 if any claim fails, 2 on bad input, 130 when stopped by Ctrl-C, 0 otherwise. Then \`bun run readme:claims\`
updates the README's table.`

/** Progress on stderr (bars on a terminal, plain lines otherwise), so stdout stays the table. */
const progressToStderr = Progress.layerTerminal(process.stderr)

interface SeedRounds {
  readonly maxSeeds: number
  readonly budgetSeconds?: number
}

/** "90m", "2h", "1h30m", "3600s", "3600" (seconds) → seconds. */
export const parseDuration = (text: string): number => {
  const m = /^(?:(\d+(?:\.\d+)?)h)?(?:(\d+(?:\.\d+)?)m)?(?:(\d+(?:\.\d+)?)s?)?$/.exec(text.trim())
  const seconds = m === null || text.trim() === "" ? Number.NaN : Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0)
  if (!(seconds > 0)) throw new UsageError(`--budget must be a positive duration such as 90m, 2h, 1h30m or 3600s (was ${text})`)
  return seconds
}

/** Adds every look of the seed rounds to the report's results.json (atomically), under "sequential". */
const recordLooks = (resultsJson: string, looks: ReadonlyArray<execution.ClaimLooks>, rounds: SeedRounds): void => {
  const results = JSON.parse(readFileSync(resultsJson, "utf8")) as Record<string, unknown>
  results["sequential"] = {
    method: "alpha spending over looks (Kim–DeMets power family, rho = 1) with a Bonferroni combination: look k reports each check's own interval at level 1 − alpha_k",
    alpha: 0.05, maxSeeds: rounds.maxSeeds, ...(rounds.budgetSeconds === undefined ? {} : { budgetSeconds: rounds.budgetSeconds }), claims: looks,
  }
  writeFileAtomic(resultsJson, `${JSON.stringify(results, null, 2)}\n`)
}

export const repro: Command = {
  name: "repro",
  summary: "the main job: run every claim at a tier, print the verdicts, write the report (results.json, report.md, index.html)",
  usage,
  run: async (argv) => {
    let tier: Tier
    let selected: ReadonlyArray<Claim>
    let out: string
    let jobs = 1
    let executor: execution.ExecutorName = "local"
    let slurmArgs: ReadonlyArray<string> = []
    let dryRun = false
    let json = false
    let seedRounds: SeedRounds | undefined
    try {
      const args = parseArgs(argv, { values: ["tier", "only", "out", "jobs", "executor", "slurm-args", "budget", "max-seeds"], booleans: ["dry-run", "json"] })
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
      const executorFlag = args.flags.get("executor")
      if (executorFlag !== undefined) {
        if (!(execution.executorNames as ReadonlyArray<unknown>).includes(executorFlag)) {
          throw new UsageError(`--executor must be one of ${execution.executorNames.join(", ")} (was ${String(executorFlag)})`)
        }
        executor = executorFlag as execution.ExecutorName
      }
      const slurmFlag = args.flags.get("slurm-args")
      if (slurmFlag !== undefined) {
        if (executor !== "slurm") throw new UsageError("--slurm-args needs --executor slurm")
        slurmArgs = String(slurmFlag).split(/\s+/).filter((a) => a !== "")
      }
      dryRun = args.flags.get("dry-run") === true
      json = args.flags.get("json") === true
      const budgetFlag = args.flags.get("budget")
      const maxSeedsFlag = args.flags.get("max-seeds")
      if (budgetFlag !== undefined || maxSeedsFlag !== undefined) {
        const budgetSeconds = budgetFlag === undefined ? undefined : parseDuration(String(budgetFlag))
        const maxSeeds = maxSeedsFlag === undefined ? 12 : Number(maxSeedsFlag)
        if (!Number.isInteger(maxSeeds) || maxSeeds < 3) throw new UsageError(`--max-seeds must be an integer ≥ 3, the seeds per arm at most (was ${String(maxSeedsFlag)})`)
        seedRounds = { maxSeeds, ...(budgetSeconds === undefined ? {} : { budgetSeconds }) }
      }
      if (json && !dryRun) throw new UsageError("--json goes with --dry-run (the report's results.json is the machine-readable result of a run)")
    } catch (e) {
      if (e instanceof UsageError || e instanceof UnknownTier) {
        console.error(`ssl repro: ${e.message}`)
        return ExitCode.badInput
      }
      throw e
    }
    const root = defaultRunsRoot()
    // One build of the claims' services for the whole command: the plan, the seed rounds and the report share its
    // store, code version, memo and stop signal.
    await using runtime = ManagedRuntime.make(Layer.mergeAll(progressToStderr, EvidenceCache.layerMemory, ArmRuns.layerLive))
    const runs = runtime.runSync(ArmRuns.useSync((r) => r))
    const plan = execution.planTier(selected, tier, { root, codeVersion: runs.codeVersion() })
    if (dryRun) {
      console.log(json ? execution.planJson(plan, executor) : execution.formatPlan(plan, executor))
      return ExitCode.ok
    }
    process.stderr.write(`repro: ${selected.length} claim(s) at the ${tier} tier, one after another; ${execution.toTrain(plan).length} of ${plan.runs.length} runs to train (executor ${executor}${executor === "local" && jobs > 1 ? `, ${jobs} at a time` : ""})\n`)
    using signals = onStopSignals({
      first: (r) => {
        process.stderr.write(`repro: ${r.signal}: stopping after the current training steps (checkpointed); send it again to quit at once\n`)
        runs.stop()
      },
      again: (r) => process.exit(r.exitCode),
    })
    const train = (p: execution.ExecutionPlan) => execution.trainPlan(p, { executor, root, jobs, sbatchArgs: slurmArgs, stop: runs.stopSignal })
    // The plan again for a subset of the claims, against the store as it is now (after training).
    const replan = (cs: ReadonlyArray<Claim>) => execution.planTier(cs, tier, { root, codeVersion: plan.codeVersion })
    const executed = await runtime.runPromise(train(plan).pipe(Effect.result))
    let claimsToReport = selected
    let looks: ReadonlyArray<execution.ClaimLooks> | undefined
    if (executed._tag === "Success" && seedRounds !== undefined && !runs.stopSignal.aborted) {
      // More seeds where a verdict is undecided for lack of them (the rounds train through the same executor).
      const design = { alpha: 0.05, maxSeeds: seedRounds.maxSeeds, rho: 1 }
      const workers = executor === "local" ? jobs : 1
      const rounds = await runtime.runPromise(execution.runSeedRounds(selected, tier, {
        design, roundSeeds: 2, ...(seedRounds.budgetSeconds === undefined ? {} : { budgetSeconds: seedRounds.budgetSeconds }),
        estimate: (cs) => execution.planSeconds(replan(cs)) / workers,
        train: (cs) => train(replan(cs)).pipe(Effect.asVoid),
      }).pipe(Effect.result))
      if (rounds._tag === "Failure") {
        console.error(`ssl repro: ${rounds.failure.message}`)
        return ExitCode.failed
      }
      claimsToReport = rounds.success.claims
      looks = rounds.success.looks
    }
    if (executed._tag === "Failure") {
      console.error(`ssl repro: ${executed.failure.message}`)
      return ExitCode.failed
    }
    if (runs.stopSignal.aborted) {
      console.error(`ssl repro: stopped on request before the claims ran: no report written; the same command resumes the runs`)
      return signals.requested()?.exitCode ?? ExitCode.interrupted
    }
    const trainingSeconds = execution.claimTrainingSeconds(replan(claimsToReport), claimsToReport)
    const exit = await runtime.runPromise(runRepro(claimsToReport, tier, { outRoot: out, trainingSeconds }).pipe(Effect.result))
    if (exit._tag === "Failure") {
      console.error(`ssl repro: ${exit.failure.message}`)
      return exit.failure._tag === "ReproInterrupted" ? (signals.requested()?.exitCode ?? ExitCode.interrupted) : ExitCode.failed
    }
    const { report, results, written } = exit.success
    console.log(formatVerdictTable(report))
    console.log(`\n${verdictCounts(results.claims)}. Report written to ${written.dir}/`)
    console.log(`  ${written.indexHtml}\n  ${written.reportMd}\n  ${written.resultsJson}`)
    if (looks !== undefined) {
      recordLooks(written.resultsJson, looks, seedRounds!)
      console.log(`\nSequential verdicts (alpha spending over looks, α = 0.05, cap ${seedRounds!.maxSeeds} seeds; every look in results.json "sequential"):`)
      for (const c of looks) {
        console.log(`  ${c.id.padEnd(4)} ${c.verdict.padEnd(12)} after ${c.looks.length} look(s), ${c.seeds.length} seeds: ${c.stopped}`)
      }
    }
    return report.results.some(needsAttention) ? ExitCode.failed : ExitCode.ok
  },
}
