/**
 * `bun run ssl claims [--tier ci] [--only C5,C8] [--json] [--details]`: runs claims at a tier and prints the
 * verdict table (with --details every claim's numbers, thresholds and sources; with --json exactly
 * {"tier","seconds","claims":[{"id","title","verdict","measured","threshold","source"}]}).
 * Exit 1 if any claim fails, 2 on bad input (unknown tier or claim id), 130/143 when stopped by Ctrl-C/SIGTERM, 0
 * otherwise.
 */
import { defaultRunsRoot, onStopSignals } from "@ssl/core"
import {
  ArmRuns, claims, claimsReportJson, execution, claimsWithUsers, needsAttention, formatResult, formatVerdictTable, Progress, EvidenceCache, runClaims, UnknownTier, UserClaimInvalid,
  type Claim, type ClaimsReport, type Tier,
} from "@ssl/claims"
import { Effect, Layer, ManagedRuntime } from "effect"
import { type Command, ExitCode } from "../command.ts"
import { claimSelection } from "../claimSelection.ts"
import { parseArgs, UsageError } from "../args.ts"

const usage = `usage: bun run ssl claims [--tier smoke|ci|cpu-long|nightly|full] [--only C5,C8] [--json] [--details]

Runs the registered claims (${claims.map((c) => c.id).join(", ")}) and those of the user's claims folder
(claims/ at the repository root, or SSL_CLAIMS_DIR) at a tier (default: CLAIMS_TIER or ci) and prints one verdict per claim: pass | fail | inconclusive | not run, with the measured numbers and thresholds.

  --tier <name>   smoke (seconds), ci (CPU minutes), cpu-long (CPU hours, by hand), nightly (GPU hours), full (paper scale)
  --only <ids>    comma-separated claim ids, e.g. C1,C5,C12
  --details       print every claim's checks, thresholds and their sources after the table
  --json          print {"tier","seconds","claims":[{"id","title","verdict","measured","threshold","source"}]}

Ctrl-C stops the training runs in progress after their current step (checkpointed, marked \`interrupted\`) and prints
no verdicts; running the same command again resumes them. A second Ctrl-C quits at once.`

/**
 * 1 if a claim failed without a recorded finding, or a recorded finding did not reproduce (harness/Finding.ts),
 * else 0 (inconclusive and not run are not failures).
 */
export const exitCodeFor = (report: ClaimsReport): number => (report.results.some(needsAttention) ? ExitCode.failed : ExitCode.ok)

/**
 * The training each claim will do, estimated from the plan (for the progress ETA only): an unreadable run index
 * costs the estimate, never the command — the claims then meet the store's problem themselves and report it.
 */
const trainingEstimate = (selected: ReadonlyArray<Claim>, tier: Tier) =>
  ArmRuns.useSync((runs): Readonly<Record<string, number>> => {
    try {
      return execution.claimTrainingSeconds(execution.planTier(selected, tier, { root: defaultRunsRoot(), codeVersion: runs.codeVersion() }), selected)
    } catch {
      return {}
    }
  })

export const claimsCommand: Command = {
  name: "claims",
  summary: "run the paper's claims at a tier and print their verdicts",
  usage,
  run: async (argv) => {
    let tier: Tier
    let selected: ReadonlyArray<Claim>
    let json: boolean, details: boolean
    try {
      const args = parseArgs(argv, { values: ["tier", "only"], booleans: ["json", "details"] })
      if (args.positional.length > 0) throw new UsageError(`claims takes no positional arguments (got ${args.positional.join(" ")}).\n\n${usage}`)
      if (args.sets.length > 0) throw new UsageError("claims does not take --set: a claim's configs are fixed per tier")
      ;({ tier, selected } = claimSelection(args.flags, await claimsWithUsers()))
      json = args.flags.get("json") === true
      details = args.flags.get("details") === true
    } catch (e) {
      if (e instanceof UsageError || e instanceof UnknownTier || e instanceof UserClaimInvalid) {
        console.error(`ssl claims: ${e.message}`)
        return ExitCode.badInput
      }
      throw e
    }
    // Progress on stderr (bars on a terminal, plain lines otherwise), so stdout stays the table or the JSON.
    await using runtime = ManagedRuntime.make(
      Layer.mergeAll(json ? Progress.layerSilent : Progress.layerTerminal(process.stderr), EvidenceCache.layerMemory, ArmRuns.layerLive),
    )
    const runs = runtime.runSync(ArmRuns.useSync((r) => r))
    using signals = onStopSignals({
      first: (r) => {
        process.stderr.write(`ssl claims: ${r.signal}: stopping after the current training steps (checkpointed); send it again to quit at once\n`)
        runs.stop()
      },
      again: (r) => process.exit(r.exitCode),
    })
    const report = await runtime.runPromise(
      trainingEstimate(selected, tier).pipe(Effect.flatMap((trainingSeconds) => runClaims(selected, tier, { trainingSeconds }))),
    )
    if (runs.stopSignal.aborted) {
      // Claims cut short judged evidence they did not get: their verdicts would be about the stop, not the claim.
      console.error("ssl claims: stopped on request: no verdicts printed; the same command resumes the interrupted runs")
      return signals.requested()?.exitCode ?? ExitCode.interrupted
    }
    if (json) console.log(JSON.stringify(claimsReportJson(report)))
    else {
      console.log(formatVerdictTable(report))
      if (details) for (const r of report.results) console.log(`\n${formatResult(r)}`)
    }
    return exitCodeFor(report)
  },
}
