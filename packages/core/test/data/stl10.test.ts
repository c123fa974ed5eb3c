import { describe, expect, test } from "bun:test"
import { mkdirSync, rmSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { Effect } from "effect"
import { DatasetCorrupt, DatasetMissing } from "../../src/data/errors.ts"
import { loadStl10, readStl10Images, STL10_FILES, STL10_IMAGE_BYTES } from "../../src/data/stl10.ts"
import { bytesFrom, failureOf, tempDir } from "./fixtures.ts"

/**
 * The reference reader (stl10_input.py): np.reshape(x, (-1, 3, 96, 96)); np.transpose(images, (0, 3, 2, 1)).
 * Written out literally, as an independent oracle for pixel (n, y, x, c).
 */
const referencePixel = (bytes: Uint8Array, n: number, y: number, x: number, c: number): number => {
  // reshape(-1,3,96,96) gives a[n][c][i][j] = bytes[n*27648 + c*9216 + i*96 + j]; transpose(0,3,2,1) gives
  // out[n][j][i][c] = a[n][c][i][j], so out[n][y][x][c] = a[n][c][x][y].
  return bytes[n * 27648 + c * 9216 + x * 96 + y]!
}

const writeStl = (dir: string, nTrain: number, nTest: number, nUnlabeled: number) => {
  const trainX = bytesFrom(11, nTrain * STL10_IMAGE_BYTES)
  const trainY = bytesFrom(12, nTrain, 10).map((l) => l + 1)
  const testX = bytesFrom(13, nTest * STL10_IMAGE_BYTES)
  const testY = bytesFrom(14, nTest, 10).map((l) => l + 1)
  const unl = bytesFrom(15, nUnlabeled * STL10_IMAGE_BYTES)
  writeFileSync(join(dir, STL10_FILES.trainX), trainX)
  writeFileSync(join(dir, STL10_FILES.trainY), trainY)
  writeFileSync(join(dir, STL10_FILES.testX), testX)
  writeFileSync(join(dir, STL10_FILES.testY), testY)
  writeFileSync(join(dir, STL10_FILES.unlabeledX), unl)
  return { trainX, trainY, testX, testY, unl }
}

describe("STL-10 binary", () => {
  test("column-major CHW planes are transposed to HWC exactly as the reference reader; labels 1..10 -> 0..9", async () => {
    using dir = tempDir()
    const raw = writeStl(dir.path, 3, 2, 0)
    const ds = await Effect.runPromise(loadStl10({ dir: dir.path }))
    expect(ds.shape).toEqual([96, 96, 3])
    expect(ds.train.size).toBe(3)
    expect(ds.test.size).toBe(2)
    expect(ds.unlabeled).toBeUndefined()
    expect(Array.from(ds.train.labels)).toEqual(Array.from(raw.trainY, (l) => l - 1))
    for (const [n, y, x, c] of [[0, 0, 0, 0], [1, 3, 50, 1], [2, 95, 1, 2], [2, 10, 90, 0], [1, 95, 95, 2]] as const) {
      expect(ds.train.images[((n * 96 + y) * 96 + x) * 3 + c]).toBeCloseTo(referencePixel(raw.trainX, n, y, x, c) / 255, 7)
    }
    // Exhaustively on one image: every byte lands exactly once.
    const seen = new Float64Array(STL10_IMAGE_BYTES)
    for (let y = 0; y < 96; y++) for (let x = 0; x < 96; x++) for (let c = 0; c < 3; c++) {
      seen[(y * 96 + x) * 3 + c] = referencePixel(raw.testX, 1, y, x, c) / 255
    }
    const img1 = ds.test.images.subarray(STL10_IMAGE_BYTES, 2 * STL10_IMAGE_BYTES)
    let maxErr = 0
    for (let i = 0; i < seen.length; i++) maxErr = Math.max(maxErr, Math.abs(seen[i]! - img1[i]!))
    expect(maxErr).toBeLessThan(1e-7)
  })

  test("unlabeled split: loaded only when asked, with limit and offset; chunk reads match", async () => {
    using dir = tempDir()
    writeStl(dir.path, 2, 2, 7)
    const all = await Effect.runPromise(loadStl10({ dir: dir.path, unlabeled: true }))
    expect(all.unlabeled?.size).toBe(7)
    expect(all.unlabeled?.labels).toBeUndefined()
    const some = await Effect.runPromise(loadStl10({ dir: dir.path, unlabeled: { limit: 3, offset: 2 } }))
    expect(some.unlabeled?.size).toBe(3)
    expect(Array.from(some.unlabeled!.images)).toEqual(Array.from(all.unlabeled!.images.subarray(2 * STL10_IMAGE_BYTES, 5 * STL10_IMAGE_BYTES)))
    const chunk = await Effect.runPromise(readStl10Images(join(dir.path, STL10_FILES.unlabeledX), 6, 1))
    expect(Array.from(chunk)).toEqual(Array.from(all.unlabeled!.images.subarray(6 * STL10_IMAGE_BYTES)))
    const err = await failureOf(readStl10Images(join(dir.path, STL10_FILES.unlabeledX), 6, 2))
    expect((err as DatasetCorrupt).actual).toBe("7 images")
  })

  test("trainLimit reads the first images", async () => {
    using dir = tempDir()
    writeStl(dir.path, 4, 2, 0)
    const ds = await Effect.runPromise(loadStl10({ dir: dir.path, trainLimit: 2 }))
    expect(ds.train.size).toBe(2)
    expect(ds.train.images.length).toBe(2 * STL10_IMAGE_BYTES)
  })

  test("label 0 (outside 1..10) is corrupt, naming the label file", async () => {
    using dir = tempDir()
    const raw = writeStl(dir.path, 3, 2, 0)
    raw.testY[1] = 0
    writeFileSync(join(dir.path, STL10_FILES.testY), raw.testY)
    const err = await failureOf(loadStl10({ dir: dir.path }))
    expect(err).toBeInstanceOf(DatasetCorrupt)
    expect((err as DatasetCorrupt).file).toBe(join(dir.path, STL10_FILES.testY))
    expect((err as DatasetCorrupt).expected).toBe("labels in 1..10")
  })

  test("a truncated image file is corrupt", async () => {
    using dir = tempDir()
    const raw = writeStl(dir.path, 3, 2, 0)
    writeFileSync(join(dir.path, STL10_FILES.trainX), raw.trainX.subarray(0, raw.trainX.length - 1))
    const err = await failureOf(loadStl10({ dir: dir.path }))
    expect((err as DatasetCorrupt).file).toBe(join(dir.path, STL10_FILES.trainX))
    expect((err as DatasetCorrupt).expected).toContain("multiple of 27648 bytes")
  })

  test("label and image counts that disagree are corrupt", async () => {
    using dir = tempDir()
    const raw = writeStl(dir.path, 3, 2, 0)
    writeFileSync(join(dir.path, STL10_FILES.trainY), raw.trainY.subarray(0, 2))
    const err = await failureOf(loadStl10({ dir: dir.path }))
    expect((err as DatasetCorrupt).file).toBe(join(dir.path, STL10_FILES.trainY))
    expect((err as DatasetCorrupt).expected).toContain("3 label bytes")
  })

  test("missing (or missing the unlabeled file when asked for it): DatasetMissing with the ways to get it", async () => {
    using dir = tempDir()
    writeStl(dir.path, 1, 1, 0)
    rmSync(join(dir.path, STL10_FILES.unlabeledX))
    await Effect.runPromise(loadStl10({ dir: dir.path }))
    const err = await failureOf(loadStl10({ dir: dir.path, unlabeled: true }))
    expect(err).toBeInstanceOf(DatasetMissing)
    expect((err as DatasetMissing).message).toContain("stl10_binary.tar.gz")
    expect((err as DatasetMissing).message).toContain("SSL_DATA_DIR")
  })
})
