/**
 * Store faults are typed errors with the path and the fix, exit 2, no stack frames: a runs root that is a file, a
 * corrupt index.sqlite, a read-only store (which `ssl runs` still lists, read-only), a full disk mid-run (the run is
 * left resumable and resumes with every metrics record once).
 *
 * The read-only and full-disk cases mount a read-only bind mount and a small tmpfs, which needs root (CAP_SYS_ADMIN);
 * where mounting is not allowed they are skipped, and say so.
 */
import { afterAll, describe, expect, test } from "bun:test"
import { mkdirSync, rmSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { expectEveryRecordOnce, expectNoFrames, metricsOf, runIdIn, scratch, ssl, statusOf, tinyConfig } from "./harness.ts"

const work = scratch("store")
const mounts: Array<string> = []
afterAll(() => {
  for (const m of mounts.reverse()) Bun.spawnSync(["umount", m])
  rmSync(work, { recursive: true, force: true })
})
const config = tinyConfig(work, { steps: 20 })

const mount = (args: ReadonlyArray<string>, at: string): boolean => {
  const ok = Bun.spawnSync(["mount", ...args], { stderr: "ignore" }).exitCode === 0
  if (ok) mounts.push(at)
  return ok
}
const canMount = (() => {
  const probe = join(work, "probe")
  mkdirSync(probe)
  const ok = mount(["-t", "tmpfs", "-o", "size=64k", "tmpfs", probe], probe)
  if (ok) Bun.spawnSync(["umount", probe]), mounts.pop()
  if (!ok) console.warn("store.test.ts: mounting is not allowed here; the read-only and full-disk cases are skipped")
  return ok
})()

describe("a store that cannot be used: exit 2, the path and the fix, no frames", () => {
  // Mutations caught: RunStore.open without its checks (mkdirSync's EEXIST and the SQLiteError escape with frames,
  // exit 1); the corrupt-index branch of storeFault (the message would not say to move the file aside).
  test("the runs root is a file", () => {
    const root = join(work, "a-file")
    writeFileSync(root, "not a folder\n")
    for (const args of [["runs"], ["train", config]]) {
      const r = ssl(args, root)
      expect(r.code).toBe(2)
      expect(r.stderr).toContain(`ssl: the run store at ${root} is not a folder`)
      expect(r.stderr).toContain("Point SSL_RUNS_DIR at a folder")
      expectNoFrames(r.stderr)
    }
  }, 60_000)

  test("a corrupt index.sqlite", () => {
    const root = join(work, "corrupt-index")
    mkdirSync(root)
    writeFileSync(join(root, "index.sqlite"), "this is not a database, whatever its name says\n".repeat(100))
    for (const args of [["runs"], ["train", config], ["eval", "some-run"]]) {
      const r = ssl(args, root)
      expect(r.code).toBe(2)
      expect(r.stderr).toContain(`${join(root, "index.sqlite")} has an index that is not a readable SQLite database (SQLITE_NOTADB)`)
      expect(r.stderr).toContain(`mv ${join(root, "index.sqlite")} ${join(root, "index.sqlite")}.corrupt`)
      expectNoFrames(r.stderr)
    }
  }, 60_000)
})

describe.skipIf(!canMount)("read-only and full stores (mounts)", () => {
  test("a read-only store: `ssl runs` lists it; train and eval exit 2 saying it cannot be written", () => {
    // Mutation caught: `ssl runs` opening the store read-write only (SQLITE_CANTOPEN, a raw error, exit 1).
    const root = join(work, "read-only")
    const trained = ssl(["train", config, "--json"], root)
    expect(trained.code).toBe(0)
    const id = (JSON.parse(trained.stdout) as { runId: string }).runId
    expect(mount(["--bind", root, root], root)).toBe(true)
    expect(mount(["-o", "remount,ro,bind", root], root)).toBe(true)

    const listed = ssl(["runs", "--json"], root)
    expect(listed.code).toBe(0)
    expect((JSON.parse(listed.stdout) as Array<{ id: string; status: string }>).map((r) => [r.id, r.status])).toEqual([[id, "done"]])
    expect((JSON.parse(ssl(["runs", "--status", "done", "--json"], root).stdout) as Array<{ id: string }>).map((r) => r.id)).toEqual([id])
    for (const args of [["train", config], ["eval", id]]) {
      const r = ssl(args, root)
      expect(r.code).toBe(2)
      expect(r.stderr).toContain(`ssl: the run store at ${root} cannot be written`)
      expect(r.stderr).toContain("`bun run ssl runs` still lists a read-only store")
      expectNoFrames(r.stderr)
    }
  }, 120_000)

  test("a disk that fills up mid-run: exit 2, `interrupted`, resumable once there is room, every record once", () => {
    // Mutation caught: runExperiment's catchDefect without storeFaultOf (a raw ENOSPC, exit 1, status `failed`).
    const root = join(work, "full")
    mkdirSync(root)
    expect(mount(["-t", "tmpfs", "-o", "size=400k", "tmpfs", root], root)).toBe(true)
    // checkpoints of a 256-wide MLP (~1 MB each with the target and momentum) cannot fit in 400 kB
    const args = ["train", config, "--set", "model.encoder.hidden=[256]", "--set", "train.checkpointEvery=10"]
    const r = ssl(args, root)
    expect(r.code).toBe(2)
    const id = runIdIn(root)!
    expect(r.stderr).toContain(`ssl: the run store at ${join(root, id)} ran out of space while writing run ${id} (ENOSPC)`)
    expect(r.stderr).toContain(`bun run ssl train --resume ${id}`)
    expectNoFrames(r.stderr)
    expect(statusOf(root, id)).toBe("interrupted")

    expect(Bun.spawnSync(["mount", "-o", "remount,size=64m", root]).exitCode).toBe(0) // room again
    const resumed = ssl(["train", "--resume", id, "--json"], root)
    expect(resumed.code).toBe(0)
    expect(statusOf(root, id)).toBe("done")
    expectEveryRecordOnce(metricsOf(root, id), 20)
  }, 120_000)
})
