import { expect, test } from "bun:test"
import { runTraining } from "../src/train/train.ts"
import { jsonLinesProgress, ttyProgress } from "../src/train/Progress.ts"
import { SslModel } from "../src/method/SslModel.ts"
import { tinyModel, tinyTrain } from "./helpers/tiny.ts"

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
