/**
 * The shared run store: the index rebuilt from run folders, a task's staging folder merged by the coordinator,
 * and the coordinator lock that keeps two coordinators from writing one store.
 */
import { afterEach, describe, expect, test } from "bun:test"
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { RunStore } from "@ssl/core"
import { reindexStore } from "../../src/execution/reindex.ts"
import { mergeStaged, prepareStaging, stagingDir } from "../../src/execution/staging.ts"
import { lockPath, lockStore, StoreLocked } from "../../src/execution/storeLock.ts"

const dirs: string[] = []
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), "ssl-store-"))
  dirs.push(d)
  return d
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

const results = (id: string, hash: string) => ({ runId: id, configHash: hash, probe: { final: 0.7, best: 0.71 }, randomEncoderProbe: 0.6, rawPixelProbe: 0.5, knn: 0.65, metrics: {}, steps: 10, seconds: 1, backend: "cpu" })

/** A store with one finished run, one interrupted, one left `running` by a killed process. */
const makeStore = (root: string) => {
  using store = RunStore.open(root)
  const done = store.create({ config: { a: 1 }, configHash: "h-done", backend: "cpu", seed: 0, codeVersion: "v1", runId: "r1-done" })
  done.finish(results(done.id, "h-done"), { probe: { final: 0.7 } })
  const stopped = store.create({ config: { a: 2 }, configHash: "h-int", backend: "cpu", seed: 0, codeVersion: "v1", runId: "r2-int" })
  stopped.setStatus("interrupted", { stoppedAt: 5 })
  store.create({ config: { a: 3 }, configHash: "h-run", backend: "cpu", seed: 0, codeVersion: "v1", runId: "r3-run" })
}

const statuses = (root: string) => {
  using store = RunStore.open(root)
  return Object.fromEntries(store.list().map((r) => [r.id, r.status]))
}

describe("reindex", () => {
  // Catches: trusting a `running` row (a killed run would never resume) or calling a folder without results done.
  test("rebuilds a deleted index from the folders: results ⇒ done, a run left running ⇒ interrupted", () => {
    const root = tmp()
    makeStore(root)
    for (const f of ["index.sqlite", "index.sqlite-wal", "index.sqlite-shm"]) rmSync(join(root, f), { force: true })
    const s = reindexStore(root)
    expect(s).toMatchObject({ runs: 3, done: 1, added: 3, dropped: 0, oldIndexUnreadable: true })
    expect(statuses(root)).toEqual({ "r1-done": "done", "r2-int": "interrupted", "r3-run": "interrupted" })
    using store = RunStore.open(root)
    expect(store.findCached("h-done", "v1")?.summary).toMatchObject({ probe: { final: 0.7, best: 0.71 }, knn: 0.65 })
  })

  // Catches: losing the old rows' statuses and labels, or keeping rows whose folder is gone.
  test("keeps what the old index knew, adds unindexed folders, drops rows without a folder", () => {
    const root = tmp()
    makeStore(root)
    rmSync(join(root, "r2-int"), { recursive: true })
    writeFileSync(join(root, "index.sqlite.not-a-run"), "")
    const s = reindexStore(root)
    expect(s).toMatchObject({ runs: 2, done: 1, added: 0, dropped: 1, oldIndexUnreadable: false })
    expect(statuses(root)).toEqual({ "r1-done": "done", "r3-run": "interrupted" })
  })

  test("a corrupt index is replaced, not trusted", () => {
    const root = tmp()
    makeStore(root)
    for (const f of ["index.sqlite-wal", "index.sqlite-shm"]) rmSync(join(root, f), { force: true })
    writeFileSync(join(root, "index.sqlite"), "this is not a database")
    expect(reindexStore(root)).toMatchObject({ runs: 3, oldIndexUnreadable: true })
    expect(statuses(root)["r1-done"]).toBe("done")
  })
})

