/**
 * `ssl train` / `config` / `runs` / `eval` end to end, in child processes (the real CLI), on Fashion-MNIST with a
 * tiny config: bad input exits 2 and creates nothing; a run killed with SIGKILL in the middle of a checkpoint
 * write resumes cleanly, with every metrics record present exactly once and equal to an uninterrupted run's.
 */
import { afterAll, describe, expect, test } from "bun:test"
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"

const MAIN = join(import.meta.dir, "../src/main.ts")
const work = mkdtempSync(join(tmpdir(), "ssl-cli-"))
afterAll(() => rmSync(work, { recursive: true, force: true }))

// 512 pretraining images, an MLP with a 512-wide layer (so a checkpoint is a few MB and takes a while to
// write), a checkpoint after EVERY step, metrics every 2 steps, a one-epoch probe.
const TINY = join(work, "tiny.ts")
writeFileSync(TINY, `export default {
  data: { dataset: "fashion-mnist", trainLimit: 512, augment: { recipe: "fashion-mnist" } },
  model: { encoder: { kind: "mlp", hidden: [512] }, projector: { hidden: 32, out: 8 } },
  method: { target: { kind: "ema", gamma: 0.9 }, predictor: { kind: "linear" } },
  optimizer: { lr: 0.05 },
  train: { steps: 30, batchSize: 64, seed: 1, logEvery: 2, checkpointEvery: 1 },
  eval: { probe: { epochs: 1, labels: 300 }, knn: { k: 20, labels: 300 } },
}
`)

const env = (runs: string) => ({ ...process.env, SSL_RUNS_DIR: runs, SSL_BACKEND: "" })
const ssl = (args: ReadonlyArray<string>, runs: string) => {
  const r = Bun.spawnSync(["bun", MAIN, ...args], { env: env(runs), stdout: "pipe", stderr: "pipe" })
  return { code: r.exitCode, stdout: r.stdout.toString(), stderr: r.stderr.toString() }
}

describe("bad input: exit code 2, the message names the path, nothing is created", () => {
  const runs = join(work, "runs-bad")
  test.each([
    [["train", TINY, "--set", "optimizer.lr=-1"], "optimizer.lr"],
    [["train", TINY, "--set", "optimizer.lrr=1"], "optimizer.lrr"],
    [["train", TINY, "--set", "method.predictor.eps=0.1"], "method.predictor.eps"],
    [["train", join(work, "missing.ts")], "missing.ts"],
    [["train", TINY, "--frobnicate"], "--frobnicate"],
    [["config", TINY, "--set", "train.batchSize=0"], "train.batchSize"],
    [["runs", "--limit", "x"], "--limit"],
  ])("%p", (args, path) => {
    const r = ssl(args, runs)
    expect(r.code).toBe(2)
    expect(r.stderr).toContain(path)
    expect(existsSync(runs)).toBe(false)
  })

  test("config prints the resolved config and a stable hash", () => {
    const a = ssl(["config", TINY, "--json"], runs)
    const b = ssl(["config", TINY, "--set", "train.seed=1", "--json"], runs) // the same value: the same hash
    const c = ssl(["config", TINY, "--set", "train.seed=2", "--json"], runs)
    expect(a.code).toBe(0)
    const pa = JSON.parse(a.stdout) as { hash: string; config: { optimizer: { momentum: number } } }
    expect(pa.config.optimizer.momentum).toBe(0.9) // a default, applied
    expect(JSON.parse(b.stdout).hash).toBe(pa.hash)
    expect(JSON.parse(c.stdout).hash).not.toBe(pa.hash)
    expect(existsSync(runs)).toBe(false)
  }, 60_000) // three CLI processes: seconds each on a busy machine
})

type Rec = Record<string, unknown> & { step: number }
// Complete lines only: a training run may be appending the last one while a test polls.
const metricsOf = (runs: string, id: string): Rec[] =>
  readFileSync(join(runs, id, "metrics.jsonl"), "utf8").split("\n").slice(0, -1).map((l) => JSON.parse(l) as Rec)

const expectSameMetrics = (a: Rec[], b: Rec[]) => {
  expect(b.map((r) => r.step)).toEqual(a.map((r) => r.step))
  a.forEach((ra, i) => {
    for (const [k, v] of Object.entries(ra)) {
      if (k === "seconds") continue
      const w = b[i]![k]
      const xs = (Array.isArray(v) ? v : [v]) as number[]
      const ys = (Array.isArray(w) ? w : [w]) as number[]
      expect(ys.length).toBe(xs.length)
      xs.forEach((x, j) => expect(Math.abs(x - ys[j]!)).toBeLessThanOrEqual(1e-6))
    }
  })
}

