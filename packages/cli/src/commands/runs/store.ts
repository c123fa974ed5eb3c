/** Opening the run store for a `runs` subcommand: one place that knows where it is and what "no store" means. */
import { defaultRunsRoot, RunStore } from "@ssl/core"
import { existsSync } from "node:fs"
import { UsageError } from "../../args.ts"

/**
 * The store at SSL_RUNS_DIR (default ./runs), or undefined when it does not exist yet (nothing was trained).
 * Commands that only read open it `readOnly`, so a read-only store is listed and shown rather than refused.
 */
export const openStoreIfAny = (options: { readonly readOnly?: boolean } = {}): RunStore | undefined => {
  const root = defaultRunsRoot()
  return existsSync(root) ? RunStore.open(root, options) : undefined
}

/** The index rows of `ids`, in the order given; an unknown id is a usage error naming it and the store. */
export const rowsOf = (store: RunStore, ids: ReadonlyArray<string>) =>
  ids.map((id) => {
    const row = store.index.get(id)
    if (row === undefined) throw new UsageError(`no run '${id}' in ${store.root} (\`bun run ssl runs\` lists them)`)
    return row
  })
