/**
 * Rebuilds a run store's SQLite index from its run folders, which are the truth: a folder with config.json and
 * provenance.json is a run; with results.json it is `done` (its summary recomputed from results.json, as
 * runExperiment writes it); without, the status the old index gave it if readable and not `done`, else
 * `interrupted` (resumable: a resume restarts from its newest checkpoint, or from step 0).
 *
 * The new index is written beside the old one and renamed over it, so a crash leaves the old index or the new,
 * never half of one. Call it only while no other process writes the store (the coordinator lock, storeLock.ts).
 */
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from "node:fs"
import { join } from "node:path"
import { RunIndex, type RunRow, type RunStatus } from "@ssl/core"

export interface ReindexSummary {
  readonly root: string
  readonly runs: number
  readonly done: number
  /** Folders the old index did not list (e.g. moved in from a cluster task's staging folder). */
  readonly added: number
  /** Index rows whose folder is gone (dropped). */
  readonly dropped: number
  /** The old index could not be read (corrupt or missing): every row comes from the folders. */
  readonly oldIndexUnreadable: boolean
}

const readJson = (file: string): Record<string, unknown> | undefined => {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>
  } catch {
    return undefined
  }
}

/** runExperiment's summary of a finished run, from its results.json. */
const doneSummary = (r: Record<string, unknown>): Record<string, unknown> => ({
  probe: r["probe"], randomEncoderProbe: r["randomEncoderProbe"], rawPixelProbe: r["rawPixelProbe"], knn: r["knn"],
  metrics: r["metrics"], steps: r["steps"], seconds: r["seconds"], backend: r["backend"],
})

const readOldRows = (path: string): { rows: Map<string, RunRow>; readable: boolean } => {
  if (!existsSync(path)) return { rows: new Map(), readable: false }
  try {
    using index = RunIndex.open(path, { busyTimeoutMs: 5_000 })
    return { rows: new Map(index.list().map((r) => [r.id, r])), readable: true }
  } catch {
    return { rows: new Map(), readable: false }
  }
}

/** One run folder as an index row, or undefined when the folder is not a run. */
export const rowFromFolder = (dir: string, id: string, old: RunRow | undefined): (Omit<RunRow, "createdAt" | "updatedAt"> & { status: RunStatus }) | undefined => {
  const provenance = readJson(join(dir, "provenance.json"))
  if (provenance === undefined || !existsSync(join(dir, "config.json"))) return undefined
  const configHash = provenance["configHash"], codeVersion = provenance["codeVersion"]
  if (typeof configHash !== "string" || typeof codeVersion !== "string") return undefined
  const results = readJson(join(dir, "results.json"))
  const status: RunStatus = results !== undefined ? "done" : old !== undefined && old.status !== "done" && old.status !== "running" ? old.status : "interrupted"
  const summary = results !== undefined ? doneSummary(results) : { ...(old?.summary ?? {}) }
  return { id, configHash, codeVersion, status, summary, label: old?.label ?? null }
}

/** Rebuilds `<root>/index.sqlite` from `<root>/<runId>/` folders. */
export const reindexStore = (root: string): ReindexSummary => {
  const path = join(root, "index.sqlite")
  const { rows: old, readable } = readOldRows(path)
  const tmp = join(root, `.index.sqlite.rebuild-${process.pid}`)
  for (const suffix of ["", "-wal", "-shm"]) rmSync(tmp + suffix, { force: true })
  let runs = 0, done = 0, added = 0
  const seen = new Set<string>()
  {
    using index = RunIndex.open(tmp)
    const names = existsSync(root) ? readdirSync(root).sort() : []
    index.db.transaction(() => {
      for (const id of names) {
        const dir = join(root, id)
        if (id.startsWith(".") || !statSync(dir).isDirectory()) continue
        const row = rowFromFolder(dir, id, old.get(id))
        if (row === undefined) continue
        index.insert({ id, configHash: row.configHash, codeVersion: row.codeVersion, status: row.status, summary: row.summary as Record<string, unknown>, label: row.label })
        const was = old.get(id)
        if (was !== undefined) {
          index.db.query("UPDATE runs SET created_at = $c, updated_at = $u WHERE id = $id").run({ c: was.createdAt, u: was.updatedAt, id })
        } else {
          added += 1
        }
        seen.add(id)
        runs += 1
        if (row.status === "done") done += 1
      }
    }).immediate()
    index.db.run("PRAGMA wal_checkpoint(TRUNCATE)")
    index.db.run("PRAGMA journal_mode = DELETE")
  }
  for (const suffix of ["-wal", "-shm"]) rmSync(path + suffix, { force: true })
  renameSync(tmp, path)
  for (const suffix of ["-wal", "-shm"]) rmSync(tmp + suffix, { force: true })
  const dropped = [...old.keys()].filter((id) => !seen.has(id)).length
  return { root, runs, done, added, dropped, oldIndexUnreadable: !readable }
}
