/**
 * One writer per run: an OS advisory lock (flock(2), through bun:ffi) on `<run>/writer.lock`, taken by the process
 * that trains, resumes or evaluates the run. The kernel releases it when that process ends, however it ends
 * (Ctrl-C, SIGTERM, SIGKILL, a crash), so a lock can never go stale and there is nothing to recover; a run whose
 * index row says `running` while nobody holds its lock was left by a process that is gone. The file's content
 * (the holder's pid, host, start time and command) only serves the messages. The file is never deleted: removing
 * a locked file would let a second writer lock a new file of the same name.
 */
import { dlopen } from "bun:ffi"
import { closeSync, constants, existsSync, ftruncateSync, openSync, readFileSync, writeSync } from "node:fs"
import { hostname } from "node:os"
import { join } from "node:path"

/** Who holds a run's lock, as the holder wrote it. */
export interface LockHolder {
  readonly pid: number
  readonly host: string
  /** ISO-8601 time the lock was taken. */
  readonly since: string
  /** The holder's command line. */
  readonly command: string
}

const LOCK_SH = 1
const LOCK_EX = 2
const LOCK_NB = 4

const libcPath = (): string => {
  if (process.platform === "linux") return "libc.so.6"
  if (process.platform === "darwin") return "libc.dylib"
  throw new Error(`run locks use flock(2), available on Linux and macOS (this is ${process.platform})`)
}

let libc: { readonly flock: (fd: number, op: number) => number } | undefined
const flock = (fd: number, op: number): boolean => {
  libc ??= dlopen(libcPath(), { flock: { args: ["i32", "i32"], returns: "i32" } }).symbols
  return libc.flock(fd, op) === 0
}

/** The lock file of the run folder `dir`. */
export const lockPath = (dir: string): string => join(dir, "writer.lock")

const readHolder = (file: string): LockHolder | undefined => {
  try {
    const h = JSON.parse(readFileSync(file, "utf8")) as LockHolder
    return typeof h.pid === "number" && typeof h.host === "string" ? h : undefined
  } catch {
    return undefined // being rewritten by its holder, or written by no one yet
  }
}

/** A held lock; `release()` (or disposal, or the process's end) frees it. */
export class RunLock implements Disposable {
  private fd: number | undefined

  private constructor(fd: number, readonly file: string) {
    this.fd = fd
  }

  /**
   * Takes the lock of the run folder `dir` without waiting: the lock, or who holds it (`holder` undefined when
   * the holder has not written its name yet).
   */
  static acquire(dir: string): { readonly ok: true; readonly lock: RunLock } | { readonly ok: false; readonly holder: LockHolder | undefined } {
    const file = lockPath(dir)
    const fd = openSync(file, constants.O_RDWR | constants.O_CREAT, 0o644)
    if (!flock(fd, LOCK_EX | LOCK_NB)) {
      closeSync(fd)
      return { ok: false, holder: readHolder(file) }
    }
    const me: LockHolder = { pid: process.pid, host: hostname(), since: new Date().toISOString(), command: process.argv.slice(1).join(" ") }
    ftruncateSync(fd, 0)
    writeSync(fd, `${JSON.stringify(me)}\n`, 0)
    return { ok: true, lock: new RunLock(fd, file) }
  }

  /**
   * Whether some process holds the lock of `dir` right now (probed with a shared, non-blocking lock that is
   * dropped at once), and who. A folder without a lock file (or one this process cannot open) is not held.
   */
  static holder(dir: string): { readonly held: false } | { readonly held: true; readonly holder: LockHolder | undefined } {
    const file = lockPath(dir)
    if (!existsSync(file)) return { held: false }
    let fd: number
    try {
      fd = openSync(file, constants.O_RDONLY)
    } catch {
      return { held: false }
    }
    try {
      return flock(fd, LOCK_SH | LOCK_NB) ? { held: false } : { held: true, holder: readHolder(file) }
    } finally {
      closeSync(fd) // also drops the probe's shared lock
    }
  }

  get held(): boolean {
    return this.fd !== undefined
  }

  /** Frees the lock (closing the file drops it); idempotent. */
  release(): void {
    if (this.fd === undefined) return
    closeSync(this.fd)
    this.fd = undefined
  }

  [Symbol.dispose](): void {
    this.release()
  }
}
