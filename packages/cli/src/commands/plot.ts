/**
 * `bun run ssl plot <runId...> [--out <file.html>]`: writes the run page (plot/runPage.ts) of one run, or an
 * overlay of several: loss, alignment, asymmetry, z-std and effective rank over training, and each run's
 * spectra of F̂ and W_p as heatmaps. It works offline: open it in any browser.
 */
import { join } from "node:path"
import { writeFileAtomic } from "@ssl/core"
import { type Command, ExitCode } from "../command.ts"
import { runPage } from "../plot/runPage.ts"
import { runSeries } from "../plot/runSeries.ts"
import { pagePlots } from "../plot/specs.ts"
import { badInput, parseArgs, UsageError } from "../args.ts"
import { methodName } from "./runs/entry.ts"
import { onStore, rowsOf } from "./runs/store.ts"

const usage = `usage: bun run ssl plot <runId...> [--out <file.html>]

Writes a self-contained HTML page (default: plot-<first runId>.html) for the runs given, overlaid: training
loss, alignment, asymmetry, z-std and effective rank against the step, and for each run the eigenvalues of F̂
and of W_p's symmetric part over time as heatmaps (signed, symmetric-log colour). Interactive: hover for
values, drag/scroll to zoom, click a legend entry to toggle a run. No network needed to view it.`

export const plot: Command = {
  name: "plot",
  summary: "an interactive HTML page of one run or an overlay of several",
  usage,
  run: onStore({
    readOnly: true,
    parse: (argv) => {
      const args = parseArgs(argv, { values: ["out"], booleans: [] })
      if (args.positional.length === 0) throw new UsageError(`plot needs at least one run id.\n\n${usage}`)
      const ids = [...new Set(args.positional)]
      const o = args.flags.get("out")
      const out = typeof o === "string" ? o : `plot-${ids[0]}.html`
      if (!out.endsWith(".html")) throw new UsageError(`--out must name an .html file (was ${out})`)
      return { ids, out }
    },
    noStore: ({ ids }) => badInput(new UsageError(`no run '${ids[0]}': there is no run store yet`)),
    run: async (store, { ids, out }) => {
      const rows = rowsOf(store, ids)
      const series = rows.map((r) => runSeries(r.id, join(store.root, r.id, "metrics.jsonl")))
      const empty = series.filter((s) => s.scalars.length === 0).map((s) => s.run)
      if (empty.length > 0) throw new UsageError(`${empty.join(", ")} recorded no metrics yet (nothing to plot)`)
      const runs = await Promise.all(rows.map(async (r) => ({
        id: r.id, label: r.label, status: r.status,
        method: methodName(await Bun.file(join(store.root, r.id, "config.json")).json().catch(() => undefined)),
      })))
      writeFileAtomic(out, runPage(runs, pagePlots(series)))
      console.log(`ssl: wrote ${out} (${rows.length} run${rows.length === 1 ? "" : "s"}); open it in a browser`)
      return ExitCode.ok
    },
  }),
}
