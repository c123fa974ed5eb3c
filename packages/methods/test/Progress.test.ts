import { expect, test } from "bun:test"
import { runTraining } from "../src/train/train.ts"
import { tf } from "@ssl/core"
import { jsonLinesProgress, ttyProgress } from "../src/train/Progress.ts"
import { evaluate, type EvalPhase } from "../src/eval/evaluate.ts"
import { SslModel } from "../src/method/SslModel.ts"
import { TINY_SHAPE, tinyImages, tinyModel, tinyTrain } from "./helpers/tiny.ts"

test("JSON-lines progress: one parseable object per metrics record, scalars only; the TTY bar shows rate, loss, ETA", () => {
  const lines: string[] = []
  const bar: string[] = []
  const opts = tinyTrain(tinyModel(), { steps: 4, logEvery: 2 })
  const m = new SslModel(opts.model)
  runTraining({ ...opts, progress: jsonLinesProgress((s) => void lines.push(s)) }, m)
  const events = lines.map((l) => JSON.parse(l) as { event: string; step?: number; fEigenvalues?: unknown })
  expect(events.map((e) => e.event)).toEqual(["train.start", "train.metrics", "train.metrics", "train.metrics", "train.end"])
  expect(events.filter((e) => e.event === "train.metrics").map((e) => e.step)).toEqual([0, 2, 4])
  expect(events.every((e) => e.fEigenvalues === undefined)).toBe(true)

  const tty = ttyProgress((s) => void bar.push(s))
  runTraining({ ...opts, progress: tty }, m)
  const last = bar.filter((s) => s.startsWith("\r")).at(-1)!
  expect(last).toContain("4/4")
  expect(last).toMatch(/it\/s loss -?\d+\.\d{4} ETA/)
  m.dispose()
})

test("JSON-lines progress prints numbers at 4 significant digits at most (no float noise in a log)", () => {
  // Mutation caught: writing the record's raw float32-derived numbers (16–17 digits) into the JSON lines.
  const lines: string[] = []
  const opts = tinyTrain(tinyModel(), { steps: 4, logEvery: 2 })
  const m = new SslModel(opts.model)
  runTraining({ ...opts, progress: jsonLinesProgress((s) => void lines.push(s)) }, m)
  m.dispose()
  const numbers = lines.flatMap((l) => Object.values(JSON.parse(l) as Record<string, unknown>)).filter((v): v is number => typeof v === "number")
  expect(numbers.filter((x) => !Number.isInteger(x)).length).toBeGreaterThan(3)
  for (const x of numbers) expect(Number(x.toPrecision(4))).toBe(x)
  // No float noise in the text either: five or more digits after the point beyond the leading zeros (0.006137 is
  // 4 significant digits; 0.1234567 or 12.34567 is noise).
  for (const l of lines) expect(l).not.toMatch(/[1-9]\d*\.\d*\d{5,}|0\.0*[1-9]\d{4,}/)
})

test("the evaluation reports its phases in order; floors shared from an earlier run are not announced", () => {
  // Mutation caught: an evaluation that runs silently (no onPhase calls), or that announces floors it does not compute.
  const before = tf.memory().numTensors
  const trained = new SslModel(tinyModel())
  const random = new SslModel(tinyModel({}, { seed: 11 }))
  const data = { train: tinyImages(48, 1), test: tinyImages(24, 2), shape: TINY_SHAPE, numClasses: 3 }
  const spec = { probe: { epochs: 1, lr: 1e-3, weightDecay: 0, batchSize: 16 }, knn: { k: 3 } }
  const phases: EvalPhase[] = []
  const first = evaluate({ encoder: trained.online.encoder, randomEncoder: random.online.encoder, data, spec, seed: 0, onPhase: (p) => void phases.push(p) })
  expect(phases).toEqual(["features", "probe", "kNN", "floors (random encoder)", "floors (raw pixels)"])
  phases.length = 0
  evaluate({
    encoder: trained.online.encoder, randomEncoder: random.online.encoder, data, spec, seed: 0, onPhase: (p) => void phases.push(p),
    baselines: { randomEncoder: first.randomEncoder, rawPixels: first.rawPixels },
  })
  expect(phases).toEqual(["features", "probe", "kNN"])
  trained.dispose()
  random.dispose()
  expect(tf.memory().numTensors).toBe(before)
})
