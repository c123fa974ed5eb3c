/**
 * Runs a list of claims at one tier, one after another (they share the CPU), and collects their results.
 * A claim whose run fails (ClaimRunFailed: the simulator diverged, a kernel threw) is reported as `fail`
 * with the error message as its measurement: a broken check never reads as a pass.
 * Progress: "claims start" (how many, the estimated seconds), then after each claim "claims progress" with N/M
 * done, the elapsed seconds and the ETA (pace.ts: the estimates of the claims left, at the pace measured so far).
 */
import { Effect } from "effect"
import type { Claim, ClaimResult } from "./Claim.ts"
import { CLAIM_BASE_SECONDS, etaSeconds } from "./pace.ts"
import { type Progress, report } from "./Progress.ts"
import type { RunStore } from "./RunStore.ts"
import type { Tier } from "./Tier.ts"

export interface ClaimsReport {
  readonly tier: Tier
  readonly seconds: number
  readonly results: ReadonlyArray<ClaimResult>
}

export interface RunClaimsOptions {
  /**
   * Estimated seconds per claim id (execution/plan.ts `claimSeconds`: the runs each claim trains first). A claim
   * that runs at the tier and is missing here counts CLAIM_BASE_SECONDS; one that does not run, 0.
   */
  readonly estimates?: Readonly<Record<string, number>>
}

const round1 = (x: number): number => Math.round(x * 10) / 10

export const runClaims = (claims: ReadonlyArray<Claim>, tier: Tier, options: RunClaimsOptions = {}): Effect.Effect<ClaimsReport, never, Progress | RunStore> =>
  Effect.gen(function*() {
    const start = performance.now()
    const estimate = (c: Claim): number => options.estimates?.[c.id] ?? (c.status(tier).kind === "run" ? CLAIM_BASE_SECONDS : 0)
    const estimated = claims.reduce((s, c) => s + estimate(c), 0)
    yield* report("claims", "claims start", { tier, total: claims.length, estimatedSeconds: Math.round(estimated) })
    const results: Array<ClaimResult> = []
    let estimatedDone = 0
    for (const claim of claims) {
      const t0 = performance.now()
      const result = yield* claim.run(tier).pipe(
        Effect.catchTag("ClaimRunFailed", (e) =>
          Effect.succeed<ClaimResult>({
            id: claim.id, title: claim.title, tier, verdict: "fail", notJudged: [], measured: { error: e.message }, threshold: {},
            source: `paper: ${claim.where}. The run failed before it could measure.`, checks: [], seeds: [],
            seconds: (performance.now() - t0) / 1000,
          })),
      )
      results.push(result)
      estimatedDone += estimate(claim)
      const elapsed = (performance.now() - start) / 1000
      yield* report(claim.id, "claims progress", {
        tier, verdict: result.verdict, seconds: round1(result.seconds), done: results.length, total: claims.length,
        elapsedSeconds: Math.round(elapsed), etaSeconds: Math.round(etaSeconds({ estimated, estimatedDone, elapsed })),
      })
    }
    return { tier, seconds: (performance.now() - start) / 1000, results }
  })

/** The JSON report of `ssl claims --json`: exactly {"tier","seconds","claims":[{"id","title","verdict","measured","threshold","source"}]}. */
export const claimsReportJson = (r: ClaimsReport) => ({
  tier: r.tier,
  seconds: Number(r.seconds.toFixed(3)),
  claims: r.results.map((c) => ({
    id: c.id, title: c.title, verdict: c.verdict, measured: c.measured, threshold: c.threshold, source: c.source,
  })),
})
