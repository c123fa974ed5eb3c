/**
 * `ssl runs export --format csv|parquet [--out <path>] [list filters]`: the runs as a table (see table.ts),
 * for pandas, polars, DuckDB or a spreadsheet. Parquet is written by hyparquet-writer (DOUBLE, BOOLEAN and
 * UTF-8 STRING columns, all nullable).
 */
import { readMetrics, writeFileAtomic } from "@ssl/core"
import { existsSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { parquetWriteBuffer } from "hyparquet-writer"
import { type Command, ExitCode } from "../../command.ts"
import { parseArgs, UsageError } from "../../args.ts"
import { filterOf, type ListFilter, listEntries } from "./list.ts"
import { onStore } from "./store.ts"
import { type Column, exportTable, metricsTable, toCsv } from "./table.ts"

export const exportUsage = `usage: bun run ssl runs export --format csv|parquet [--out <path>] [--metrics] [--status s] [--method m] [--config c]

Writes one row per run: id, status, createdAt, label, method, dataset, steps, totalSteps, seconds, overrides,
probe.final, probe.best, randomEncoderProbe, knn, final.{alignment,asymmetry,zStd,effectiveRank}, configHash,
codeVersion, then every config value as config.<path> (e.g. config.optimizer.lr). Accuracies are in [0, 1].
With --metrics, one row per recorded step instead: run, then every key of the runs' metrics.jsonl (step,
epoch, seconds, loss, alignment, asymmetry, zStd, effectiveRank, …; the eigenvalue lists as JSON strings;
a non-finite value as null). CSV goes to stdout unless --out is given; Parquet needs --out. The filters are
those of \`ssl runs\`.`

const parquetType = { number: "DOUBLE", boolean: "BOOLEAN", string: "STRING" } as const

export const toParquet = (columns: ReadonlyArray<Column>): ArrayBuffer =>
  parquetWriteBuffer({
    columnData: columns.map((c) => ({ name: c.name, data: [...c.values], type: parquetType[c.type], nullable: true })),
  })

interface ExportArgs {
  readonly format: "csv" | "parquet"
  readonly out: string | undefined
  readonly filter: ListFilter
  readonly metrics: boolean
}

/** The table of these runs (one row per run, or with --metrics one per metrics record), printed or written to --out. */
const emit = (args: ExportArgs, table: ReadonlyArray<Column>, runs: number): number => {
  if (args.format === "csv" && args.out === undefined) {
    console.log(toCsv(table).trimEnd())
    return ExitCode.ok
  }
  writeFileAtomic(args.out!, args.format === "csv" ? toCsv(table) : new Uint8Array(toParquet(table)))
  console.error(`ssl: wrote ${table[0]?.values.length ?? 0} rows × ${table.length} columns (${runs} runs) to ${args.out}`)
  return ExitCode.ok
}

export const exportCommand: Command = {
  name: "export",
  summary: "the runs as CSV or Parquet",
  usage: exportUsage,
  run: onStore({
    readOnly: true,
    parse: (argv): ExportArgs => {
      const args = parseArgs(argv, { values: ["format", "out", "status", "method", "config"], booleans: ["metrics"] })
      const metrics = args.flags.get("metrics") === true
      if (args.positional.length > 0) throw new UsageError(`runs export takes no arguments (got ${args.positional.join(" ")}).\n\n${exportUsage}`)
      const f = args.flags.get("format")
      if (f !== "csv" && f !== "parquet") throw new UsageError(`--format must be csv or parquet (was ${f === undefined ? "missing" : String(f)})`)
      const o = args.flags.get("out")
      const out = typeof o === "string" ? o : undefined
      if (f === "parquet" && out === undefined) throw new UsageError("Parquet is binary: give --out <file.parquet>")
      return { format: f, out, filter: filterOf(args.flags), metrics }
    },
    noStore: (args) => emit(args, args.metrics ? metricsTable([]) : exportTable([], []), 0),
    run: async (store, args) => {
      const entries = await listEntries(store, args.filter)
      const fileOf = (id: string, name: string) => join(store.root, id, name)
      const table = args.metrics
        ? metricsTable(entries.map((e) => ({ id: e.id, records: readMetrics(fileOf(e.id, "metrics.jsonl")).records })))
        : exportTable(entries, entries.map((e) => (existsSync(fileOf(e.id, "config.json")) ? JSON.parse(readFileSync(fileOf(e.id, "config.json"), "utf8")) : undefined)))
      return emit(args, table, entries.length)
    },
  }),
}
