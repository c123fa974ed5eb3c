/**
 * Seeds in rounds: the re-levelled intervals equal the ones computed from the raw values, a claim's verdict at
 * a look uses the claim's own rules at the look's level, and the rounds stop when decided, at the cap, or when
 * the budget is spent — recording every look. The claims here measure synthetic per-seed values (no training).
 */
import { describe, expect, test } from "bun:test"
import fc from "fast-check"
import { Effect, Layer } from "effect"
import { Rng } from "@ssl/core"
import { type Claim, defineClaim } from "../../src/harness/Claim.ts"
import { Progress } from "../../src/harness/Progress.ts"
import { EvidenceCache } from "../../src/harness/EvidenceCache.ts"
import { ArmRuns } from "../../src/empirical/ArmRuns.ts"
import { greaterThan, superiority, within } from "../../src/harness/Rule.ts"
import type { IntervalMeasure } from "../../src/harness/Verdict.ts"
import { contrastMeasure, differenceMeasure, meanMeasure, trendMeasure } from "../../src/empirical/intervals.ts"
import { looksAt } from "../../src/execution/sequential.ts"
import { judgeAtLook, relevel, seedsNeeded } from "../../src/execution/sequentialVerdicts.ts"
import { runSeedRounds } from "../../src/execution/seedRounds.ts"

const values = fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 2, maxLength: 12 })

describe("relevel", () => {
  // Catches: a wrong df (pooled instead of Welch, n − 1 for a trend), a one-sided quantile, or a level ignored.
  test("a measurement re-levelled from its estimate, se and df equals the one computed from the values at that level", () => {
    const close = (r: IntervalMeasure | undefined, direct: IntervalMeasure) => {
      expect(r!.level).toBe(direct.level)
      expect(r!.lower).toBeCloseTo(direct.lower, 9)
      expect(r!.upper).toBeCloseTo(direct.upper, 9)
    }
    fc.assert(fc.property(values, values, fc.double({ min: 0.5, max: 0.999, noNaN: true }), (a, b, level) => {
      const at = (l: number) => ({ level: l })
      close(relevel(differenceMeasure({ name: "a", values: a }, { name: "b", values: b }, at(0.95)), level), differenceMeasure({ name: "a", values: a }, { name: "b", values: b }, at(level)))
      close(relevel(meanMeasure("a", a, at(0.95)), level), meanMeasure("a", a, at(level)))
      const groups = [{ name: "a", x: 0, values: a }, { name: "b", x: 1, values: b }]
      close(relevel(trendMeasure(groups, 0.95), level), trendMeasure(groups, level))
    }))
    // Values on a 0.01 grid: contrastMeasure's df (se⁴ / Σ v²) underflows to 0/0 for subnormal variances.
    const grid = fc.array(fc.integer({ min: -100, max: 100 }).map((v) => v / 100), { minLength: 2, maxLength: 12 })
    fc.assert(fc.property(grid, grid, fc.double({ min: 0.5, max: 0.999, noNaN: true }), (a, b, level) => {
      const contrast = [{ name: "a", weight: 1, values: a }, { name: "b", weight: -0.5, values: b }]
      close(relevel(contrastMeasure(contrast, 0.95), level), contrastMeasure(contrast, level))
    }))
  })

  // Catches: an infinite df (a normal interval, e.g. a bootstrap's) passed to the t quantile as is (NaN bounds).
  test("an interval with infinite df is re-levelled as a normal interval", () => {
    const m: IntervalMeasure = { kind: "interval", estimate: 0.4, lower: 0.2, upper: 0.6, level: 0.95, se: 0.1, df: Number.POSITIVE_INFINITY, n: 5 }
    const r = relevel(m, 0.99)!
    expect(r.lower).toBeCloseTo(0.4 - 2.5758293 * 0.1, 6)
    expect(r.upper).toBeCloseTo(0.4 + 2.5758293 * 0.1, 6)
  })

  test("an interval without a standard error (nothing measured) is not re-levelled", () => {
    expect(relevel({ kind: "interval", estimate: 1, lower: 0, upper: 2, level: 0.95, se: Number.NaN, df: Number.NaN, n: 0 }, 0.99)).toBeUndefined()
  })
})

