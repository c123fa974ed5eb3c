/**
 * Checkpoints: a manifest JSON plus one binary blob of float32 tensors, in `<run>/checkpoints/`:
 *   step-000001500.bin    the tensors' values, concatenated (little-endian float32)
 *   step-000001500.json   { format, step, createdAt, blob: { file, bytes, sha256 }, tensors: [{ name, shape,
 *                          offset, length }], state }
 * The blob is written first and the manifest last, each atomically (temp + fsync + rename): the manifest's
 * rename is the commit point. A crash leaves temp files or a blob without a manifest; both are invisible to
 * readers and removed by `cleanCheckpoints`. Reading checks the blob's size and SHA-256 against the manifest,
 * so a corrupt or truncated checkpoint fails with CorruptCheckpoint naming the file, never loads silently.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs"
import { join } from "node:path"
import { Effect } from "effect"
import { sha256Hex } from "../data/sha256.ts"
import { removeTempFiles, writeFileAtomic } from "./atomicWrite.ts"
import { CorruptCheckpoint, NoUsableCheckpoint } from "./errors.ts"

export const CHECKPOINT_FORMAT = "ssl-checkpoint/1"

/** A named float32 tensor as plain data: `data.length` = product of `shape`. */
export interface TensorData {
  readonly shape: ReadonlyArray<number>
  readonly data: Float32Array
}

export interface CheckpointManifest {
  readonly format: typeof CHECKPOINT_FORMAT
  /** The last step whose effects (and metrics) this checkpoint includes. */
  readonly step: number
  readonly createdAt: string
  readonly blob: { readonly file: string; readonly bytes: number; readonly sha256: string }
  readonly tensors: ReadonlyArray<{ readonly name: string; readonly shape: ReadonlyArray<number>; readonly offset: number; readonly length: number }>
  /** Anything else the trainer needs to resume (optimizer step counters, Rng seeds, flags), as JSON. */
  readonly state: unknown
}

export interface StoredCheckpoint {
  readonly step: number
  /** Path of the manifest. */
  readonly file: string
  readonly tensors: Readonly<Record<string, TensorData>>
  readonly state: unknown
  readonly createdAt: string
}

const stem = (step: number) => `step-${String(step).padStart(9, "0")}`
const STEM = /^step-(\d{9,})\.json$/

/** Writes a checkpoint atomically; returns the manifest path. Older checkpoints beyond `keep` are pruned. */
export const writeCheckpoint = (
  dir: string,
  step: number,
  tensors: Readonly<Record<string, TensorData>>,
  state: unknown = null,
  options: { readonly keep?: number } = {},
): string => {
  if (!(Number.isInteger(step) && step >= 0)) throw new RangeError(`checkpoint step must be a non-negative integer (was ${step})`)
  mkdirSync(dir, { recursive: true })
  const entries: Array<CheckpointManifest["tensors"][number]> = []
  const parts: Uint8Array[] = []
  let offset = 0
  for (const [name, t] of Object.entries(tensors)) {
    const expected = t.shape.reduce((a, b) => a * b, 1)
    if (t.data.length !== expected) throw new RangeError(`checkpoint tensor '${name}' has ${t.data.length} values but shape [${t.shape.join(", ")}]`)
    const bytes = new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength)
    entries.push({ name, shape: [...t.shape], offset, length: t.data.length })
    parts.push(bytes)
    offset += bytes.length
  }
  const hasher = new Bun.CryptoHasher("sha256")
  for (const p of parts) hasher.update(p)
  const blobFile = `${stem(step)}.bin`
  writeFileAtomic(join(dir, blobFile), parts)
  const manifest: CheckpointManifest = {
    format: CHECKPOINT_FORMAT,
    step,
    createdAt: new Date().toISOString(),
    blob: { file: blobFile, bytes: offset, sha256: hasher.digest("hex") },
    tensors: entries,
    state,
  }
  const manifestFile = join(dir, `${stem(step)}.json`)
  writeFileAtomic(manifestFile, `${JSON.stringify(manifest)}\n`)
  if (options.keep !== undefined) pruneCheckpoints(dir, options.keep)
  return manifestFile
}

/** Manifests in `dir`, oldest first: [{ step, file }]. Blobs without a manifest are not listed. */
export const listCheckpoints = (dir: string): Array<{ readonly step: number; readonly file: string }> => {
  if (!existsSync(dir)) return []
  return readdirSync(dir)
    .flatMap((name) => {
      const m = STEM.exec(name)
      return m === null ? [] : [{ step: Number(m[1]), file: join(dir, name) }]
    })
    .sort((a, b) => a.step - b.step)
}

