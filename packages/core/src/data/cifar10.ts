/**
 * CIFAR-10, binary version (Krizhevsky 2009): `data_batch_1.bin` … `data_batch_5.bin` (train, 10000 records
 * each) and `test_batch.bin` (10000 records). A record is 1 label byte (0..9) then 3072 pixel bytes in
 * CHW order (1024 red, 1024 green, 1024 blue; each 32×32 row-major). We return HWC float32 in [0, 1].
 *
 * Folder: `options.dir`, else `$SSL_DATA_DIR/cifar-10-batches-bin`, `$SSL_DATA_DIR/cifar10`, `$SSL_DATA_DIR`.
 */
import { join } from "node:path"
import { Effect } from "effect"
import { applyLimit, type ImageDataset, type LabeledSplit, type LimitOptions } from "./Dataset.ts"
import { dataDirCandidates, firstDirWith, readRange, recordCount } from "./binaryFile.ts"
import { DatasetCorrupt, DatasetMissing } from "./errors.ts"

export const CIFAR10_TRAIN_FILES = ["data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin"] as const
export const CIFAR10_TEST_FILE = "test_batch.bin"
export const CIFAR10_CLASSES = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"] as const

const SIDE = 32
const PIXELS = SIDE * SIDE
/** 1 label byte + 3 × 32 × 32 pixel bytes. */
export const CIFAR10_RECORD_BYTES = 1 + 3 * PIXELS

export interface Cifar10Options extends LimitOptions {
  /** The folder holding the six .bin files (skips the search). */
  readonly dir?: string
  readonly env?: Readonly<Record<string, string | undefined>>
}

/** Decodes `count` CIFAR records (CHW) into `images` (HWC, /255) and `labels`, starting at image `at`. */
export const decodeCifarRecords = (
  bytes: Uint8Array,
  count: number,
  images: Float32Array,
  labels: Uint8Array,
  at: number,
  file: string,
): Effect.Effect<void, DatasetCorrupt> => {
  for (let r = 0; r < count; r++) {
    const rec = r * CIFAR10_RECORD_BYTES
    const label = bytes[rec]!
    if (label > 9) {
      return Effect.fail(new DatasetCorrupt({ file, expected: "labels in 0..9", actual: `label ${label} in record ${r}` }))
    }
    labels[at + r] = label
    const out = (at + r) * 3 * PIXELS
    for (let p = 0; p < PIXELS; p++) {
      // [C, H, W] -> [H, W, C]
      images[out + 3 * p] = bytes[rec + 1 + p]! / 255
      images[out + 3 * p + 1] = bytes[rec + 1 + PIXELS + p]! / 255
      images[out + 3 * p + 2] = bytes[rec + 1 + 2 * PIXELS + p]! / 255
    }
  }
  return Effect.void
}

/** Reads the first `limit` records across `files`, lazily (files past the limit are not opened). */
const readCifarFiles = (dir: string, files: ReadonlyArray<string>, limit: number | undefined): Effect.Effect<LabeledSplit, DatasetCorrupt> =>
  Effect.gen(function*() {
    const counts: number[] = []
    for (const f of files) counts.push(yield* recordCount(join(dir, f), CIFAR10_RECORD_BYTES, "CIFAR-10 records of 1 label + 3072 pixel bytes"))
    const size = applyLimit(counts.reduce((a, b) => a + b, 0), limit)
    const images = new Float32Array(size * 3 * PIXELS)
    const labels = new Uint8Array(size)
    let at = 0
    for (let i = 0; i < files.length && at < size; i++) {
      const file = join(dir, files[i]!)
      const take = Math.min(counts[i]!, size - at)
      const bytes = yield* readRange(file, 0, take * CIFAR10_RECORD_BYTES)
      yield* decodeCifarRecords(bytes, take, images, labels, at, file)
      at += take
    }
    return { size, images, labels }
  })

/** Loads CIFAR-10 as [N, 32, 32, 3] float32 images in [0, 1] with labels 0..9. */
export const loadCifar10 = (options: Cifar10Options = {}): Effect.Effect<ImageDataset, DatasetMissing | DatasetCorrupt> =>
  Effect.gen(function*() {
    const env = options.env ?? process.env
    const all = [...CIFAR10_TRAIN_FILES, CIFAR10_TEST_FILE]
    const searched = options.dir !== undefined ? [options.dir] : dataDirCandidates(env, "cifar-10-batches-bin", "cifar10")
    const dir = firstDirWith(searched, all)
    if (dir === undefined) {
      return yield* new DatasetMissing({
        dataset: "cifar10",
        searched,
        remedies: [
          "download the binary version, https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz (162 MB), and unpack it " +
          "into a folder DIR (it creates DIR/cifar-10-batches-bin), then set SSL_DATA_DIR=DIR",
          `or pass the folder holding ${all.join(", ")} as the loader's \`dir\` option`,
        ],
      })
    }
    const train = yield* readCifarFiles(dir, CIFAR10_TRAIN_FILES, options.trainLimit)
    const test = yield* readCifarFiles(dir, [CIFAR10_TEST_FILE], options.testLimit)
    return { name: "cifar10", shape: [SIDE, SIDE, 3], numClasses: 10, classNames: CIFAR10_CLASSES, train, test, source: dir } satisfies ImageDataset
  })
