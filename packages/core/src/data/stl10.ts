/**
 * STL-10, binary version (Coates, Lee & Ng 2011): 96×96 colour images; `train_X.bin` (5000) with
 * `train_y.bin`, `test_X.bin` (8000) with `test_y.bin`, and `unlabeled_X.bin` (100000, no labels).
 *
 * Layout of an X file: uint8, N × 3 × 96 × 96, each channel plane stored COLUMN-major (MATLAB order):
 * the byte of pixel (row y, column x, channel c) of image n is at n·27648 + c·9216 + x·96 + y. (The
 * reference reader does `reshape(-1, 3, 96, 96)` then `transpose(0, 3, 2, 1)`, which is the same thing.)
 * Label files hold one uint8 per image, 1..10; we return 0..9.
 *
 * The unlabeled file is 2.8 GB (11 GB as float32): it is read only when asked for, only up to `limit`,
 * and `readStl10Images` reads any [offset, offset+count) chunk of any X file for streaming.
 *
 * Folder: `options.dir`, else `$SSL_DATA_DIR/stl10_binary`, `$SSL_DATA_DIR/stl10`, `$SSL_DATA_DIR`.
 */
import { join } from "node:path"
import { Effect } from "effect"
import { applyLimit, type ImageDataset, type ImageSplit, type LabeledSplit, type LimitOptions } from "./Dataset.ts"
import { dataDirCandidates, fileSize, firstDirWith, readRange, recordCount } from "./binaryFile.ts"
import { DatasetCorrupt, DatasetMissing } from "./errors.ts"

export const STL10_FILES = {
  trainX: "train_X.bin",
  trainY: "train_y.bin",
  testX: "test_X.bin",
  testY: "test_y.bin",
  unlabeledX: "unlabeled_X.bin",
} as const
export const STL10_CLASSES = ["airplane", "bird", "car", "cat", "deer", "dog", "horse", "monkey", "ship", "truck"] as const

const SIDE = 96
const PLANE = SIDE * SIDE
/** Bytes per image: 3 × 96 × 96. */
export const STL10_IMAGE_BYTES = 3 * PLANE

export interface Stl10Options extends LimitOptions {
  /** The folder holding the .bin files (skips the search). */
  readonly dir?: string
  /** Also load `unlabeled_X.bin`: `true` for all 100k, or a limit (and offset) in images. Default: not loaded. */
  readonly unlabeled?: boolean | { readonly limit?: number; readonly offset?: number }
  readonly env?: Readonly<Record<string, string | undefined>>
}

/** Transposes `count` STL images (CHW, column-major planes) into `out` (HWC, /255) starting at image `at`. */
export const decodeStl10Images = (bytes: Uint8Array, count: number, out: Float32Array, at: number): void => {
  for (let n = 0; n < count; n++) {
    const src = n * STL10_IMAGE_BYTES
    const dst = (at + n) * STL10_IMAGE_BYTES
    for (let c = 0; c < 3; c++) {
      const plane = src + c * PLANE
      for (let x = 0; x < SIDE; x++) {
        const col = plane + x * SIDE
        for (let y = 0; y < SIDE; y++) out[dst + (y * SIDE + x) * 3 + c] = bytes[col + y]! / 255
      }
    }
  }
}

/** The number of images in an STL-10 X file (its size must be a positive multiple of 27648). */
export const stl10ImageCount = (file: string): Effect.Effect<number, DatasetCorrupt> =>
  recordCount(file, STL10_IMAGE_BYTES, "STL-10 images of 3×96×96 bytes")

