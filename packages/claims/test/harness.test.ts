import { describe, expect, test } from "bun:test"
import { Cause, Effect, Exit, Layer } from "effect"
import { ClaimRunFailed, defineClaim, type ClaimResult, type ClaimServices } from "../src/harness/Claim.ts"
import { Progress, type ProgressEvent } from "../src/harness/Progress.ts"
import { cached, EvidenceCache } from "../src/harness/EvidenceCache.ts"
import { ArmRuns } from "../src/empirical/ArmRuns.ts"
import { claimsReportJson, runClaims } from "../src/harness/runClaims.ts"
import { parseTier, tierFromEnv, UnknownTier } from "../src/harness/Tier.ts"
import { decide, judge } from "../src/harness/Decision.ts"
import type { Criterion } from "../src/harness/Rule.ts"
import { formatResult, formatVerdictTable } from "../src/harness/verdictTable.ts"
import { claimById, theoryClaims } from "../src/registry.ts"

const layers = (sink: Array<ProgressEvent> = []) => Layer.mergeAll(Progress.layerCollect(sink), EvidenceCache.layerMemory, ArmRuns.layerTest())
const run = <A, E>(e: Effect.Effect<A, E, ClaimServices>, sink?: Array<ProgressEvent>) => Effect.runPromise(e.pipe(Effect.provide(layers(sink))))

const lt = (value: number, role?: Criterion["role"]): Criterion => ({ description: "d", op: "<", value, source: "docs/paper/claims.md#c1", ...(role ? { role } : {}) })

/** A toy claim whose measurement is given: the harness, not the claim, decides the verdict. */
const toy = (measured: Record<string, number>, calls = { n: 0 }) =>
  defineClaim<{ x: number }, "a" | "b">({
    id: "C99", title: "toy", statement: "s", where: "Sec. 0", quantity: "q", corrections: ["docs/paper/model.md#typos item 0: test"],
    criteria: { a: lt(1), b: lt(0, "precondition") },
    tiers: { ci: { config: { x: 1 }, seeds: [1, 2] } },
    notRun: { full: "needs ImageNet" },
    run: () => Effect.sync(() => {
      calls.n++
      return { measured: measured as Record<"a" | "b", number>, info: { extra: [1, 2] } }
    }),
  })

describe("verdict rule", () => {
  test("pass only when every criterion and precondition holds", () => {
    expect(decide([judge("a", lt(1), 0.5)])).toBe("pass")
    expect(decide([judge("a", lt(1), 2)])).toBe("fail")
    expect(decide([judge("a", lt(1), 0.5), judge("b", lt(0, "precondition"), 1)])).toBe("inconclusive")
    // a failed precondition wins: the criteria mean nothing without the hypothesis
    expect(decide([judge("a", lt(1), 2), judge("b", lt(0, "precondition"), 1)])).toBe("inconclusive")
    expect(decide([])).toBe("not judged")
  })
  test("NaN never satisfies a threshold", () => {
    for (const op of ["<", "<=", ">", ">="] as const) expect(judge("a", { ...lt(1), op }, Number.NaN).outcome).toBe("fail")
  })
})

describe("defineClaim", () => {
  test("a run carries measured values, thresholds and their sources", async () => {
    const sink: Array<ProgressEvent> = []
    const r = await run(toy({ a: 0.5, b: -1 }).run("ci"), sink)
    expect(r.verdict).toBe("pass")
    expect(r.measured).toEqual({ a: 0.5, b: -1, extra: [1, 2] })
    expect(r.threshold).toEqual({ a: "< 1", b: "< 0" })
    expect(r.source).toContain("paper: Sec. 0")
    expect(r.source).toContain("docs/paper/claims.md#c1")
    expect(r.source).toContain("docs/paper/model.md#typos item 0")
    expect(r.seeds).toEqual([1, 2])
    expect(sink.map((e) => e.message)).toEqual(["start", "done"])
  })
  test("a measurement over the threshold fails; a missing one fails too", async () => {
    expect((await run(toy({ a: 2, b: -1 }).run("ci"))).verdict).toBe("fail")
    expect((await run(toy({ b: -1 }).run("ci"))).verdict).toBe("fail")
  })
  test("tiers without a plan are skipped with a reason; notRun tiers report `not run`", async () => {
    const c = toy({ a: 0, b: -1 })
    expect(c.status("ci")).toEqual({ kind: "run", seeds: [1, 2], timeoutMs: 60_000 })
    expect(c.status("nightly")).toEqual({ kind: "skip", reason: "no config for the nightly tier" })
    expect(c.status("full")).toEqual({ kind: "not run", reason: "needs ImageNet" })
    const r = await run(c.run("full"))
    expect(r.verdict).toBe("not run")
    expect(r.reason).toBe("needs ImageNet")
  })
  test("reseed gives the same claim with other seeds at every tier", async () => {
    const c = toy({ a: 0, b: -1 }).reseed([7, 8, 9])
    expect(c.status("ci")).toEqual({ kind: "run", seeds: [7, 8, 9], timeoutMs: 60_000 })
    expect((await run(c.run("ci"))).seeds).toEqual([7, 8, 9])
  })
  test("the run store caches a claim's evidence by tier and config", async () => {
    const calls = { n: 0 }
    const c = toy({ a: 0, b: -1 }, calls)
    await run(Effect.gen(function*() {
      yield* c.run("ci")
      yield* c.run("ci")
    }))
    expect(calls.n).toBe(1)
  })
  test("a run that throws is a ClaimRunFailed with its message, and runClaims reports it as fail", async () => {
    const broken = defineClaim<null, "a">({
      id: "C98", title: "broken", statement: "", where: "nowhere", quantity: "", corrections: [], criteria: { a: lt(1) },
      tiers: { ci: { config: null, seeds: [] } },
      run: () => Effect.fail(new ClaimRunFailed({ claim: "C98", message: "simulation diverged at t = 3" })),
    })
    const exit = await Effect.runPromiseExit(broken.run("ci").pipe(Effect.provide(layers())))
    expect(Exit.isFailure(exit)).toBe(true)
    if (Exit.isFailure(exit)) expect(Cause.pretty(exit.cause)).toContain("ClaimRunFailed")
    const report = await run(runClaims([broken, toy({ a: 0, b: -1 })], "ci"))
    expect(report.results.map((r) => r.verdict)).toEqual(["fail", "pass"])
    expect(report.results[0]!.measured).toEqual({ error: "simulation diverged at t = 3" })
  })
})