describe("staging", () => {
  // Catches: a merge that moves the folder but does not index it (the claims would retrain), or that runs twice.
  test("the coordinator moves a task's finished run into the store and indexes it, once", () => {
    const root = tmp()
    const stage = prepareStaging(root, "h1")
    {
      using s = RunStore.open(stage)
      const run = s.create({ config: {}, configHash: "h1", backend: "cpu", seed: 0, codeVersion: "v1", runId: "t1" })
      run.finish(results("t1", "h1"))
    }
    using store = RunStore.open(root)
    expect(mergeStaged(store, "h1", "v1")).toEqual({ kind: "merged", runId: "t1" })
    expect(store.findCached("h1", "v1")?.id).toBe("t1")
    expect(existsSync(join(root, "t1", "results.json"))).toBe(true)
    expect(existsSync(stagingDir(root, "h1"))).toBe(false)
    expect(mergeStaged(store, "h1", "v1")).toEqual({ kind: "already", runId: "t1" })
  })

  // Catches: merging a run of another code version (a stale cache hit) or an unfinished one.
  test("an unfinished run or one of another code version is not merged, with the reason", () => {
    const root = tmp()
    const stage = prepareStaging(root, "h2")
    {
      using s = RunStore.open(stage)
      s.create({ config: {}, configHash: "h2", backend: "cpu", seed: 0, codeVersion: "v1", runId: "u1" })
      s.create({ config: {}, configHash: "h2", backend: "cpu", seed: 0, codeVersion: "v0", runId: "u0" }).finish(results("u0", "h2"))
    }
    using store = RunStore.open(root)
    const out = mergeStaged(store, "h2", "v1")
    expect(out.kind).toBe("missing")
    expect(out.kind === "missing" ? out.reason : "").toMatch(/code version v0, not v1/)
    expect(store.list()).toHaveLength(0)
  })

  // Catches: a requeued task that cannot resume because its killed attempt left the run `running`.
  test("preparing the folder again marks a run a killed attempt left running as interrupted", () => {
    const root = tmp()
    const stage = prepareStaging(root, "h3")
    {
      using s = RunStore.open(stage)
      s.create({ config: {}, configHash: "h3", backend: "cpu", seed: 0, codeVersion: "v1", runId: "k1" })
    }
    prepareStaging(root, "h3")
    using s = RunStore.open(stage)
    expect(s.findInterrupted("h3", "v1")?.id).toBe("k1")
  })
})

describe("two coordinators on one store", () => {
  // Catches: a lock that is not exclusive across processes (both would write the index).
  test("the second coordinator is refused, says who holds the store, and changes nothing", async () => {
    const root = tmp()
    makeStore(root)
    const before = statuses(root)
    const lock = lockStore(root, "test coordinator")
    const second = Bun.spawnSync([process.execPath, "-e", `
      const { lockStore } = await import(${JSON.stringify(new URL("../../src/execution/storeLock.ts", import.meta.url).pathname)})
      const { reindexStore } = await import(${JSON.stringify(new URL("../../src/execution/reindex.ts", import.meta.url).pathname)})
      try { const l = lockStore(${JSON.stringify(root)}, "second"); reindexStore(${JSON.stringify(root)}); l.release(); console.log("acquired") }
      catch (e) { console.log(e._tag, e.message); process.exit(3) }
    `], { stdout: "pipe", stderr: "pipe" })
    expect(second.exitCode).toBe(3)
    expect(second.stdout.toString()).toMatch(/^StoreLocked .*test coordinator \(pid \d+/)
    expect(statuses(root)).toEqual(before)
    lock.release()
    expect(existsSync(lockPath(root))).toBe(false)
  })

  // Catches: a lock that races (two win at once) when coordinators start at the same moment.
  test("of coordinators started together never two hold the store at once; the index stays whole", async () => {
    const root = tmp()
    makeStore(root)
    const script = `
      const { lockStore } = await import(${JSON.stringify(new URL("../../src/execution/storeLock.ts", import.meta.url).pathname)})
      const { reindexStore } = await import(${JSON.stringify(new URL("../../src/execution/reindex.ts", import.meta.url).pathname)})
      try { const l = lockStore(${JSON.stringify(root)}, "racer"); const t0 = performance.timeOrigin + performance.now(); reindexStore(${JSON.stringify(root)}); await Bun.sleep(400); const t1 = performance.timeOrigin + performance.now(); l.release(); console.log(JSON.stringify([t0, t1])); process.exit(0) }
      catch (e) { process.exit(e._tag === "StoreLocked" ? 3 : 1) }
    `
    const racers = [0, 1, 2].map(() => Bun.spawn([process.execPath, "-e", script], { stdout: "pipe", stderr: "ignore" }))
    const codes = await Promise.all(racers.map((p) => p.exited))
    expect(codes.every((c) => c === 0 || c === 3)).toBe(true)
    const held = (await Promise.all(racers.map((p) => new Response(p.stdout).text())))
      .filter((t) => t.trim() !== "").map((t) => JSON.parse(t) as [number, number]).sort((a, b) => a[0] - b[0])
    expect(held.length).toBeGreaterThanOrEqual(1)
    for (let i = 1; i < held.length; i++) expect(held[i]![0]).toBeGreaterThanOrEqual(held[i - 1]![1])
    expect(statuses(root)).toEqual({ "r1-done": "done", "r2-int": "interrupted", "r3-run": "interrupted" })
  }, 60_000) // three bun processes importing the store code: more than the default 5 s on a busy machine

  // Catches: a lock held forever by a coordinator that crashed on this host.
  test("a lock whose holder died on this host is taken over", () => {
    const root = tmp()
    const dead = Bun.spawnSync([process.execPath, "-e", "console.log(process.pid)"], { stdout: "pipe" }).stdout.toString().trim()
    writeFileSync(lockPath(root), JSON.stringify({ pid: Number(dead), host: require("node:os").hostname(), since: "x", what: "crashed" }))
    const lock = lockStore(root, "next")
    lock.release()
    expect(() => { const a = lockStore(root, "a"); try { lockStore(root, "b") } finally { a.release() } }).toThrow(StoreLocked)
  })
})
