/** Typed failures of the run store. Messages say what to do. */
import { hostname } from "node:os"
import { Data } from "effect"
import type { LockHolder } from "./RunLock.ts"

/** A checkpoint whose manifest or blob is unreadable, truncated, or fails its checksum. */
export class CorruptCheckpoint extends Data.TaggedError("CorruptCheckpoint")<{
  /** The file that failed (manifest or blob). */
  readonly file: string
  /** What is wrong, e.g. "blob is 1200 bytes, the manifest says 4096". */
  readonly reason: string
}> {
  override get message(): string {
    return `Checkpoint ${this.file} is corrupt: ${this.reason}. Delete this checkpoint (its .json and .bin) to resume ` +
      "from an older one if the run has one, or start the run afresh."
  }
}

/** A run id that the store does not know, or whose folder is missing. */
export class RunNotFound extends Data.TaggedError("RunNotFound")<{
  readonly runId: string
  readonly root: string
}> {
  override get message(): string {
    return `No run '${this.runId}' under ${this.root}. List the runs with \`bun run ssl runs\`.`
  }
}

/** Another process holds the run's writer lock (RunLock.ts): a second writer would interleave its files. */
export class RunLocked extends Data.TaggedError("RunLocked")<{
  readonly runId: string
  /** Undefined when the holder has not written its name yet. */
  readonly holder: LockHolder | undefined
}> {
  override get message(): string {
    const h = this.holder
    const who = h === undefined ? "another process" : `process ${h.pid} on ${h.host} (since ${h.since}: ${h.command})`
    const stop = h === undefined ? "stop it" : `stop it (Ctrl-C in its terminal, or \`kill -INT ${h.pid}\`${h.host === hostname() ? "" : ` on ${h.host}`})`
    return `run ${this.runId} is being written by ${who}; one writer per run, so this one stops without touching it. ` +
      `Wait for it to finish, or ${stop} and resume the run then.`
  }
}

/**
 * The run store cannot be used: its root is not a folder, cannot be created or written, or its index is not a
 * readable SQLite database. `fix` says what to do.
 */
export class StoreUnavailable extends Data.TaggedError("StoreUnavailable")<{
  /** The path at fault (the root, or index.sqlite). */
  readonly path: string
  readonly reason: string
  readonly fix: string
}> {
  override get message(): string {
    return `the run store at ${this.path} ${this.reason}. ${this.fix}`
  }
}

/** Every checkpoint of a run is corrupt: there is nothing to resume or evaluate from. */
export class NoUsableCheckpoint extends Data.TaggedError("NoUsableCheckpoint")<{
  /** The checkpoints folder. */
  readonly dir: string
  readonly corrupt: ReadonlyArray<{ readonly file: string; readonly reason: string }>
}> {
  override get message(): string {
    return `every checkpoint in ${this.dir} is corrupt (${this.corrupt.map((c) => `${c.file}: ${c.reason}`).join("; ")}), so ` +
      "there is none to resume or evaluate from. To train the run again from step 0 under the same id, delete those " +
      "files (`rm " + `${this.dir}/step-*` + "`) and resume it; or start a new run with the same config."
  }
}
