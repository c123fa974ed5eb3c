import { describe, expect, test } from "bun:test"
import { appendFileSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { appendMetrics, readMetrics, truncateMetrics } from "../../src/runs/metricsLog.ts"
import { tempDir } from "../data/fixtures.ts"

describe("metrics.jsonl", () => {
  test("append and read back; every line has its step; non-finite numbers survive as strings", () => {
    using dir = tempDir("ssl-metrics-")
    const f = join(dir.path, "metrics.jsonl")
    appendMetrics(f, { step: 0, loss: -1.5, eig: [1, 0.5] })
    appendMetrics(f, { step: 10, loss: Number.NaN, zStd: Infinity })
    expect(readMetrics(f).records).toEqual([{ step: 0, loss: -1.5, eig: [1, 0.5] }, { step: 10, loss: "NaN", zStd: "Infinity" }])
    expect(() => appendMetrics(f, { step: 1.5 })).toThrow(/integer step/)
  })

  test("resume rule: keep the lines with step <= the checkpoint's step, drop later ones and a torn last line", () => {
    using dir = tempDir("ssl-metrics-")
    const f = join(dir.path, "metrics.jsonl")
    for (const step of [0, 10, 20, 30, 40]) appendMetrics(f, { step, loss: -step })
    appendFileSync(f, '{"step":50,"lo') // killed mid-append
    const { records, skippedLines } = readMetrics(f)
    expect(records.map((r) => r.step)).toEqual([0, 10, 20, 30, 40])
    expect(skippedLines).toEqual([6])
    expect(truncateMetrics(f, 20)).toEqual({ kept: 3, dropped: 3 })
    expect(readFileSync(f, "utf8")).toBe('{"step":0,"loss":0}\n{"step":10,"loss":-10}\n{"step":20,"loss":-20}\n')
    // Resuming re-appends steps 30.. exactly once.
    for (const step of [30, 40, 50]) appendMetrics(f, { step, loss: -step })
    expect(readMetrics(f).records.map((r) => r.step)).toEqual([0, 10, 20, 30, 40, 50])
  })

  test("truncating to -1 (no checkpoint: restart) empties the file; a missing file is fine", () => {
    using dir = tempDir("ssl-metrics-")
    const f = join(dir.path, "metrics.jsonl")
    expect(truncateMetrics(f, 5)).toEqual({ kept: 0, dropped: 0 })
    appendMetrics(f, { step: 0 })
    truncateMetrics(f, -1)
    expect(readFileSync(f, "utf8")).toBe("")
  })
})
