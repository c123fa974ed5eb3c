/**
 * Typed failures of the data loaders. Every message says what to do about it; the fields carry the facts
 * (file, expected, actual) so callers and tests need not parse the text.
 */
import { Data } from "effect"

/** A dataset was not found anywhere we looked and could not (or may not) be downloaded. */
export class DatasetMissing extends Data.TaggedError("DatasetMissing")<{
  readonly dataset: string
  /** Every place that was searched, in order. */
  readonly searched: ReadonlyArray<string>
  /** The ways to get the data, one per line in `message`. */
  readonly remedies: ReadonlyArray<string>
  /** Why the last resort (a download) did not happen or failed, if it was tried. */
  readonly reason?: string
}> {
  override get message(): string {
    return [
      `Dataset '${this.dataset}' not found${this.reason === undefined ? "" : ` (${this.reason})`}.`,
      `Searched: ${this.searched.length === 0 ? "(nothing)" : this.searched.join(", ")}.`,
      "Get it one of these ways:",
      ...this.remedies.map((r) => `  - ${r}`),
    ].join("\n")
  }
}

/** A data file exists but is not what its format promises: wrong magic, size, gzip, checksum or labels. */
export class DatasetCorrupt extends Data.TaggedError("DatasetCorrupt")<{
  readonly file: string
  /** What the format requires, e.g. "magic 0x00000803 (IDX ubyte, 3 dims)". */
  readonly expected: string
  /** What was found instead. */
  readonly actual: string
}> {
  override get message(): string {
    return `Data file ${this.file} is corrupt or truncated: expected ${this.expected}, found ${this.actual}. ` +
      "Delete it and fetch it again (or reinstall the package that provides it)."
  }
}

/** A download failed: network error, HTTP status, or a checksum mismatch. Nothing was left in the cache. */
export class DownloadFailed extends Data.TaggedError("DownloadFailed")<{
  readonly url: string
  readonly reason: string
}> {
  override get message(): string {
    return `Download of ${this.url} failed: ${this.reason}. Nothing was written to the cache; ` +
      "check the network (or the base URL, SSL_FASHION_MNIST_URL) and retry, or install the data locally " +
      "(apt-get install dataset-fashion-mnist, or set SSL_DATA_DIR)."
  }
}

export type DataError = DatasetMissing | DatasetCorrupt | DownloadFailed