/** Keeps the newest `keep` checkpoints (manifest deleted before its blob, so none is ever half-listed). */
export const pruneCheckpoints = (dir: string, keep: number): void => {
  if (!(Number.isInteger(keep) && keep >= 1)) throw new RangeError(`keep must be a positive integer (was ${keep})`)
  const all = listCheckpoints(dir)
  for (const { step, file } of all.slice(0, Math.max(0, all.length - keep))) {
    rmSync(file, { force: true })
    rmSync(join(dir, `${stem(step)}.bin`), { force: true })
  }
}

/** Removes what a crash can leave: temp files and blobs without a manifest. Returns the removed names. */
export const cleanCheckpoints = (dir: string): string[] => {
  if (!existsSync(dir)) return []
  const removed = removeTempFiles(dir)
  const committed = new Set(listCheckpoints(dir).map((c) => `${stem(c.step)}.bin`))
  for (const name of readdirSync(dir)) {
    if (/^step-\d{9,}\.bin$/.test(name) && !committed.has(name)) {
      rmSync(join(dir, name), { force: true })
      removed.push(name)
    }
  }
  return removed
}

/** Reads and verifies one checkpoint from its manifest path. */
export const readCheckpoint = (manifestFile: string): Effect.Effect<StoredCheckpoint, CorruptCheckpoint> =>
  Effect.gen(function*() {
    const corrupt = (file: string, reason: string) => new CorruptCheckpoint({ file, reason })
    const text = yield* Effect.try({ try: () => readFileSync(manifestFile, "utf8"), catch: (e) => corrupt(manifestFile, `unreadable manifest (${String(e)})`) })
    const m = yield* Effect.try({ try: () => JSON.parse(text) as CheckpointManifest, catch: () => corrupt(manifestFile, "the manifest is not valid JSON (truncated?)") })
    if (m === null || typeof m !== "object" || m.format !== CHECKPOINT_FORMAT || !Array.isArray(m.tensors) || typeof m.blob?.sha256 !== "string") {
      return yield* corrupt(manifestFile, `not a ${CHECKPOINT_FORMAT} manifest`)
    }
    const blobFile = join(manifestFile, "..", m.blob.file)
    const bytes = yield* Effect.try({ try: () => readFileSync(blobFile), catch: (e) => corrupt(blobFile, `missing or unreadable blob (${String(e)})`) })
    if (bytes.length !== m.blob.bytes) return yield* corrupt(blobFile, `blob is ${bytes.length} bytes, the manifest says ${m.blob.bytes}`)
    const sha = sha256Hex(bytes)
    if (sha !== m.blob.sha256) return yield* corrupt(blobFile, `SHA-256 ${sha} differs from the manifest's ${m.blob.sha256}`)
    // Copy into an aligned buffer: a Buffer's byteOffset need not be a multiple of 4.
    const aligned = new Uint8Array(bytes.length)
    aligned.set(bytes)
    const tensors: Record<string, TensorData> = {}
    for (const t of m.tensors) {
      if (t.offset % 4 !== 0 || t.offset + 4 * t.length > bytes.length || t.shape.reduce((a: number, b: number) => a * b, 1) !== t.length) {
        return yield* corrupt(manifestFile, `tensor '${t.name}' does not fit the blob`)
      }
      tensors[t.name] = { shape: t.shape, data: new Float32Array(aligned.buffer, t.offset, t.length) }
    }
    return { step: m.step, file: manifestFile, tensors, state: m.state, createdAt: m.createdAt }
  })

/**
 * The newest checkpoint in `dir`, verified, or undefined if there is none. A corrupt newest checkpoint is a
 * CorruptCheckpoint error unless `fallback` is set; then the newest valid older one is returned and every corrupt
 * one skipped on the way is passed to `onSkip` (never skipped silently). When every checkpoint is corrupt the
 * error is NoUsableCheckpoint, listing them.
 */
export const latestCheckpoint = (
  dir: string,
  options: { readonly fallback?: boolean; readonly onSkip?: (corrupt: CorruptCheckpoint) => void } = {},
): Effect.Effect<StoredCheckpoint | undefined, CorruptCheckpoint | NoUsableCheckpoint> =>
  Effect.gen(function*() {
    const all = listCheckpoints(dir).reverse()
    const skipped: Array<CorruptCheckpoint> = []
    for (const { file } of all) {
      const r = yield* Effect.result(readCheckpoint(file))
      if (r._tag === "Success") {
        for (const c of skipped) options.onSkip?.(c)
        return r.success
      }
      if (options.fallback !== true) return yield* r.failure
      skipped.push(r.failure)
    }
    if (skipped.length > 0) return yield* new NoUsableCheckpoint({ dir, corrupt: skipped.map((c) => ({ file: c.file, reason: c.reason })) })
    return undefined
  })
