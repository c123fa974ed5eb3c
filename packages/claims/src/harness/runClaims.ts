/**
 * Runs a list of claims at one tier, one after another (they share the CPU), and collects their results.
 * A claim whose run fails (ClaimRunFailed: the simulator diverged, a kernel threw) is reported as `fail`
 * with the error message as its measurement: a broken check never reads as a pass.
 */
import { Effect } from "effect"
import type { Claim, ClaimResult, ClaimServices } from "./Claim.ts"
import type { Tier } from "./Tier.ts"

export interface ClaimsReport {
  readonly tier: Tier
  readonly seconds: number
  readonly results: ReadonlyArray<ClaimResult>
}

export const runClaims = (claims: ReadonlyArray<Claim>, tier: Tier): Effect.Effect<ClaimsReport, never, ClaimServices> =>
  Effect.gen(function*() {
    const start = performance.now()
    const results: Array<ClaimResult> = []
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
