/**
 * The bun:test adapter for claims (STACK.md §2.7): one test per claim at the tier CLAIMS_TIER names (default
 * `ci`). It runs the claim's Effect to an Exit, prints Cause.pretty on failure, prints the verdict block, and
 * fails the test only on `fail`; `inconclusive` passes and is printed. A claim with no config for the tier is
 * skipped, with the reason printed. A claim with a recorded finding at the tier (harness/Finding.ts) must
 * reproduce exactly that verdict: the finding is printed, and any other verdict fails the test.
 */
import { test } from "bun:test"
import { Cause, Effect, Exit, Layer } from "effect"
import type { Claim } from "../src/harness/Claim.ts"
import { findingFor } from "../src/harness/Finding.ts"
import { Progress } from "../src/harness/Progress.ts"
import { RunStore } from "../src/harness/RunStore.ts"
import { tierFromEnv } from "../src/harness/Tier.ts"
import { formatResult } from "../src/harness/verdictTable.ts"

export const claimTest = (claim: Claim): void => {
  const tier = tierFromEnv()
  const status = claim.status(tier)
  const name = `${claim.id} ${claim.title} [${tier}]`
  if (status.kind === "skip") {
    console.log(`${claim.id} skipped at tier ${tier}: ${status.reason}`)
    test.skip(`${name}: ${status.reason}`, () => {})
    return
  }
  const timeout = status.kind === "run" ? status.timeoutMs : 5_000
  test(name, async () => {
    const program = claim.run(tier).pipe(Effect.provide(Layer.mergeAll(Progress.layerSilent, RunStore.layerMemory)))
    const exit = await Effect.runPromiseExit(program)
    if (Exit.isFailure(exit)) throw new Error(`${claim.id} could not run:\n${Cause.pretty(exit.cause)}`)
    const result = exit.value
    console.log(formatResult(result))
    const finding = findingFor(claim.id, tier)
    if (finding !== undefined) {
      if (result.verdict !== finding.verdict) {
        throw new Error(`${claim.id} gave '${result.verdict}' where the recorded finding is '${finding.verdict}' `
          + `(${finding.why}). Look at what changed, then update harness/Finding.ts.`)
      }
      console.log(`${claim.id}: recorded finding at ${tier}, verdict '${finding.verdict}' reproduced. ${finding.why}`)
      return
    }
    if (result.verdict === "fail") {
      const failed = result.checks.filter((c) => !c.passed && c.role === "criterion").map((c) => `${c.name} = ${c.measured} (needs ${c.op} ${c.value})`)
      throw new Error(`${claim.id} FAILED: ${failed.join("; ")}`)
    }
  }, timeout)
}
