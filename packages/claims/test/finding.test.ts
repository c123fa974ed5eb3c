import { describe, expect, test } from "bun:test"
import { claimById } from "../src/registry.ts"
import { findingFor, findings, needsAttention } from "../src/harness/Finding.ts"

describe("recorded findings", () => {
  test("a fail without a finding needs attention; pass, inconclusive and not run do not", () => {
    expect(needsAttention({ id: "C5", tier: "ci", verdict: "fail" })).toBe(true)
    for (const verdict of ["pass", "inconclusive", "not run"] as const) expect(needsAttention({ id: "C5", tier: "ci", verdict })).toBe(false)
  })

  test("a recorded finding must reproduce exactly: the recorded verdict is fine, any other needs attention", () => {
    const f = findings[0]!
    expect(needsAttention({ id: f.claim, tier: f.tier, verdict: f.verdict })).toBe(false)
    expect(needsAttention({ id: f.claim, tier: f.tier, verdict: "pass" })).toBe(true)
    expect(findingFor(f.claim, "nightly")).toBeUndefined() // a finding is per tier
  })

  test("every finding names a registered claim and says why", () => {
    for (const f of findings) {
      expect(claimById(f.claim)?.id).toBe(f.claim)
      expect(f.why.length).toBeGreaterThan(40)
    }
  })
})
