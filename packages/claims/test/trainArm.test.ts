import { afterAll, beforeAll, describe, expect, test } from "bun:test"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { type GitState, gitState, RunStore as CoreRunStore } from "@ssl/core"
import { silentProgress } from "@ssl/methods"
import { Effect, Exit, ManagedRuntime } from "effect"
import { Progress, type ProgressEvent } from "../src/harness/Progress.ts"
import type { Arm } from "../src/empirical/arms.ts"
import { ArmRuns, storeRunTrusted } from "../src/empirical/ArmRuns.ts"
import { armConfig, trainArm, trainArmSeed } from "../src/empirical/trainArm.ts"

const root = mkdtempSync(join(tmpdir(), "ssl-trainarm-"))
const store = CoreRunStore.open(root)
afterAll(() => {
  store.close()
  rmSync(root, { recursive: true, force: true })
})

/** The claims' services of one claims invocation ("process"): the store in `at`, its own memo and stop signal. */
const services = (at: string = root) => ManagedRuntime.make(ArmRuns.layerTest({ root: at, codeVersion: "v-test" }))
type Services = ReturnType<typeof services>
const armRunsOf = (rt: Services) => rt.runSync(ArmRuns.useSync((r) => r))

/** A tiny arm on the ci base: 10 steps, a 1-epoch probe on 500 labels (seconds). */
const tiny: Arm = {
  name: "tiny",
  patch: { train: { steps: 10, logEvery: 5 }, eval: { probe: { epochs: 1, labels: 500 }, knn: { k: 5, labels: 500 } } },
}
const run = <A, E>(rt: Services, e: Effect.Effect<A, E, Progress | ArmRuns>, sink: Array<ProgressEvent> = []) =>
  rt.runPromiseExit(e.pipe(Effect.provide(Progress.layerCollect(sink))))
let shared: Services
beforeAll(() => { shared = services() })
afterAll(() => shared.dispose())

