import { describe, expect, test } from "bun:test"
import { existsSync } from "node:fs"
import { join } from "node:path"
import { Effect } from "effect"
import { DatasetCorrupt, DatasetMissing } from "../../src/data/errors.ts"
import {
  DEBIAN_FASHION_MNIST_DIR, FASHION_MNIST_FILES, FASHION_MNIST_SHA256, fashionMnistSearchDirs, loadFashionMnist,
} from "../../src/data/fashionMnist.ts"
import { encodeIdx } from "../../src/data/idx.ts"
import { sha256Hex } from "../../src/data/sha256.ts"
import { bytesFrom, failureOf, fakeFashionMnist, tempDir, writeFashionMnist } from "./fixtures.ts"

const debianPresent = Object.values(FASHION_MNIST_FILES).every((f) => existsSync(join(DEBIAN_FASHION_MNIST_DIR, f)))

describe("Fashion-MNIST, real files (Debian's dataset-fashion-mnist)", () => {
  test.skipIf(!debianPresent)("shapes 60000/10000 × 28×28×1, labels 0..9 (all ten), pixels in [0,1] [skipped unless /usr/share/datasets/fashion-mnist exists: apt-get install dataset-fashion-mnist]", async () => {
    const ds = await Effect.runPromise(loadFashionMnist({ searchDirs: [DEBIAN_FASHION_MNIST_DIR], download: false }))
    expect(ds.shape).toEqual([28, 28, 1])
    expect(ds.train.size).toBe(60000)
    expect(ds.test.size).toBe(10000)
    expect(ds.train.images.length).toBe(60000 * 784)
    expect(ds.test.images.length).toBe(10000 * 784)
    for (const split of [ds.train, ds.test]) {
      const counts = new Array<number>(10).fill(0)
      for (const l of split.labels) counts[l]! += 1
      expect(Math.max(...split.labels)).toBe(9)
      // Fashion-MNIST is balanced: 6000 / 1000 per class.
      expect(counts).toEqual(new Array(10).fill(split.size / 10))
      let lo = Infinity
      let hi = -Infinity
      for (const v of split.images) {
        if (v < lo) lo = v
        if (v > hi) hi = v
      }
      expect(lo).toBe(0)
      expect(hi).toBe(1)
    }
  }, 30_000)

  test.skipIf(!debianPresent)("the recorded checksums are those of the Debian files' decompressed contents", async () => {
    for (const f of Object.values(FASHION_MNIST_FILES)) {
      const raw = Bun.gunzipSync(new Uint8Array(await Bun.file(join(DEBIAN_FASHION_MNIST_DIR, f)).arrayBuffer()))
      expect(sha256Hex(raw)).toBe(FASHION_MNIST_SHA256[f])
    }
  }, 30_000)

  test.skipIf(!debianPresent)("trainLimit / testLimit read the first images only", async () => {
    const ds = await Effect.runPromise(loadFashionMnist({ searchDirs: [DEBIAN_FASHION_MNIST_DIR], download: false, trainLimit: 100, testLimit: 7 }))
    expect(ds.train.size).toBe(100)
    expect(ds.train.images.length).toBe(100 * 784)
    expect(ds.test.labels.length).toBe(7)
  }, 30_000)
})

