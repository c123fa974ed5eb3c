/**
 * `ssl runs diff <a> <b> [--json]`: what differs between two runs — config values (from config.json) and
 * results (the index summary: probe, kNN, floor, initial and final metrics, steps, seconds).
 */
import { existsSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { type Command, ExitCode } from "../../command.ts"
import { badInput, parseArgs, UsageError } from "../../args.ts"
import { type Change, changes, showLeaf } from "./flatten.ts"
import { onStore, rowsOf } from "./store.ts"

export const diffUsage = `usage: bun run ssl runs diff <runA> <runB> [--json]

Prints the config values that differ (path: A → B) and the results side by side with B − A for numbers.

  --json   {"a","b","config":[{"path","a","b"}],"results":[{"path","a","b"}]}`

const readJson = (file: string): unknown => (existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : undefined)

const delta = (c: Change): string =>
  typeof c.a === "number" && typeof c.b === "number" ? `   (${c.b - c.a >= 0 ? "+" : ""}${(c.b - c.a).toPrecision(3)})` : ""

export const diff: Command = {
  name: "diff",
  summary: "config and results of two runs side by side",
  usage: diffUsage,
  run: onStore({
    readOnly: true,
    parse: (argv) => {
      const args = parseArgs(argv, { values: [], booleans: ["json"] })
      if (args.positional.length !== 2) throw new UsageError(`runs diff takes two run ids (got ${args.positional.length}).\n\n${diffUsage}`)
      const ids = args.positional
      const json = args.flags.get("json") === true
      return { ids, json }
    },
    noStore: () => badInput(new UsageError("there is no run store yet")),
    run: async (store, { ids, json }) => {
      const [a, b] = rowsOf(store, ids)
      const config = changes(readJson(join(store.root, a!.id, "config.json")), readJson(join(store.root, b!.id, "config.json")))
      const results = changes({ status: a!.status, ...a!.summary }, { status: b!.status, ...b!.summary })
      if (json) {
        console.log(JSON.stringify({ a: a!.id, b: b!.id, config, results }))
        return ExitCode.ok
      }
      const width = Math.max(0, ...[...config, ...results].map((c) => c.path.length))
      const show = (c: Change) => `  ${c.path.padEnd(width)}  ${showLeaf(c.a)} → ${showLeaf(c.b)}${delta(c)}`
      console.log([
        `A = ${a!.id}${a!.label === null ? "" : `  (${a!.label})`}`,
        `B = ${b!.id}${b!.label === null ? "" : `  (${b!.label})`}`,
        config.length === 0 ? "config: identical" : `config (${config.length} values differ):`, ...config.map(show),
        results.length === 0 ? "results: identical" : "results:", ...results.map(show),
      ].join("\n"))
      return ExitCode.ok
    },
  }),
}