describe("trainArm", () => {
  test("trains once per resolved config: the second call hits the memo, a second layer (another process) the store", async () => {
    const events: Array<ProgressEvent> = []
    const first = await run(shared, trainArm("ci", tiny, [3], { claim: "T" }), events)
    if (Exit.isFailure(first)) throw new Error(String(first.cause))
    const [a] = first.value
    expect(a!.cached).toBe(false)
    expect(a!.seed).toBe(3)
    expect(a!.series.map((r) => r.step)).toEqual([0, 5, 10])
    expect(a!.results.probe.final).toBeGreaterThan(0.1)
    expect(a!.results.randomEncoderProbe).toBeGreaterThan(0.1)
    expect(events.map((e) => e.message).filter((m) => m !== "run step" && m !== "run phase")).toEqual(["run start", "run done"])
    // Mutation caught: a claim's run trained silently (no steps, no evaluation phases for `ssl claims` to show).
    expect(events.filter((e) => e.message === "run step").map((e) => e.fields?.["step"])).toEqual(Array.from({ length: 11 }, (_, i) => i))
    expect(events.filter((e) => e.message === "run phase").map((e) => e.fields?.["phase"]))
      .toEqual(["features", "probe", "kNN", "floors (random encoder)", "floors (raw pixels)"])

    // The same arm under another name (another claim): same config, same run.
    const second = await run(shared, trainArm("ci", { ...tiny, name: "tiny-again" }, [3], { claim: "T2" }))
    if (Exit.isFailure(second)) throw new Error(String(second.cause))
    expect(second.value[0]!.cached).toBe(true)
    expect(second.value[0]!.runId).toBe(a!.runId)
    expect(second.value[0]!.arm).toBe("tiny-again")

    // A second layer built in the same process, while the first lives, has its own memo: it finds the run on disk
    // (a "run cached" event; a memo hit reports none), keyed by the layer's code version, with its results and series.
    // Mutations caught: a memo kept in module state (shared by both layers: no event); runExperiment ignoring the
    // code version it is given (the row keyed by the working tree's version: trained again, not cached).
    await using other = services()
    const events3: Array<ProgressEvent> = []
    const third = await run(other, trainArm("ci", tiny, [3], { claim: "T" }), events3)
    if (Exit.isFailure(third)) throw new Error(String(third.cause))
    expect(third.value[0]!.cached).toBe(true)
    expect(third.value[0]!.runId).toBe(a!.runId)
    expect(third.value[0]!.results.probe.final).toBe(a!.results.probe.final)
    expect(third.value[0]!.series.length).toBe(3)
    expect(events3.map((e) => e.message)).toEqual(["run cached"])
    expect(store.list().map((r) => r.codeVersion)).toEqual(["v-test"])
    expect(third.value[0]!.series).toEqual(a!.series)
  }, 60_000)

  test("two layers in one process share no stop signal", async () => {
    // Mutation caught: a stop controller kept in module state (stopping one claims invocation would stop every other).
    await using one = services()
    await using two = services()
    armRunsOf(one).stop()
    expect(armRunsOf(one).stopSignal.aborted).toBe(true)
    expect(armRunsOf(two).stopSignal.aborted).toBe(false)
    const refused = await run(one, trainArmSeed("ci", tiny, 9, { claim: "T" }))
    expect(Exit.isFailure(refused)).toBe(true)
    if (Exit.isFailure(refused)) expect(String(refused.cause)).toContain("not started: the claim runs were stopped on request")
  })

  test("runs in the store stand for this code only when the code that trained them is this code", () => {
    // Mutation caught: trusting stored runs under an "unknown" code version, or under a pinned one whatever code
    // trained them (a claim passing on runs other code trained); or refusing a coordinator's own pinned runs.
    const here = { commit: "abc123", dirty: false, diffHash: null }
    const now = () => here
    expect(storeRunTrusted("abc123", undefined, {}, now)).toBe(true)
    expect(storeRunTrusted("unknown", here, {}, now)).toBe(false)
    expect(storeRunTrusted("pinned", here, { SSL_CODE_VERSION: "pinned" }, now)).toBe(true)
    expect(storeRunTrusted("pinned", { ...here, commit: "def456" }, { SSL_CODE_VERSION: "pinned" }, now)).toBe(false)
    expect(storeRunTrusted("pinned", { ...here, dirty: true, diffHash: "0123" }, { SSL_CODE_VERSION: "pinned" }, now)).toBe(false)
    expect(storeRunTrusted("pinned", undefined, { SSL_CODE_VERSION: "pinned" }, now)).toBe(false)
    expect(storeRunTrusted("pinned", here, { SSL_CODE_VERSION: "pinned" }, () => ({ commit: null, dirty: null, diffHash: null }))).toBe(false)
  })

  test("under a pinned code version, a stored run counts only for the checkout whose git state trained it", async () => {
    // Mutation caught: trainArm reading stored runs without the service's trust check (a claim passing on runs that
    // other code trained under the same pinned label).
    const pinnedRoot = mkdtempSync(join(tmpdir(), "ssl-trainarm-pinned-"))
    try {
      const pinned = (checkout: GitState) =>
        ManagedRuntime.make(ArmRuns.layerTest({ root: pinnedRoot, codeVersion: "pinned", env: { SSL_CODE_VERSION: "pinned" }, gitState: checkout }))
      const here = gitState() // what the provenance of a run trained now records
      await using first = pinned(here)
      const trained = await run(first, trainArmSeed("ci", tiny, 5, { claim: "T" }))
      if (Exit.isFailure(trained)) throw new Error(String(trained.cause))
      expect(trained.value.cached).toBe(false)

      await using sameCode = pinned(here)
      const found = await run(sameCode, trainArmSeed("ci", tiny, 5, { claim: "T" }))
      if (Exit.isFailure(found)) throw new Error(String(found.cause))
      expect(found.value.cached).toBe(true)

      await using otherCode = pinned({ commit: "0".repeat(40), dirty: false, diffHash: null })
      const retrained = await run(otherCode, trainArmSeed("ci", tiny, 5, { claim: "T" }))
      if (Exit.isFailure(retrained)) throw new Error(String(retrained.cause))
      expect(retrained.value.cached).toBe(false)
      expect(retrained.value.runId).not.toBe(trained.value.runId)
    } finally {
      rmSync(pinnedRoot, { recursive: true, force: true })
    }
  }, 120_000)

  test("the seed is part of the config: another seed is another run", () => {
    expect(armConfig("ci", tiny, 1).train.seed).toBe(1)
    expect(armConfig("ci", tiny, 2).train.seed).toBe(2)
    expect(armConfig("ci", tiny, 1).train.steps).toBe(10)
  })

  test("a bad arm is a ClaimRunFailed naming the arm, and nothing is created", async () => {
    const bad: Arm = { name: "bad", patch: { optimizer: { lr: -1 } } }
    const exit = await run(shared, trainArm("ci", bad, [1], { claim: "T" }))
    expect(Exit.isFailure(exit)).toBe(true)
    if (Exit.isFailure(exit)) expect(String(exit.cause)).toMatch(/ClaimRunFailed[\s\S]*arm bad/)
    expect(store.list().length).toBe(1)
  })

  test("Ctrl-C (the service's stop) checkpoints the run in progress as `interrupted`; the next claims run resumes it to the same result", async () => {
    // 300 steps of the ci MLP, stopped when step 100 completes (a step, not a timer: no race either way)
    const long: Arm = { name: "long", patch: { train: { steps: 300, logEvery: 20, checkpointEvery: 0 }, eval: { probe: { epochs: 1, labels: 500 }, knn: { k: 5, labels: 500 } } } }
    const refRoot = mkdtempSync(join(tmpdir(), "ssl-trainarm-ref-"))
    try {
      await using reference = services(refRoot)
      const ref = await run(reference, trainArmSeed("ci", long, 4, { claim: "T" }))
      if (Exit.isFailure(ref)) throw new Error(String(ref.cause))

      await using stopping = services()
      const stopAt100 = { ...silentProgress, step: (completed: number) => { if (completed >= 100) armRunsOf(stopping).stop() } }
      const stopped = await run(stopping, trainArmSeed("ci", long, 4, { claim: "T", trainingProgress: stopAt100 }))
      expect(Exit.isFailure(stopped)).toBe(true)
      if (Exit.isFailure(stopped)) expect(String(stopped.cause)).toMatch(/arm long \(seed 4\) at ci: training stopped on request after step 10[0-9] of 300/)
      const row = store.list().find((r) => r.status === "interrupted")
      expect(row).toBeDefined()
      // stopped: no new run starts in this claims invocation
      const refused = await run(stopping, trainArmSeed("ci", tiny, 9, { claim: "T" }))
      expect(Exit.isFailure(refused)).toBe(true)
      if (Exit.isFailure(refused)) expect(String(refused.cause)).toContain("not started: the claim runs were stopped on request")

      // a new claims run (a new layer: not stopped) resumes the interrupted run from its checkpoint: same run id, same result
      await using next = services()
      const events: Array<ProgressEvent> = []
      const resumed = await run(next, trainArmSeed("ci", long, 4, { claim: "T" }), events)
      if (Exit.isFailure(resumed)) throw new Error(String(resumed.cause))
      expect(events.map((e) => e.message).filter((m) => m !== "run step" && m !== "run phase")).toEqual(["run resume", "run done"])
      // the resumed run's progress starts where its checkpoint left off
      expect(events.find((e) => e.message === "run step")?.fields?.["step"]).toBeGreaterThan(0)
      expect(resumed.value.runId).toBe(row!.id)
      expect(resumed.value.results.training.resumedFrom).toBeGreaterThan(0)
      expect(resumed.value.results.probe).toEqual(ref.value.results.probe)
      expect(resumed.value.series.map((r) => r.loss)).toEqual(ref.value.series.map((r) => r.loss))
      expect(store.list().find((r) => r.id === row!.id)?.status).toBe("done")
    } finally {
      rmSync(refRoot, { recursive: true, force: true })
    }
  }, 400_000) // three runs of 300 steps: ~30 s on a quiet machine, minutes on a shared one
})
