/**
 * Configs as .ts, .json and .yaml through one schema; `simulate` on a scenario file; `sweep` (plan and a tiny
 * grid actually trained); `train --from-run`. The CLI runs in child processes, as a user runs it.
 */
import { scenarios } from "@ssl/configs"
import { afterAll, describe, expect, test } from "bun:test"
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { stringify } from "yaml"

const MAIN = join(import.meta.dir, "../src/main.ts")
const work = mkdtempSync(join(tmpdir(), "ssl-cfg-"))
afterAll(() => rmSync(work, { recursive: true, force: true }))

const ssl = (args: ReadonlyArray<string>, runs = join(work, "runs")) => {
  const r = Bun.spawnSync(["bun", MAIN, ...args], { env: { ...process.env, SSL_RUNS_DIR: runs, SSL_BACKEND: "" }, stdout: "pipe", stderr: "pipe" })
  return { code: r.exitCode, stdout: r.stdout.toString(), stderr: r.stderr.toString() }
}

// A tiny run: a few steps of a small MLP on 256 images, a one-epoch probe on 200 labels.
const TINY = {
  data: { dataset: "fashion-mnist", trainLimit: 256, augment: { recipe: "fashion-mnist" } },
  model: { encoder: { kind: "mlp", hidden: [32] }, projector: { hidden: 16, out: 8 } },
  method: { target: { kind: "ema", gamma: 0.9 }, predictor: { kind: "linear" } },
  optimizer: { lr: 0.05 },
  train: { steps: 4, batchSize: 32, seed: 1, logEvery: 2, checkpointEvery: 4 },
  eval: { probe: { epochs: 1, labels: 200 }, knn: { k: 10, labels: 200 } },
}
const ts = join(work, "tiny.ts"), json = join(work, "tiny.json"), yaml = join(work, "tiny.yaml")
writeFileSync(ts, `export default ${JSON.stringify(TINY)}\n`)
writeFileSync(json, JSON.stringify(TINY, null, 2))
writeFileSync(yaml, stringify(TINY))

describe("config files", () => {
  test(".ts, .json and .yaml of the same config resolve to the same config and hash", () => {
    const [a, b, c] = [ts, json, yaml].map((f) => ssl(["config", f, "--json"]))
    for (const r of [a, b, c]) expect(r!.code).toBe(0)
    const hash = JSON.parse(a!.stdout).hash
    // Catches a format that skips the schema (defaults not applied → another hash).
    expect(JSON.parse(b!.stdout).hash).toBe(hash)
    expect(JSON.parse(c!.stdout).hash).toBe(hash)
    expect(JSON.parse(ssl(["config", yaml, "--set", "optimizer.lr=0.01", "--json"]).stdout).config.optimizer.lr).toBe(0.01)
  }, 60_000)

  test("a syntax error names file:line:column; a schema error names the path; exit 2", () => {
    const badYaml = join(work, "bad.yaml")
    writeFileSync(badYaml, "train:\n  steps: 4\n  steps: 5\n")
    const r = ssl(["config", badYaml])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain(`${badYaml}:3:3`)
    const badJson = join(work, "bad.json")
    writeFileSync(badJson, '{\n  "train": {\n    "steps": 4,\n  }\n}')
    const j = ssl(["config", badJson])
    expect(j.code).toBe(2)
    expect(j.stderr).toContain(`${badJson}:4:`)
    const wrong = join(work, "wrong.yaml")
    writeFileSync(wrong, stringify({ ...TINY, optimizer: { lr: -1 } }))
    const w = ssl(["config", wrong])
    expect(w.code).toBe(2)
    expect(w.stderr).toContain("optimizer.lr")
    expect(r.stderr + j.stderr + w.stderr).not.toContain("    at ") // no stack frames
  }, 60_000)
})

describe("simulate <scenario-file>", () => {
  test("a YAML copy of a preset scenario gives the preset's trace; --set applies to files too", () => {
    const file = join(work, "scenario.yaml")
    writeFileSync(file, stringify(scenarios["byol-isotropic"]))
    const preset = ssl(["simulate", "byol-isotropic", "--set", "integrator.tEnd=2", "--json"])
    const fromFile = ssl(["simulate", file, "--set", "integrator.tEnd=2", "--json"])
    expect(preset.code).toBe(0)
    expect(fromFile.code).toBe(0)
    // Catches a file whose content or --set is ignored: the traces must be identical, and differ from tEnd's default.
    expect(JSON.parse(fromFile.stdout).trace).toEqual(JSON.parse(preset.stdout).trace)
    expect(JSON.parse(fromFile.stdout).trace).not.toEqual(JSON.parse(ssl(["simulate", file, "--json"]).stdout).trace)
    const bad = join(work, "bad-scenario.json")
    writeFileSync(bad, JSON.stringify({ ...scenarios["byol-isotropic"], eta: -1 }))
    const r = ssl(["simulate", bad])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain("eta")
  }, 60_000)
})

