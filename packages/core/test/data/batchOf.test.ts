import { describe, expect, test } from "bun:test"
import { batchOf, EpochSampler, gatherImages } from "../../src/data/batchOf.ts"
import { Rng } from "../../src/rng.ts"
import { tf } from "../../src/tf.ts"

const split = { size: 5, images: Float32Array.from({ length: 5 * 2 * 2 * 1 }, (_, i) => i / 20), labels: Uint8Array.from([4, 3, 2, 1, 0]) }

describe("batchOf", () => {
  test("gathers images and labels at the indices, as tensors [B,H,W,C] and [B]", async () => {
    const before = tf.memory().numTensors
    const { images, labels } = batchOf(split, [2, 2, 1], [3, 0])
    expect(images.shape).toEqual([2, 2, 2, 1])
    expect(Array.from(await images.data())).toEqual(Array.from(split.images.slice(12, 16)).concat(Array.from(split.images.slice(0, 4))))
    expect(Array.from(await labels!.data())).toEqual([1, 4])
    images.dispose()
    labels!.dispose()
    expect(tf.memory().numTensors).toBe(before)
  })

  test("an index outside the split is an error", () => {
    expect(() => gatherImages(split, [2, 2, 1], [5])).toThrow(/outside the split/)
  })
})

describe("EpochSampler", () => {
  test("each epoch is a permutation (drop-last); at(t) is a pure function of (seed, t): resumable", () => {
    const a = new EpochSampler(new Rng(1), 10, 3)
    expect(a.batchesPerEpoch).toBe(3)
    const epoch0 = [a.at(0), a.at(1), a.at(2)].flatMap((b) => Array.from(b))
    expect(new Set(epoch0).size).toBe(9)
    const b = new EpochSampler(new Rng(1), 10, 3)
    // Random access in another order gives the same batches.
    expect(Array.from(b.at(7))).toEqual(Array.from(a.at(7)))
    expect(Array.from(b.at(1))).toEqual(Array.from(new EpochSampler(new Rng(1), 10, 3).at(1)))
    expect(Array.from(a.at(3))).not.toEqual(Array.from(a.at(0)))
    expect(Array.from(new EpochSampler(new Rng(2), 10, 3).at(0))).not.toEqual(Array.from(new EpochSampler(new Rng(1), 10, 3).at(0)))
  })
})