describe("a defect in a claim's measurement", () => {
  test("is that claim's ClaimRunFailed (so runClaims reports it as fail), never a crash of the report", async () => {
    // Mutation caught: letting a thrown RangeError escape defineClaim's run as a defect.
    const broken = defineClaim<null, "a">({
      id: "C97", title: "defect", statement: "", where: "w", quantity: "", corrections: [], criteria: { a: lt(1) },
      tiers: { ci: { config: null, seeds: [1] } },
      run: () => Effect.sync(() => { throw new RangeError("summarize needs finite values") }),
    })
    const report = await run(runClaims([broken], "ci"))
    expect(report.results[0]!.verdict).toBe("fail")
    expect(String(report.results[0]!.measured["error"])).toContain("summarize needs finite values")
  })
})

describe("services", () => {
  test("cached computes once per key", async () => {
    let n = 0
    const compute = Effect.sync(() => ++n)
    const out = await Effect.runPromise(Effect.all([cached("k", compute), cached("k", compute), cached("j", compute)]).pipe(Effect.provide(EvidenceCache.layerMemory)))
    expect(out).toEqual([1, 1, 2])
  })
})

describe("tiers", () => {
  test("CLAIMS_TIER picks the tier, default ci, and a typo is an error that lists the tiers", () => {
    expect(tierFromEnv({})).toBe("ci")
    expect(tierFromEnv({ CLAIMS_TIER: "smoke" })).toBe("smoke")
    expect(() => tierFromEnv({ CLAIMS_TIER: "nightlly" })).toThrow(UnknownTier)
    expect(() => parseTier("x", "--tier")).toThrow('--tier must be one of smoke, ci, cpu-long, nightly, full (was "x")')
  })
})

describe("reports", () => {
  test("the JSON report has exactly the documented keys", async () => {
    const report = await run(runClaims([toy({ a: 0, b: -1 })], "ci"))
    const json = claimsReportJson(report)
    expect(Object.keys(json)).toEqual(["tier", "seconds", "claims"])
    expect(Object.keys(json.claims[0]!)).toEqual(["id", "title", "verdict", "measured", "threshold", "source"])
  })
  test("the text table and the detail block show ids, verdicts, numbers and thresholds", async () => {
    const report = await run(runClaims([toy({ a: 2, b: -1 })], "ci"))
    const table = formatVerdictTable(report)
    expect(table).toContain("C99")
    expect(table).toContain("fail")
    expect(table).toContain("a=2 (< 1)")
    const block = formatResult(report.results[0] as ClaimResult)
    expect(block).toContain("FAIL a = 2  (< 1)")
    expect(block).toContain("docs/paper/claims.md#c1")
  })
})

describe("registry", () => {
  test("C1–C12, unique ids, each with a ci plan and a source for every criterion", () => {
    expect(theoryClaims.map((c) => c.id)).toEqual(Array.from({ length: 12 }, (_, i) => `C${i + 1}`))
    for (const c of theoryClaims) {
      expect(c.status("ci").kind).toBe("run")
      expect(c.where.length).toBeGreaterThan(0)
      for (const k of Object.values(c.criteria)) expect(k.source).toMatch(/docs\/paper\/|Theorem|Obs#|Eqn|ours/)
    }
    expect(claimById("C05")?.id).toBe("C5")
    expect(claimById("c12")?.id).toBe("C12")
    expect(claimById("C99")).toBeUndefined()
  })
})
