import { afterAll, describe, expect, test } from "bun:test"
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { repro } from "../src/commands/repro.ts"
import { capture } from "./capture.ts"

const out = mkdtempSync(join(tmpdir(), "ssl-repro-"))
afterAll(() => rmSync(out, { recursive: true, force: true }))

describe("bun run repro (the main job)", () => {
  test("runs the selected claims, prints the verdict table and writes the report folder; exit 0 without failures", async () => {
    const r = await capture(repro, ["--tier", "smoke", "--only", "C8,C22", "--out", out])
    expect(r.code).toBe(0)
    expect(r.out).toMatch(/^id\s+verdict/)
    expect(r.out).toMatch(/\nC8\s+pass/)
    expect(r.out).toMatch(/\nC22\s+not judged/)
    expect(r.out).toContain("1 pass, 1 not judged. Report written to ")
    const [dir] = readdirSync(out)
    expect(dir).toMatch(/^smoke-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ$/)
    for (const f of ["results.json", "report.md", "index.html"]) expect(existsSync(join(out, dir!, f))).toBe(true)
    const results = JSON.parse(readFileSync(join(out, dir!, "results.json"), "utf8"))
    expect(results.claims.map((c: { id: string; verdict: string }) => [c.id, c.verdict])).toEqual([["C8", "pass"], ["C22", "not judged"]])
    expect(results.claims[0].plots.map((p: { id: string }) => p.id)).toEqual(["C8-phase", "C8-phase-basin"])
    expect(typeof results.claims[0].paper.reported).toBe("string")
  }, 60_000)

  test("bad input: exit 2, nothing written", async () => {
    const before = readdirSync(out).length
    for (const argv of [["--tier", "huge"], ["--only", "C99"], ["--only", ","], ["extra"], ["--set", "a=1"], ["--bogus"], ["--jobs", "0"], ["--jobs", "two"]]) {
      const r = await capture(repro, [...argv, "--out", out])
      expect({ argv, code: r.code }).toEqual({ argv, code: 2 })
      expect(r.err).toContain("ssl repro: ")
    }
    expect(readdirSync(out).length).toBe(before)
  })

  test("Ctrl-C: the training run in progress stops checkpointed and `interrupted`, no report is written, exit 130", async () => {
    const runs = join(out, "runs-sigint")
    const reports = join(out, "reports-sigint")
    const main = join(import.meta.dir, "../src/main.ts")
    const child = Bun.spawn(["bun", main, "repro", "--tier", "ci", "--only", "C13", "--out", reports], {
      env: { ...process.env, SSL_RUNS_DIR: runs }, stdout: "pipe", stderr: "pipe",
    })
    // wait until the first ci run has logged a record after step 0, then press Ctrl-C
    const deadline = Date.now() + 120_000
    let pressed = false
    while (child.exitCode === null && Date.now() < deadline) {
      const run = existsSync(runs) ? readdirSync(runs).find((n) => /^\d{8}-/.test(n)) : undefined
      const metrics = run === undefined ? "" : join(runs, run, "metrics.jsonl")
      if (metrics !== "" && existsSync(metrics) && readFileSync(metrics, "utf8").trim().split("\n").length >= 2) {
        child.kill("SIGINT")
        pressed = true
        break
      }
      await Bun.sleep(200) // ms: poll five times a second, not a hot loop
    }
    const [code, stderr] = await Promise.all([child.exited, new Response(child.stderr).text()])
    expect(pressed).toBe(true)
    expect(code).toBe(130)
    expect(stderr).toContain("stopping after the current training steps")
    expect(stderr).toContain("no report written")
    expect(existsSync(reports)).toBe(false)
    const { Database } = await import("bun:sqlite")
    const db = new Database(join(runs, "index.sqlite"), { readonly: true })
    const statuses = db.query("SELECT status FROM runs").all() as Array<{ status: string }>
    db.close()
    expect(statuses.map((r) => r.status)).toContain("interrupted")
    expect(statuses.some((r) => r.status === "running")).toBe(false)
  }, 150_000)
})