describe("Fashion-MNIST, search order", () => {
  test("SSL_DATA_DIR/fashion-mnist, then SSL_DATA_DIR, then Debian's folder", () => {
    expect(fashionMnistSearchDirs({ SSL_DATA_DIR: "/d" })).toEqual(["/d/fashion-mnist", "/d", DEBIAN_FASHION_MNIST_DIR])
    expect(fashionMnistSearchDirs({})).toEqual([DEBIAN_FASHION_MNIST_DIR])
  })

  test("SSL_DATA_DIR wins over Debian's folder and the data is read exactly", async () => {
    using dir = tempDir()
    const fake = fakeFashionMnist(12, 5)
    writeFashionMnist(join(dir.path, "fashion-mnist"), fake)
    const ds = await Effect.runPromise(loadFashionMnist({ env: { SSL_DATA_DIR: dir.path, SSL_CACHE_DIR: join(dir.path, "cache") }, download: false }))
    expect(ds.source).toBe(join(dir.path, "fashion-mnist"))
    expect(ds.train.size).toBe(12)
    expect(ds.test.size).toBe(5)
    expect(Array.from(ds.train.labels)).toEqual(Array.from(fake.trainLabels))
    expect(Array.from(ds.test.images.slice(0, 784), (v) => Math.round(v * 255))).toEqual(Array.from(fake.testPixels.slice(0, 784)))
  })

  test("missing everywhere with downloads off: DatasetMissing lists apt-get, SSL_DATA_DIR and download", async () => {
    using dir = tempDir()
    const err = await failureOf(loadFashionMnist({ searchDirs: [join(dir.path, "nope")], cacheDir: join(dir.path, "cache"), download: false }))
    expect(err).toBeInstanceOf(DatasetMissing)
    const m = err as DatasetMissing
    expect(m.searched).toEqual([join(dir.path, "nope"), join(dir.path, "cache", "fashion-mnist")])
    expect(m.message).toContain("apt-get install dataset-fashion-mnist")
    expect(m.message).toContain("SSL_DATA_DIR")
    expect(m.message).toContain("download")
  })
})

describe("Fashion-MNIST, corrupt files name the file and what was expected", () => {
  const load = (dir: string) => failureOf(loadFashionMnist({ searchDirs: [dir], download: false }))
  const corrupt = async (replace: Partial<Record<string, Uint8Array>>, file: string, expected: RegExp) => {
    using dir = tempDir()
    writeFashionMnist(dir.path, fakeFashionMnist(), replace)
    const err = await load(dir.path)
    expect(err).toBeInstanceOf(DatasetCorrupt)
    const c = err as DatasetCorrupt
    expect(c.file).toBe(join(dir.path, file))
    expect(c.expected).toMatch(expected)
    expect(c.message).toContain(join(dir.path, file))
  }

  test("wrong magic", () =>
    corrupt({ [FASHION_MNIST_FILES.trainImages]: Bun.gzipSync(encodeIdx([12, 28, 28], bytesFrom(1, 12 * 784)).map((b, i) => (i === 3 ? 1 : b))) },
      FASHION_MNIST_FILES.trainImages, /magic 0x00000803/))

  test("labels file with the images magic", () =>
    corrupt({ [FASHION_MNIST_FILES.testLabels]: Bun.gzipSync(encodeIdx([5, 1, 1], bytesFrom(4, 5, 10))) },
      FASHION_MNIST_FILES.testLabels, /magic 0x00000801/))

  test("truncated data (wrong size)", () => {
    const full = encodeIdx([12, 28, 28], bytesFrom(1, 12 * 784))
    return corrupt({ [FASHION_MNIST_FILES.trainImages]: Bun.gzipSync(full.slice(0, full.length - 100)) }, FASHION_MNIST_FILES.trainImages, /9424 bytes/)
  })

  test("bad gzip (random bytes)", () =>
    corrupt({ [FASHION_MNIST_FILES.testImages]: bytesFrom(9, 500) }, FASHION_MNIST_FILES.testImages, /gzip/))

  test("truncated gzip stream", () => {
    const gz = Bun.gzipSync(encodeIdx([5, 28, 28], bytesFrom(3, 5 * 784)))
    return corrupt({ [FASHION_MNIST_FILES.testImages]: gz.slice(0, gz.length - 20) }, FASHION_MNIST_FILES.testImages, /gzip/)
  })

  test("label out of range", () => {
    const labels = bytesFrom(2, 12, 10)
    labels[7] = 12
    return corrupt({ [FASHION_MNIST_FILES.trainLabels]: Bun.gzipSync(encodeIdx([12], labels)) }, FASHION_MNIST_FILES.trainLabels, /0\.\.9/)
  })

  test("label count differs from image count", () =>
    corrupt({ [FASHION_MNIST_FILES.trainLabels]: Bun.gzipSync(encodeIdx([11], bytesFrom(2, 11, 10))) }, FASHION_MNIST_FILES.trainLabels, /12 labels/))

  test("images that are not 28×28", () =>
    corrupt({ [FASHION_MNIST_FILES.trainImages]: Bun.gzipSync(encodeIdx([12, 14, 56], bytesFrom(1, 12 * 784))) }, FASHION_MNIST_FILES.trainImages, /28×28/))
})