test("SIGKILL during a checkpoint write: resume is clean, no metric lost or duplicated, equal to an uninterrupted run", async () => {
  // the uninterrupted reference
  const refRuns = join(work, "runs-ref")
  const ref = ssl(["train", TINY, "--json"], refRuns)
  expect(ref.code).toBe(0)
  const refSummary = JSON.parse(ref.stdout) as { runId: string; probe: { final: number; best: number }; knn: number }
  expect(Object.keys(refSummary)).toEqual(["runId", "backend", "seconds", "probe", "randomEncoderProbe", "rawPixelProbe", "knn", "metrics"])
  const refMetrics = metricsOf(refRuns, refSummary.runId)
  expect(refMetrics.map((r) => r.step)).toEqual(Array.from({ length: 16 }, (_, i) => 2 * i))

  // the same run, killed while a checkpoint is being written (a temp file is in the checkpoint folder)
  const runs = join(work, "runs-kill")
  const child = Bun.spawn(["bun", MAIN, "train", TINY, "--json"], { env: env(runs), stdout: "pipe", stderr: "pipe" })
  let runId: string | undefined
  let caughtMidWrite = false
  const deadline = Date.now() + 120_000
  while (child.exitCode === null && Date.now() < deadline) {
    if (runId === undefined) runId = existsSync(runs) ? readdirSync(runs).find((n) => /^\d{8}-/.test(n)) : undefined
    if (runId !== undefined) {
      const dir = join(runs, runId, "checkpoints")
      const names = existsSync(dir) ? readdirSync(dir) : []
      const committed = names.filter((n) => n.endsWith(".json")).length
      if (committed >= 1 && names.some((n) => n.includes(".tmp-"))) {
        child.kill("SIGKILL")
        caughtMidWrite = true
        break
      }
    }
    await Bun.sleep(0.5)
  }
  await child.exited
  expect(caughtMidWrite).toBe(true)
  expect(child.signalCode).toBe("SIGKILL")
  const leftovers = readdirSync(join(runs, runId!, "checkpoints"))
  expect(leftovers.some((n) => n.includes(".tmp-"))).toBe(true) // it really died mid-write
  const before = metricsOf(runs, runId!)
  expect(before.length).toBeLessThan(refMetrics.length)

  const resumed = ssl(["train", "--resume", runId!, "--json"], runs)
  expect(resumed.code).toBe(0)
  const summary = JSON.parse(resumed.stdout) as typeof refSummary
  expect(summary.runId).toBe(runId!)
  expectSameMetrics(refMetrics, metricsOf(runs, runId!))
  expect(summary.probe).toEqual(refSummary.probe) // the same weights, the same evaluation
  expect(summary.knn).toBe(refSummary.knn)
  expect(readdirSync(join(runs, runId!, "checkpoints")).some((n) => n.includes(".tmp-"))).toBe(false) // cleaned

  // runs lists it as done; eval re-evaluates its last checkpoint to the same numbers
  const list = ssl(["runs", "--json"], runs)
  const rows = JSON.parse(list.stdout) as Array<{ id: string; status: string }>
  expect(rows.find((r) => r.id === runId)?.status).toBe("done")
  const ev = ssl(["eval", runId!, "--json"], runs)
  expect(ev.code).toBe(0)
  expect(JSON.parse(ev.stdout).probe).toEqual(refSummary.probe)
}, 180_000)

test("Ctrl-C (SIGINT) stops after the current step: exit 130, a checkpoint of that step, status `interrupted`; --resume finishes it", async () => {
  const refRuns = join(work, "runs-ref-int")
  const ref = ssl(["train", TINY, "--json"], refRuns)
  expect(ref.code).toBe(0)
  const refSummary = JSON.parse(ref.stdout) as { runId: string; probe: { final: number; best: number } }

  const runs = join(work, "runs-int")
  const child = Bun.spawn(["bun", MAIN, "train", TINY, "--json"], { env: env(runs), stdout: "pipe", stderr: "pipe" })
  let runId: string | undefined
  const deadline = Date.now() + 120_000
  while (child.exitCode === null && Date.now() < deadline) {
    runId ??= existsSync(runs) ? readdirSync(runs).find((n) => /^\d{8}-/.test(n)) : undefined
    // once a few steps are recorded, press Ctrl-C
    if (runId !== undefined && existsSync(join(runs, runId, "metrics.jsonl")) && metricsOf(runs, runId).length >= 3) {
      child.kill("SIGINT")
      break
    }
    await Bun.sleep(0.5)
  }
  const [code, stderr] = await Promise.all([child.exited, new Response(child.stderr).text()])
  expect(code).toBe(130)
  expect(stderr).toContain("stopping after this step")
  expect(stderr).toContain(`bun run ssl train --resume ${runId}`)
  const rows = JSON.parse(ssl(["runs", "--json"], runs).stdout) as Array<{ id: string; status: string }>
  expect(rows.find((r) => r.id === runId)?.status).toBe("interrupted")
  const partial = metricsOf(runs, runId!)
  expect(partial.length).toBeLessThan(16)

  const resumed = ssl(["train", "--resume", runId!, "--json"], runs)
  expect(resumed.code).toBe(0)
  expectSameMetrics(metricsOf(refRuns, refSummary.runId), metricsOf(runs, runId!))
  expect((JSON.parse(resumed.stdout) as typeof refSummary).probe).toEqual(refSummary.probe)
}, 180_000)
