/**
 * The main job (`bun run repro`): runs claims at a tier, one after another (cached runs are reused through the
 * run stores; an executor may have trained them ahead: execution/trainPlan.ts), takes the run ids from the
 * claims' evidence, and writes `<outRoot>/<tier>-<timestamp>/` with results.json, report.md and index.html.
 */
import { tf } from "@ssl/core"
import { Data, Effect } from "effect"
import type { Claim, ClaimServices } from "../harness/Claim.ts"
import { findings } from "../harness/Finding.ts"
import { type ClaimsReport, runClaims } from "../harness/runClaims.ts"
import type { Tier } from "../harness/Tier.ts"
import { ArmRuns } from "../empirical/ArmRuns.ts"
import { backendLine, trainingProvenance } from "./trainingProvenance.ts"
import { type ReproResults, reproResults } from "./ReproResults.ts"
import { reportDir, type WrittenReport, writeReport } from "./writeReport.ts"

export class ReportWriteFailed extends Data.TaggedError("ReportWriteFailed")<{ readonly dir: string; readonly message: string }> {}

/** The claim runs were stopped on request (Ctrl-C): no report is written, since its verdicts would be incomplete. */
export class ReproInterrupted extends Data.TaggedError("ReproInterrupted")<{ readonly tier: Tier }> {
  override get message(): string {
    return `stopped on request: no report written (its verdicts would be incomplete). The training runs in progress were checkpointed ` +
      `and marked interrupted; \`bun run repro --tier ${this.tier}\` again resumes them and reuses every finished run`
  }
}

export interface ReproOptions {
  /** Where report folders go (default "reports"). */
  readonly outRoot?: string
  /** Default: the claims' code version (git commit, +dirty.<hash>), the key of every cached run. */
  readonly codeVersion?: string
  /** Default: the tfjs backend the training runs initialised, or a note that none was needed. */
  readonly backend?: () => string
  readonly now?: () => Date
  /** Estimated seconds of training per claim, for the progress ETA (execution/plan.ts `claimTrainingSeconds`). */
  readonly trainingSeconds?: Readonly<Record<string, number>>
}

export interface ReproOutcome {
  readonly report: ClaimsReport
  readonly results: ReproResults
  readonly written: WrittenReport
}

/** The tfjs backend in use, without initialising one (reading `backendName` has no side effects). */
export const activeBackend = (): string => {
  const name = (tf.engine() as { backendName?: string | null }).backendName
  return typeof name === "string" && name !== "" ? name : "none (no training run: the theory claims simulate in float64 without tfjs)"
}

export const runRepro = (claims: ReadonlyArray<Claim>, tier: Tier, options: ReproOptions = {}): Effect.Effect<ReproOutcome, ReportWriteFailed | ReproInterrupted, ClaimServices> =>
  Effect.gen(function*() {
    const startedAt = (options.now ?? (() => new Date()))()
    const runs = yield* ArmRuns
    const report = yield* runClaims(claims, tier, options.trainingSeconds === undefined ? {} : { trainingSeconds: options.trainingSeconds })
    if (runs.stopSignal.aborted) return yield* new ReproInterrupted({ tier })
    const runIds = report.results.flatMap((r) => r.runIds ?? [])
    const training = runIds.length === 0 ? undefined : yield* trainingProvenance(runs.store(), runIds)
    const results = reproResults({
      report, claims, startedAt, findings,
      codeVersion: options.codeVersion ?? runs.codeVersion(),
      backend: options.backend !== undefined ? options.backend() : training === undefined ? activeBackend() : backendLine(training, activeBackend()),
      ...(training === undefined ? {} : { training }),
    })
    const dir = reportDir(options.outRoot ?? "reports", tier, startedAt)
    const written = yield* Effect.tryPromise({
      try: () => writeReport(results, dir),
      catch: (e) => new ReportWriteFailed({
        dir, message: `could not write the report to ${dir}: ${e instanceof Error ? e.message : String(e)}. Pass --out <a writable folder>.`,
      }),
    })
    return { report, results, written }
  })
