/**
 * Crash-safe file replacement: write a temp file in the same folder, fsync it, rename it over the target,
 * fsync the folder. A reader sees the old file or the new one, never a torn one; a crash leaves at most a
 * temp file (named `.<name>.tmp-<pid>-<rand>`), which `removeTempFiles` cleans up.
 */
import { closeSync, fsyncSync, openSync, readdirSync, renameSync, rmSync, writeSync } from "node:fs"
import { basename, dirname, join } from "node:path"

const TEMP_MARK = ".tmp-"

/** The temp name for `file` used by this process. */
export const tempPathFor = (file: string): string =>
  join(dirname(file), `.${basename(file)}${TEMP_MARK}${process.pid}-${crypto.randomUUID().slice(0, 8)}`)

/** fsync a directory so a rename inside it is durable (best effort where directories cannot be opened). */
export const fsyncDirectory = (dir: string): void => {
  let fd: number | undefined
  try {
    fd = openSync(dir, "r")
    fsyncSync(fd)
  } catch {
    // Not supported on every platform; the rename itself is still atomic.
  } finally {
    if (fd !== undefined) closeSync(fd)
  }
}

/** Writes `data` to `file` atomically (temp + fsync + rename + fsync of the folder). */
export const writeFileAtomic = (file: string, data: string | Uint8Array | ReadonlyArray<Uint8Array>): void => {
  const tmp = tempPathFor(file)
  try {
    const fd = openSync(tmp, "w")
    try {
      const parts = typeof data === "string" ? [new TextEncoder().encode(data)] : data instanceof Uint8Array ? [data] : data
      for (const part of parts) {
        let off = 0
        while (off < part.length) off += writeSync(fd, part, off, part.length - off)
      }
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
    renameSync(tmp, file)
  } catch (e) {
    rmSync(tmp, { force: true })
    throw e
  }
  fsyncDirectory(dirname(file))
}

/** Whether a file name is one of our temp files. */
export const isTempFile = (name: string): boolean => name.startsWith(".") && name.includes(TEMP_MARK)

/** Removes leftover temp files in `dir` (from a crash mid-write); returns their names. */
export const removeTempFiles = (dir: string): string[] => {
  const removed: string[] = []
  let names: string[]
  try {
    names = readdirSync(dir)
  } catch {
    return removed
  }
  for (const name of names) {
    if (!isTempFile(name)) continue
    rmSync(join(dir, name), { force: true })
    removed.push(name)
  }
  return removed
}
