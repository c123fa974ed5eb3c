import { describe, expect, test } from "bun:test"
import { Effect, Layer } from "effect"
import fc from "fast-check"
import { defineClaim } from "../src/harness/Claim.ts"
import { Progress } from "../src/harness/Progress.ts"
import { RunStore } from "../src/harness/RunStore.ts"
import {
  applyGates, checkRule, type Criterion, decide, type IntervalMeasure, intervalOutcome, intervalRule,
} from "../src/harness/Verdict.ts"
import { formatResult } from "../src/harness/verdictTable.ts"
import { accuracyGateRule, NOT_DISCRIMINATIVE } from "../src/empirical/accuracyGate.ts"
import { differenceMeasure, meanMeasure } from "../src/empirical/intervals.ts"

const iv = (lower: number, upper: number): IntervalMeasure => ({ kind: "interval", estimate: (lower + upper) / 2, lower, upper, level: 0.95 })
const rule = intervalRule({ description: "DirectPred − SGD (points)", pass: { lowerAbove: -0.5 }, fail: { upperBelow: -0.5 }, source: "issue 5 example" })

describe("interval rule", () => {
  test("issue 5's example: lower > −0.5 ⇒ pass; upper < −0.5 ⇒ fail; otherwise inconclusive", () => {
    expect(intervalOutcome(rule, iv(-0.4, 2))).toBe("pass")
    expect(intervalOutcome(rule, iv(-3, -0.6))).toBe("fail")
    expect(intervalOutcome(rule, iv(-1, 1))).toBe("inconclusive")
    expect(intervalOutcome(rule, iv(Number.NaN, Number.NaN))).toBe("inconclusive")
  })

  test("the three outcomes partition the intervals (property)", () => {
    fc.assert(fc.property(fc.double({ min: -10, max: 10, noNaN: true }), fc.double({ min: 0, max: 10, noNaN: true }), (lo, w) => {
      const o = intervalOutcome(rule, iv(lo, lo + w))
      expect(o).toBe(lo > -0.5 ? "pass" : lo + w < -0.5 ? "fail" : "inconclusive")
    }))
  })

  test("without a fail bound a miss is inconclusive, never fail", () => {
    const r = intervalRule({ description: "d", pass: { upperBelow: 0.5 }, source: "s" })
    expect(intervalOutcome(r, iv(0.6, 0.9))).toBe("inconclusive")
    expect(intervalOutcome(r, iv(0.1, 0.4))).toBe("pass")
  })

  test("decide: one inconclusive interval ⇒ inconclusive; a failed criterion wins over it", () => {
    const a = checkRule("a", rule, iv(-1, 1))
    const b = checkRule("b", { description: "d", op: "<", value: 1, source: "s" }, 0.5)
    const c = checkRule("c", { description: "d", op: "<", value: 1, source: "s" }, 2)
    expect(a.outcome).toBe("inconclusive")
    expect(a.threshold).toContain("lower 95% bound > -0.5")
    expect(decide([a, b])).toBe("inconclusive")
    expect(decide([a, b, c])).toBe("fail")
    expect(decide([checkRule("a", rule, iv(0, 1)), b])).toBe("pass")
  })

  test("a missing measurement cannot pass", () => {
    expect(checkRule("a", rule, undefined).outcome).toBe("inconclusive")
    expect(checkRule("a", { description: "d", op: ">", value: 0, source: "s" }, undefined).passed).toBe(false)
  })
})

