/**
 * The tier plans of the DirectPred and accuracy claims (C17–C24, C26, C28, C29) validate: every arm at every
 * planned tier resolves against the tier's base through the config schema, ≥ 3 seeds, the shared arms are one
 * config, and the ImageNet claims are `not run` at every tier with their reason.
 */
import { describe, expect, test } from "bun:test"
import { configHash } from "@ssl/configs"
import { tiers } from "../src/harness/Tier.ts"
import { C17 } from "../src/empirical/C17-plug-in-optimal.ts"
import { C18 } from "../src/empirical/C18-directpred-vs-sgd.ts"
import { C19 } from "../src/empirical/C19-cj-constant.ts"
import { C20 } from "../src/empirical/C20-freq5-longer-training.ts"
import { C21 } from "../src/empirical/C21-random-partitions.ts"
import { C22 } from "../src/empirical/C22-imagenet.ts"
import { C23 } from "../src/empirical/C23-uncentred-correlation.ts"
import { C24 } from "../src/empirical/C24-f-estimate.ts"
import { C26 } from "../src/empirical/C26-headline.ts"
import { C28 } from "../src/empirical/C28-table8-comparison.ts"
import { C29 } from "../src/empirical/C29-directpred-ema.ts"
import { C31 } from "../src/empirical/C31-rank-agreement.ts"
import { C33 } from "../src/empirical/C33-directcopy.ts"
import { C34 } from "../src/empirical/C34-cj-freq2.ts"
import * as mechanisticArmsModule from "../src/empirical/mechanisticArms.ts"
import * as armsModule from "../src/empirical/arms.ts"
import { type Arm, directPredC, directPredFreq5, sgdLinear } from "../src/empirical/arms.ts"
import { armConfig } from "../src/empirical/trainArm.ts"
import { plannedArmRuns } from "../src/empirical/plannedRuns.ts"
import { type ArmsConfig, type ArmTier, notAtCpuLong, tierSeeds } from "../src/empirical/tierPlans.ts"
import { claims } from "../src/registry.ts"
import type { TierPlan } from "../src/harness/Claim.ts"

const armClaims = [C17, C18, C19, C20, C21, C23, C24, C29, C31, C33, C34]
const armTiers: ReadonlyArray<ArmTier> = ["ci", "cpu-long", "nightly", "full"]

/** Every Arm exported by arms.ts: the claims take all their arms from there (their single source). */
const sharedArms: ReadonlyArray<Arm> = [...Object.values(armsModule as Record<string, unknown>), ...Object.values(mechanisticArmsModule as Record<string, unknown>)]
  .filter((a): a is Arm => typeof a === "object" && a !== null && "patch" in a && "name" in a)

