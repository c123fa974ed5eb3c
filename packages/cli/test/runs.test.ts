/**
 * `ssl runs` and its subcommands (show, diff, rm, gc, export) on a store made by hand in a temp folder: three
 * finished runs of the byol preset (one with optimizer.lr overridden, one a DirectPred run), a failed run, an
 * orphan folder and a dangling index row. In-process through the command, SSL_RUNS_DIR pointing at the store.
 */
import { loadConfigFile } from "@ssl/configs"
import { RunStore } from "@ssl/core"
import { afterAll, beforeEach, describe, expect, test } from "bun:test"
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { tableFromIPC } from "apache-arrow"
import { readParquet } from "parquet-wasm"
import { runs } from "../src/commands/runs.ts"
import { capture } from "./capture.ts"

const PRESET = join(import.meta.dir, "../../../configs/fashion-mnist/byol.ts")
const work = mkdtempSync(join(tmpdir(), "ssl-runs-"))
const root = join(work, "runs")
const saved = process.env["SSL_RUNS_DIR"]
process.env["SSL_RUNS_DIR"] = root
afterAll(() => {
  if (saved === undefined) delete process.env["SSL_RUNS_DIR"]
  else process.env["SSL_RUNS_DIR"] = saved
  rmSync(work, { recursive: true, force: true })
})

const summary = (probe: number) => ({
  probe: { final: probe, best: probe + 0.01 }, randomEncoderProbe: 0.8, rawPixelProbe: 0.83, knn: probe - 0.05,
  metrics: { initial: { alignment: 0.01, asymmetry: 1.4, zStd: 0.8, effectiveRank: 16 }, final: { alignment: 0.99, asymmetry: 1.0, zStd: 0.4, effectiveRank: 2 } },
  steps: 1000, seconds: 95, backend: "blas",
})

let ids: { base: string; lr: string; dp: string; failed: string; dangling: string }

/** A fresh store: done runs (base, lr override, DirectPred), a failed run, an orphan folder, a dangling row. */
const makeStore = async () => {
  rmSync(root, { recursive: true, force: true })
  const base = await loadConfigFile(PRESET)
  const lr = await loadConfigFile(PRESET, ["optimizer.lr=0.03"])
  const dp = await loadConfigFile(PRESET, ["method.predictor.kind=directpred"])
  using store = RunStore.open(root)
  const make = (config: unknown, hash: string, label: string | null) =>
    store.create({ config, configHash: hash, backend: { name: "cpu" }, seed: 0, codeVersion: "code1", ...(label === null ? {} : { label: PRESET }) })
  const a = make(base, "a".repeat(64), PRESET)
  for (const step of [0, 500, 1000]) a.appendMetrics({ step, loss: -1 + step / 2000, alignment: step === 0 ? Number.NaN : 0.9, fEigenvalues: [2, 1] })
  a.finish({ probe: summary(0.78).probe }, summary(0.78))
  const b = make(lr, "b".repeat(64), PRESET)
  b.finish({}, summary(0.74))
  const c = make(dp, "c".repeat(64), PRESET)
  c.finish({}, summary(0.8))
  const f = make(base, "d".repeat(64), PRESET)
  f.appendMetrics({ step: 0, loss: -0.5 })
  f.appendMetrics({ step: 50, loss: -0.6 })
  f.setStatus("failed")
  const g = make(base, "e".repeat(64), PRESET)
  g.setStatus("interrupted")
  rmSync(g.dir, { recursive: true })
  mkdirSync(join(root, "orphan-run"))
  writeFileSync(join(root, "orphan-run", "config.json"), "{}")
  mkdirSync(join(root, "notes")) // not a run folder: gc must leave it
  ids = { base: a.id, lr: b.id, dp: c.id, failed: f.id, dangling: g.id }
}

const json = async (argv: ReadonlyArray<string>) => {
  const r = await capture(runs, argv)
  expect(r.code).toBe(0)
  return JSON.parse(r.out) as Array<Record<string, any>>
}