/** Reads images [offset, offset + count) of an X file as [count, 96, 96, 3] float32 in [0, 1]. */
export const readStl10Images = (file: string, offset: number, count: number): Effect.Effect<Float32Array, DatasetCorrupt> =>
  Effect.gen(function*() {
    const total = yield* stl10ImageCount(file)
    if (!(Number.isInteger(offset) && offset >= 0 && Number.isInteger(count) && count >= 0 && offset + count <= total)) {
      return yield* new DatasetCorrupt({ file, expected: `images ${offset}..${offset + count}`, actual: `${total} images` })
    }
    const bytes = yield* readRange(file, offset * STL10_IMAGE_BYTES, (offset + count) * STL10_IMAGE_BYTES)
    const out = new Float32Array(count * STL10_IMAGE_BYTES)
    decodeStl10Images(bytes, count, out, 0)
    return out
  })

const readLabeled = (dir: string, xFile: string, yFile: string, limit: number | undefined): Effect.Effect<LabeledSplit, DatasetCorrupt> =>
  Effect.gen(function*() {
    const xPath = join(dir, xFile)
    const yPath = join(dir, yFile)
    const n = yield* stl10ImageCount(xPath)
    const ySize = yield* fileSize(yPath)
    if (ySize !== n) {
      return yield* new DatasetCorrupt({ file: yPath, expected: `${n} label bytes (one per image of ${xFile})`, actual: `${ySize} bytes` })
    }
    const size = applyLimit(n, limit)
    const images = yield* readStl10Images(xPath, 0, size)
    const raw = yield* readRange(yPath, 0, size)
    const labels = new Uint8Array(size)
    for (let i = 0; i < size; i++) {
      const l = raw[i]!
      if (l < 1 || l > 10) return yield* new DatasetCorrupt({ file: yPath, expected: "labels in 1..10", actual: `label ${l} at index ${i}` })
      labels[i] = l - 1
    }
    return { size, images, labels }
  })

/** Loads STL-10 as [N, 96, 96, 3] float32 images in [0, 1] with labels 0..9 (and optionally the unlabeled split). */
export const loadStl10 = (options: Stl10Options = {}): Effect.Effect<ImageDataset, DatasetMissing | DatasetCorrupt> =>
  Effect.gen(function*() {
    const env = options.env ?? process.env
    const wantUnlabeled = options.unlabeled !== undefined && options.unlabeled !== false
    const needed: string[] = [STL10_FILES.trainX, STL10_FILES.trainY, STL10_FILES.testX, STL10_FILES.testY]
    if (wantUnlabeled) needed.push(STL10_FILES.unlabeledX)
    const searched = options.dir !== undefined ? [options.dir] : dataDirCandidates(env, "stl10_binary", "stl10")
    const dir = firstDirWith(searched, needed)
    if (dir === undefined) {
      return yield* new DatasetMissing({
        dataset: "stl10",
        searched,
        remedies: [
          "download the binary version, http://ai.stanford.edu/~acoates/stl10/stl10_binary.tar.gz (2.6 GB), and unpack " +
          "it into a folder DIR (it creates DIR/stl10_binary), then set SSL_DATA_DIR=DIR",
          `or pass the folder holding ${needed.join(", ")} as the loader's \`dir\` option`,
        ],
      })
    }
    const train = yield* readLabeled(dir, STL10_FILES.trainX, STL10_FILES.trainY, options.trainLimit)
    const test = yield* readLabeled(dir, STL10_FILES.testX, STL10_FILES.testY, options.testLimit)
    let unlabeled: ImageSplit | undefined
    if (wantUnlabeled) {
      const file = join(dir, STL10_FILES.unlabeledX)
      const spec = options.unlabeled === true ? {} : options.unlabeled as { readonly limit?: number; readonly offset?: number }
      const offset = spec.offset ?? 0
      const available = (yield* stl10ImageCount(file)) - offset
      const size = applyLimit(Math.max(0, available), spec.limit)
      unlabeled = { size, images: yield* readStl10Images(file, offset, size) }
    }
    return {
      name: "stl10",
      shape: [SIDE, SIDE, 3],
      numClasses: 10,
      classNames: STL10_CLASSES,
      train,
      test,
      ...(unlabeled === undefined ? {} : { unlabeled }),
      source: dir,
    } satisfies ImageDataset
  })
