/**
 * Removing a run: its index row first, then its folder. In that order an interruption leaves at worst a
 * folder without a row (an orphan, which `runs gc` finds), never a row pointing at nothing.
 */
import type { RunStore } from "@ssl/core"
import { rmSync } from "node:fs"
import { join } from "node:path"

export const removeRun = (store: RunStore, id: string): void => {
  store.index.remove(id)
  rmSync(join(store.root, id), { recursive: true, force: true })
}
