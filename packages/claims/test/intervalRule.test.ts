/** The rule grammar (Rule.ts), the decision (Decision.ts) and the power of an interval check. */
import { describe, expect, test } from "bun:test"
import { Effect, Layer } from "effect"
import fc from "fast-check"
import { defineClaim } from "../src/harness/Claim.ts"
import { applyGates, decide, intervalOutcome, judge, powerOf } from "../src/harness/Decision.ts"
import { Progress } from "../src/harness/Progress.ts"
import { type Criterion, greaterThan, lessThan, type Rule, superiority, within } from "../src/harness/Rule.ts"
import { EvidenceCache } from "../src/harness/EvidenceCache.ts"
import { ArmRuns } from "../src/empirical/ArmRuns.ts"
import type { IntervalMeasure } from "../src/harness/Verdict.ts"
import { formatResult } from "../src/harness/verdictTable.ts"
import { accuracyGateRule, NOT_DISCRIMINATIVE } from "../src/empirical/accuracyGate.ts"
import { differenceMeasure, meanMeasure, trendMeasure } from "../src/empirical/intervals.ts"

const iv = (lower: number, upper: number, se = (upper - lower) / 4, n = 3): IntervalMeasure =>
  ({ kind: "interval", estimate: (lower + upper) / 2, lower, upper, level: 0.95, se, df: 2 * (n - 1), n })
const spec = { description: "d", source: "s" }

describe("rule grammar: every interval test has a pass and a fail bound", () => {
  // Mutation caught: swapping pass and fail of any test, or dropping a fail bound (a rule that can only pass).
  test("superiority: above 0 passes, below 0 fails, straddling is inconclusive", () => {
    const r = superiority(spec)
    expect(intervalOutcome(r.test, iv(0.1, 2))).toBe("pass")
    expect(intervalOutcome(r.test, iv(-2, -0.1))).toBe("fail")
    expect(intervalOutcome(r.test, iv(-1, 1))).toBe("inconclusive")
    expect(intervalOutcome(r.test, iv(Number.NaN, Number.NaN))).toBe("inconclusive")
  })
  test("lessThan and greaterThan are mirror images", () => {
    fc.assert(fc.property(fc.double({ min: -10, max: 10, noNaN: true }), fc.double({ min: 0, max: 5, noNaN: true }), fc.double({ min: -5, max: 5, noNaN: true }), (lo, w, t) => {
      const up = intervalOutcome(greaterThan(t, spec).test, iv(lo, lo + w))
      const down = intervalOutcome(lessThan(-t, spec).test, iv(-lo - w, -lo))
      expect(down).toBe(up)
    }))
  })
  test("equivalence: inside ±m passes, wholly outside fails, else inconclusive", () => {
    const r = within(1, spec)
    expect(intervalOutcome(r.test, iv(-0.5, 0.9))).toBe("pass")
    expect(intervalOutcome(r.test, iv(1.2, 3))).toBe("fail")
    expect(intervalOutcome(r.test, iv(-3, -1.1))).toBe("fail")
    expect(intervalOutcome(r.test, iv(0.5, 1.5))).toBe("inconclusive")
    expect(() => within(0, spec)).toThrow(/positive/)
  })
  test("every outcome is reachable for every test (no rule can only pass)", () => {
    for (const r of [superiority(spec), lessThan(0, spec), within(1, spec)]) {
      const outcomes = new Set([iv(-5, -4), iv(-0.5, 0.5), iv(4, 5), iv(-0.9, 0.9), iv(0.5, 1.5)].map((m) => intervalOutcome(r.test, m)))
      expect([...outcomes].sort()).toEqual(["fail", "inconclusive", "pass"])
    }
  })
})

