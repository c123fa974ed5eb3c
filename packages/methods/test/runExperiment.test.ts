import { afterAll, expect, test } from "bun:test"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { type ImageDataset, RunStore, tf } from "@ssl/core"
import { Effect } from "effect"
import type { ExperimentConfig } from "../src/experiment/ExperimentConfig.ts"
import { runExperiment } from "../src/experiment/runExperiment.ts"
import { Diverged } from "../src/train/errors.ts"
import { silentProgress } from "../src/train/Progress.ts"
import { trainRecords } from "../src/train/runSink.ts"
import { tinyImages } from "./helpers/tiny.ts"

const root = mkdtempSync(join(tmpdir(), "ssl-exp-"))
afterAll(() => rmSync(root, { recursive: true, force: true }))

const dataset: ImageDataset = {
  name: "fashion-mnist", shape: [6, 6, 1], numClasses: 3, classNames: ["a", "b", "c"],
  train: tinyImages(96, 1), test: tinyImages(48, 2), source: "synthetic (test)",
}

const config = (patch: Partial<ExperimentConfig> = {}): ExperimentConfig => ({
  data: { dataset: "fashion-mnist", unlabeled: 0, augment: { recipe: "fashion-mnist", crop: null, translate: 1 } },
  model: { encoder: { kind: "mlp", hidden: [16] }, projector: { hidden: 12, out: 4, batchNorm: true } },
  method: { target: { kind: "ema", gamma: 0.9 }, predictor: { kind: "linear", bias: false }, symmetrize: false, loss: "cosine", targetInit: "copy" },
  optimizer: { lr: 0.05, momentum: 0.9, weightDecay: 4e-4, predictor: { lrMultiplier: 1, weightDecay: 4e-4 } },
  train: { steps: 8, batchSize: 16, seed: 0, logEvery: 2, checkpointEvery: 4 },
  eval: { probe: { epochs: 2, lr: 3e-4, weightDecay: 1e-3, batchSize: 32 }, knn: { k: 10 } },
  runtime: { backend: "cpu" },
  ...patch,
})

test("runExperiment: a run folder with metrics, checkpoints and results; the index row is done with the summary", async () => {
  const before = tf.memory().numTensors
  using store = RunStore.open(join(root, "ok"))
  const r = await Effect.runPromise(runExperiment(config(), { store, configHash: "h-ok", dataset, progress: silentProgress }))
  expect(r.steps).toBe(8)
  expect(r.metrics.initial).toEqual({ alignment: r.initialRecord.alignment, asymmetry: r.initialRecord.asymmetry, zStd: r.initialRecord.zStd, effectiveRank: r.initialRecord.effectiveRank })
  for (const acc of [r.probe.final, r.probe.best, r.randomEncoderProbe, r.rawPixelProbe, r.knn]) {
    expect(acc).toBeGreaterThanOrEqual(0)
    expect(acc).toBeLessThanOrEqual(1)
  }
  expect(r.probe.best).toBeGreaterThanOrEqual(r.probe.final)
  const run = await Effect.runPromise(store.open(r.runId))
  expect(run.row.status).toBe("done")
  expect(run.metrics().map((m) => m.step)).toEqual([0, 2, 4, 6, 8])
  // the series it recorded comes back in the result, so callers need not re-read metrics.jsonl
  // (mutation caught: returning results.json's content without `records`)
  expect(r.records.map((m) => m.step)).toEqual([0, 2, 4, 6, 8])
  expect(r.records.map((m) => m.loss)).toEqual(run.metrics().map((m) => m["loss"] as number))
  expect(r.records[0]).toEqual(r.initialRecord)
  expect("records" in (run.results() as object)).toBe(false) // results.json does not duplicate metrics.jsonl
  expect(run.checkpoints().map((c) => c.step)).toEqual([4, 8])
  expect((run.results() as { runId: string }).runId).toBe(r.runId)
  expect(tf.memory().numTensors).toBe(before)
})

test("runExperiment: divergence fails with Diverged and marks the run diverged, keeping its last good checkpoint", async () => {
  using store = RunStore.open(join(root, "nan"))
  const bad = config({
    method: { target: { kind: "ema", gamma: 0.9 }, predictor: { kind: "linear", bias: false }, symmetrize: false, loss: "mse", targetInit: "copy" },
    optimizer: { lr: 1e3, momentum: 0.9, weightDecay: 0, predictor: { lrMultiplier: 1, weightDecay: 0 } },
    train: { steps: 40, batchSize: 16, seed: 0, logEvery: 1, checkpointEvery: 1 },
  })
  let runId = ""
  const error = await Effect.runPromise(Effect.flip(runExperiment(bad, {
    store, configHash: "h-nan", dataset, progress: silentProgress, onRun: (run) => void (runId = run.id),
  })))
  expect(error).toBeInstanceOf(Diverged)
  const run = await Effect.runPromise(store.open(runId))
  expect(run.row.status).toBe("diverged")
  expect(run.row.summary["divergedAt"]).toBe((error as Diverged).step)
  const last = run.checkpoints().at(-1)
  expect(last).toBeDefined()
  expect(last!.step).toBeLessThan((error as Diverged).step)
})

test("runExperiment --resume with another config is refused (ResumeFailed)", async () => {
  using store = RunStore.open(join(root, "resume"))
  const r = await Effect.runPromise(runExperiment(config(), { store, configHash: "h-a", dataset, progress: silentProgress }))
  const e = await Effect.runPromise(Effect.flip(runExperiment(config(), { store, configHash: "h-b", dataset, resume: r.runId, progress: silentProgress })))
  expect(e._tag).toBe("ResumeFailed")
  expect(e.message).toContain(r.runId)
})

test("trainRecords reads a stored run's series as the trainer recorded it: NaN and ±Infinity are numbers again", () => {
  // Mutation caught: reading metrics.jsonl as stored (its "NaN"/"Infinity" strings in numeric fields: a cached run's
  // series would then differ from the one a fresh run returns, and `sum + "NaN"` concatenates).
  const stored = { metrics: () => [{ step: 0, loss: "NaN", zStd: "Infinity", eigF: [1, "-Infinity"], effectiveRank: 2 }] }
  expect(trainRecords(stored as unknown as Parameters<typeof trainRecords>[0])).toEqual([
    { step: 0, loss: Number.NaN, zStd: Number.POSITIVE_INFINITY, eigF: [1, Number.NEGATIVE_INFINITY], effectiveRank: 2 },
  ] as unknown as ReturnType<typeof trainRecords>)
})
