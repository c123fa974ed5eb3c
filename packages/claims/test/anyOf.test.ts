/** The disjunctive criteria of Verdict.ts (`anyOf`): PAPER.md's "pass: A, or B" CPU tests (C17, C19). */
import { describe, expect, test } from "bun:test"
import fc from "fast-check"
import { applyGates, checkRule, decide, type CheckResult, type IntervalMeasure, type Rule } from "../src/harness/Verdict.ts"

const gate: Rule = { description: "gate", op: ">", value: 0, source: "s", role: "precondition", missReason: "not discriminative" }
const accuracy: Rule = { kind: "interval", description: "acc", pass: { lowerAbove: 0 }, fail: { upperBelow: 0 }, source: "s", gatedBy: "gate", anyOf: "claim" }
const mechanism: Rule = { kind: "interval", description: "mech", pass: { lowerAbove: 0 }, source: "s", anyOf: "claim" }
const other: Rule = { description: "other", op: "<", value: 1, source: "s" }
const iv = (lower: number, upper: number): IntervalMeasure => ({ kind: "interval", estimate: (lower + upper) / 2, lower, upper, level: 0.95 })

/** Interval measurements giving each outcome of `accuracy` (pass/fail/inconclusive) and of `mechanism` (pass/inconclusive). */
const accOf = { pass: iv(1, 2), fail: iv(-2, -1), inconclusive: iv(-1, 1) } as const
const mechOf = { pass: iv(1, 2), inconclusive: iv(-1, 1), belowZero: iv(-2, -1) } as const

const verdict = (gateOpen: boolean, acc: IntervalMeasure, mech: IntervalMeasure, otherValue = 0): ReturnType<typeof decide> => {
  const checks: Array<CheckResult> = [
    checkRule("gate", gate, gateOpen ? 1 : -1),
    checkRule("accuracy", accuracy, acc),
    checkRule("mechanism", mechanism, mech),
    checkRule("other", other, otherValue),
  ]
  return decide(applyGates(checks))
}

describe("anyOf: one disjunctive criterion (Kleene or)", () => {
  test("any member passing passes the group, even if another member fails", () => {
    expect(verdict(true, accOf.fail, mechOf.pass)).toBe("pass")
    expect(verdict(true, accOf.pass, mechOf.inconclusive)).toBe("pass")
    expect(verdict(false, accOf.fail, mechOf.pass)).toBe("pass") // the accuracy member is not judged
  })
  test("a member not judged, or straddling, keeps a non-passing group inconclusive", () => {
    expect(verdict(false, accOf.fail, mechOf.inconclusive)).toBe("inconclusive")
    expect(verdict(true, accOf.fail, mechOf.inconclusive)).toBe("inconclusive")
    expect(verdict(true, accOf.inconclusive, mechOf.belowZero)).toBe("inconclusive")
  })
  test("the group fails only when every member is judged and fails", () => {
    const failing: Rule = { ...mechanism, fail: { upperBelow: 0 } } as Rule
    const checks = [checkRule("gate", gate, 1), checkRule("accuracy", accuracy, accOf.fail), checkRule("mechanism", failing, mechOf.belowZero)]
    expect(decide(applyGates(checks))).toBe("fail")
  })
  test("groups are AND-ed with the other criteria", () => {
    expect(verdict(true, accOf.pass, mechOf.pass, 2)).toBe("fail")
    fc.assert(fc.property(fc.boolean(), fc.constantFrom(...Object.values(accOf)), fc.constantFrom(...Object.values(mechOf)), (open, a, m) => {
      // a failing plain criterion always fails the claim; a passing one leaves the group's outcome
      expect(verdict(open, a, m, 2)).toBe("fail")
      const alone = verdict(open, a, m, 0)
      expect(["pass", "inconclusive", "fail"]).toContain(alone)
    }))
  })
  test("the members keep their own outcomes in the checks (the report shows each)", () => {
    const checks = applyGates([checkRule("gate", gate, -1), checkRule("accuracy", accuracy, accOf.pass), checkRule("mechanism", mechanism, mechOf.pass)])
    expect(checks.map((c) => c.outcome)).toEqual(["fail", "not judged", "pass"])
    expect(checks.filter((c) => c.anyOf === "claim").length).toBe(2)
  })
})
