/** Opening the run store for a `runs` subcommand: one place that knows where it is and what "no store" means. */
import { defaultRunsRoot, RunStore } from "@ssl/core"
import { existsSync } from "node:fs"
import { badInput, UsageError } from "../../args.ts"

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

/**
 * The frame of a `runs` subcommand on the store: parse the arguments, open the store (read-only for the commands
 * that only read), answer `noStore` when there is none yet, else run the command and close the store. A
 * UsageError, from the parse or the command (an unknown run id), is bad input: `ssl: ...`, exit 2.
 */
export const onStore = <A>(command: {
  readonly readOnly: boolean
  readonly parse: (argv: ReadonlyArray<string>) => A
  readonly noStore: (args: A) => number
  readonly run: (store: RunStore, args: A) => number | Promise<number>
}) => async (argv: ReadonlyArray<string>): Promise<number> => {
  let args: A
  try {
    args = command.parse(argv)
  } catch (e) {
    return badInput(e)
  }
  const store = openStoreIfAny({ readOnly: command.readOnly })
  if (store === undefined) return command.noStore(args)
  try {
    return await command.run(store, args)
  } catch (e) {
    return badInput(e)
  } finally {
    store.close()
  }
}
