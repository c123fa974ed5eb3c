/** What makes a claim's bun:test red (claimTest.ts): a fail without a matching finding, or a finding that does not reproduce. */
import { describe, expect, test } from "bun:test"
import { Effect, Layer } from "effect"
import type { ClaimResult } from "../src/harness/Claim.ts"
import { Progress } from "../src/harness/Progress.ts"
import { EvidenceCache } from "../src/harness/EvidenceCache.ts"
import { ArmRuns } from "../src/empirical/ArmRuns.ts"
import { C28 } from "../src/empirical/C28-table8-comparison.ts"
import { claimFailure } from "./claimTest.ts"

const result = (over: Partial<ClaimResult>): ClaimResult => ({
  id: "C5", title: "t", tier: "ci", verdict: "pass", notJudged: [], measured: {}, threshold: {}, source: "", checks: [], seeds: [], seconds: 0, ...over,
})

describe("claimTest's verdict on a result", () => {
  test("pass, inconclusive and not judged are green; fail is red with the failing checks", () => {
    for (const verdict of ["pass", "inconclusive", "not judged"] as const) expect(claimFailure(result({ verdict }))).toBeUndefined()
    const failed = claimFailure(result({
      verdict: "fail",
      checks: [{ name: "aligned", description: "d", role: "engine", source: "s", outcome: "fail", measured: 0.96, threshold: ">= 0.999" }],
    }))
    // Mutation caught: an engine check's miss left out of the message, or a fail reported green.
    expect(failed).toContain("aligned = 0.96 (>= 0.999)")
  })
  test("a recorded finding is green only while the result matches it check by check", async () => {
    const r = await Effect.runPromise(C28.run("ci").pipe(Effect.provide(Layer.mergeAll(Progress.layerSilent, EvidenceCache.layerMemory, ArmRuns.layerTest()))))
    expect(claimFailure(r)).toBeUndefined()
    const drifted = { ...r, checks: r.checks.map((c) => (c.name === "directPred" ? { ...c, measured: 0.7 } : c)) }
    expect(claimFailure(drifted)).toContain("does not reproduce its recorded finding")
  })
})