describe("DirectPred and accuracy claims: plans", () => {
  test("every arm claim runs at ci and full (and at cpu-long and nightly unless out of their budgets) with the tier's ≥ 3 seeds, and at smoke as a plumbing check", () => {
    for (const c of armClaims) {
      for (const t of armTiers) {
        const s = c.status(t)
        if ((t === "cpu-long" || t === "nightly") && s.kind === "not run") {
          expect(Object.values(notAtCpuLong).map((r) => r[t])).toContain(s.reason)
          continue
        }
        expect(s.kind).toBe("run")
        if (s.kind === "run") {
          expect(s.seeds).toEqual([...tierSeeds[t]])
          expect(s.seeds.length).toBeGreaterThanOrEqual(3)
          expect(s.timeoutMs).toBeGreaterThan(0)
        }
      }
      expect(c.status("smoke")).toMatchObject({ kind: "run", seeds: [...tierSeeds.smoke] })
    }
  })

  test("the cpu-long tier fits its budget: at most 9 arms × 5 seeds of distinct runs over all claims", () => {
    // configs/tiers/cpu-long.ts: ≈ 5 min a run, two at once with --jobs 2 ⇒ 45 runs ≈ 113 min of its 2 hours. The ninth arm is
    // C17's collapse control (no stop-gradient): a collapse verdict needs it at the tier.
    const planned = plannedArmRuns(claims, "cpu-long")
    expect(planned.length).toBeLessThanOrEqual(45)
    // The accuracy claims the tier exists for are in it, and share their SGD baseline.
    for (const c of [C17, C18, C20, C29]) expect(c.status("cpu-long").kind).toBe("run")
    expect(planned[0]!.arm.name).toBe("sgd-linear")
    expect(planned[0]!.claims).toEqual(expect.arrayContaining(["C17", "C18", "C20", "C29"]))
  })

  test("C22 and C26 (ImageNet) are `not judged` at every tier, with a reason that names why", () => {
    for (const c of [C22, C26]) {
      for (const t of tiers) {
        const s = c.status(t)
        expect(s.kind).toBe("not judged")
        if (s.kind === "not judged") expect(s.reason.length).toBeGreaterThan(40)
      }
    }
    expect((C22.status("full") as { reason: string }).reason).toContain("ImageNet")
  })

  test("every arm of every plan resolves against its tier's base (arktype schema), for each of the plan's seeds", () => {
    let resolved = 0
    for (const c of armClaims) {
      for (const t of armTiers) {
        const plan = c.plan(t) as TierPlan<ArmsConfig<string>> | undefined
        expect(plan).toBeDefined()
        const arms = [...Object.values(plan!.config.arms), ...Object.values(plan!.config.infoArms)]
        expect(arms.length).toBeGreaterThanOrEqual(2)
        for (const arm of arms) {
          // every arm is one of arms.ts' shared objects (one source, so shared runs are shared configs)
          expect(sharedArms).toContain(arm)
          for (const seed of plan!.seeds) {
            expect(() => armConfig(t, arm, seed)).not.toThrow()
            resolved++
          }
        }
      }
    }
    expect(resolved).toBeGreaterThan(100)
  })

  test("arms.ts' arms have unique names and all resolve at every tier", () => {
    expect(new Set(sharedArms.map((a) => a.name)).size).toBe(sharedArms.length)
    expect(sharedArms.length).toBeGreaterThanOrEqual(14)
    for (const t of armTiers) for (const arm of sharedArms) expect(() => armConfig(t, arm, 0)).not.toThrow()
  })

  test("shared arms are one config: the SGD baseline is the tier's base itself; arms differ where they should", () => {
    for (const t of armTiers) {
      const base = armConfig(t, { name: "base", patch: {} }, 0)
      expect(configHash(armConfig(t, sgdLinear, 0))).toBe(configHash(base))
      expect(armConfig(t, directPredC(0.1), 0).method.predictor).toMatchObject({ kind: "directpred", eps: -0.1, epsInside: true, rho: 0.3 })
      expect(armConfig(t, directPredC(-0.1), 0).method.predictor).toMatchObject({ eps: 0.1, epsInside: true })
    }
  })

  test("freq 5 is measured between eigen-constructions: logEvery is a multiple of 5 at every tier (C20's info)", () => {
    for (const t of armTiers) {
      const c = armConfig(t, directPredFreq5, 0)
      expect(c.train.logEvery % 5).toBe(0)
      expect(c.method.predictor).toMatchObject({ kind: "directpred", freq: 5 })
    }
  })

  test("C28's check is arithmetic on the published numbers, the same at every tier, and trains nothing", () => {
    expect(Object.keys(C28.criteria).sort()).toEqual(["directPred", "directPredFreq5", "sgdBaseline"])
    for (const k of Object.values(C28.criteria)) expect("op" in k && k.op === "<=" && k.value === 1).toBe(true)
    for (const t of tiers) expect(C28.plan(t)?.seeds).toEqual([])
    expect(plannedArmRuns([C28], "ci")).toEqual([])
  })

  test("accuracy criteria are gated by the sanity gate; the disjunctions of C17 and C19 are anyOf groups", () => {
    for (const c of [C17, C18, C19, C20, C23, C24, C29]) {
      expect(c.criteria["accuracyGate"]?.role).toBe("precondition")
    }
    for (const c of [C18, C20, C23, C24, C29, C31, C33]) {
      for (const [name, r] of Object.entries(c.criteria)) if (name !== "accuracyGate" && (r.role ?? "criterion") === "criterion") expect(r.gatedBy).toBe("accuracyGate")
    }
    expect(C17.criteria["accuracyGap"]?.anyOf).toBe(C17.criteria["collapse"]?.anyOf)
    expect(C17.criteria["collapse"]?.gatedBy).toBeUndefined()
    expect(C34.criteria["accuracy"]?.anyOf).toBe(C34.criteria["effectiveRank"]?.anyOf)
    expect(C19.criteria["accuracy"]?.anyOf).toBe(C19.criteria["collapse"]?.anyOf)
    expect(C19.criteria["collapse"]?.gatedBy).toBeUndefined()
  })
})
