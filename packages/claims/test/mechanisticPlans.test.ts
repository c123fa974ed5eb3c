import { describe, expect, test } from "bun:test"
import { armConfig } from "../src/empirical/trainArm.ts"
import type { Arm } from "../src/empirical/arms.ts"
import { mechanisticClaims } from "../src/registry.ts"

const tiersWithPlans = ["ci", "cpu-long", "nightly", "full"] as const

describe("the mechanistic claims' plans", () => {
  for (const claim of mechanisticClaims) {
    test(`${claim.id}: every arm at every tier resolves through the config schema; ≥ 3 seeds`, () => {
      for (const tier of tiersWithPlans) {
        const plan = claim.plan(tier)
        expect(plan).toBeDefined()
        expect(plan!.seeds.length).toBeGreaterThanOrEqual(3)
        const config = plan!.config as { arms: Record<string, Arm>; infoArms: Record<string, Arm> }
        for (const arm of [...Object.values(config.arms), ...Object.values(config.infoArms)]) {
          const c = armConfig(tier, arm, plan!.seeds[0]!)
          expect(c.train.seed).toBe(plan!.seeds[0]!)
          if (tier === "nightly") expect(c.data.dataset).toBe("cifar10")
          if (tier === "full") expect(c.data.dataset).toBe("stl10")
          if (tier === "nightly" || tier === "full") {
            // The paper's settings at GPU scale: ResNet-18, lr 0.03, no compressed weight decay; 100 epochs at full,
            // 30 at nightly (the tier fits one night: configs/tiers/nightly.ts).
            expect(c.model.encoder.kind).toBe("resnet18")
            expect(c.optimizer.lr).toBe(0.03)
            expect(c.train.epochs).toBe(tier === "full" ? 100 : 30)
            expect(c.optimizer.predictor.weightDecay).toBeLessThanOrEqual(4e-4)
          }
        }
      }
    })
  }

  test("arms shared between claims resolve to the same config (so they train once)", () => {
    const hashes = new Map<string, Set<string>>()
    for (const claim of mechanisticClaims) {
      const config = claim.plan("ci")!.config as { arms: Record<string, Arm>; infoArms: Record<string, Arm> }
      for (const arm of [...Object.values(config.arms), ...Object.values(config.infoArms)]) {
        const key = JSON.stringify(armConfig("ci", arm, 0))
        hashes.set(key, (hashes.get(key) ?? new Set()).add(arm.name))
      }
    }
    // One name per distinct config: the same arm is never built twice under different names.
    for (const names of hashes.values()) expect(names.size).toBe(1)
    expect(hashes.size).toBeLessThanOrEqual(16)
  })
})
