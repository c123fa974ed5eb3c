/** Typed failures of the run store. Messages say what to do. */
import { Data } from "effect"

/** A checkpoint whose manifest or blob is unreadable, truncated, or fails its checksum. */
export class CorruptCheckpoint extends Data.TaggedError("CorruptCheckpoint")<{
  /** The file that failed (manifest or blob). */
  readonly file: string
  /** What is wrong, e.g. "blob is 1200 bytes, the manifest says 4096". */
  readonly reason: string
}> {
  override get message(): string {
    return `Checkpoint ${this.file} is corrupt: ${this.reason}. Delete this checkpoint (its .json and .bin) to resume ` +
      "from the previous one, or start the run afresh."
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
