/**
 * `bun run ssl runs [<subcommand>] ...`: the run store at the keyboard. Each subcommand lives in runs/:
 * list (the default), show, diff, rm, gc, export, reindex.
 */
import { type Command, ExitCode } from "../command.ts"
import { diff } from "./runs/diff.ts"
import { exportCommand } from "./runs/export.ts"
import { gc } from "./runs/gc.ts"
import { list } from "./runs/list.ts"
import { rm } from "./runs/rm.ts"
import { show } from "./runs/show.ts"
import { reindex } from "./runs/reindex.ts"

const subcommands: ReadonlyArray<Command> = [list, show, diff, rm, gc, exportCommand, reindex]

const usage = `usage: bun run ssl runs [<subcommand>] [options]

${subcommands.map((c) => `  ${c.name.padEnd(7)} ${c.summary}`).join("\n")}

Without a subcommand: list.

${subcommands.map((c) => c.usage).join("\n\n")}`

export const runs: Command = {
  name: "runs",
  summary: "list, show, diff, remove, collect and export the recorded runs",
  usage,
  run: async (argv) => {
    const sub = subcommands.find((c) => c.name === argv[0])
    const rest = sub === undefined ? argv : argv.slice(1)
    // main.ts answers a bare `runs --help`; a subcommand's --help is answered here.
    if (sub !== undefined && (rest.includes("--help") || rest.includes("-h"))) {
      console.log(sub.usage)
      return ExitCode.ok
    }
    return (sub ?? list).run(rest)
  },
}
