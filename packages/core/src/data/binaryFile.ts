/**
 * Small helpers for the fixed-record binary formats (CIFAR-10, STL-10): size checks and lazy range reads,
 * so a loader with a `limit` reads only the bytes it needs (STL-10's unlabeled file is 2.8 GB).
 */
import { existsSync, statSync } from "node:fs"
import { join } from "node:path"
import { Effect } from "effect"
import { DatasetCorrupt } from "./errors.ts"

/** Size in bytes of a file, or DatasetCorrupt if it cannot be stat'ed. */
export const fileSize = (file: string): Effect.Effect<number, DatasetCorrupt> =>
  Effect.try({
    try: () => statSync(file).size,
    catch: (e) => new DatasetCorrupt({ file, expected: "a readable file", actual: String(e) }),
  })

/** Reads bytes [start, end) of a file without reading the rest. */
export const readRange = (file: string, start: number, end: number): Effect.Effect<Uint8Array, DatasetCorrupt> =>
  Effect.tryPromise({
    try: async () => {
      const buf = new Uint8Array(await Bun.file(file).slice(start, end).arrayBuffer())
      if (buf.length !== end - start) throw new Error(`short read: ${buf.length} of ${end - start} bytes`)
      return buf
    },
    catch: (e) => new DatasetCorrupt({ file, expected: `bytes ${start}..${end}`, actual: e instanceof Error ? e.message : String(e) }),
  })

/** The number of whole records in a file, failing unless its size is a positive multiple of `recordBytes`. */
export const recordCount = (file: string, recordBytes: number, what: string): Effect.Effect<number, DatasetCorrupt> =>
  Effect.flatMap(fileSize(file), (size) =>
    size > 0 && size % recordBytes === 0
      ? Effect.succeed(size / recordBytes)
      : Effect.fail(new DatasetCorrupt({
        file,
        expected: `a positive multiple of ${recordBytes} bytes (${what})`,
        actual: `${size} bytes${size > 0 ? ` (${Math.floor(size / recordBytes)} records + ${size % recordBytes} bytes)` : ""}`,
      })))

/** The first folder of `dirs` that holds every one of `files`. */
export const firstDirWith = (dirs: ReadonlyArray<string>, files: ReadonlyArray<string>): string | undefined =>
  dirs.find((d) => files.every((f) => existsSync(join(d, f))))

/** Candidate folders under SSL_DATA_DIR for a dataset whose archive unpacks to `archiveDir`. */
export const dataDirCandidates = (
  env: Readonly<Record<string, string | undefined>>,
  archiveDir: string,
  shortName: string,
): string[] => {
  const root = env["SSL_DATA_DIR"]
  return root === undefined || root === "" ? [] : [join(root, archiveDir), join(root, shortName), root]
}
