/**
 * results.json of `bun run repro`: every claim's verdict at one tier with its numbers, thresholds and their
 * sources, the seeds and run ids behind it, the paper's reference and reported numbers, and its plots. This is
 * the one artefact the report (report.md, index.html) and the README's claims table are generated from.
 *
 * JSON turns NaN and ±Infinity into null: a reader must treat null measurements as "not a number".
 */
import type { Claim, ClaimResult, Info, PaperReported } from "../harness/Claim.ts"
import type { ClaimsReport } from "../harness/runClaims.ts"
import type { Tier } from "../harness/Tier.ts"
import type { CheckResult, Verdict } from "../harness/Verdict.ts"
import { type Finding, findingMatches, needsAttention } from "../harness/Finding.ts"
import type { ArmSummary } from "../harness/ArmSummary.ts"
import type { TimeCompression } from "../harness/TimeCompression.ts"
import type { PlotSpec } from "./PlotSpec.ts"
import type { TrainingProvenance } from "./trainingProvenance.ts"

export type { PaperReported } from "../harness/Claim.ts"

export interface ReproClaim {
  readonly id: string
  readonly title: string
  readonly statement: string
  readonly quantity: string
  readonly tier: Tier
  readonly verdict: Verdict
  /** What a `pass` left untested ("accuracy"): the verdict reads "pass (accuracy not judged)". */
  readonly notJudged: ReadonlyArray<string>
  readonly measured: Readonly<Record<string, Info>>
  readonly threshold: Readonly<Record<string, string>>
  readonly seeds: ReadonlyArray<number>
  /** Run-store ids of the training runs behind the verdict (empty for the simulated theory claims). */
  readonly runIds: ReadonlyArray<string>
  readonly source: string
  readonly paper: { readonly where: string; readonly reported: PaperReported | null }
  readonly reason?: string
  /** A recorded finding (harness/Finding.ts): this verdict at this tier was examined; why it is a result. */
  readonly finding?: string
  readonly checks: ReadonlyArray<CheckResult>
  readonly seconds: number
  readonly plots: ReadonlyArray<PlotSpec>
  /** Per arm: seeds and probe accuracies, final and best epoch (absent in reports made before it, and for simulations). */
  readonly arms?: ReadonlyArray<ArmSummary>
  /** The time compression the verdict relies on at this tier (absent when the claim uses none, and in older reports). */
  readonly timeCompression?: TimeCompression
}

export interface ReproResults {
  readonly tier: Tier
  /** ISO 8601. */
  readonly startedAt: string
  readonly seconds: number
  /** The code version every run of this report is keyed by (git commit, +dirty.<hash> when modified). */
  readonly codeVersion: string
  /** The tensor backend(s) the training runs used (from their provenance), or why there was none. */
  readonly backend: string
  /** The training runs behind the report, aggregated from their own provenance and results (absent in reports made before it). */
  readonly training?: TrainingProvenance
  readonly claims: ReadonlyArray<ReproClaim>
}

export interface ReproInput {
  readonly report: ClaimsReport
  /** The claims that were run (for statement, where, quantity and the paper's numbers). */
  readonly claims: ReadonlyArray<Claim>
  readonly startedAt: Date
  readonly codeVersion: string
  readonly backend: string
  readonly training?: TrainingProvenance
  /** Recorded findings (harness/Finding.ts); one matching a claim's id, tier and verdict is shown with it. */
  readonly findings?: ReadonlyArray<Finding>
}

/** One claim's entry of results.json. */
export const reproClaim = (result: ClaimResult, claim: Claim | undefined, findings: ReadonlyArray<Finding> = []): ReproClaim => {
  const reported = claim?.reported
  const finding = findings.find((f) => f.claim === result.id && f.tier === result.tier && findingMatches(f, result))
  return {
    id: result.id,
    title: result.title,
    statement: claim?.statement ?? "",
    quantity: claim?.quantity ?? "",
    tier: result.tier,
    verdict: result.verdict,
    notJudged: result.notJudged,
    measured: result.measured,
    threshold: result.threshold,
    seeds: result.seeds,
    // The evidence's own run ids: the runs the verdict was computed from, nothing else.
    runIds: [...new Set(result.runIds ?? [])],
    source: result.source,
    paper: { where: claim?.where ?? "", reported: reported ?? null },
    ...(result.reason === undefined ? {} : { reason: result.reason }),
    ...(finding === undefined ? {} : { finding: finding.why }),
    checks: result.checks,
    seconds: Number(result.seconds.toFixed(3)),
    plots: result.plots ?? [],
    ...(result.arms === undefined ? {} : { arms: result.arms }),
    ...(result.timeCompression === undefined ? {} : { timeCompression: result.timeCompression }),
  }
}

export const reproResults = (input: ReproInput): ReproResults => ({
  tier: input.report.tier,
  startedAt: input.startedAt.toISOString(),
  seconds: Number(input.report.seconds.toFixed(3)),
  codeVersion: input.codeVersion,
  backend: input.backend,
  ...(input.training === undefined ? {} : { training: input.training }),
  claims: input.report.results.map((r) => reproClaim(r, input.claims.find((c) => c.id === r.id), input.findings ?? [])),
})

/** 1 if any claim needs attention (a fail without a matching recorded finding, or a finding that did not reproduce), else 0. */
export const reproExitCode = (results: Pick<ReproResults, "claims">): 0 | 1 => (results.claims.some((c) => needsAttention(c)) ? 1 : 0)

/** Counts per verdict, in a fixed order: "12 pass, 1 inconclusive". */
export const verdictCounts = (claims: ReadonlyArray<{ readonly verdict: Verdict }>): string =>
  (["pass", "fail", "inconclusive", "not judged", "not run"] as const)
    .map((v) => [v, claims.filter((c) => c.verdict === v).length] as const)
    .filter(([, n]) => n > 0)
    .map(([v, n]) => `${n} ${v}`)
    .join(", ")

export class ResultsFileInvalid extends Error {
  readonly _tag = "ResultsFileInvalid"
  constructor(readonly path: string, readonly problem: string) {
    super(`${path} is not a results.json of \`bun run repro\`: ${problem}. Re-create it with \`bun run repro --tier ci\`.`)
  }
}

/** Checks the shape of a parsed results.json (enough for the renderers), throwing ResultsFileInvalid. */
export const parseReproResults = (value: unknown, path: string): ReproResults => {
  const fail = (problem: string): never => { throw new ResultsFileInvalid(path, problem) }
  if (typeof value !== "object" || value === null) return fail("expected a JSON object")
  const v = value as Record<string, unknown>
  for (const k of ["tier", "startedAt", "codeVersion", "backend"]) if (typeof v[k] !== "string") fail(`"${k}" must be a string`)
  if (typeof v["seconds"] !== "number") fail(`"seconds" must be a number`)
  if (!Array.isArray(v["claims"])) return fail(`"claims" must be an array`)
  v["claims"].forEach((c: unknown, i: number) => {
    if (typeof c !== "object" || c === null) fail(`claims[${i}] must be an object`)
    const o = c as Record<string, unknown>
    for (const k of ["id", "title", "verdict", "source"]) if (typeof o[k] !== "string") fail(`claims[${i}].${k} must be a string`)
    if (!Array.isArray(o["checks"])) fail(`claims[${i}].checks must be an array`)
    if (typeof o["paper"] !== "object" || o["paper"] === null) fail(`claims[${i}].paper must be an object`)
  })
  return value as ReproResults
}
