/**
 * `bun run ssl runs reindex [--json]`: rebuilds the run store's SQLite index (SSL_RUNS_DIR, default ./runs)
 * from its run folders, which are the truth (a cluster's tasks write only their folders; a crash between a
 * folder and its index row, or a corrupt index, is repaired here). Takes the store's coordinator lock, so it
 * refuses to run while `ssl repro --executor slurm` coordinates the same store.
 */
import { defaultRunsRoot } from "@ssl/core"
import { execution } from "@ssl/claims"
import { existsSync } from "node:fs"
import { type Command, ExitCode } from "../../command.ts"
import { badInput, parseArgs, UsageError } from "../../args.ts"

const usage = `usage: bun run ssl runs reindex [--json]

Rebuilds SSL_RUNS_DIR/index.sqlite (default ./runs) from the run folders: a folder with results.json is done,
one without keeps its old status (a run left "running" becomes "interrupted", resumable). Rows whose folder is
gone are dropped. With --json: {"root","runs","done","added","dropped","oldIndexUnreadable"}.`

export const reindex: Command = {
  name: "reindex",
  summary: "rebuild the run index from the run folders",
  usage,
  run: async (argv) => {
    let json: boolean
    try {
      const args = parseArgs(argv, { values: [], booleans: ["json"] })
      if (args.positional.length > 0) throw new UsageError(`runs reindex takes no arguments (got ${args.positional.join(" ")}).\n\n${usage}`)
      json = args.flags.get("json") === true
    } catch (e) {
      return badInput(e)
    }
    const root = defaultRunsRoot()
    if (!existsSync(root)) {
      console.error(`ssl: no run store at ${root} (set SSL_RUNS_DIR to the store's folder)`)
      return ExitCode.badInput
    }
    let lock: execution.StoreLock
    try {
      lock = execution.lockStore(root, "ssl runs reindex")
    } catch (e) {
      if (e instanceof execution.StoreLocked) {
        console.error(`ssl: ${e.message}`)
        return ExitCode.failed
      }
      throw e
    }
    try {
      const s = execution.reindexStore(root)
      console.log(json ? JSON.stringify(s) : `${s.root}: ${s.runs} run(s) indexed (${s.done} done), ${s.added} added from folders, ${s.dropped} dropped (no folder)` +
        (s.oldIndexUnreadable ? "; the old index was missing or unreadable, so every row comes from the folders" : ""))
      return ExitCode.ok
    } finally {
      lock.release()
    }
  },
}