/** A claim whose criterion is "mean(a) − mean(b) > 0" on seeded synthetic values (true difference `delta`, spread `sd`). */
const syntheticClaim = (id: string, delta: number, sd: number, calls: Array<ReadonlyArray<number>>): Claim =>
  defineClaim({
    id, title: id, statement: "a beats b", where: "synthetic", quantity: "a − b", corrections: [],
    criteria: { diff: superiority({ description: "a − b > 0", source: "test" }) },
    tiers: { ci: { config: {}, seeds: [0, 1, 2] } },
    run: (plan) => Effect.sync(() => {
      calls.push(plan.seeds)
      // One stream per arm, drawn in seed order, so seed k has the same value whatever the number of seeds.
      const ra = new Rng(1000), rb = new Rng(2000)
      const a = plan.seeds.map(() => ra.normal(delta, sd))
      const b = plan.seeds.map(() => rb.normal(0, sd))
      return { measured: { diff: differenceMeasure({ name: "a", values: a }, { name: "b", values: b }) } }
    }),
  })

const layers = Layer.mergeAll(Progress.layerSilent, EvidenceCache.layerMemory, ArmRuns.layerTest())
const design = { alpha: 0.05, maxSeeds: 12, rho: 1 }

describe("judgeAtLook", () => {
  // Catches: judging a look at the fixed 95% (the first look's level is 1 − α·3/12 = 98.75%).
  test("the first look is judged at its own, stricter level with the claim's rule", async () => {
    const claim = syntheticClaim("S1", 0.5, 0.25, [])
    const result = await Effect.runPromise(claim.run("ci").pipe(Effect.provide(layers)))
    const [look] = looksAt(design, [3])
    const j = judgeAtLook(claim, result, look!)
    expect(j.checks[0]!.interval!.level).toBeCloseTo(0.9875, 12)
    expect(j.checks[0]!.interval!.upper - j.checks[0]!.interval!.lower).toBeGreaterThan(result.checks[0]!.interval!.upper - result.checks[0]!.interval!.lower)
  })

  // Catches: keeping the outcomes judged at 95% (or their gates), instead of judging and gating afresh at the look.
  test("a gate that opened at 95% and stays closed at the look's level leaves its criterion not judged", async () => {
    const claim = defineClaim({
      id: "S4", title: "S4", statement: "", where: "", quantity: "", corrections: [],
      criteria: {
        gate: greaterThan(0, { description: "gate", source: "test", role: "precondition" }),
        diff: superiority({ description: "a − b > 0", source: "test", gatedBy: "gate" }),
      },
      tiers: { ci: { config: {}, seeds: [0, 1, 2] } },
      // gate: mean 2, se 0.29, so mean / se = 6.9 lies between t(0.975, 2) = 4.3 and t(0.99375, 2) = 8.9.
      run: () => Effect.succeed({ measured: {
        gate: meanMeasure("g", [1.5, 2, 2.5]),
        diff: differenceMeasure({ name: "a", values: [10, 10.1, 9.9] }, { name: "b", values: [0, 0.1, -0.1] }),
      } }),
    })
    const result = await Effect.runPromise(claim.run("ci").pipe(Effect.provide(layers)))
    expect(result.verdict).toBe("pass")
    const j = judgeAtLook(claim, result, looksAt(design, [3])[0]!)
    expect(j.checks.map((c) => c.outcome)).toEqual(["inconclusive", "not judged"])
    expect(j.verdict).toBe("not judged")
  })
})

