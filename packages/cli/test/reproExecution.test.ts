/**
 * `ssl repro` execution flags: the plan (--dry-run, --json), executors, seed rounds; bad input is exit 2 with
 * an `ssl repro:` line that says what to write instead.
 */
import { describe, expect, test } from "bun:test"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { parseDuration, repro } from "../src/commands/repro.ts"
import { runs } from "../src/commands/runs.ts"
import { capture } from "./capture.ts"

const withRunsDir = async <A>(f: (dir: string) => Promise<A>): Promise<A> => {
  const dir = mkdtempSync(join(tmpdir(), "ssl-repro-exec-"))
  const before = process.env["SSL_RUNS_DIR"]
  process.env["SSL_RUNS_DIR"] = join(dir, "runs")
  try {
    return await f(dir)
  } finally {
    if (before === undefined) delete process.env["SSL_RUNS_DIR"]
    else process.env["SSL_RUNS_DIR"] = before
    rmSync(dir, { recursive: true, force: true })
  }
}

describe("ssl repro --dry-run", () => {
  // Catches: extra or renamed keys in the machine-readable plan; a dry run that creates the store.
  test("--json prints exactly {tier, executor, runs[{config, seed, claims, cached, estimatedSeconds}], estimatedSeconds} and writes nothing", async () => {
    await withRunsDir(async (dir) => {
      const r = await capture(repro, ["--tier", "ci", "--only", "C19", "--executor", "slurm", "--dry-run", "--json"])
      expect(r.code).toBe(0)
      const j = JSON.parse(r.out)
      expect(Object.keys(j)).toEqual(["tier", "executor", "runs", "estimatedSeconds"])
      expect([j.tier, j.executor, j.runs.length]).toEqual(["ci", "slurm", 6])
      for (const run of j.runs) expect(Object.keys(run)).toEqual(["config", "seed", "claims", "cached", "estimatedSeconds"])
      // Catches: counting cached runs, or a total that does not add up to the rows.
      expect(j.estimatedSeconds).toBe(j.runs.filter((x: { cached: boolean }) => !x.cached).reduce((s: number, x: { estimatedSeconds: number }) => s + x.estimatedSeconds, 0))
      expect(await Bun.file(join(dir, "runs", "index.sqlite")).exists()).toBe(false)
    })
  })

  test("the text plan names every run, the total and where the throughput comes from", async () => {
    await withRunsDir(async () => {
      const r = await capture(repro, ["--tier", "nightly", "--dry-run"])
      expect(r.code).toBe(0)
      expect(r.out).toMatch(/^nightly: 27 run\(s\), 0 cached, 27 to train/)
      expect(r.out).toContain("NOT measured")
    })
  })
})

describe("bad input", () => {
  // Catches: a silently ignored flag (an unknown executor falling back to local, a budget read as 0).
  test.each([
    [["--executor", "kubernetes"], "--executor must be one of local, slurm (was kubernetes)"],
    [["--slurm-args", "--gres=gpu:1"], "--slurm-args needs --executor slurm"],
    [["--json"], "--json goes with --dry-run"],
    [["--budget", "soon"], "--budget must be a positive duration such as 90m, 2h, 1h30m or 3600s (was soon)"],
    [["--max-seeds", "2"], "--max-seeds must be an integer ≥ 3"],
  ])("%p", async (args, message) => {
    const r = await capture(repro, ["--tier", "smoke", ...args])
    expect(r.code).toBe(2)
    expect(r.err).toStartWith("ssl repro: ")
    expect(r.err).toContain(message)
    expect(r.err).not.toContain("    at ")
  })

  test("durations", () => {
    expect([parseDuration("90m"), parseDuration("2h"), parseDuration("1h30m"), parseDuration("3600s"), parseDuration("45")]).toEqual([5400, 7200, 5400, 3600, 45])
    expect(() => parseDuration("0")).toThrow(/positive duration/)
  })
})

describe("ssl runs reindex", () => {
  test("rebuilds the index of an empty store; a store being coordinated is refused", async () => {
    await withRunsDir(async (dir) => {
      const none = await capture(runs, ["reindex"])
      expect(none.code).toBe(2)
      expect(none.err).toContain("no run store at")
      const { mkdirSync, writeFileSync } = await import("node:fs")
      mkdirSync(join(dir, "runs"))
      const ok = await capture(runs, ["reindex", "--json"])
      expect(ok.code).toBe(0)
      expect(JSON.parse(ok.out)).toMatchObject({ runs: 0, done: 0 })
      writeFileSync(join(dir, "runs", "coordinator.lock"), JSON.stringify({ pid: process.pid, host: (await import("node:os")).hostname(), since: "now", what: "a test coordinator" }))
      const locked = await capture(runs, ["reindex"])
      expect(locked.code).toBe(1)
      expect(locked.err).toContain("being coordinated by a test coordinator")
    })
  })
})