describe("ssl runs (list)", () => {
  beforeEach(makeStore)

  test("each run's method, dataset, steps, status, duration, overrides and probe", async () => {
    const all = await json(["--json"])
    const byId = new Map(all.map((e) => [e["id"], e]))
    expect(byId.get(ids.base)).toMatchObject({ status: "done", method: "ema0.99/linear", dataset: "fashion-mnist", steps: 1000, totalSteps: 1000, seconds: 95, overrides: [], probe: { final: 0.78 } })
    // Catches overrides computed against the wrong side or not at all: the lr run must name exactly its change.
    expect(byId.get(ids.lr)!["overrides"]).toEqual(["optimizer.lr=0.03"])
    expect(byId.get(ids.dp)!["method"]).toBe("ema0.99/directpred")
    // A changed kind stands for its object (catches listing every default of the new predictor as an override).
    expect(byId.get(ids.dp)!["overrides"]).toEqual(["method.predictor.kind=directpred"])
    // A run that did not finish reports the last recorded step (catches reading steps from the summary only).
    expect(byId.get(ids.failed)).toMatchObject({ status: "failed", steps: 50, totalSteps: 1000 })
    const table = await capture(runs, [])
    expect(table.code).toBe(0)
    for (const word of ["method", "duration", "overrides", "ema0.99/directpred", "optimizer.lr=0.03", "1 min 35 s", "78.0/79.0"]) expect(table.out).toContain(word)
  })

  test("filters: --status, --method, --config (label or hash prefix), --limit", async () => {
    // Each filter is checked against a set it must exclude from: dropping a filter makes the count wrong.
    expect((await json(["--json", "--status", "failed"])).map((e) => e["id"])).toEqual([ids.failed])
    expect((await json(["--json", "--method", "directpred"])).map((e) => e["id"])).toEqual([ids.dp])
    expect((await json(["--json", "--config", "bbbb"])).map((e) => e["id"])).toEqual([ids.lr])
    expect(await json(["--json", "--config", "byol.ts"])).toHaveLength(5)
    expect(await json(["--json", "--config", "simsiam"])).toHaveLength(0)
    expect(await json(["--json", "--limit", "2"])).toHaveLength(2)
  })

  test("bad input exits 2 with a message", async () => {
    for (const [argv, word] of [[["--status", "nope"], "--status"], [["frobnicate"], "frobnicate"], [["show"], "one run id"], [["show", "nope"], "nope"],
      [["diff", ids.base], "two run ids"], [["export", "--format", "xlsx"], "--format"], [["export", "--format", "parquet"], "--out"], [["gc", "--older-than", "-1"], "--older-than"]] as const) {
      const r = await capture(runs, argv)
      expect(r.code).toBe(2)
      expect(r.err).toContain(word)
    }
  })
})

describe("ssl runs show / diff", () => {
  beforeEach(makeStore)

  test("show prints the run, its probe and every config value", async () => {
    const r = await capture(runs, ["show", ids.lr])
    expect(r.code).toBe(0)
    for (const word of [ids.lr, "done", "optimizer.lr=0.03", "optimizer.lr = 0.03", "train.steps = 1000", "final 0.7400", "alignment"]) expect(r.out).toContain(word)
    const j = JSON.parse((await capture(runs, ["show", ids.lr, "--json"])).out)
    expect(j.config.optimizer.lr).toBe(0.03)
    expect(j.run.id).toBe(ids.lr)
  })

  test("diff names exactly the config values that differ, and the results with B − A", async () => {
    const j = JSON.parse((await capture(runs, ["diff", ids.base, ids.lr, "--json"])).out)
    // Catches a diff that compares a run with itself or drops changed leaves.
    expect(j.config).toEqual([{ path: "optimizer.lr", a: 0.05, b: 0.03 }])
    expect(j.results).toContainEqual({ path: "probe.final", a: 0.78, b: 0.74 })
    expect(j.results.map((c: { path: string }) => c.path)).not.toContain("steps")
    const text = (await capture(runs, ["diff", ids.base, ids.lr])).out
    expect(text).toContain("optimizer.lr")
    expect(text).toContain("0.05 → 0.03")
    expect(text).toContain("(-0.0400)")
  })
})