describe("runSeedRounds", () => {
  const run = (claims: ReadonlyArray<Claim>, options: { budgetSeconds?: number; perRun?: number }) => {
    const trained: Array<string> = []
    let clock = 0
    return Effect.runPromise(runSeedRounds(claims, "ci", {
      design, roundSeeds: 2, ...(options.budgetSeconds === undefined ? {} : { budgetSeconds: options.budgetSeconds }),
      estimate: (cs) => cs.length * 2 * (options.perRun ?? 10),
      train: (cs) => Effect.sync(() => { trained.push(...cs.map((c) => `${c.id}:${c.plan("ci")!.seeds.length}`)); clock += cs.length * 2 * (options.perRun ?? 10) }),
      now: () => clock,
    }).pipe(Effect.provide(layers))).then((out) => ({ out, trained }))
  }

  // Catches: rounds that never stop, skip the most relevant claim, or forget a look.
  test("an underpowered comparison gets seeds in rounds until decided; every look is recorded with its spent error", async () => {
    const calls: Array<ReadonlyArray<number>> = []
    const { out, trained } = await run([syntheticClaim("S1", 0.3, 0.25, calls)], {})
    const looks = out.looks[0]!
    expect(looks.looks[0]!.verdict).toBe("inconclusive")
    expect(looks.verdict).toBe("pass")
    expect(looks.stopped).toBe("decided")
    expect(looks.looks.map((l) => l.seeds)).toEqual(calls.map((c) => c.length))
    expect(looks.looks.every((l, i) => i === 0 || l.seeds === looks.looks[i - 1]!.seeds + 2)).toBe(true)
    expect(looks.looks[looks.looks.length - 1]!.spent).toBeLessThanOrEqual(0.05)
    expect(trained).toEqual(looks.looks.slice(1).map((l) => `S1:${l.seeds}`))
  })

  // Catches: extending a comparison that more seeds cannot decide (no difference at all), or one already decided.
  test("a decided claim and a null comparison get no rounds", async () => {
    const { out, trained } = await run([syntheticClaim("S2", 2, 0.1, []), syntheticClaim("S3", 0, 0.3, [])], {})
    expect(out.looks.map((l) => [l.id, l.stopped])).toEqual([["S2", "decided"], ["S3", expect.stringMatching(/seed cap reached|would not decide/)]])
    expect(trained.filter((t) => t.startsWith("S2"))).toEqual([])
  })

  // Catches: ignoring the budget.
  test("when the next round does not fit the budget, it is not run and the claim says so", async () => {
    const { out, trained } = await run([syntheticClaim("S1", 0.3, 0.25, [])], { budgetSeconds: 5 })
    expect(trained).toEqual([])
    expect(out.looks[0]!.stopped).toBe("budget spent")
    expect(out.looks[0]!.verdict).toBe("inconclusive")
  })
})

describe("seedsNeeded", () => {
  /** A claim with one interval check `x > 0` of the given role, on three seeds of N(delta, 0.5). */
  const oneCheck = (role: "criterion" | "precondition", delta: number): Claim => defineClaim({
    id: "G", title: "G", statement: "", where: "", quantity: "", corrections: [],
    criteria: { x: greaterThan(0, { description: "x > 0", source: "test", role }) },
    tiers: { ci: { config: {}, seeds: [0, 1, 2] } },
    run: (plan) => Effect.sync(() => {
      const rng = new Rng(3000)
      return { measured: { x: meanMeasure("g", plan.seeds.map(() => rng.normal(delta, 0.5))) } }
    }),
  })
  // Catches: counting the fail side of a precondition (a gate below its threshold can fail but never open, and a
  // failed gate says no more than an undecided one: extending it would spend seeds for nothing), and, the other
  // way, ignoring the fail side of a criterion (a criterion that fails decides the claim).
  test("a criterion counts on both sides of its bound, a precondition only on its pass side", async () => {
    const [look] = looksAt(design, [3])
    for (const [role, delta, finite] of [["precondition", -0.4, false], ["precondition", 0.4, true], ["criterion", -0.4, true], ["criterion", 0.4, true]] as const) {
      const claim = oneCheck(role, delta)
      const result = await Effect.runPromise(claim.run("ci").pipe(Effect.provide(layers)))
      const j = judgeAtLook(claim, result, look!)
      expect(j.verdict).toBe("inconclusive")
      expect(Number.isFinite(seedsNeeded(claim, j, design))).toBe(finite)
    }
  })

  // Catches: an equivalence measured against +margin whatever the estimate's sign (a negative estimate would
  // look further from its bound than it is, and get seeds ahead of claims that need fewer).
  test("an equivalence needs as many seeds below zero as the mirror image above it", async () => {
    const [look] = looksAt(design, [3])
    const need = async (values: ReadonlyArray<number>) => {
      const claim = defineClaim({
        id: "E", title: "E", statement: "", where: "", quantity: "", corrections: [],
        criteria: { x: within(0.5, { description: "|x| < 0.5", source: "test" }) },
        tiers: { ci: { config: {}, seeds: [0, 1, 2] } },
        run: () => Effect.succeed({ measured: { x: meanMeasure("g", values) } }),
      })
      const j = judgeAtLook(claim, await Effect.runPromise(claim.run("ci").pipe(Effect.provide(layers))), look!)
      expect(j.verdict).toBe("inconclusive")
      return seedsNeeded(claim, j, design)
    }
    const above = await need([0.1, 0.3, 0.2])
    expect(above).toBeLessThanOrEqual(design.maxSeeds)
    expect(await need([-0.1, -0.3, -0.2])).toBe(above)
  })
})
