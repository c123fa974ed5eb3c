/**
 * Runs a list of claims at one tier, one after another (they share the CPU), and collects their results.
 * A claim whose run fails (ClaimRunFailed: the simulator diverged, a kernel threw) is reported as `fail`
 * with the error message as its measurement: a broken check never reads as a pass.
 * Progress: "claims start" (how many, the estimated seconds), then after each claim "claims progress" with N/M
 * done, the elapsed seconds and the ETA (pace.ts: the estimates of the claims left, at the paces measured so far).
 */
import { Effect } from "effect"
import type { Claim, ClaimResult, ClaimServices } from "./Claim.ts"
import { CLAIM_BASE_SECONDS, poolsEtaSeconds } from "./pace.ts"
import { report } from "./Progress.ts"
import type { Tier } from "./Tier.ts"

export interface ClaimsReport {
  readonly tier: Tier
  readonly seconds: number
  readonly results: ReadonlyArray<ClaimResult>
}

export interface RunClaimsOptions {
  /**
   * Estimated seconds of the training each claim does, by claim id (execution/plan.ts `claimTrainingSeconds`: the
   * runs it is the first to read). Claims with training form one pool of the ETA; the others that run count
   * CLAIM_BASE_SECONDS each in a second pool, each pool at its own measured pace (pace.ts).
   */
  readonly trainingSeconds?: Readonly<Record<string, number>>
}

const round1 = (x: number): number => Math.round(x * 10) / 10

interface Pool { estimated: number; estimatedDone: number; elapsed: number }

export const runClaims = (claims: ReadonlyArray<Claim>, tier: Tier, options: RunClaimsOptions = {}): Effect.Effect<ClaimsReport, never, ClaimServices> =>
  Effect.gen(function*() {
    const start = performance.now()
    const training: Pool = { estimated: 0, estimatedDone: 0, elapsed: 0 }
    const light: Pool = { estimated: 0, estimatedDone: 0, elapsed: 0 }
    const share = (c: Claim): { pool: Pool; estimate: number } | undefined => {
      const seconds = options.trainingSeconds?.[c.id] ?? 0
      if (seconds > 0) return { pool: training, estimate: seconds }
      return c.status(tier).kind === "run" ? { pool: light, estimate: CLAIM_BASE_SECONDS } : undefined
    }
    for (const c of claims) {
      const s = share(c)
      if (s !== undefined) s.pool.estimated += s.estimate
    }
    yield* report("claims", "claims start", { tier, total: claims.length, estimatedSeconds: Math.round(training.estimated + light.estimated) })
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
      const s = share(claim)
      if (s !== undefined) {
        s.pool.estimatedDone += s.estimate
        s.pool.elapsed += (performance.now() - t0) / 1000
      }
      yield* report(claim.id, "claims progress", {
        tier, verdict: result.verdict, seconds: round1(result.seconds), done: results.length, total: claims.length,
        elapsedSeconds: Math.round((performance.now() - start) / 1000), etaSeconds: Math.round(poolsEtaSeconds([training, light])),
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
