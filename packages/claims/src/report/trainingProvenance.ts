/**
 * What the training runs behind a report really cost and ran on, aggregated from their own run folders
 * (provenance.json and results.json), not from the process that coordinated the claims: with `--jobs N` the
 * runs train in worker processes, and a cached run was trained by an earlier process altogether.
 */
import type { RunStore as CoreRunStore } from "@ssl/core"
import { Effect } from "effect"

export interface TrainingProvenance {
  /** Distinct runs behind the report, and how many of them could be read back from the store. */
  readonly runs: number
  readonly read: number
  /** Sum over the runs of their training seconds (results.training.seconds) and whole-run seconds (training + evaluation). */
  readonly trainingSeconds: number
  readonly runSeconds: number
  /** Runs per backend name (provenance.backend.name), and per code version they were trained at. */
  readonly backends: Readonly<Record<string, number>>
  readonly codeVersions: Readonly<Record<string, number>>
}

const count = (acc: Record<string, number>, key: string) => { acc[key] = (acc[key] ?? 0) + 1 }

export const trainingProvenance = (store: CoreRunStore, runIds: ReadonlyArray<string>): Effect.Effect<TrainingProvenance> =>
  Effect.gen(function*() {
    const ids = [...new Set(runIds)]
    const backends: Record<string, number> = {}
    const codeVersions: Record<string, number> = {}
    let read = 0, trainingSeconds = 0, runSeconds = 0
    for (const id of ids) {
      const run = yield* store.open(id).pipe(Effect.option)
      if (run._tag === "None") continue
      const p = run.value.provenance() as { backend?: { name?: unknown }; codeVersion?: unknown }
      const r = run.value.results() as { seconds?: unknown; training?: { seconds?: unknown } } | undefined
      read++
      count(backends, typeof p.backend?.name === "string" ? p.backend.name : "unknown")
      count(codeVersions, typeof p.codeVersion === "string" ? p.codeVersion : "unknown")
      if (typeof r?.training?.seconds === "number") trainingSeconds += r.training.seconds
      if (typeof r?.seconds === "number") runSeconds += r.seconds
    }
    return { runs: ids.length, read, trainingSeconds, runSeconds, backends, codeVersions }
  })

/** "blas (92 runs)" or "none (...)" when no run trained. */
export const backendLine = (t: TrainingProvenance, none: string): string =>
  t.read === 0 ? none : Object.entries(t.backends).map(([b, n]) => `${b} (${n} run${n === 1 ? "" : "s"})`).join(", ")
