/**
 * A cluster task's own folder in a shared run store: `<root>/staging/<configHash>/`, a private run store (its
 * run folder and an index only that task writes) for exactly one planned run. Tasks never touch the shared
 * index; after the array finishes, the coordinator (holding the store lock) moves each finished run folder to
 * `<root>/<runId>/` (a rename on the same filesystem: atomic) and indexes it. A crash between the two steps
 * leaves a folder `ssl runs reindex` picks up.
 *
 * Slurm runs at most one instance of an array task at a time, so a staging folder has one writer; a requeued
 * task finds the folder of its previous attempt and resumes from its newest checkpoint.
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from "node:fs"
import { join } from "node:path"
import type { RunStore as CoreRunStore } from "@ssl/core"
import { reindexStore, rowFromFolder } from "./reindex.ts"

export const stagingRoot = (root: string): string => join(root, "staging")
export const stagingDir = (root: string, configHash: string): string => join(stagingRoot(root), configHash)

/**
 * Prepares a task's staging folder: creates it, and rebuilds its private index from its run folders, which marks
 * a run left `running` by a killed attempt `interrupted` (resumable) — safe because this task is its only writer.
 */
export const prepareStaging = (root: string, configHash: string): string => {
  const dir = stagingDir(root, configHash)
  mkdirSync(dir, { recursive: true })
  reindexStore(dir)
  return dir
}

export type MergeOutcome =
  | { readonly kind: "merged"; readonly runId: string }
  | { readonly kind: "already"; readonly runId: string }
  | { readonly kind: "missing"; readonly reason: string }

/**
 * Moves the finished run of `configHash` at `codeVersion` from its staging folder into the store and indexes it
 * (coordinator only, under the store lock), then removes the staging folder.
 */
export const mergeStaged = (store: CoreRunStore, configHash: string, codeVersion: string): MergeOutcome => {
  const existing = store.findCached(configHash, codeVersion)
  const dir = stagingDir(store.root, configHash)
  if (!existsSync(dir)) {
    return existing !== undefined ? { kind: "already", runId: existing.id } : { kind: "missing", reason: `no staging folder ${dir}` }
  }
  const finished = readdirSync(dir).sort().reverse()
    .map((id) => ({ id, row: rowFromFolder(join(dir, id), id, undefined) }))
    .filter((x) => x.row !== undefined && x.row.status === "done" && x.row.configHash === configHash)
  const atVersion = finished.find((x) => x.row!.codeVersion === codeVersion)
  if (atVersion === undefined) {
    if (existing !== undefined) return { kind: "already", runId: existing.id }
    const other = finished[0]?.row?.codeVersion
    return {
      kind: "missing",
      reason: other !== undefined
        ? `the task finished at code version ${other}, not ${codeVersion}: the source tree changed between planning and the task`
        : `no finished run in ${dir}`,
    }
  }
  const { id, row } = atVersion
  const dest = join(store.root, id)
  if (!existsSync(dest)) renameSync(join(dir, id), dest)
  if (store.index.get(id) === undefined) {
    store.index.insert({ id, configHash, codeVersion, status: "done", summary: row!.summary as Record<string, unknown>, label: `slurm ${configHash.slice(0, 8)}` })
  }
  rmSync(dir, { recursive: true, force: true })
  return { kind: "merged", runId: id }
}
