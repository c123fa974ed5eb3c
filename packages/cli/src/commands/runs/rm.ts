/** `ssl runs rm <runId...> [--force]`: deletes runs (index row and folder). A `running` run needs --force. */
import { type Command, ExitCode } from "../../command.ts"
import { badInput, parseArgs, UsageError } from "../../args.ts"
import { removeRun } from "./remove.ts"
import { openStoreIfAny, rowsOf } from "./store.ts"

export const rmUsage = `usage: bun run ssl runs rm <runId...> [--force]

Deletes each run: its row in the index and its folder (config, metrics, checkpoints, results). Every id is
checked first: one unknown id deletes nothing.

  --force   also delete runs marked \`running\` (only when their process is gone: a live run would keep writing)`

export const rm: Command = {
  name: "rm",
  summary: "delete runs",
  usage: rmUsage,
  run: async (argv) => {
    let ids: Array<string>
    let force: boolean
    try {
      const args = parseArgs(argv, { values: [], booleans: ["force"] })
      if (args.positional.length === 0) throw new UsageError(`runs rm needs at least one run id.\n\n${rmUsage}`)
      ids = [...new Set(args.positional)]
      force = args.flags.get("force") === true
    } catch (e) {
      return badInput(e)
    }
    const store = openStoreIfAny()
    if (store === undefined) return badInput(new UsageError(`no run '${ids[0]}': there is no run store yet`))
    try {
      const rows = rowsOf(store, ids)
      const running = rows.filter((r) => r.status === "running")
      if (running.length > 0 && !force) {
        throw new UsageError(`${running.map((r) => r.id).join(", ")} ${running.length === 1 ? "is" : "are"} marked running: stop ${running.length === 1 ? "it" : "them"} first, or add --force if the process is gone (nothing was deleted)`)
      }
      for (const r of rows) {
        removeRun(store, r.id)
        console.log(`removed ${r.id} (${r.status}${r.label === null ? "" : `, ${r.label}`})`)
      }
      return ExitCode.ok
    } catch (e) {
      return badInput(e)
    } finally {
      store.close()
    }
  },
}
