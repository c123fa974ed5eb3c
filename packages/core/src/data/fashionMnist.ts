/**
 * Fashion-MNIST (Xiao, Rasul & Vollgraf 2017): 60k train / 10k test greyscale 28×28 images, 10 classes,
 * read from the four IDX gzip files.
 *
 * Where the files are looked for, in order (the first folder holding all four wins):
 *   1. `$SSL_DATA_DIR/fashion-mnist/`, then `$SSL_DATA_DIR/` itself;
 *   2. `/usr/share/datasets/fashion-mnist/` (Debian/Ubuntu: `apt-get install dataset-fashion-mnist`);
 *   3. the cache, `$SSL_CACHE_DIR/fashion-mnist/` or `~/.cache/ssl-dynamics/fashion-mnist/`;
 *   4. otherwise the files are downloaded into that cache (unless `download: false`), from
 *      `$SSL_FASHION_MNIST_URL` or the public mirror, each verified against a known SHA-256 before it is
 *      renamed into place.
 *
 * Checksums are of the *decompressed* IDX bytes: Debian recompressed the upstream .gz files (their gzip
 * headers differ), while the IDX contents are identical, so one checksum verifies every mirror.
 */
import { existsSync } from "node:fs"
import { homedir } from "node:os"
import { join } from "node:path"
import { Effect } from "effect"
import { applyLimit, type ImageDataset, type LabeledSplit, type LimitOptions } from "./Dataset.ts"
import { type DownloadProgress, downloadFile } from "./download.ts"
import { DatasetCorrupt, DatasetMissing, type DownloadFailed } from "./errors.ts"
import { gunzip, readIdxGz } from "./idx.ts"
import { sha256Hex } from "./sha256.ts"

export const FASHION_MNIST_FILES = {
  trainImages: "train-images-idx3-ubyte.gz",
  trainLabels: "train-labels-idx1-ubyte.gz",
  testImages: "t10k-images-idx3-ubyte.gz",
  testLabels: "t10k-labels-idx1-ubyte.gz",
} as const

export type FashionMnistFile = (typeof FASHION_MNIST_FILES)[keyof typeof FASHION_MNIST_FILES]

/**
 * SHA-256 of each file's decompressed IDX bytes, computed from Debian's dataset-fashion-mnist 2020 package
 * (`zcat FILE | sha256sum`). Sizes: 47040016, 60008, 7840016 and 10008 bytes.
 */
export const FASHION_MNIST_SHA256: Readonly<Record<FashionMnistFile, string>> = {
  "train-images-idx3-ubyte.gz": "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
  "train-labels-idx1-ubyte.gz": "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
  "t10k-images-idx3-ubyte.gz": "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
  "t10k-labels-idx1-ubyte.gz": "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34",
}

/** Zalando's public mirror of the original files (never contacted by the tests). */
export const FASHION_MNIST_DEFAULT_URL = "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"

/** Debian's folder for the dataset-fashion-mnist package. */
export const DEBIAN_FASHION_MNIST_DIR = "/usr/share/datasets/fashion-mnist"

export const FASHION_MNIST_CLASSES = [
  "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
] as const

export interface FashionMnistOptions extends LimitOptions {
  /** Folders to search, in order, replacing the default list (SSL_DATA_DIR, Debian's folder). */
  readonly searchDirs?: ReadonlyArray<string>
  /** The cache root (the files go in `<cacheDir>/fashion-mnist`). Default: SSL_CACHE_DIR or ~/.cache/ssl-dynamics. */
  readonly cacheDir?: string
  /** Download into the cache when the files are nowhere else. Default true (false when SSL_NO_DOWNLOAD=1). */
  readonly download?: boolean
  /** Base URL of the four files. Default: SSL_FASHION_MNIST_URL or the public mirror. */
  readonly baseUrl?: string
  /** Expected SHA-256 of the decompressed files (tests serve their own files). Default FASHION_MNIST_SHA256. */
  readonly sha256?: Readonly<Record<FashionMnistFile, string>>
  readonly progress?: DownloadProgress
  /** Environment to read SSL_* variables from. Default process.env. */
  readonly env?: Readonly<Record<string, string | undefined>>
}

const allFiles = Object.values(FASHION_MNIST_FILES)

/** The default cache root: SSL_CACHE_DIR, else ~/.cache/ssl-dynamics. */
export const defaultCacheDir = (env: Readonly<Record<string, string | undefined>> = process.env): string =>
  env["SSL_CACHE_DIR"] ?? join(env["HOME"] ?? homedir(), ".cache", "ssl-dynamics")

/** The folders searched before the cache, in order. */
export const fashionMnistSearchDirs = (env: Readonly<Record<string, string | undefined>> = process.env): string[] => {
  const dirs: string[] = []
  const dataDir = env["SSL_DATA_DIR"]
  if (dataDir !== undefined && dataDir !== "") dirs.push(join(dataDir, "fashion-mnist"), dataDir)
  dirs.push(DEBIAN_FASHION_MNIST_DIR)
  return dirs
}

const hasAll = (dir: string): boolean => allFiles.every((f) => existsSync(join(dir, f)))

/**
 * Finds (or downloads) the four files and returns the folder holding them.
 * Fails with DatasetMissing (listing every way to get the data) or DownloadFailed.
 */
