/** `ssl runs show <id> [--json]`: one run in full — what the list shows, its provenance, config and results. */
import { type Command, ExitCode } from "../../command.ts"
import { badInput, parseArgs, UsageError } from "../../args.ts"
import { describeRun, formatDuration, PresetCache } from "./entry.ts"
import { flatten, showLeaf } from "./flatten.ts"
import { onStore, rowsOf } from "./store.ts"
import { existsSync, readFileSync } from "node:fs"
import { join } from "node:path"

export const showUsage = `usage: bun run ssl runs show <runId> [--json]

Prints one run: status, method, dataset, steps, duration, overrides, the probe, kNN and the random-encoder
floor, the first and last recorded metrics, provenance (git commit, backend, device), and every config value.

  --json   {"run": <the list's entry>, "config", "provenance", "results" (results.json, or null)}`

const readJson = (file: string): unknown => (existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : null)

const f = (x: unknown, digits = 4): string => (typeof x === "number" ? (Number.isInteger(x) ? String(x) : x.toPrecision(digits)) : "-")

export const show: Command = {
  name: "show",
  summary: "one run in full",
  usage: showUsage,
  run: onStore({
    readOnly: true,
    parse: (argv) => {
      const args = parseArgs(argv, { values: [], booleans: ["json"] })
      if (args.positional.length !== 1) throw new UsageError(`runs show takes one run id (got ${args.positional.length}).\n\n${showUsage}`)
      const id = args.positional[0]!
      const json = args.flags.get("json") === true
      return { id, json }
    },
    noStore: ({ id }) => badInput(new UsageError(`no run '${id}': there is no run store yet`)),
    run: async (store, { id, json }) => {
      const [row] = rowsOf(store, [id])
      const entry = await describeRun(store.root, row!, new PresetCache())
      const dir = join(store.root, id)
      const config = readJson(join(dir, "config.json"))
      const provenance = readJson(join(dir, "provenance.json")) as Record<string, any> | null
      const results = readJson(join(dir, "results.json")) as Record<string, any> | null
      if (json) {
        console.log(JSON.stringify({ run: entry, config, provenance, results }))
        return ExitCode.ok
      }
      const m = row!.summary["metrics"] as { initial?: Record<string, number>; final?: Record<string, number> } | undefined
      const lines = [
        `run ${entry.id}  ${entry.status}  (${dir})`,
        `  config     ${entry.label ?? "-"}  (hash ${entry.configHash.slice(0, 12)}, code ${entry.codeVersion.slice(0, 12)})`,
        `  overrides  ${entry.overrides === undefined ? "? (no loadable preset)" : entry.overrides.length === 0 ? "none" : entry.overrides.join(" ")}`,
        `  method     ${entry.method ?? "-"}   dataset ${entry.dataset ?? "-"}   steps ${entry.steps ?? "-"}/${entry.totalSteps ?? "-"}   ${formatDuration(entry.seconds)}`,
        `  created    ${entry.createdAt}`,
        ...(provenance === null ? [] : [
          `  git        ${String(provenance["git"]?.["commit"] ?? "-").slice(0, 12)}${provenance["git"]?.["dirty"] === true ? " (dirty)" : ""}   backend ${provenance["backend"]?.["name"] ?? "-"}`,
        ]),
        ...(entry.probe === undefined ? [] : [
          `  probe      final ${f(entry.probe.final)}  best ${f(entry.probe.best)}   floor ${f(entry.randomEncoderProbe)}   kNN ${f(entry.knn)}`,
        ]),
        ...(m?.initial === undefined || m.final === undefined ? [] : [
          "  metrics    initial → final",
          ...Object.keys(m.final).map((k) => `    ${k.padEnd(14)} ${f(m.initial![k]).padStart(9)} → ${f(m.final![k])}`),
        ]),
        ...(row!.status === "done" ? [] : Object.entries(row!.summary).map(([k, v]) => `  ${k.padEnd(10)} ${JSON.stringify(v)}`)),
        "  config values",
        ...[...flatten(config)].map(([k, v]) => `    ${k} = ${showLeaf(v)}`),
      ]
      console.log(lines.join("\n"))
      return ExitCode.ok
    },
  }),
}