describe("ssl runs rm / gc", () => {
  beforeEach(makeStore)

  test("rm deletes the row and the folder; one unknown id deletes nothing; running needs --force", async () => {
    const bad = await capture(runs, ["rm", ids.base, "nope"])
    expect(bad.code).toBe(2)
    expect(existsSync(join(root, ids.base))).toBe(true) // catches deleting before every id is checked
    const ok = await capture(runs, ["rm", ids.base, ids.lr])
    expect(ok.code).toBe(0)
    const left = (await json(["--json"])).map((e) => e["id"])
    expect(left).not.toContain(ids.base)
    expect(existsSync(join(root, ids.base))).toBe(false)
    using store = RunStore.open(root)
    const live = store.create({ config: {}, configHash: "f".repeat(64), backend: null, seed: 0, codeVersion: "x" })
    expect((await capture(runs, ["rm", live.id])).code).toBe(2) // catches removing a live run's folder under it
    expect(existsSync(live.dir)).toBe(true)
    expect((await capture(runs, ["rm", live.id, "--force"])).code).toBe(0)
    expect(existsSync(live.dir)).toBe(false)
  })

  test("gc: a dry run removes nothing; --yes removes old failed runs, orphans and dangling rows, never done runs", async () => {
    const dry = await capture(runs, ["gc", "--older-than", "0"])
    expect(dry.code).toBe(0)
    for (const id of [ids.failed, "orphan-run", ids.dangling]) expect(dry.out).toContain(`would remove ${id}`)
    expect(dry.out).not.toContain("notes")
    expect(existsSync(join(root, ids.failed))).toBe(true) // catches a dry run that applies
    // The failed run is minutes old: with the default age (7 days) it stays.
    expect((await capture(runs, ["gc"])).out).not.toContain(ids.failed)
    const wet = await capture(runs, ["gc", "--older-than", "0", "--yes"])
    expect(wet.out.split("\n").filter((l) => l.startsWith("removed"))).toHaveLength(3)
    expect(existsSync(join(root, ids.failed))).toBe(false)
    expect(existsSync(join(root, "orphan-run"))).toBe(false)
    expect(existsSync(join(root, "notes"))).toBe(true)
    const left = (await json(["--json"])).map((e) => e["id"]).sort()
    expect(left).toEqual([ids.base, ids.lr, ids.dp].sort())
  })
})

describe("ssl runs export", () => {
  beforeEach(makeStore)

  test("parquet, read back by an independent reader (parquet-wasm, Rust's parquet crate) as the CSV says", async () => {
    const out = join(work, "runs.parquet")
    const r = await capture(runs, ["export", "--format", "parquet", "--out", out, "--status", "done"])
    expect(r.code).toBe(0)
    const table = tableFromIPC(readParquet(readFileSync(out)).intoIPCStream())
    expect(table.numRows).toBe(3)
    const rows = table.toArray().map((row) => row.toJSON() as Record<string, unknown>)
    const lr = rows.find((row) => row["id"] === ids.lr)!
    // Catches a writer that shifts, retypes or drops columns: values and Arrow types must come back exact.
    expect(lr["config.optimizer.lr"]).toBe(0.03)
    expect(lr["probe.final"]).toBe(0.74)
    expect(lr["overrides"]).toBe("optimizer.lr=0.03")
    expect(lr["config.method.symmetrize"]).toBe(false)
    expect(lr["config.model.encoder.hidden"]).toBe("[512,512]")
    expect(String(table.schema.fields.find((f) => f.name === "probe.final")!.type)).toBe("Float64")
    expect(String(table.schema.fields.find((f) => f.name === "config.method.symmetrize")!.type)).toBe("Bool")
    // The same table as CSV: same header, same cells.
    const csv = (await capture(runs, ["export", "--format", "csv", "--status", "done"])).out.split("\n")
    expect(csv[0]!.split(",")).toEqual(table.schema.fields.map((f) => f.name))
    const csvLr = csv.find((l) => l.startsWith(ids.lr))!
    expect(csvLr).toContain(",0.03,")
    expect(csvLr).toContain('"[512,512]"')
  })

  test("--metrics: one row per recorded step, trace keys as columns, non-finite values as null", async () => {
    const out = join(work, "metrics.parquet")
    expect((await capture(runs, ["export", "--format", "parquet", "--metrics", "--out", out, "--status", "done"])).code).toBe(0)
    const table = tableFromIPC(readParquet(readFileSync(out)).intoIPCStream())
    const rows = table.toArray().map((row) => row.toJSON() as Record<string, unknown>)
    // Only the base run recorded metrics among the done runs: its three records, in order.
    expect(rows.map((r) => [r["run"], r["step"], r["loss"]])).toEqual([[ids.base, 0, -1], [ids.base, 500, -0.75], [ids.base, 1000, -0.5]])
    // Catches "NaN" kept as a string (the column would turn into text) or dropped rows.
    expect(rows.map((r) => r["alignment"])).toEqual([null, 0.9, 0.9])
    expect(String(table.schema.fields.find((f) => f.name === "alignment")!.type)).toBe("Float64")
    expect(rows[0]!["fEigenvalues"]).toBe("[2,1]")
  })
})