describe("gated criteria", () => {
  const mech: Criterion = { description: "collapse metric", op: "<", value: 0.3, source: "s" }
  const acc: Criterion = { description: "accuracy drop", op: ">", value: 10, source: "s", gatedBy: "gate" }
  const gate = accuracyGateRule("byol")

  test("a closed gate leaves its criteria not judged; the others decide", () => {
    const checks = applyGates([checkRule("mech", mech, 0.1), checkRule("acc", acc, 2), checkRule("gate", gate, iv(-2, 1))])
    expect(checks.find((c) => c.name === "acc")!.outcome).toBe("not judged")
    expect(checks.find((c) => c.name === "acc")!.missReason).toBe(NOT_DISCRIMINATIVE)
    expect(decide(checks)).toBe("pass")
    const failing = applyGates([checkRule("mech", mech, 0.5), checkRule("acc", acc, 2), checkRule("gate", gate, iv(-2, 1))])
    expect(decide(failing)).toBe("fail")
  })

  test("an open gate lets its criteria count", () => {
    const checks = applyGates([checkRule("mech", mech, 0.1), checkRule("acc", acc, 2), checkRule("gate", gate, iv(1, 3))])
    expect(decide(checks)).toBe("fail")
  })

  test("only gated criteria and a closed gate ⇒ inconclusive", () => {
    expect(decide(applyGates([checkRule("acc", acc, 20), checkRule("gate", gate, iv(-2, 1))]))).toBe("inconclusive")
  })

  test("a precondition no criterion names still gates the whole claim", () => {
    const pre: Criterion = { description: "d", op: ">", value: 0, source: "s", role: "precondition" }
    expect(decide(applyGates([checkRule("mech", mech, 0.1), checkRule("pre", pre, -1)]))).toBe("inconclusive")
  })

  test("a gate name that is not a precondition is a programming error", () => {
    expect(() => applyGates([checkRule("acc", acc, 2)])).toThrow(/not a precondition/)
  })

  test("through defineClaim: interval numbers, groups and the gate's reason reach the result", async () => {
    const claim = defineClaim<null, "mech" | "acc" | "gate" | "diff">({
      id: "C98", title: "toy", statement: "s", where: "w", quantity: "q", corrections: [],
      criteria: { mech, acc, gate, diff: rule },
      tiers: { ci: { config: null, seeds: [1, 2, 3] } },
      run: () => Effect.succeed({
        measured: {
          mech: 0.1, acc: 2, gate: differenceMeasure({ name: "byol", values: [80, 81, 79] }, { name: "floor", values: [82, 80, 81] }),
          diff: differenceMeasure({ name: "directpred", values: [80, 81, 82] }, { name: "sgd", values: [79, 80, 81] }),
        },
      }),
    })
    const r = await Effect.runPromise(claim.run("ci").pipe(Effect.provide(Layer.mergeAll(Progress.layerSilent, RunStore.layerMemory))))
    expect(r.verdict).toBe("inconclusive") // diff's interval straddles −0.5
    expect(r.reason).toContain(NOT_DISCRIMINATIVE)
    expect(r.measured["diff 95% interval"]).toEqual([expect.any(Number), expect.any(Number)])
    expect(r.measured["diff: directpred mean, std (n=3)"]).toEqual([81, 1])
    expect(r.threshold["diff"]).toContain("fail if upper 95% bound < -0.5")
    expect(formatResult(r)).toContain("not judged")
  })
})

describe("interval measurements", () => {
  test("meanMeasure: the one-sample t interval (n = 3: t = 4.303)", () => {
    const m = meanMeasure("x", [1, 2, 3])
    expect(m.estimate).toBeCloseTo(2, 12)
    expect(m.upper - m.estimate).toBeCloseTo(4.302652729911275 * 1 / Math.sqrt(3), 6)
    expect(() => meanMeasure("x", [1])).toThrow(/at least 2 seeds/)
  })

  test("differenceMeasure: the Welch interval with both groups' stats", () => {
    const m = differenceMeasure({ name: "a", values: [1, 2, 3] }, { name: "b", values: [0, 0.5, 1] })
    expect(m.estimate).toBeCloseTo(1.5, 12)
    expect(m.lower).toBeLessThan(1.5)
    expect(m.groups!["b"]!.mean).toBeCloseTo(0.5, 12)
  })
})