describe("power", () => {
  // Mutation caught: seedsNeeded not monotone in the target, or mde computed with one quantile only.
  test("mde = (t_.975 + t_.80)·se at the interval's df", () => {
    const m = iv(-1, 1, 0.5, 3) // df 4
    const p = powerOf(superiority(spec), m)
    // t_{.975,4} = 2.776445, t_{.80,4} = 0.940965
    expect(p.mde).toBeCloseTo((2.776445 + 0.940965) * 0.5, 4)
  })
  test("seeds needed fall as the paper's effect grows, and equal n when the effect is already resolvable", () => {
    const m = iv(-1, 1, 0.5, 3)
    const need = (effect: number) => powerOf(superiority({ ...spec, paper: { value: effect, where: "w" } }), m).seedsNeeded!
    expect(need(0.5)).toBeGreaterThan(need(1))
    expect(need(1)).toBeGreaterThan(need(3))
    expect(need(10)).toBeLessThanOrEqual(3)
    expect(powerOf(superiority({ ...spec, paper: { value: -1, where: "w" } }), m).seedsNeeded).toBeNull()
  })
  test("an inconclusive check says which: underpowered or effect absent", () => {
    const small = judge("x", superiority({ ...spec, paper: { value: 0.3, where: "w" } }), iv(-1, 1, 0.5, 3))
    expect(small.outcome).toBe("inconclusive")
    expect(small.why).toMatch(/^underpowered \(needs ~\d+ seeds/)
    const big = judge("x", superiority({ ...spec, paper: { value: 20, where: "w" } }), iv(-1, 1, 0.5, 3))
    expect(big.why).toMatch(/^effect absent at this power/)
    expect(big.paper!.inInterval).toBe(false)
  })
})

describe("decision", () => {
  const mech: Criterion = { description: "m", op: "<", value: 0.3, source: "s" }
  const acc: Rule = superiority({ ...spec, gatedBy: "gate" })
  const gate = accuracyGateRule("byol")

  // Mutation caught: decide() returning "pass" or "inconclusive" when nothing was judged.
  test("only gated criteria and a closed gate ⇒ not judged", () => {
    expect(decide(applyGates([judge("acc", acc, iv(1, 2)), judge("gate", gate, iv(-2, 1))]))).toBe("not judged")
    expect(decide([])).toBe("not judged")
  })
  test("a closed gate leaves its criteria not judged; the others decide", () => {
    const checks = applyGates([judge("mech", mech, 0.1), judge("acc", acc, iv(-3, -1)), judge("gate", gate, iv(-2, 1))])
    expect(checks.find((c) => c.name === "acc")!.outcome).toBe("not judged")
    expect(decide(checks)).toBe("pass")
    expect(decide(applyGates([judge("mech", mech, 0.5), judge("acc", acc, iv(1, 2)), judge("gate", gate, iv(-2, 1))]))).toBe("fail")
    expect(decide(applyGates([judge("mech", mech, 0.1), judge("acc", acc, iv(-3, -1)), judge("gate", gate, iv(1, 3))]))).toBe("fail")
  })
  test("a precondition no criterion names gates the whole claim; an engine check that misses fails it", () => {
    const pre: Criterion = { ...spec, op: ">", value: 0, role: "precondition" }
    const engine: Criterion = { ...spec, op: ">=", value: 0.999, role: "engine" }
    expect(decide([judge("mech", mech, 0.1), judge("pre", pre, -1)])).toBe("inconclusive")
    // Mutation caught: an engine check treated as a precondition (a broken engine reading as inconclusive).
    expect(decide([judge("mech", mech, 0.1), judge("pre", pre, -1), judge("engine", engine, 0.5)])).toBe("fail")
    expect(decide([judge("mech", mech, 0.1), judge("engine", engine, 1)])).toBe("pass")
  })
  test("anyOf: the group passes if a member passes, fails only if every member fails", () => {
    // Mutation caught: a group that fails when one member is not judged, or passes when none passes.
    const a: Rule = superiority({ ...spec, gatedBy: "gate", anyOf: "g" })
    const b: Rule = superiority({ ...spec, anyOf: "g" })
    const v = (open: boolean, am: IntervalMeasure, bm: IntervalMeasure) =>
      decide(applyGates([judge("gate", gate, open ? iv(1, 2) : iv(-1, 1)), judge("a", a, am), judge("b", b, bm)]))
    expect(v(true, iv(-2, -1), iv(1, 2))).toBe("pass")
    expect(v(false, iv(1, 2), iv(-2, -1))).toBe("inconclusive") // a not judged, b fails: a may still hold
    expect(v(true, iv(-2, -1), iv(-2, -1))).toBe("fail")
    expect(v(true, iv(-2, 1), iv(-2, -1))).toBe("inconclusive")
    expect(v(false, iv(1, 2), iv(1, 2))).toBe("pass")
  })
  test("a gate name that is not a precondition is a programming error", () => {
    expect(() => applyGates([judge("acc", acc, iv(1, 2))])).toThrow(/not a precondition/)
  })
})

describe("through defineClaim", () => {
  test("interval numbers, groups, power and the gate's reason reach the result; pass with a closed gate reads 'accuracy not judged'", async () => {
    const mech: Criterion = { description: "m", op: "<", value: 0.3, source: "s" }
    const claim = defineClaim<null, "mech" | "acc" | "gate">({
      id: "C98", title: "toy", statement: "s", where: "w", quantity: "q", corrections: [],
      criteria: { mech, acc: superiority({ ...spec, gatedBy: "gate" }), gate: accuracyGateRule("byol") },
      tiers: { ci: { config: null, seeds: [1, 2, 3] } },
      run: () => Effect.succeed({
        measured: {
          mech: 0.1,
          acc: differenceMeasure({ name: "directpred", values: [80, 81, 82] }, { name: "sgd", values: [79, 80, 81] }),
          gate: differenceMeasure({ name: "byol", values: [80, 81, 79] }, { name: "floor", values: [82, 80, 81] }),
        },
      }),
    })
    const r = await Effect.runPromise(claim.run("ci").pipe(Effect.provide(Layer.mergeAll(Progress.layerSilent, EvidenceCache.layerMemory, ArmRuns.layerTest()))))
    expect(r.verdict).toBe("pass")
    expect(r.notJudged).toEqual(["accuracy"])
    expect(r.reason).toContain(NOT_DISCRIMINATIVE)
    expect(r.measured["acc: directpred mean, std (n=3)"]).toEqual([81, 1])
    expect(r.checks.find((c) => c.name === "gate")!.power!.mde).toBeGreaterThan(0)
    expect(formatResult(r)).toContain("PASS (ACCURACY NOT JUDGED)")
  })
})

describe("interval measurements", () => {
  test("meanMeasure: the one-sample t interval (n = 3: t = 4.303), clipped to a bounded quantity's range", () => {
    const m = meanMeasure("x", [1, 2, 3])
    expect(m.estimate).toBeCloseTo(2, 12)
    expect(m.upper - m.estimate).toBeCloseTo(4.302652729911275 / Math.sqrt(3), 6)
    expect(m.df).toBe(2)
    expect(() => meanMeasure("x", [1])).toThrow(/at least 2 seeds/)
    // Mutation caught: a cosine's interval reaching past 1 (a bound outside the quantity's own range deciding a rule).
    const cos = meanMeasure("cos", [0.99, 0.999, 0.95], { range: [-1, 1] })
    expect(cos.upper).toBe(1)
    expect(cos.lower).toBeGreaterThan(-1)
  })
  test("differenceMeasure: Welch interval, se and df", () => {
    const m = differenceMeasure({ name: "a", values: [1, 2, 3] }, { name: "b", values: [0, 0.5, 1] })
    expect(m.estimate).toBeCloseTo(1.5, 12)
    expect(m.se).toBeCloseTo(Math.sqrt(1 / 3 + 0.25 / 3), 12)
    expect(m.groups!["b"]!.mean).toBeCloseTo(0.5, 12)
  })
  test("trendMeasure: the least-squares slope and its t interval", () => {
    // y = 2x exactly ⇒ slope 2, zero-width interval
    const exact = trendMeasure([{ name: "a", x: 0, values: [0, 0] }, { name: "b", x: 1, values: [2, 2] }, { name: "c", x: 2, values: [4, 4] }])
    expect(exact.estimate).toBeCloseTo(2, 12)
    expect(exact.upper - exact.lower).toBeCloseTo(0, 12)
    // Mutation caught: a trend judged on the means alone (a noisy slope must straddle 0).
    const noisy = trendMeasure([{ name: "a", x: 0, values: [0, 3, -3] }, { name: "b", x: 1, values: [1, -2, 4] }])
    expect(noisy.lower).toBeLessThan(0)
    expect(noisy.upper).toBeGreaterThan(0)
  })
})
