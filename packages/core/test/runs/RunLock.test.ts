/**
 * The run writer lock (flock): one holder at a time, across processes and within one; the holder is named; the
 * kernel frees it when the holder ends, however it ends.
 */
import { describe, expect, test } from "bun:test"
import { hostname } from "node:os"
import { RunLock } from "../../src/runs/RunLock.ts"
import { tempDir } from "../data/fixtures.ts"

const lockScript = new URL("../../src/runs/RunLock.ts", import.meta.url).pathname

describe("RunLock", () => {
  // Mutations caught: LOCK_NB dropped (acquire blocks instead of answering); LOCK_EX → LOCK_SH (two holders at
  // once); holder() reporting a free lock as held (every finished run would list as `running`).
  test("one holder: a second acquire, in this process or another, is refused and names the first", () => {
    using dir = tempDir("ssl-lock-")
    expect(RunLock.holder(dir.path)).toEqual({ held: false })
    const first = RunLock.acquire(dir.path)
    expect(first.ok).toBe(true)
    const again = RunLock.acquire(dir.path)
    expect(again.ok).toBe(false)
    expect(!again.ok && again.holder?.pid).toBe(process.pid)
    expect(!again.ok && again.holder?.host).toBe(hostname())
    const probe = RunLock.holder(dir.path)
    expect(probe.held && probe.holder?.pid).toBe(process.pid)

    const other = Bun.spawnSync(["bun", "-e", `import { RunLock } from ${JSON.stringify(lockScript)}; const r = RunLock.acquire(${JSON.stringify(dir.path)}); console.log(JSON.stringify(r.ok ? "taken" : r.holder?.pid))`])
    expect(other.stdout.toString().trim()).toBe(String(process.pid))

    if (first.ok) first.lock.release()
    expect(RunLock.holder(dir.path)).toEqual({ held: false })
    const later = RunLock.acquire(dir.path)
    expect(later.ok).toBe(true)
    if (later.ok) later.lock.release()
  })

  test("a holder that is killed frees the lock", async () => {
    using dir = tempDir("ssl-lock-")
    const child = Bun.spawn(["bun", "-e", `import { RunLock } from ${JSON.stringify(lockScript)}; RunLock.acquire(${JSON.stringify(dir.path)}); console.log("locked"); await Bun.sleep(60000)`], { stdout: "pipe" })
    const reader = child.stdout.getReader()
    await reader.read() // "locked"
    const probe = RunLock.holder(dir.path)
    expect(probe.held && probe.holder?.pid).toBe(child.pid)
    child.kill("SIGKILL")
    await child.exited
    expect(RunLock.holder(dir.path)).toEqual({ held: false })
  }, 30_000)
})
