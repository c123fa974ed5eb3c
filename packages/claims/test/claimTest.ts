/**
 * The bun:test adapter for claims: one test per claim at the tier CLAIMS_TIER names (default `ci`). The claim
 * runs when its test file loads (top-level await), so that a claim whose every criterion is gated out at the
 * tier (`not judged`) is reported as SKIPPED with its reason — never as a passed test. Otherwise the test
 * fails on a `fail` (an engine check that missed included) unless a recorded finding (harness/Finding.ts)
 * matches the result check by check, and on a result that does not match its claim's recorded finding;
 * `inconclusive` passes and is printed with its reason (power, missed preconditions).
 */
import { test } from "bun:test"
import { Cause, Effect, Exit, Layer, ManagedRuntime } from "effect"
import type { Claim, ClaimResult } from "../src/harness/Claim.ts"
import { findingFor, findingMismatches } from "../src/harness/Finding.ts"
import { Progress } from "../src/harness/Progress.ts"
import { EvidenceCache } from "../src/harness/EvidenceCache.ts"
import { ArmRuns } from "../src/empirical/ArmRuns.ts"
import { tierFromEnv } from "../src/harness/Tier.ts"
import { formatResult } from "../src/harness/verdictTable.ts"

/** Fails a claim test with the reason; a function so that tests of this adapter can check it. */
export const claimFailure = (result: ClaimResult): string | undefined => {
  const finding = findingFor(result.id, result.tier)
  if (finding !== undefined) {
    const mismatches = findingMismatches(finding, result)
    return mismatches.length === 0 ? undefined
      : `${result.id} does not reproduce its recorded finding at ${result.tier} (${mismatches.join("; ")}). Look at what changed, then update harness/Finding.ts.`
  }
  if (result.verdict !== "fail") return undefined
  const failed = result.checks.filter((c) => c.outcome === "fail" && c.role !== "precondition").map((c) => `${c.name} = ${c.measured} (${c.threshold})`)
  return `${result.id} FAILED: ${result.reason ?? ""} ${failed.join("; ")}`
}

/**
 * The training runs' services of this test process, built once as `ssl claims` builds them for its invocation: the
 * claim tests run by one `bun test` share the run store (SSL_RUNS_DIR or ./runs), the code version, the memo of
 * finished runs, the datasets and the training-independent baselines.
 */
const armRuns = ManagedRuntime.make(ArmRuns.layerLive)

export const claimTest = async (claim: Claim): Promise<void> => {
  const tier = tierFromEnv()
  const status = claim.status(tier)
  const name = `${claim.id} ${claim.title} [${tier}]`
  if (status.kind !== "run") {
    console.log(`${claim.id} ${status.kind === "skip" ? "skipped" : status.kind} at tier ${tier}: ${status.reason}`)
    test.skip(`${name}: ${status.kind}: ${status.reason}`, () => {})
    return
  }
  const program = claim.run(tier).pipe(Effect.provide(Layer.mergeAll(Progress.layerSilent, EvidenceCache.layerMemory)))
  const exit = await armRuns.runPromiseExit(program.pipe(Effect.timeout(status.timeoutMs)))
  if (Exit.isFailure(exit)) {
    const message = `${claim.id} could not run:\n${Cause.pretty(exit.cause)}`
    test(name, () => { throw new Error(message) })
    return
  }
  const result = exit.value
  console.log(formatResult(result))
  if (result.verdict === "not judged") {
    test.skip(`${name}: not judged: ${result.reason ?? ""}`, () => {})
    return
  }
  test(name, () => {
    const failure = claimFailure(result)
    if (failure !== undefined) throw new Error(failure)
  })
}
