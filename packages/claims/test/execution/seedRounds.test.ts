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
import { RunStore } from "../../src/harness/RunStore.ts"
import { intervalRule } from "../../src/harness/Verdict.ts"
import { differenceMeasure, meanMeasure } from "../../src/empirical/intervals.ts"
import { looksAt } from "../../src/execution/sequential.ts"
import { judgeAtLook, relevel, seedsNeeded } from "../../src/execution/sequentialVerdicts.ts"
import { runSeedRounds } from "../../src/execution/seedRounds.ts"

const values = fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 2, maxLength: 12 })

describe("relevel", () => {
  // Catches: a wrong df (pooled instead of Welch) or a one-sided quantile.
  test("a measurement re-levelled from its group statistics equals the one computed from the values at that level", () => {
    fc.assert(fc.property(values, values, fc.double({ min: 0.5, max: 0.999, noNaN: true }), (a, b, level) => {
      const r = relevel(differenceMeasure({ name: "a", values: a }, { name: "b", values: b }, 0.95), level)!
      const direct = differenceMeasure({ name: "a", values: a }, { name: "b", values: b }, level)
      expect(r.lower).toBeCloseTo(direct.lower, 9)
      expect(r.upper).toBeCloseTo(direct.upper, 9)
      const m = relevel(meanMeasure("a", a, 0.95), level)!
      expect(m.lower).toBeCloseTo(meanMeasure("a", a, level).lower, 9)
    }))
  })

  test("an interval whose groups do not determine it is not re-levelled", () => {
    expect(relevel({ kind: "interval", estimate: 1, lower: 0, upper: 2, level: 0.95 }, 0.99)).toBeUndefined()
  })
})

/** A claim whose criterion is "mean(a) − mean(b) > 0" on seeded synthetic values (true difference `delta`, spread `sd`). */
const syntheticClaim = (id: string, delta: number, sd: number, calls: Array<ReadonlyArray<number>>): Claim =>
  defineClaim({
    id, title: id, statement: "a beats b", where: "synthetic", quantity: "a − b", corrections: [],
    criteria: { diff: intervalRule({ description: "a − b > 0", pass: { lowerAbove: 0 }, fail: { upperBelow: 0 }, source: "test" }) },
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

const layers = Layer.mergeAll(Progress.layerSilent, RunStore.layerMemory)
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
  // Catches: counting the distance to a bound on the wrong side (a gate below its threshold with no fail bound
  // can never open, however many seeds: extending it would spend seeds for nothing).
  test("only bounds the estimate can reach count", async () => {
    const gate = (delta: number): Claim => defineClaim({
      id: "G", title: "G", statement: "", where: "", quantity: "", corrections: [],
      criteria: { gate: intervalRule({ description: "gate", pass: { lowerAbove: 0 }, source: "test" }) },
      tiers: { ci: { config: {}, seeds: [0, 1, 2] } },
      run: (plan) => Effect.sync(() => {
        const rng = new Rng(3000)
        return { measured: { gate: meanMeasure("g", plan.seeds.map(() => rng.normal(delta, 0.5))) } }
      }),
    })
    const [look] = looksAt(design, [3])
    for (const [delta, finite] of [[-0.4, false], [0.4, true]] as const) {
      const claim = gate(delta)
      const result = await Effect.runPromise(claim.run("ci").pipe(Effect.provide(layers)))
      const j = judgeAtLook(claim, result, look!)
      expect(j.verdict).toBe("inconclusive")
      expect(Number.isFinite(seedsNeeded(claim, j, design))).toBe(finite)
    }
  })
})
