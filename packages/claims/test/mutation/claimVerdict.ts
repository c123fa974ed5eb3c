/**
 * Runs one claim at a tier and prints {verdict, needsAttention, checks: [{name, outcome}]} as JSON: what the
 * mutation test reads from a mutated copy of the repository.
 * Usage: bun run packages/claims/test/mutation/claimVerdict.ts C18 [tier]
 */
import { Effect, Layer } from "effect"
import { needsAttention } from "../../src/harness/Finding.ts"
import { Progress } from "../../src/harness/Progress.ts"
import { EvidenceCache } from "../../src/harness/EvidenceCache.ts"
import { ArmRuns } from "../../src/empirical/ArmRuns.ts"
import { parseTier } from "../../src/harness/Tier.ts"
import { claimById } from "../../src/registry.ts"

const [id, tierArg] = process.argv.slice(2)
const claim = id === undefined ? undefined : claimById(id)
if (claim === undefined) {
  console.error(`ssl: claimVerdict needs a claim id (got ${id ?? "nothing"})`)
  process.exit(2)
}
const tier = parseTier(tierArg ?? "ci", "tier")
const result = await Effect.runPromise(claim.run(tier).pipe(Effect.provide(Layer.mergeAll(Progress.layerSilent, EvidenceCache.layerMemory, ArmRuns.layerLive))))
console.log(JSON.stringify({
  verdict: result.verdict,
  needsAttention: needsAttention(result),
  checks: result.checks.map((c) => ({ name: c.name, outcome: c.outcome, measured: c.measured })),
}))
