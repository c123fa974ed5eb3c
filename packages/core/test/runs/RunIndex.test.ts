import { describe, expect, test } from "bun:test"
import { join } from "node:path"
import { RunIndex } from "../../src/runs/RunIndex.ts"
import { tempDir } from "../data/fixtures.ts"

describe("RunIndex", () => {
  test("WAL mode and a busy timeout are on", () => {
    using dir = tempDir("ssl-index-")
    using index = RunIndex.open(join(dir.path, "index.sqlite"))
    expect(index.db.query("PRAGMA journal_mode").get()).toEqual({ journal_mode: "wal" })
    expect((index.db.query("PRAGMA busy_timeout").get() as { timeout: number }).timeout).toBeGreaterThanOrEqual(1000)
  })

  test("insert, update (summary merges), list filters, bad status rejected by the table", () => {
    using dir = tempDir("ssl-index-")
    using index = RunIndex.open(join(dir.path, "index.sqlite"))
    index.insert({ id: "a", configHash: "h", codeVersion: "v" })
    index.update("a", { summary: { x: 1 } })
    const a = index.update("a", { status: "done", summary: { y: 2 } })
    expect(a).toMatchObject({ id: "a", status: "done", summary: { x: 1, y: 2 } })
    expect(index.list({ status: "done" }).map((r) => r.id)).toEqual(["a"])
    expect(index.list({ status: "running" })).toEqual([])
    expect(() => index.update("a", { status: "exploded" as never })).toThrow()
    expect(() => index.insert({ id: "a", configHash: "h", codeVersion: "v" })).toThrow()
    expect(() => index.update("zzz", { status: "done" })).toThrow(/no run 'zzz'/)
  })

  test("two processes writing at once lose nothing", async () => {
    using dir = tempDir("ssl-index-")
    const path = join(dir.path, "index.sqlite")
    const n = 300
    {
      using index = RunIndex.open(path)
      index.insert({ id: "shared", configHash: "-", codeVersion: "-", summary: { count: 0 } })
    }
    const writers = ["p", "q"].map((prefix) =>
      Bun.spawn([process.execPath, join(import.meta.dir, "indexWriter.ts"), path, prefix, String(n)], { stdin: "pipe", stdout: "pipe", stderr: "pipe" }))
    // Wait until both have opened the index, then release them at once.
    const readers = writers.map((w) => w.stdout.getReader())
    for (const r of readers) {
      const { value } = await r.read()
      expect(new TextDecoder().decode(value)).toBe("ready\n")
    }
    for (const w of writers) {
      w.stdin.write("go\n")
      await w.stdin.end()
    }
    const rest = async (r: ReadableStreamDefaultReader<Uint8Array>) => {
      let out = ""
      for (;;) {
        const { value, done } = await r.read()
        if (done) return out
        out += new TextDecoder().decode(value)
      }
    }
    const outputs = await Promise.all(writers.map(async (w, k) => ({ code: await w.exited, out: await rest(readers[k]!), err: await new Response(w.stderr).text() })))
    for (const o of outputs) {
      expect(o.err).toBe("")
      expect(o.code).toBe(0)
      expect(o.out.trim()).toBe("done")
    }
    using index = RunIndex.open(path)
    const rows = index.list()
    expect(rows).toHaveLength(2 * n + 1)
    for (const prefix of ["p", "q"]) {
      for (let i = 0; i < n; i++) {
        expect(index.get(`${prefix}-${i}`)).toMatchObject({ status: i % 3 === 0 ? "done" : "failed", summary: { i, writer: prefix } })
      }
    }
    // The two writers really ran at the same time: their inserts interleave.
    const order = (index.db.query("SELECT id FROM runs WHERE id != 'shared' ORDER BY rowid").all() as Array<{ id: string }>).map((r) => r.id[0])
    const switches = order.filter((w, i) => i > 0 && w !== order[i - 1]).length
    console.log(`index writers interleaved ${switches} times`)
    expect(switches).toBeGreaterThan(1)
    // Every read-modify-write increment landed: no lost update.
    expect(index.get("shared")?.summary).toEqual({ count: 2 * n, "last-p": n - 1, "last-q": n - 1 })
  }, 60_000)
})
