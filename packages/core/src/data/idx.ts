/**
 * The IDX file format of (Fashion-)MNIST: a 4-byte magic (0, 0, type, ndims), ndims big-endian uint32 sizes,
 * then the data in row-major order. We read only unsigned bytes (type 0x08), usually gzip-compressed.
 */
import { Effect } from "effect"
import { DatasetCorrupt } from "./errors.ts"

export interface IdxArray {
  /** Sizes of each dimension, e.g. [60000, 28, 28]. */
  readonly dims: ReadonlyArray<number>
  /** Row-major uint8 values, prod(dims) long. */
  readonly data: Uint8Array
}

const UBYTE = 0x08

/** Decodes IDX bytes, checking the magic, the number of dimensions and the exact byte length. */
export const decodeIdx = (
  bytes: Uint8Array,
  file: string,
  ndims: number,
): Effect.Effect<IdxArray, DatasetCorrupt> => {
  const expectedMagic = `magic 0x0000${UBYTE.toString(16).padStart(2, "0")}${ndims.toString(16).padStart(2, "0")} (IDX ubyte, ${ndims} dims)`
  if (bytes.length < 4) {
    return Effect.fail(new DatasetCorrupt({ file, expected: expectedMagic, actual: `only ${bytes.length} bytes` }))
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const magic = view.getUint32(0, false)
  if (bytes[0] !== 0 || bytes[1] !== 0 || bytes[2] !== UBYTE || bytes[3] !== ndims) {
    return Effect.fail(new DatasetCorrupt({ file, expected: expectedMagic, actual: `magic 0x${magic.toString(16).padStart(8, "0")}` }))
  }
  const header = 4 + 4 * ndims
  if (bytes.length < header) {
    return Effect.fail(new DatasetCorrupt({ file, expected: `a ${header}-byte header`, actual: `${bytes.length} bytes` }))
  }
  const dims: number[] = []
  for (let i = 0; i < ndims; i++) dims.push(view.getUint32(4 + 4 * i, false))
  const count = dims.reduce((a, b) => a * b, 1)
  if (bytes.length !== header + count) {
    return Effect.fail(new DatasetCorrupt({
      file,
      expected: `${header + count} bytes (header ${header} + ${dims.join("×")} values)`,
      actual: `${bytes.length} bytes`,
    }))
  }
  return Effect.succeed({ dims, data: bytes.subarray(header) })
}

/** Encodes a uint8 array as IDX (used by tests and the download test server to make real-format files). */
export const encodeIdx = (dims: ReadonlyArray<number>, data: Uint8Array): Uint8Array<ArrayBuffer> => {
  const header = 4 + 4 * dims.length
  const out = new Uint8Array(header + data.length)
  const view = new DataView(out.buffer)
  out[2] = UBYTE
  out[3] = dims.length
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d, false))
  out.set(data, header)
  return out
}

/** Gunzips `bytes`, mapping a bad or truncated gzip stream to DatasetCorrupt naming the file. */
export const gunzip = (bytes: Uint8Array, file: string): Effect.Effect<Uint8Array, DatasetCorrupt> =>
  Effect.try({
    try: () => Bun.gunzipSync(bytes as Uint8Array<ArrayBuffer>),
    catch: (e) => new DatasetCorrupt({ file, expected: "a complete gzip stream", actual: `a gzip error (${String(e)})` }),
  })

/** Reads a gzip-compressed IDX file from disk. */
export const readIdxGz = (file: string, ndims: number): Effect.Effect<IdxArray, DatasetCorrupt> =>
  Effect.gen(function*() {
    const raw = yield* Effect.tryPromise({
      try: async () => new Uint8Array(await Bun.file(file).arrayBuffer()),
      catch: (e) => new DatasetCorrupt({ file, expected: "a readable file", actual: String(e) }),
    })
    const bytes = yield* gunzip(raw, file)
    return yield* decodeIdx(bytes, file, ndims)
  })
