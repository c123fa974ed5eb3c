/**
 * The export table: one row per run, columns in a fixed order — the run's identity and headline results,
 * then every config value as `config.<path>` (the union over the runs; a value a run lacks is null).
 * Each column has one type: number, boolean, or string (arrays are JSON strings).
 */
import type { RunEntry } from "./entry.ts"
import { flatten, type Leaf } from "./flatten.ts"

export type Cell = string | number | boolean | null

export interface Column {
  readonly name: string
  readonly type: "number" | "boolean" | "string"
  readonly values: ReadonlyArray<Cell>
}

const finite = (x: number | undefined): number | null => (x === undefined || !Number.isFinite(x) ? null : x)

const fixed: ReadonlyArray<readonly [string, (e: RunEntry) => Cell]> = [
  ["id", (e) => e.id],
  ["status", (e) => e.status],
  ["createdAt", (e) => e.createdAt],
  ["label", (e) => e.label],
  ["method", (e) => e.method ?? null],
  ["dataset", (e) => e.dataset ?? null],
  ["steps", (e) => finite(e.steps)],
  ["totalSteps", (e) => finite(e.totalSteps)],
  ["seconds", (e) => finite(e.seconds)],
  ["overrides", (e) => (e.overrides === undefined ? null : e.overrides.join(" "))],
  ["probe.final", (e) => finite(e.probe?.final)],
  ["probe.best", (e) => finite(e.probe?.best)],
  ["randomEncoderProbe", (e) => finite(e.randomEncoderProbe)],
  ["knn", (e) => finite(e.knn)],
  ["final.alignment", (e) => finite(e.final?.["alignment"])],
  ["final.asymmetry", (e) => finite(e.final?.["asymmetry"])],
  ["final.zStd", (e) => finite(e.final?.["zStd"])],
  ["final.effectiveRank", (e) => finite(e.final?.["effectiveRank"])],
  ["configHash", (e) => e.configHash],
  ["codeVersion", (e) => e.codeVersion],
]

const cellOf = (x: Leaf | undefined): Cell =>
  x === undefined ? null : Array.isArray(x) ? JSON.stringify(x) : (x as Cell)

const typeOf = (values: ReadonlyArray<Cell>): Column["type"] => {
  const present = values.filter((v) => v !== null)
  if (present.length > 0 && present.every((v) => typeof v === "number")) return "number"
  if (present.length > 0 && present.every((v) => typeof v === "boolean")) return "boolean"
  return "string"
}

/** Mixed columns become strings, so that every column has one type. */
const column = (name: string, values: ReadonlyArray<Cell>): Column => {
  const type = typeOf(values)
  return { name, type, values: type === "string" ? values.map((v) => (v === null || typeof v === "string" ? v : String(v))) : values }
}

/**
 * The metrics table: one row per (run, record of its metrics.jsonl), columns `run` then every trace key (step,
 * epoch, seconds, loss, alignment, …; eigenvalue lists as JSON strings). A non-finite value ("NaN") is null.
 */
export const metricsTable = (runs: ReadonlyArray<{ readonly id: string; readonly records: ReadonlyArray<Readonly<Record<string, unknown>>> }>): Array<Column> => {
  const rows = runs.flatMap((r) => r.records.map((record) => ({ run: r.id, ...record })))
  const keys = [...new Set(rows.flatMap((row) => Object.keys(row)))]
  const cell = (v: unknown): Cell =>
    typeof v === "string" && ["NaN", "Infinity", "-Infinity"].includes(v) ? null : cellOf(v as Leaf | undefined)
  return keys.map((k) => column(k, rows.map((row) => cell((row as Record<string, unknown>)[k]))))
}

/** `configs[i]` is the config.json of `entries[i]` (undefined if missing). */
export const exportTable = (entries: ReadonlyArray<RunEntry>, configs: ReadonlyArray<unknown>): Array<Column> => {
  const flat = configs.map((c) => flatten(c))
  const paths = [...new Set(flat.flatMap((f) => [...f.keys()]))].sort()
  return [
    ...fixed.map(([name, f]) => column(name, entries.map(f))),
    ...paths.map((p) => column(`config.${p}`, flat.map((f) => cellOf(f.get(p))))),
  ]
}

const csvCell = (v: Cell): string => {
  if (v === null) return ""
  const s = String(v)
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s
}

/** RFC 4180 CSV: a header row, CRLF-free (\n line ends), fields with commas, quotes or newlines quoted. */
export const toCsv = (columns: ReadonlyArray<Column>): string => {
  const n = columns[0]?.values.length ?? 0
  const rows = [columns.map((c) => csvCell(c.name)).join(",")]
  for (let i = 0; i < n; i++) rows.push(columns.map((c) => csvCell(c.values[i]!)).join(","))
  return `${rows.join("\n")}\n`
}
