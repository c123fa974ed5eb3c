/**
 * metrics.jsonl: one JSON object per line, each with an integer `step`, appended (O_APPEND) as training goes.
 *
 * The resume rule (so metrics are never lost nor duplicated): a checkpoint at step s covers every step ≤ s,
 * and the trainer writes a step's metrics BEFORE the checkpoint of that step. On resume from the checkpoint
 * at step s, `truncateMetrics(file, s)` keeps exactly the complete lines with step ≤ s (in file order) and
 * drops the rest: lines of steps after s (they will be recomputed) and a torn last line (a crash mid-append).
 * The truncation itself is an atomic file replacement.
 */
import { appendFileSync, existsSync, readFileSync } from "node:fs"
import { writeFileAtomic } from "./atomicWrite.ts"

/** One line of metrics.jsonl. `step` is required; the rest is whatever the trainer records (JSON values). */
export interface MetricsLine {
  readonly step: number
  readonly [key: string]: unknown
}

/** Appends one record as a line. NaN/±Infinity become null in JSON, so they are written as strings. */
export const appendMetrics = (file: string, record: MetricsLine): void => {
  if (!(Number.isInteger(record.step) && record.step >= 0)) throw new RangeError(`a metrics record needs an integer step >= 0 (was ${record.step})`)
  appendFileSync(file, `${JSON.stringify(record, nonFinite)}\n`)
}

const nonFinite = (_key: string, v: unknown): unknown => (typeof v === "number" && !Number.isFinite(v) ? String(v) : v)

/** Parses the complete, valid lines of a metrics file (a torn or invalid line is skipped, with its number). */
export const readMetrics = (file: string): { readonly records: MetricsLine[]; readonly skippedLines: number[] } => {
  if (!existsSync(file)) return { records: [], skippedLines: [] }
  const text = readFileSync(file, "utf8")
  const lines = text.split("\n")
  const records: MetricsLine[] = []
  const skippedLines: number[] = []
  lines.forEach((line, i) => {
    if (line === "") return
    // The last piece has no newline: an append that did not finish.
    if (i === lines.length - 1) {
      skippedLines.push(i + 1)
      return
    }
    try {
      const r = JSON.parse(line) as MetricsLine
      if (Number.isInteger(r?.step)) records.push(r)
      else skippedLines.push(i + 1)
    } catch {
      skippedLines.push(i + 1)
    }
  })
  return { records, skippedLines }
}

/** Keeps the records with step ≤ `step` (the resume rule above); returns how many lines were dropped. */
export const truncateMetrics = (file: string, step: number): { readonly kept: number; readonly dropped: number } => {
  if (!existsSync(file)) return { kept: 0, dropped: 0 }
  const { records, skippedLines } = readMetrics(file)
  const kept = records.filter((r) => r.step <= step)
  writeFileAtomic(file, kept.map((r) => `${JSON.stringify(r)}\n`).join(""))
  return { kept: kept.length, dropped: records.length - kept.length + skippedLines.length }
}
