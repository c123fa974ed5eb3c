/**
 * `ssl runs gc [--older-than <days>] [--yes]`: frees the store of what cannot be used any more. It removes
 *   - runs that ended `failed`, `diverged` or `interrupted` and were last updated more than <days> ago
 *     (default 7; interrupted runs are resumable, hence the age);
 *   - orphan folders: run folders (holding config.json or provenance.json) that the index does not list;
 *   - dangling rows: index rows, not `running`, whose folder is gone.
 * A `done` run is removed only as a dangling row (nothing of it is left to use; the claims' cache would point at
 * nothing); a `running` run never. Without --yes it only prints the plan.
 */
import { existsSync, readdirSync, rmSync, statSync } from "node:fs"
import { join } from "node:path"
import { type Command, ExitCode } from "../../command.ts"
import { parseArgs, UsageError } from "../../args.ts"
import { removeRun } from "./remove.ts"
import { onStore } from "./store.ts"

export const gcUsage = `usage: bun run ssl runs gc [--older-than <days>] [--yes]

Removes (a dry run without --yes: it prints what it would remove and why):
  - runs that ended failed, diverged or interrupted, last updated more than <days> ago (default 7);
  - orphan folders: run folders (with config.json or provenance.json) that the index does not list;
  - dangling index rows (not running) whose folder is gone.
A done run goes only as a dangling row (its folder already gone); a running run never.`

const ENDED = new Set(["failed", "diverged", "interrupted"])

interface Removal {
  readonly id: string
  readonly why: string
  readonly apply: () => void
}

export const gc: Command = {
  name: "gc",
  summary: "remove old failed/interrupted runs, orphan folders and dangling rows (dry run unless --yes)",
  usage: gcUsage,
  run: onStore({
    readOnly: false,
    parse: (argv) => {
      const args = parseArgs(argv, { values: ["older-than"], booleans: ["yes"] })
      if (args.positional.length > 0) throw new UsageError(`runs gc takes no arguments (got ${args.positional.join(" ")}).\n\n${gcUsage}`)
      const d = args.flags.get("older-than") ?? "7"
      const days = Number(d)
      if (typeof d !== "string" || d.trim() === "" || !Number.isFinite(days) || days < 0) throw new UsageError(`--older-than must be a number of days >= 0 (was ${String(d)})`)
      const yes = args.flags.get("yes") === true
      return { days, yes }
    },
    noStore: () => {
      console.log("nothing to collect: there is no run store yet")
      return ExitCode.ok
    },
    run: async (store, { days, yes }) => {
      const cutoff = Date.now() - days * 86_400_000
      const rows = store.list()
      const indexed = new Set(rows.map((r) => r.id))
      const removals: Array<Removal> = []
      for (const r of rows) {
        const folder = existsSync(join(store.root, r.id))
        if (ENDED.has(r.status) && Date.parse(r.updatedAt) <= cutoff) {
          removals.push({ id: r.id, why: `${r.status}, last updated ${r.updatedAt}`, apply: () => removeRun(store, r.id) })
        } else if (!folder && r.status !== "running") {
          removals.push({ id: r.id, why: "dangling row: its folder is gone", apply: () => void store.index.remove(r.id) })
        }
      }
      for (const name of readdirSync(store.root)) {
        const dir = join(store.root, name)
        if (indexed.has(name) || !statSync(dir).isDirectory()) continue
        if (!existsSync(join(dir, "config.json")) && !existsSync(join(dir, "provenance.json"))) continue
        removals.push({ id: name, why: "orphan folder: not in the index", apply: () => rmSync(dir, { recursive: true, force: true }) })
      }
      if (removals.length === 0) {
        console.log(`nothing to collect in ${store.root}`)
        return ExitCode.ok
      }
      for (const r of removals) {
        if (yes) r.apply()
        console.log(`${yes ? "removed" : "would remove"} ${r.id}  (${r.why})`)
      }
      if (!yes) console.log(`dry run: ${removals.length} to remove; run again with --yes to remove them`)
      return ExitCode.ok
    },
  }),
}
