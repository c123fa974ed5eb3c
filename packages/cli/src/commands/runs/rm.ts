/** `ssl runs rm <runId...> [--force]`: deletes runs (index row and folder). A `running` run needs --force. */
import { type Command, ExitCode } from "../../command.ts"
import { badInput, parseArgs, UsageError } from "../../args.ts"
import { removeRun } from "./remove.ts"
import { onStore, rowsOf } from "./store.ts"

export const rmUsage = `usage: bun run ssl runs rm <runId...> [--force]

Deletes each run: its row in the index and its folder (config, metrics, checkpoints, results). Every id is
checked first: one unknown id deletes nothing.

  --force   also delete runs marked \`running\` (only when their process is gone: a live run would keep writing)`

export const rm: Command = {
  name: "rm",
  summary: "delete runs",
  usage: rmUsage,
  run: onStore({
    readOnly: false,
    parse: (argv) => {
      const args = parseArgs(argv, { values: [], booleans: ["force"] })
      if (args.positional.length === 0) throw new UsageError(`runs rm needs at least one run id.\n\n${rmUsage}`)
      const ids = [...new Set(args.positional)]
      const force = args.flags.get("force") === true
      return { ids, force }
    },
    noStore: ({ ids }) => badInput(new UsageError(`no run '${ids[0]}': there is no run store yet`)),
    run: async (store, { ids, force }) => {
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
    },
  }),
}
