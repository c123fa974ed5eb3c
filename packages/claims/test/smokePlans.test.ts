/**
 * The smoke tier: every claim can be tried in seconds (`bun run ssl claims --tier smoke`), and at smoke a training
 * claim is a plumbing check — its criteria are not judged, its engine checks still are.
 */
import { describe, expect, test } from "bun:test"
import { Effect, Layer } from "effect"
import { defineClaim } from "../src/harness/Claim.ts"
import { Progress } from "../src/harness/Progress.ts"
import { EvidenceCache } from "../src/harness/EvidenceCache.ts"
import { ArmRuns } from "../src/empirical/ArmRuns.ts"
import { greaterThan } from "../src/harness/Rule.ts"
import { tiers } from "../src/harness/Tier.ts"
import type { Arm } from "../src/empirical/arms.ts"
import { plannedArmRuns } from "../src/empirical/plannedRuns.ts"
import { SMOKE_PLUMBING } from "../src/empirical/tierPlans.ts"
import { armConfig } from "../src/empirical/trainArm.ts"
import { estimateSeconds } from "../src/execution/cost.ts"
import { claims } from "../src/registry.ts"

const armsOf = (config: unknown): { arms: Record<string, Arm>; infoArms: Record<string, Arm> } =>
  config as { arms: Record<string, Arm>; infoArms: Record<string, Arm> }

describe("smoke plans", () => {
  // Mutation caught: a claim (or a plan helper: armsPlans, tierArmsPlans) without a smoke plan — `ssl claims --tier
  // smoke` would skip it and the catalogue would not be tried.
  test("every claim runs at smoke, unless nothing of it can be measured at any tier (ImageNet)", () => {
    for (const c of claims) {
      const smoke = c.status("smoke")
      const nowhere = tiers.every((t) => c.status(t).kind === "not judged")
      expect({ id: c.id, runs: smoke.kind === "run" || nowhere }).toEqual({ id: c.id, runs: true })
    }
    expect(claims.filter((c) => c.status("smoke").kind === "run").map((c) => c.id)).toContain("C34")
  })

  // Mutation caught: smoke plans on the ci base (240 steps), with 3+ seeds or the info arms, or judging their criteria.
  test("a training claim's smoke plan: 2 seeds, its judged arms only, runs of ≤ 20 steps of batch ≤ 32, a plumbing check", () => {
    const training = claims.filter((c) => {
      const plan = c.plan("smoke")
      return plan !== undefined && typeof plan.config === "object" && plan.config !== null && "arms" in plan.config
    })
    const ids = Array.from({ length: 22 }, (_, i) => `C${13 + i}`).filter((id) => !["C22", "C26", "C28"].includes(id))
    expect(training.map((c) => c.id)).toEqual(ids) // C22, C26: ImageNet, nowhere; C28: arithmetic on published numbers
    for (const c of training) {
      const plan = c.plan("smoke")!
      expect({ id: c.id, seeds: plan.seeds.length }).toEqual({ id: c.id, seeds: 2 })
      expect({ id: c.id, plumbing: plan.plumbing }).toEqual({ id: c.id, plumbing: SMOKE_PLUMBING })
      const { arms, infoArms } = armsOf(plan.config)
      expect(Object.keys(infoArms)).toEqual([])
      for (const arm of Object.values(arms)) {
        const config = armConfig("smoke", arm, 0)
        expect(config.train.steps!).toBeLessThanOrEqual(20)
        expect(config.train.batchSize).toBeLessThanOrEqual(32)
        // the last record is at the last step, where the engine checks read W_p right after its update
        expect(config.train.steps! % config.train.logEvery).toBe(0)
      }
    }
  })

  // Mutation caught: a smoke tier that grows (more arms, longer runs) until it no longer runs in about a minute.
  test("the whole catalogue's smoke runs are estimated at under 3 minutes of training on this CPU", () => {
    const runs = plannedArmRuns(claims, "smoke")
    expect(runs.length).toBeGreaterThan(30)
    const seconds = runs.reduce((s, r) => s + estimateSeconds(armConfig("smoke", r.arm, r.seed), "cpu"), 0)
    expect(seconds).toBeLessThan(180)
  })
})

describe("a plumbing plan", () => {
  const toy = (engine: number) =>
    defineClaim<null, "effect" | "engine">({
      id: "C96", title: "toy", statement: "s", where: "Sec. 0", quantity: "q", corrections: [],
      criteria: {
        effect: greaterThan(0, { description: "an effect", source: "docs/paper/claims.md#c13" }),
        engine: { description: "engine: the arm is what it is named", op: ">=", value: 0.999, role: "engine", source: "docs/paper/claims.md#c18" },
      },
      tiers: { smoke: { config: null, seeds: [0, 1], plumbing: "a plumbing check" }, ci: { config: null, seeds: [0, 1] } },
      run: () => Effect.succeed({
        measured: { effect: { kind: "interval" as const, estimate: 5, lower: 4, upper: 6, level: 0.95, se: 0.5, df: 1, n: 2 }, engine },
      }),
    })
  const run = (engine: number, tier: "smoke" | "ci") =>
    Effect.runPromise(toy(engine).run(tier).pipe(Effect.provide(Layer.mergeAll(Progress.layerSilent, EvidenceCache.layerMemory, ArmRuns.layerTest()))))

  // Mutation caught: ignoring `plumbing` (smoke would pass a claim on 16 steps), or letting it mask the engine checks.
  test("judges no criterion (not judged, with the reason) but still fails on a broken engine", async () => {
    expect((await run(1, "ci")).verdict).toBe("pass")
    const smoke = await run(1, "smoke")
    expect(smoke.verdict).toBe("not judged")
    expect(smoke.reason).toContain("a plumbing check")
    expect(smoke.checks.find((c) => c.name === "effect")?.outcome).toBe("not judged")
    expect(smoke.checks.find((c) => c.name === "engine")?.outcome).toBe("pass")
    const broken = await run(0.5, "smoke")
    expect(broken.verdict).toBe("fail")
    expect(broken.reason).toContain("engine check engine failed")
  })
})
