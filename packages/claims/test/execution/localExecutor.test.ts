import { afterAll, describe, expect, test } from "bun:test"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { RunStore as CoreRunStore } from "@ssl/core"
import { Effect, Exit, Layer } from "effect"
import { defineClaim } from "../../src/harness/Claim.ts"
import { Progress, type ProgressEvent } from "../../src/harness/Progress.ts"
import type { Arm } from "../../src/empirical/arms.ts"
import { ArmRuns } from "../../src/empirical/ArmRuns.ts"
import { plannedArmRuns } from "../../src/empirical/plannedRuns.ts"
import { armsPlans } from "../../src/empirical/tierPlans.ts"
import { trainArmSeed } from "../../src/empirical/trainArm.ts"
import { executeLocal } from "../../src/execution/localExecutor.ts"
import { planTier } from "../../src/execution/plan.ts"
import { claims } from "../../src/registry.ts"

const root = mkdtempSync(join(tmpdir(), "ssl-local-executor-"))
const store = CoreRunStore.open(root)
afterAll(() => {
  store.close()
  rmSync(root, { recursive: true, force: true })
})

/** Tiny arms on the ci base: 10 steps, a 1-epoch probe on 500 labels (seconds each). */
const tinyPatch = { train: { steps: 10, logEvery: 5 }, eval: { probe: { epochs: 1, labels: 500 }, knn: { k: 5, labels: 500 } } }
const tinyA: Arm = { name: "tiny-a", patch: tinyPatch }
const tinyB: Arm = { name: "tiny-b", patch: { ...tinyPatch, optimizer: { lr: 0.02 } } }
/** A claim comparing the two arms; its run is never called here. */
const claimWith = (id: string, arms: Readonly<Record<string, Arm>>) => defineClaim({
  id, title: id, statement: "", where: "", quantity: "", corrections: [],
  criteria: {}, tiers: armsPlans(arms), run: () => Effect.die("not called"),
})

describe("the local executor", () => {
  test("plans each distinct (arm, seed) once, most-shared first; claims without arms plan none", () => {
    const one = claimWith("X1", { b: tinyB })
    const two = claimWith("X2", { a: tinyA, b: { ...tinyB, name: "same-config-other-name" } })
    const planned = plannedArmRuns([one, two, claims[0]!], "ci")
    // 2 configs × 3 ci seeds; tiny-b is shared by both claims, so it comes first.
    expect(planned.length).toBe(6)
    expect(planned.slice(0, 3).map((r) => [r.arm.name, r.seed, r.claims])).toEqual([
      ["tiny-b", 0, ["X1", "X2"]], ["tiny-b", 1, ["X1", "X2"]], ["tiny-b", 2, ["X1", "X2"]],
    ])
    expect(new Set(planned.map((r) => r.configHash)).size).toBe(6)
  })

  test("trains the plan's missing runs in 2 worker processes; the claims then find all of them in the store", async () => {
    const claim = claimWith("X3", { a: tinyA, b: tinyB })
    const plan = planTier([claim], "ci", { root, codeVersion: "v-coordinator" })
    const events: Array<ProgressEvent> = []
    const exit = await Effect.runPromiseExit(executeLocal(plan, { jobs: 2, store }).pipe(Effect.provide(Progress.layerCollect(events))))
    if (Exit.isFailure(exit)) throw new Error(String(exit.cause))
    expect(exit.value.failed).toEqual([])
    expect(exit.value.trained).toBe(6)
    expect(store.list().filter((r) => r.status === "done").length).toBe(6)
    expect(events.filter((e) => e.message === "local run done").length).toBe(6)
    // Mutation caught: workers not given the plan's code version (their runs keyed by the working tree's instead).
    expect(new Set(store.list().map((r) => r.codeVersion))).toEqual(new Set(["v-coordinator"]))

    // What a claim does next (its own services, at the plan's code version): every seed of both arms is a cache hit.
    const services = Layer.mergeAll(Progress.layerSilent, ArmRuns.layerTest({ root, codeVersion: "v-coordinator" }))
    for (const arm of [tinyA, tinyB]) {
      for (const seed of [0, 1, 2]) {
        const got = await Effect.runPromise(trainArmSeed("ci", arm, seed, { claim: "X3" }).pipe(Effect.provide(services)))
        expect(got.cached).toBe(true)
      }
    }

    // Planned again, nothing is left to train.
    const again = planTier([claim], "ci", { root, codeVersion: "v-coordinator" })
    expect(again.runs.filter((r) => !r.cached)).toEqual([])
  }, 180_000)

  test("a stop asked of the coordinator alone reaches its workers: their runs end `interrupted`, none starts after", async () => {
    // Mutation caught: workers not told of the coordinator's stop (a Ctrl-C sent to the coordinator process only,
    // not to its group, would leave them training to the end: rows `done`).
    const stopRoot = mkdtempSync(join(tmpdir(), "ssl-local-stop-"))
    using stopStore = CoreRunStore.open(stopRoot)
    try {
      const long: Arm = { name: "long", patch: { ...tinyPatch, train: { steps: 600, logEvery: 100, checkpointEvery: 0 } } }
      const plan = planTier([claimWith("X5", { long })], "ci", { root: stopRoot, codeVersion: "v-stop" })
      expect(plan.runs.length).toBe(3)
      const stop = new AbortController()
      const done = Effect.runPromise(executeLocal(plan, { jobs: 2, store: stopStore, stop: stop.signal }).pipe(Effect.provide(Progress.layerSilent)))
      const deadline = Date.now() + 120_000
      while (!stopStore.list().some((r) => r.status === "running") && Date.now() < deadline) await Bun.sleep(100)
      stop.abort()
      const summary = await done
      expect(summary.trained).toBe(0)
      expect(summary.failed.length).toBe(2) // the two started; the third never starts
      const rows = stopStore.list()
      expect(rows.length).toBeGreaterThan(0)
      expect(rows.every((r) => r.status === "interrupted")).toBe(true)
    } finally {
      rmSync(stopRoot, { recursive: true, force: true })
    }
  }, 300_000)

  test("an arm whose config does not resolve is left to its claim, which reports the error as usual", () => {
    const bad = claimWith("X4", { bad: { name: "bad", patch: { optimizer: { lr: -1 } } }, a: tinyA })
    expect(plannedArmRuns([bad], "ci").map((r) => r.arm.name)).toEqual(["tiny-a", "tiny-a", "tiny-a"])
  })

  test("the worker rejects bad arguments with exit code 2 and says what it expects", async () => {
    const worker = new URL("../../src/empirical/armWorker.ts", import.meta.url).pathname
    for (const args of [["ci", "0"], ["nope", "0", "{}"], ["ci", "-1", JSON.stringify(tinyA)], ["ci", "0", "{not json"]]) {
      const child = Bun.spawn([process.execPath, worker, ...args], { stdout: "ignore", stderr: "pipe", env: { ...process.env, SSL_RUNS_DIR: root } })
      const [code, err] = await Promise.all([child.exited, new Response(child.stderr).text()])
      expect(code).toBe(2)
      expect(err).toContain("usage: bun armWorker.ts <tier> <seed>")
    }
  }, 30_000) // four bun processes, each loading the claims: seconds apiece on a shared machine
})