describe("sweep", () => {
  test("--dry-run prints the grid in row-major order, validates every point, trains nothing", () => {
    const runs = join(work, "runs-dry")
    const r = ssl(["sweep", yaml, "--set", "optimizer.lr=[0.01,0.03]", "--set", "model.encoder.hidden=[[16],[32]]", "--set", "train.seed=3", "--dry-run", "--json"], runs)
    expect(r.code).toBe(0)
    const plan = JSON.parse(r.stdout) as { fixed: Array<string>; points: Array<{ point: Record<string, unknown>; hash: string }> }
    expect(plan.fixed).toEqual(["train.seed=3"])
    // Catches a list-valued config key (hidden) taken as an axis of numbers, or axes crossed in the wrong order.
    expect(plan.points.map((p) => p.point)).toEqual([
      { "optimizer.lr": 0.01, "model.encoder.hidden": [16] }, { "optimizer.lr": 0.01, "model.encoder.hidden": [32] },
      { "optimizer.lr": 0.03, "model.encoder.hidden": [16] }, { "optimizer.lr": 0.03, "model.encoder.hidden": [32] },
    ])
    expect(new Set(plan.points.map((p) => p.hash)).size).toBe(4)
    // A list for a list-valued key is one value, applied to every point (not an axis of widths).
    const widths = JSON.parse(ssl(["sweep", yaml, "--set", "optimizer.lr=[0.01,0.03]", "--set", "model.encoder.hidden=[64,64]", "--dry-run", "--json"], runs).stdout)
    expect(widths.fixed).toEqual(["model.encoder.hidden=[64,64]"])
    expect(widths.points).toHaveLength(2)
    expect(existsSync(runs)).toBe(false)
    const bad = ssl(["sweep", yaml, "--set", "optimizer.lr=[0.01,-1]", "--dry-run"], runs)
    expect(bad.code).toBe(2) // one bad point: nothing runs
    expect(bad.stderr).toContain("optimizer.lr")
    expect(ssl(["sweep", yaml, "--set", "optimizer.lr=0.01"], runs).code).toBe(2) // no axis
    expect(ssl(["sweep", yaml, "--set", "optimizer.lr=[0.01]", "--jobs", "0"], runs).code).toBe(2)
    expect(existsSync(runs)).toBe(false)
  }, 60_000)

  test("trains every point, and train --from-run retrains one from its own config.json", () => {
    const runs = join(work, "runs-sweep")
    const r = ssl(["sweep", json, "--set", "optimizer.lr=[0.01,0.03,0.1]", "--jobs", "2", "--json"], runs)
    expect(r.code).toBe(0)
    const out = JSON.parse(r.stdout.trim().split("\n").at(-1)!) as { results: Array<{ point: Record<string, number>; exitCode: number; summary: { runId: string } }> }
    // Two workers, three points: every point trains once, results in plan order (catches a pool that drops or
    // repeats a point when the workers race for the next one).
    expect(out.results.map((x) => [x.point["optimizer.lr"], x.exitCode])).toEqual([[0.01, 0], [0.03, 0], [0.1, 0]])
    expect(new Set(out.results.map((x) => x.summary.runId)).size).toBe(3)
    expect(readdirSync(runs).filter((n) => /^\d{8}-/.test(n))).toHaveLength(3)
    const [first] = out.results
    const config = JSON.parse(readFileSync(join(runs, first!.summary.runId, "config.json"), "utf8"))
    expect(config.optimizer.lr).toBe(0.01)
    const again = ssl(["train", "--from-run", first!.summary.runId, "--set", "train.steps=2", "--json"], runs)
    expect(again.code).toBe(0)
    const id = JSON.parse(again.stdout).runId as string
    const retrained = JSON.parse(readFileSync(join(runs, id, "config.json"), "utf8"))
    // Catches --from-run reading another config (the preset, the first point's defaults): only steps differ.
    expect({ ...retrained, train: { ...retrained.train, steps: 4 } }).toEqual(config)
    expect(retrained.train.steps).toBe(2)
    expect(ssl(["train", "--from-run", "nope"], runs).stderr).toContain("nope")
  }, 240_000)
})
