/**
 * `ssl runs [--status s] [--method m] [--config c] [--limit n] [--json]`: the run index, newest first, one
 * line per run with what tells runs apart (method, dataset, steps, status, duration, overrides, probe).
 */
import { defaultRunsRoot, RUN_STATUSES, type RunStatus, type RunStore } from "@ssl/core"
import { type Command, ExitCode } from "../../command.ts"
import { parseArgs, UsageError } from "../../args.ts"
import { describeRun, formatDuration, PresetCache, type RunEntry } from "./entry.ts"
import { onStore } from "./store.ts"

export const listUsage = `usage: bun run ssl runs [--status ${RUN_STATUSES.join("|")}] [--method <m>] [--config <c>] [--limit <n>] [--json]

Lists the runs under SSL_RUNS_DIR (default ./runs), newest first: id, status, method (target/predictor, e.g.
ema0.99/linear), dataset, steps done/asked, duration, probe accuracy (final/best), and the overrides: the config
values that differ from the preset the run was trained from, as the preset reads now.

  --status <s>   only runs with this status
  --method <m>   only runs whose method contains <m> (e.g. directpred, simsiam, ema0.99/linear)
  --config <c>   only runs whose config reference (label) contains <c>, or whose config hash starts with <c>
  --limit <n>    at most n runs (after filtering)
  --json         an array of {"id","status","createdAt","label","method","dataset","steps","totalSteps","seconds",
                 "overrides","probe","randomEncoderProbe","knn","final","configHash","codeVersion"}`

const pct = (x: number | undefined): string => (x === undefined || !Number.isFinite(x) ? "-" : (100 * x).toFixed(1))

const columns: ReadonlyArray<readonly [string, (e: RunEntry) => string]> = [
  ["id", (e) => e.id],
  ["status", (e) => e.status],
  ["method", (e) => e.method ?? "-"],
  ["dataset", (e) => e.dataset ?? "-"],
  ["steps", (e) => `${e.steps ?? "-"}/${e.totalSteps ?? "-"}`],
  ["duration", (e) => formatDuration(e.seconds)],
  ["probe %", (e) => (e.probe === undefined ? "-" : `${pct(e.probe.final)}/${pct(e.probe.best)}`)],
  ["config", (e) => e.label ?? "-"],
  ["overrides", (e) => (e.overrides === undefined ? "?" : e.overrides.length === 0 ? "none" : e.overrides.join(" "))],
]

/** A plain table: columns padded to their widest cell, the last one free. */
export const formatTable = (rows: ReadonlyArray<RunEntry>): string => {
  const cells = [columns.map(([h]) => h), ...rows.map((r) => columns.map(([, f]) => f(r)))]
  const widths = columns.map((_, j) => Math.max(...cells.map((c) => c[j]!.length)))
  return cells.map((c) => c.map((x, j) => (j === c.length - 1 ? x : x.padEnd(widths[j]!))).join("  ")).join("\n")
}

export interface ListFilter {
  readonly status?: RunStatus
  readonly method?: string
  readonly config?: string
}

/** The filter flags (--status, --method, --config) shared by the list and `export`; a bad status is a UsageError. */
export const filterOf = (flags: ReadonlyMap<string, string | true>): ListFilter => {
  const s = flags.get("status"), m = flags.get("method"), c = flags.get("config")
  if (s !== undefined && !(RUN_STATUSES as ReadonlyArray<unknown>).includes(s)) throw new UsageError(`--status must be one of ${RUN_STATUSES.join(", ")} (was ${String(s)})`)
  return {
    ...(s === undefined ? {} : { status: s as RunStatus }),
    ...(typeof m === "string" ? { method: m } : {}),
    ...(typeof c === "string" ? { config: c } : {}),
  }
}

export const matches = (e: RunEntry, f: ListFilter): boolean =>
  (f.method === undefined || (e.method ?? "").includes(f.method)) &&
  (f.config === undefined || (e.label ?? "").includes(f.config) || e.configHash.startsWith(f.config))

/** The entries of the store's runs that pass `filter`, newest first. */
export const listEntries = async (store: RunStore, filter: ListFilter): Promise<Array<RunEntry>> => {
  const presets = new PresetCache()
  const rows = store.list(filter.status === undefined ? {} : { status: filter.status })
  return (await Promise.all(rows.map((r) => describeRun(store.root, r, presets)))).filter((e) => matches(e, filter))
}

export const list: Command = {
  name: "list",
  summary: "list the recorded runs (the default)",
  usage: listUsage,
  run: onStore({
    readOnly: true,
    parse: (argv) => {
      const args = parseArgs(argv, { values: ["status", "method", "config", "limit"], booleans: ["json"] })
      if (args.positional.length > 0) throw new UsageError(`unknown runs subcommand '${args.positional[0]}' (known: show, diff, rm, gc, export).\n\n${listUsage}`)
      if (args.sets.length > 0) throw new UsageError("runs takes no --set")
      const filter = filterOf(args.flags)
      const l = args.flags.get("limit")
      if (l !== undefined && !(typeof l === "string" && /^\d+$/.test(l) && Number(l) > 0)) throw new UsageError(`--limit must be a positive integer (was ${String(l)})`)
      const limit = l === undefined ? undefined : Number(l)
      const json = args.flags.get("json") === true
      return { filter, limit, json }
    },
    noStore: ({ json }) => {
      console.log(json ? "[]" : `no runs yet (${defaultRunsRoot()} does not exist)`)
      return ExitCode.ok
    },
    run: async (store, { filter, limit, json }) => {
      const entries = (await listEntries(store, filter)).slice(0, limit)
      if (json) console.log(JSON.stringify(entries))
      else console.log(entries.length === 0 ? `no runs in ${store.root}${Object.keys(filter).length > 0 ? " match" : ""}` : formatTable(entries))
      return ExitCode.ok
    },
  }),
}
