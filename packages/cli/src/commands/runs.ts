/**
 * `bun run ssl runs [--status <s>] [--limit <n>] [--json]`: lists the runs of the run store (SSL_RUNS_DIR,
 * default ./runs), newest first, with their status and headline results.
 */
import { defaultRunsRoot, RUN_STATUSES, type RunRow, type RunStatus, RunStore } from "@ssl/core"
import { existsSync } from "node:fs"
import { type Command, ExitCode } from "../command.ts"
import { badInput, parseArgs, UsageError } from "./config.ts"
import { reindex } from "./runs/reindex.ts"

const usage = `usage: bun run ssl runs [--status ${RUN_STATUSES.join("|")}] [--limit <n>] [--json]

Lists the runs under SSL_RUNS_DIR (default ./runs), newest first: id, status, label, steps, probe
(final / best), random-encoder floor, kNN, and the final alignment and asymmetry.`

const num = (x: unknown, digits = 3): string => (typeof x === "number" && Number.isFinite(x) ? x.toFixed(digits) : "-")

const line = (r: RunRow): string => {
  const s = r.summary as Record<string, any>
  const probe = s["probe"] as { final?: number; best?: number } | undefined
  const final = (s["metrics"] as { final?: Record<string, number> } | undefined)?.final
  return [
    r.id.padEnd(36), r.status.padEnd(11), String(s["steps"] ?? "-").padStart(6),
    `${num(probe?.final)}/${num(probe?.best)}`.padStart(12), num(s["randomEncoderProbe"]).padStart(7), num(s["knn"]).padStart(7),
    num(final?.["alignment"]).padStart(7), num(final?.["asymmetry"]).padStart(7), `  ${r.label ?? ""}`,
  ].join(" ")
}

export const runs: Command = {
  name: "runs",
  summary: "list the recorded runs",
  usage,
  run: async (argv) => {
    if (argv[0] === "reindex") return reindex.run(argv.slice(1))
    let status: RunStatus | undefined
    let limit: number | undefined
    let json: boolean
    try {
      const args = parseArgs(argv, { values: ["status", "limit"], booleans: ["json"] })
      if (args.positional.length > 0) throw new UsageError(`runs takes no arguments (got ${args.positional.join(" ")}).\n\n${usage}`)
      const s = args.flags.get("status")
      if (s !== undefined && !(RUN_STATUSES as ReadonlyArray<unknown>).includes(s)) throw new UsageError(`--status must be one of ${RUN_STATUSES.join(", ")} (was ${String(s)})`)
      status = s as RunStatus | undefined
      const l = args.flags.get("limit")
      if (l !== undefined && !(typeof l === "string" && /^\d+$/.test(l) && Number(l) > 0)) throw new UsageError(`--limit must be a positive integer (was ${String(l)})`)
      limit = l === undefined ? undefined : Number(l)
      json = args.flags.get("json") === true
    } catch (e) {
      return badInput(e)
    }
    const root = defaultRunsRoot()
    if (!existsSync(root)) {
      console.log(json ? "[]" : `no runs yet (${root} does not exist)`)
      return ExitCode.ok
    }
    using store = RunStore.open(root)
    const rows = store.list({ ...(status === undefined ? {} : { status }), ...(limit === undefined ? {} : { limit }) })
    if (json) {
      console.log(JSON.stringify(rows))
      return ExitCode.ok
    }
    if (rows.length === 0) {
      console.log(`no runs in ${root}`)
      return ExitCode.ok
    }
    console.log(["id".padEnd(36), "status".padEnd(11), "steps".padStart(6), "probe f/best".padStart(12), "floor".padStart(7),
      "kNN".padStart(7), "align".padStart(7), "asym".padStart(7), "  label"].join(" "))
    for (const r of rows) console.log(line(r))
    return ExitCode.ok
  },
}
