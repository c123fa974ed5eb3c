/**
 * `bun run ssl sweep <config> --set a=[v1,v2] [--set b=c ...] [--dry-run] [--json]`: the Cartesian grid of the
 * list-valued --set assignments over a config (configs/sweep.ts), every point validated before anything
 * trains; prints the plan, then trains the points, each as its own `ssl train` process, --jobs at a time.
 */
import { applySets, configHash, loadConfigFile, parseSet, type RunConfig, sweep as sweepGrid } from "@ssl/configs"
import { codeVersion, defaultRunsRoot, RunStore } from "@ssl/core"
import { existsSync } from "node:fs"
import { join } from "node:path"
import { type Command, ExitCode } from "../command.ts"
import { flatten } from "./runs/flatten.ts"
import { badInput, parseArgs, UsageError } from "../args.ts"

const usage = `usage: bun run ssl sweep <config> --set path=[v1,v2,...] [--set path=value ...] [--jobs N] [--dry-run] [--json]

A --set whose value is a list is an axis of the grid; any other --set applies to every point. Where the config's
own value is a list (model.encoder.hidden), an axis is a list of lists: --set model.encoder.hidden=[[256],[512]].
Points come in row-major order (the last axis varies fastest). The plan lists each point with its config hash
and whether a finished run of it exists at this code version (cached). Then each point trains as
\`bun run ssl train <config> --set ...\` in its own process, N at a time (stop with Ctrl-C: the runs in progress
are checkpointed and marked interrupted; no further point starts).

  --jobs N    train N points at once (default 1; one core each: at most the number of cores)
  --dry-run   print the plan only
  --json      print the plan (and, after training, the results) as JSON`

interface PointResult {
  readonly point: Readonly<Record<string, unknown>>
  readonly exitCode: number
  /** `ssl train --json`'s summary, or null when the run failed. */
  readonly summary: unknown
}

interface Plan {
  readonly fixed: ReadonlyArray<string>
  readonly points: ReadonlyArray<{ readonly point: Readonly<Record<string, unknown>>; readonly sets: ReadonlyArray<string>; readonly hash: string; readonly cached: string | undefined }>
}

/** Splits the --set assignments into fixed ones and axes (see usage) and expands the grid. */
const plan = async (ref: string, sets: ReadonlyArray<string>): Promise<Plan> => {
  const base = await loadConfigFile(ref)
  const current = flatten(base)
  const fixed: Array<string> = []
  const axes: Record<string, ReadonlyArray<unknown>> = {}
  for (const assignment of sets) {
    const { path, value } = parseSet(assignment)
    const isAxis = Array.isArray(value) && (!Array.isArray(current.get(path)) || value.every(Array.isArray))
    if (!isAxis) fixed.push(assignment)
    else if (value.length === 0) throw new UsageError(`--set ${path}=[]: an axis needs at least one value`)
    else if (path in axes) throw new UsageError(`--set ${path} is given twice`)
    else axes[path] = value
  }
  if (Object.keys(axes).length === 0) throw new UsageError(`sweep needs at least one list-valued --set (e.g. --set optimizer.lr=[0.01,0.03]).\n\n${usage}`)
  const grid = sweepGrid(applySets(base, fixed), axes)
  const store = existsSync(defaultRunsRoot()) ? RunStore.open(defaultRunsRoot()) : undefined
  try {
    const code = store === undefined ? "" : codeVersion()
    return {
      fixed,
      points: grid.map(({ point, config }: { point: Readonly<Record<string, unknown>>; config: RunConfig }) => {
        const hash = configHash(config)
        return { point, sets: Object.entries(point).map(([p, v]) => `${p}=${JSON.stringify(v)}`), hash, cached: store?.findCached(hash, code)?.id }
      }),
    }
  } finally {
    store?.close()
  }
}

const describe = (point: Readonly<Record<string, unknown>>): string => Object.entries(point).map(([p, v]) => `${p}=${JSON.stringify(v)}`).join(" ")

export const sweep: Command = {
  name: "sweep",
  summary: "train the grid of a config's list-valued --set assignments",
  usage,
  run: async (argv) => {
    let ref: string
    let p: Plan
    let dryRun: boolean
    let json: boolean
    let jobs: number
    try {
      const args = parseArgs(argv, { values: ["jobs"], booleans: ["dry-run", "json"] })
      const j = args.flags.get("jobs") ?? "1"
      if (!(typeof j === "string" && /^\d+$/.test(j) && Number(j) > 0)) throw new UsageError(`--jobs must be a positive integer (was ${String(j)})`)
      jobs = Number(j)
      if (args.positional.length !== 1) throw new UsageError(`sweep takes one config file (got ${args.positional.length}).\n\n${usage}`)
      ref = args.positional[0]!
      dryRun = args.flags.get("dry-run") === true
      json = args.flags.get("json") === true
      p = await plan(ref, args.sets)
    } catch (e) {
      return badInput(e)
    }
    if (json && dryRun) {
      console.log(JSON.stringify({ config: ref, fixed: p.fixed, points: p.points.map(({ point, hash, cached }) => ({ point, hash, cached: cached ?? null })) }))
      return ExitCode.ok
    }
    if (!json) {
      console.log(`sweep of ${ref}: ${p.points.length} points${p.fixed.length === 0 ? "" : ` (every point: ${p.fixed.join(" ")})`}`)
      p.points.forEach((x, i) => console.log(`  ${String(i + 1).padStart(3)}. ${describe(x.point)}   hash ${x.hash.slice(0, 12)}${x.cached === undefined ? "" : `   cached: ${x.cached}`}`))
    }
    if (dryRun) return ExitCode.ok
    // The child gets the terminal's Ctrl-C and stops checkpointed; this process only waits for it.
    const ignore = () => {}
    process.on("SIGINT", ignore)
    const results: Array<PointResult> = []
    let stopped = false
    const trainPoint = async (i: number): Promise<void> => {
      const x = p.points[i]!
      if (!json) console.log(`[${i + 1}/${p.points.length}] starting ${describe(x.point)}`)
      const child = Bun.spawn(["bun", join(import.meta.dir, "../main.ts"), "train", ref, ...[...p.fixed, ...x.sets].flatMap((s) => ["--set", s]), "--json"],
        { stdout: "pipe", stderr: "inherit", stdin: "inherit" })
      const out = await new Response(child.stdout).text()
      const exitCode = await child.exited
      const summary = exitCode === 0 ? JSON.parse(out.trim().split("\n").at(-1)!) as { runId: string; probe: { final: number } } : null
      results[i] = { point: x.point, exitCode, summary }
      if (exitCode === ExitCode.interrupted) stopped = true
      if (!json) console.log(`[${i + 1}/${p.points.length}] ${describe(x.point)}: ${exitCode === 0 ? `run ${summary!.runId}, probe ${summary!.probe.final.toFixed(4)}` : `failed (exit ${exitCode})`}`)
    }
    try {
      // `jobs` workers take the next point until none is left (or a run was stopped by Ctrl-C).
      let next = 0
      await Promise.all(Array.from({ length: Math.min(jobs, p.points.length) }, async () => {
        while (!stopped && next < p.points.length) await trainPoint(next++)
      }))
    } finally {
      process.off("SIGINT", ignore)
    }
    if (json) console.log(JSON.stringify({ config: ref, results: results.filter((r) => r !== undefined) }))
    const worst = results.find((r) => r !== undefined && r.exitCode !== 0)?.exitCode
    return worst === undefined ? ExitCode.ok : worst === ExitCode.interrupted ? ExitCode.interrupted : ExitCode.failed
  },
}
