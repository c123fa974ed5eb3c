import { describe, expect, test } from "bun:test"
import { Effect, Layer } from "effect"
import { findingFor, findingMismatches, findings, needsAttention } from "../src/harness/Finding.ts"
import { Progress } from "../src/harness/Progress.ts"
import { EvidenceCache } from "../src/harness/EvidenceCache.ts"
import { ArmRuns } from "../src/empirical/ArmRuns.ts"
import { C28 } from "../src/empirical/C28-table8-comparison.ts"
import { claimById } from "../src/registry.ts"
import type { CheckResult, Verdict } from "../src/harness/Verdict.ts"

const run = (tier: "ci" | "full") => Effect.runPromise(C28.run(tier).pipe(Effect.provide(Layer.mergeAll(Progress.layerSilent, EvidenceCache.layerMemory, ArmRuns.layerTest()))))

describe("recorded findings", () => {
  test("a fail without a finding needs attention; other verdicts do not", () => {
    expect(needsAttention({ id: "C5", tier: "ci", verdict: "fail", checks: [] })).toBe(true)
    for (const verdict of ["pass", "inconclusive", "not judged", "not run"] as const) expect(needsAttention({ id: "C5", tier: "ci", verdict, checks: [] })).toBe(false)
  })

  test("C28 is documentary: it trains nothing and matches its finding at every tier", async () => {
    for (const tier of ["ci", "full"] as const) {
      const r = await run(tier)
      expect(r.runIds ?? []).toEqual([])
      expect(r.verdict).toBe("fail")
      expect(findingMismatches(findingFor("C28", tier)!, r)).toEqual([])
      expect(needsAttention(r)).toBe(false)
    }
  })

  test("a finding pins each check's outcome and band, not only the verdict", async () => {
    // Mutation caught: a finding that matched on the verdict alone (another route to `fail` reproducing it).
    const r = await run("ci")
    const otherRoute = { ...r, checks: r.checks.map((c) => (c.name === "directPred" ? { ...c, outcome: "fail" as const } : c)) }
    expect(needsAttention(otherRoute)).toBe(true)
    const drifted = { ...r, checks: r.checks.map((c) => (c.name === "sgdBaseline" ? { ...c, measured: 1.5 } : c)) }
    expect(findingMismatches(findingFor("C28", "ci")!, drifted).join()).toContain("outside the recorded band")
    expect(needsAttention({ ...r, verdict: "pass" })).toBe(true)
  })

  test("every finding names a registered claim, a code version and says why", () => {
    for (const f of findings) {
      expect(claimById(f.claim)?.id).toBe(f.claim)
      expect(f.codeVersion.length).toBeGreaterThan(0)
      expect(Object.keys(f.checks).length).toBeGreaterThan(0)
      expect(f.why.length).toBeGreaterThan(40)
    }
  })
  // Mutation caught: a committed report whose fail has no finding (or drifted from it): the README would show an
  // unexamined fail, and `repro` at that tier exits 1.
  test("every verdict of the committed reports matches its finding, and every fail there has one", async () => {
    for (const tier of ["ci", "cpu-long"] as const) {
      const report = JSON.parse(await Bun.file(new URL(`../../../docs/report-${tier}/results.json`, import.meta.url).pathname).text()) as {
        claims: ReadonlyArray<{ id: string; verdict: Verdict; checks: ReadonlyArray<CheckResult> }>
      }
      for (const c of report.claims) {
        expect({ claim: c.id, tier, attention: needsAttention({ ...c, tier }) }).toEqual({ claim: c.id, tier, attention: false })
      }
    }
  })
})
