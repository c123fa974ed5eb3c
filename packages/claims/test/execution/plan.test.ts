/**
 * The plan (runs, cached, cost; `--dry-run --json`) and the parsing of Slurm's task states.
 */
import { describe, expect, test } from "bun:test"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { RunStore } from "@ssl/core"
import { claimById, claims } from "../../src/registry.ts"
import { expandTaskIds, parseSacct, parseScontrol } from "../../src/execution/slurmExecutor.ts"
import { planJson, planSeconds, planTier, toTrain } from "../../src/execution/plan.ts"

describe("plan", () => {
  const c19 = claimById("C19")!
  // Catches: counting cached runs in the total, or a cache lookup that ignores the code version.
  test("a run in the store at this code version is cached and costs nothing in the total", () => {
    const root = mkdtempSync(join(tmpdir(), "ssl-plan-"))
    try {
      const cold = planTier([c19], "ci", { root, codeVersion: "v1" })
      expect(cold.runs).toHaveLength(6)
      expect(toTrain(cold)).toHaveLength(6)
      const first = cold.runs[0]!
      {
        using store = RunStore.open(root)
        store.create({ config: {}, configHash: first.configHash, backend: "cpu", seed: first.seed, codeVersion: "v1" }).finish({})
        store.create({ config: {}, configHash: cold.runs[1]!.configHash, backend: "cpu", seed: 0, codeVersion: "v0" }).finish({})
      }
      const warm = planTier([c19], "ci", { root, codeVersion: "v1" })
      expect(warm.runs.map((r) => r.cached)).toEqual([true, false, false, false, false, false])
      expect(planSeconds(warm)).toBeCloseTo(planSeconds(cold) - first.estimatedSeconds, 6)
      const json = JSON.parse(planJson(warm, "slurm")) as Record<string, unknown>
      expect(Object.keys(json)).toEqual(["tier", "executor", "runs", "estimatedSeconds"])
      expect((json["runs"] as Array<Record<string, unknown>>)[0]).toEqual({
        config: first.arm.name, seed: first.seed, claims: ["C19"], cached: true, estimatedSeconds: Math.round(first.estimatedSeconds),
      })
      const rows = json["runs"] as Array<{ cached: boolean; estimatedSeconds: number }>
      expect(json["estimatedSeconds"]).toBe(rows.filter((r) => !r.cached).reduce((s, r) => s + r.estimatedSeconds, 0))
      expect(json["estimatedSeconds"] as number).toBeCloseTo(planSeconds(warm), -1)
    } finally {
      rmSync(root, { recursive: true, force: true })
    }
  })

  test("the GPU tiers are sized for a GPU, the others for this CPU; smoke trains its arms with 2 seeds", () => {
    const root = join(tmpdir(), "ssl-plan-absent")
    expect(planTier([c19], "nightly", { root, codeVersion: "v" }).backend).toBe("gpu")
    expect(planTier([c19], "ci", { root, codeVersion: "v" }).backend).toBe("cpu")
    const smoke = planTier([c19], "smoke", { root, codeVersion: "v" })
    expect(smoke.backend).toBe("cpu")
    expect(smoke.runs.map((r) => r.seed)).toEqual([0, 1, 0, 1])
  })
})

describe("Slurm task states", () => {
  // Catches: reading "0-4%2" as one task, or losing the pending range of an array.
  test("array task ids: single, range, throttled range, list", () => {
    expect(expandTaskIds("3")).toEqual([3])
    expect(expandTaskIds("0-4%2")).toEqual([0, 1, 2, 3, 4])
    expect(expandTaskIds("1,3,5-7")).toEqual([1, 3, 5, 6, 7])
  })

  test("scontrol show job -o: one record per task, a pending range as one record", () => {
    const text = [
      "JobId=12 ArrayJobId=10 ArrayTaskId=2-5 JobName=ssl-ci UserId=root(0) JobState=PENDING Reason=Resources",
      "JobId=11 ArrayJobId=10 ArrayTaskId=1 JobName=ssl-ci JobState=RUNNING Reason=None",
      "JobId=10 ArrayJobId=10 ArrayTaskId=0 JobName=ssl-ci JobState=COMPLETED Reason=None ExitCode=0:0",
    ].join("\n")
    expect([...parseScontrol(text).entries()].sort((a, b) => a[0] - b[0])).toEqual([
      [0, "COMPLETED"], [1, "RUNNING"], [2, "PENDING"], [3, "PENDING"], [4, "PENDING"], [5, "PENDING"],
    ])
  })

  test("sacct -P: task ids after the underscore, 'CANCELLED by 0' is CANCELLED", () => {
    const states = parseSacct("10_0|COMPLETED\n10_1|CANCELLED by 0\n10_[2-3]|PENDING\n")
    expect([...states.entries()]).toEqual([[0, "COMPLETED"], [1, "CANCELLED"], [2, "PENDING"], [3, "PENDING"]])
  })
})

describe("the nightly tier fits one night", () => {
  // Catches: a nightly plan that grows back to the paper's 100 epochs or to every claim (≈ 260 GPU-hours).
  test("its runs take at most 8 hours on 4 GPUs (cost model; GPU throughput from a public benchmark)", () => {
    const plan = planTier(claims, "nightly", { root: join(tmpdir(), "ssl-plan-absent"), codeVersion: "v" })
    expect(plan.backend).toBe("gpu")
    // 9 accuracy arms (with C17's collapse control) × 3 seeds
    expect(plan.runs.length).toBeLessThanOrEqual(27)
    expect(planSeconds(plan) / 4).toBeLessThanOrEqual(8 * 3600)
    // …with the accuracy claims it exists for (C28 is documentary: it trains nothing).
    const decided = new Set(plan.runs.flatMap((r) => r.claims))
    for (const id of ["C17", "C18", "C20", "C29"]) expect(decided.has(id)).toBe(true)
  })
})
