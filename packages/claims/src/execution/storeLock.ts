/**
 * One coordinator per run store. A coordinator (`ssl repro --executor slurm`, `ssl runs reindex`) is the only
 * process that writes a shared store's SQLite index, because SQLite's locking is not to be trusted over NFS;
 * this lock makes "only" true across machines. It is a file created with O_EXCL (atomic on local disks and on
 * NFS v3+), holding who owns it. A second coordinator on the same store gets StoreLocked, saying who holds it,
 * and changes nothing; a lock whose holder died on this host (its pid is gone) is taken over, and one held
 * from another host must be removed by hand after checking (the message says how).
 */
import { hostname } from "node:os"
import { join } from "node:path"
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from "node:fs"
import { Data } from "effect"

export class StoreLocked extends Data.TaggedError("StoreLocked")<{ readonly root: string; readonly holder: string }> {
  override get message(): string {
    return `the run store ${this.root} is being coordinated by ${this.holder}; wait for it to finish (it merges its runs ` +
      `into the index), or, if that process is dead, remove ${lockPath(this.root)} and run \`ssl runs reindex\``
  }
}

interface Holder {
  readonly pid: number
  readonly host: string
  readonly since: string
  readonly what: string
}

export const lockPath = (root: string): string => join(root, "coordinator.lock")

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM"
  }
}

const readHolder = (path: string): Holder | undefined => {
  try {
    return JSON.parse(readFileSync(path, "utf8")) as Holder
  } catch {
    return undefined
  }
}

export interface StoreLock extends Disposable {
  readonly path: string
  release(): void
}

/** Takes the coordinator lock of `root` for `what` (e.g. "ssl repro --executor slurm"), or throws StoreLocked. */
export const lockStore = (root: string, what: string): StoreLock => {
  mkdirSync(root, { recursive: true })
  const path = lockPath(root)
  const me: Holder = { pid: process.pid, host: hostname(), since: new Date().toISOString(), what }
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, "wx")
      try {
        writeSync(fd, JSON.stringify(me))
      } finally {
        closeSync(fd)
      }
      let released = false
      const release = () => {
        if (released) return
        released = true
        const holder = readHolder(path)
        if (holder?.pid === me.pid && holder.host === me.host) rmSync(path, { force: true })
      }
      return { path, release, [Symbol.dispose]: release }
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e
      const holder = readHolder(path)
      const stale = holder !== undefined && holder.host === me.host && !alive(holder.pid)
      if (!stale || attempt > 0) {
        throw new StoreLocked({
          root, holder: holder === undefined ? "an unknown process (unreadable lock file)" : `${holder.what} (pid ${holder.pid} on ${holder.host}, since ${holder.since})`,
        })
      }
      rmSync(path, { force: true }) // its holder died on this host: take it over
    }
  }
  throw new StoreLocked({ root, holder: "another process" })
}