export const locateFashionMnist = (options: FashionMnistOptions = {}): Effect.Effect<string, DatasetMissing | DownloadFailed | DatasetCorrupt> =>
  Effect.gen(function*() {
    const env = options.env ?? process.env
    const searched = [...(options.searchDirs ?? fashionMnistSearchDirs(env))]
    const cache = join(options.cacheDir ?? defaultCacheDir(env), "fashion-mnist")
    for (const dir of [...searched, cache]) if (hasAll(dir)) return dir
    searched.push(cache)
    const download = options.download ?? env["SSL_NO_DOWNLOAD"] !== "1"
    const baseUrl = options.baseUrl ?? env["SSL_FASHION_MNIST_URL"] ?? FASHION_MNIST_DEFAULT_URL
    const remedies = [
      "Debian/Ubuntu: sudo apt-get install dataset-fashion-mnist (installs /usr/share/datasets/fashion-mnist)",
      `put the four files (${allFiles.join(", ")}) in a folder and set SSL_DATA_DIR to it (or to its parent, as <dir>/fashion-mnist)`,
      `let the loader download them into ${cache} (needs network; base URL ${baseUrl}, override with SSL_FASHION_MNIST_URL)`,
    ]
    if (!download) {
      return yield* new DatasetMissing({ dataset: "fashion-mnist", searched, remedies, reason: "downloads are disabled" })
    }
    const sha = options.sha256 ?? FASHION_MNIST_SHA256
    for (const file of allFiles) {
      if (existsSync(join(cache, file))) continue
      const url = new URL(file, baseUrl.endsWith("/") ? baseUrl : `${baseUrl}/`).toString()
      yield* downloadFile({
        url,
        dest: join(cache, file),
        ...(options.progress === undefined ? {} : { progress: options.progress }),
        verify: (bytes) => verifyGz(bytes, file, sha[file]),
      })
    }
    return cache
  })

/** Problem with downloaded gz bytes (bad gzip or checksum mismatch of the decompressed IDX), or undefined. */
const verifyGz = (bytes: Uint8Array, file: string, expected: string): string | undefined => {
  const raw = Effect.runSync(Effect.result(gunzip(bytes, file)))
  if (raw._tag === "Failure") return `not a complete gzip stream (${raw.failure.actual})`
  const actual = sha256Hex(raw.success)
  return actual === expected ? undefined : `checksum mismatch: SHA-256 of the decompressed ${file} is ${actual}, expected ${expected}`
}

/** Reads one images/labels pair of IDX files into a split, checking every invariant of the format. */
export const readIdxSplit = (
  dir: string,
  imagesFile: string,
  labelsFile: string,
  limit: number | undefined,
): Effect.Effect<LabeledSplit & { readonly height: number; readonly width: number }, DatasetCorrupt> =>
  Effect.gen(function*() {
    const imagesPath = join(dir, imagesFile)
    const labelsPath = join(dir, labelsFile)
    const images = yield* readIdxGz(imagesPath, 3)
    const labels = yield* readIdxGz(labelsPath, 1)
    const [n, h, w] = images.dims as [number, number, number]
    const nl = labels.dims[0]!
    if (n !== nl) {
      return yield* new DatasetCorrupt({ file: labelsPath, expected: `${n} labels (as many as ${imagesFile} has images)`, actual: `${nl} labels` })
    }
    const size = applyLimit(n, limit)
    const pixels = h * w
    const out = new Float32Array(size * pixels)
    const src = images.data
    for (let i = 0; i < out.length; i++) out[i] = src[i]! / 255
    const lab = labels.data.slice(0, size)
    for (let i = 0; i < size; i++) {
      if (lab[i]! > 9) {
        return yield* new DatasetCorrupt({ file: labelsPath, expected: "labels in 0..9", actual: `label ${lab[i]} at index ${i}` })
      }
    }
    return { size, images: out, labels: lab, height: h, width: w }
  })

/** Loads Fashion-MNIST as [N, 28, 28, 1] float32 images in [0, 1] with uint8 labels 0..9. */
export const loadFashionMnist = (options: FashionMnistOptions = {}): Effect.Effect<ImageDataset, DatasetMissing | DatasetCorrupt | DownloadFailed> =>
  Effect.gen(function*() {
    const dir = yield* locateFashionMnist(options)
    const train = yield* readIdxSplit(dir, FASHION_MNIST_FILES.trainImages, FASHION_MNIST_FILES.trainLabels, options.trainLimit)
    const test = yield* readIdxSplit(dir, FASHION_MNIST_FILES.testImages, FASHION_MNIST_FILES.testLabels, options.testLimit)
    for (const [split, file] of [[train, FASHION_MNIST_FILES.trainImages], [test, FASHION_MNIST_FILES.testImages]] as const) {
      if (split.height !== 28 || split.width !== 28) {
        return yield* new DatasetCorrupt({ file: join(dir, file), expected: "28×28 images", actual: `${split.height}×${split.width}` })
      }
    }
    return {
      name: "fashion-mnist",
      shape: [28, 28, 1],
      numClasses: 10,
      classNames: FASHION_MNIST_CLASSES,
      train: { size: train.size, images: train.images, labels: train.labels },
      test: { size: test.size, images: test.images, labels: test.labels },
      source: dir,
    } satisfies ImageDataset
  })
