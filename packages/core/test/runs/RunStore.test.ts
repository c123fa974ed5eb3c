import { describe, expect, test } from "bun:test"
import { existsSync, readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { Effect } from "effect"
import { CorruptCheckpoint, RunNotFound } from "../../src/runs/errors.ts"
import { codeVersion, gitState } from "../../src/runs/provenance.ts"
import { newRunId, RunStore } from "../../src/runs/RunStore.ts"
import { failureOf, tempDir } from "../data/fixtures.ts"

const config = { train: { steps: 100, seed: 3 }, optimizer: { lr: 0.05 } }
const backend = { name: "cpu", reason: "test", skipped: [{ name: "blas", reason: "not asked" }] }

describe("RunStore", () => {
  test("create: folder with config.json and provenance.json, index row `running`", () => {
    using dir = tempDir("ssl-runs-")
    using store = RunStore.open(dir.path)
    const run = store.create({ config, configHash: "ab".repeat(32), backend, seed: 3, codeVersion: "v1", label: "fashion-mnist/byol" })
    expect(run.id).toMatch(/^\d{8}-\d{6}-abababab-[0-9a-f]{4}$/)
    expect(run.config()).toEqual(config)
    const p = run.provenance()
    expect(p.runId).toBe(run.id)
    expect(p.backend).toEqual(backend)
    expect(p.seed).toBe(3)
    expect(p.codeVersion).toBe("v1")
    expect(p.versions.bun).toBe(Bun.version)
    expect(p.versions.tfjs).toMatch(/^4\./)
    expect(p.versions.effect).toMatch(/^4\./)
    expect(typeof p.hostname).toBe("string")
    expect(Number.isNaN(Date.parse(p.startedAt))).toBe(false)
    expect(p.device.cpuCount).toBeGreaterThan(0)
    expect(existsSync(run.paths.checkpoints)).toBe(true)
    expect(run.row).toMatchObject({ id: run.id, configHash: "ab".repeat(32), codeVersion: "v1", status: "running", label: "fashion-mnist/byol", summary: {} })
    expect(store.list().map((r) => r.id)).toEqual([run.id])
  })

  test("provenance records the git commit and dirty flag when run inside a checkout", () => {
    const g = gitState(join(import.meta.dir, "..", "..", "..", ".."))
    if (g.commit === null) return // not a git checkout (e.g. an unpacked tarball): nothing to compare
    expect(g.commit).toMatch(/^[0-9a-f]{40}$/)
    expect(typeof g.dirty).toBe("boolean")
    const v = codeVersion(join(import.meta.dir, "..", "..", "..", ".."), {})
    expect(v.startsWith(g.commit)).toBe(true)
    expect(v.includes("+dirty.")).toBe(g.dirty === true)
    expect(codeVersion("/", { SSL_CODE_VERSION: "pinned" })).toBe("pinned")
  })

  test("resume: truncates metrics to the checkpoint's step, so none is lost or duplicated", async () => {
    using dir = tempDir("ssl-runs-")
    using store = RunStore.open(dir.path)
    const run = store.create({ config, configHash: "cd".repeat(32), backend, seed: 0, codeVersion: "v1" })
    const w = { shape: [2], data: Float32Array.from([1, 2]) }
    for (let step = 1; step <= 35; step++) {
      if (step % 5 === 0) run.appendMetrics({ step, loss: -step })
      if (step % 20 === 0) run.writeCheckpoint(step, { w }, { step })
    }
    run.setStatus("interrupted")
    // Another process resumes the run by id.
    using store2 = RunStore.open(dir.path)
    const again = await Effect.runPromise(store2.open(run.id))
    const ckpt = await Effect.runPromise(again.resume())
    expect(ckpt?.step).toBe(20)
    expect(ckpt?.state).toEqual({ step: 20 })
    expect(again.row.status).toBe("running")
    expect(again.metrics().map((r) => r.step)).toEqual([5, 10, 15, 20])
    for (let step = 21; step <= 40; step++) if (step % 5 === 0) again.appendMetrics({ step, loss: -step })
    expect(again.metrics().map((r) => r.step)).toEqual([5, 10, 15, 20, 25, 30, 35, 40])
  })

  test("resume without any checkpoint restarts: metrics emptied", async () => {
    using dir = tempDir("ssl-runs-")
    using store = RunStore.open(dir.path)
    const run = store.create({ config, configHash: "ef".repeat(32), backend, seed: 0, codeVersion: "v1" })
    run.appendMetrics({ step: 1 })
    expect(await Effect.runPromise(run.resume())).toBeUndefined()
    expect(run.metrics()).toEqual([])
  })

  test("resume from a corrupt checkpoint is a CorruptCheckpoint error naming the file", async () => {
    using dir = tempDir("ssl-runs-")
    using store = RunStore.open(dir.path)
    const run = store.create({ config, configHash: "01".repeat(32), backend, seed: 0, codeVersion: "v1" })
    const file = run.writeCheckpoint(10, { w: { shape: [1], data: Float32Array.from([1]) } })
    writeFileSync(file, readFileSync(file, "utf8").slice(0, 20))
    const err = await failureOf(run.resume())
    expect(err).toBeInstanceOf(CorruptCheckpoint)
    expect((err as CorruptCheckpoint).file).toBe(file)
  })

  test("finish writes results then marks done; the cache finds done runs by (config hash, code version)", () => {
    using dir = tempDir("ssl-runs-")
    using store = RunStore.open(dir.path)
    const hash = "77".repeat(32)
    const a = store.create({ config, configHash: hash, backend, seed: 0, codeVersion: "v1" })
    expect(store.findCached(hash, "v1")).toBeUndefined()
    a.finish({ probe: { final: 0.8, best: 0.81 } }, { probe: 0.8 })
    expect(a.results()).toEqual({ probe: { final: 0.8, best: 0.81 } })
    expect(store.findCached(hash, "v1")?.id).toBe(a.id)
    expect(store.findCached(hash, "v1")?.summary).toEqual({ probe: 0.8 })
    expect(store.findCached(hash, "v2")).toBeUndefined()
    const b = store.create({ config, configHash: hash, backend, seed: 0, codeVersion: "v1" })
    b.setStatus("diverged", { step: 12, reason: "NaN loss" })
    expect(store.findCached(hash, "v1")?.id).toBe(a.id)
    expect(store.list({ status: "diverged" }).map((r) => r.id)).toEqual([b.id])
  })

  test("opening an unknown run is RunNotFound", async () => {
    using dir = tempDir("ssl-runs-")
    using store = RunStore.open(dir.path)
    const err = await failureOf(store.open("nope"))
    expect(err).toBeInstanceOf(RunNotFound)
    expect((err as RunNotFound).message).toContain("ssl runs")
  })

  test("run ids sort by time and embed the config hash", () => {
    const a = newRunId("1234567890", new Date("2026-01-02T03:04:05Z"))
    expect(a).toMatch(/^20260102-030405-12345678-[0-9a-f]{4}$/)
  })
})
