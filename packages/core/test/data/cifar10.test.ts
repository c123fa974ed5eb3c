import { describe, expect, test } from "bun:test"
import { mkdirSync, rmSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { Effect } from "effect"
import { CIFAR10_RECORD_BYTES, CIFAR10_TEST_FILE, CIFAR10_TRAIN_FILES, loadCifar10 } from "../../src/data/cifar10.ts"
import { DatasetCorrupt, DatasetMissing } from "../../src/data/errors.ts"
import { bytesFrom, failureOf, tempDir } from "./fixtures.ts"

/** Writes CIFAR-10 binary batches with `perFile` records each; returns the raw records per file. */
const writeCifar = (dir: string, perFile: number): Uint8Array[] =>
  [...CIFAR10_TRAIN_FILES, CIFAR10_TEST_FILE].map((f, k) => {
    const bytes = bytesFrom(100 + k, perFile * CIFAR10_RECORD_BYTES)
    for (let r = 0; r < perFile; r++) bytes[r * CIFAR10_RECORD_BYTES] = (r + k) % 10
    writeFileSync(join(dir, f), bytes)
    return bytes
  })

describe("CIFAR-10 binary batches", () => {
  test("CHW records become HWC images in [0,1]; labels and counts across the five train files", async () => {
    using dir = tempDir()
    const raw = writeCifar(dir.path, 3)
    const ds = await Effect.runPromise(loadCifar10({ dir: dir.path }))
    expect(ds.shape).toEqual([32, 32, 3])
    expect(ds.train.size).toBe(15)
    expect(ds.test.size).toBe(3)
    expect(ds.train.images.length).toBe(15 * 3072)
    // Image 4 = file 2 (data_batch_2), record 1. Pixel (y=5, x=7, c=2) is byte 1 + 2·1024 + 5·32 + 7 of that record.
    const rec = raw[1]!.subarray(CIFAR10_RECORD_BYTES, 2 * CIFAR10_RECORD_BYTES)
    expect(ds.train.labels[4]).toBe(rec[0]!)
    expect(ds.train.images[4 * 3072 + (5 * 32 + 7) * 3 + 2]).toBeCloseTo(rec[1 + 2 * 1024 + 5 * 32 + 7]! / 255, 7)
    expect(ds.train.images[4 * 3072 + (31 * 32 + 0) * 3 + 0]).toBeCloseTo(rec[1 + 31 * 32]! / 255, 7)
    expect(Array.from(ds.test.labels)).toEqual([5, 6, 7])
    expect(Math.min(...ds.train.images)).toBeGreaterThanOrEqual(0)
    expect(Math.max(...ds.train.images)).toBeLessThanOrEqual(1)
  })

  test("trainLimit reads only as many records as needed", async () => {
    using dir = tempDir()
    writeCifar(dir.path, 3)
    // Files past the limit are never opened: make batch 5 corrupt, it must not matter.
    writeFileSync(join(dir.path, CIFAR10_TRAIN_FILES[4]), new Uint8Array(5))
    const err = await failureOf(loadCifar10({ dir: dir.path, trainLimit: 4 }))
    // ...but sizes are checked up front, so corruption anywhere is reported, naming the file.
    expect((err as DatasetCorrupt).file).toBe(join(dir.path, CIFAR10_TRAIN_FILES[4]))
    writeCifar(dir.path, 3)
    const ds = await Effect.runPromise(loadCifar10({ dir: dir.path, trainLimit: 4, testLimit: 1 }))
    expect(ds.train.size).toBe(4)
    expect(ds.test.size).toBe(1)
  })

  test("a size that is not a multiple of 3073 bytes is corrupt", async () => {
    using dir = tempDir()
    const raw = writeCifar(dir.path, 3)
    writeFileSync(join(dir.path, CIFAR10_TEST_FILE), raw[5]!.subarray(0, 2 * CIFAR10_RECORD_BYTES + 100))
    const err = await failureOf(loadCifar10({ dir: dir.path }))
    expect(err).toBeInstanceOf(DatasetCorrupt)
    expect((err as DatasetCorrupt).file).toBe(join(dir.path, CIFAR10_TEST_FILE))
    expect((err as DatasetCorrupt).expected).toContain("multiple of 3073 bytes")
    expect((err as DatasetCorrupt).actual).toContain("2 records + 100 bytes")
  })

  test("a label outside 0..9 is corrupt", async () => {
    using dir = tempDir()
    const raw = writeCifar(dir.path, 3)
    raw[2]![2 * CIFAR10_RECORD_BYTES] = 10
    writeFileSync(join(dir.path, CIFAR10_TRAIN_FILES[2]), raw[2]!)
    const err = await failureOf(loadCifar10({ dir: dir.path }))
    expect((err as DatasetCorrupt).file).toBe(join(dir.path, CIFAR10_TRAIN_FILES[2]))
    expect((err as DatasetCorrupt).actual).toBe("label 10 in record 2")
  })

  test("missing: DatasetMissing says where to get the binary version and about SSL_DATA_DIR", async () => {
    using dir = tempDir()
    const err = await failureOf(loadCifar10({ env: { SSL_DATA_DIR: dir.path } }))
    expect(err).toBeInstanceOf(DatasetMissing)
    expect((err as DatasetMissing).searched).toContain(join(dir.path, "cifar-10-batches-bin"))
    expect((err as DatasetMissing).message).toContain("cifar-10-binary.tar.gz")
    expect((err as DatasetMissing).message).toContain("SSL_DATA_DIR")
  })

  test("found under SSL_DATA_DIR/cifar-10-batches-bin", async () => {
    using dir = tempDir()
    const sub = join(dir.path, "cifar-10-batches-bin")
    mkdirSync(sub)
    writeCifar(sub, 2)
    const ds = await Effect.runPromise(loadCifar10({ env: { SSL_DATA_DIR: dir.path } }))
    expect(ds.source).toBe(sub)
    expect(ds.train.size).toBe(10)
  })
})
