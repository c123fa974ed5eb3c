/**
 * From a split (typed arrays) to tensors: gather the images and labels at given indices. Kept out of the
 * loaders so datasets stay engine-free; the caller owns (and disposes) the returned tensors.
 */
import type { Rng } from "../rng.ts"
import { tf } from "../tf.ts"
import type { ImageSplit } from "./Dataset.ts"

/** Copies the images at `indices` out of `split`: [B, H, W, C] float32. */
export const gatherImages = (split: ImageSplit, shape: readonly [number, number, number], indices: ArrayLike<number>): Float32Array => {
  const per = shape[0] * shape[1] * shape[2]
  const out = new Float32Array(indices.length * per)
  for (let b = 0; b < indices.length; b++) {
    const i = indices[b]!
    if (!(Number.isInteger(i) && i >= 0 && i < split.size)) throw new RangeError(`batch index ${i} is outside the split (size ${split.size})`)
    out.set(split.images.subarray(i * per, (i + 1) * per), b * per)
  }
  return out
}

/** The images at `indices` as a tensor [B, H, W, C], plus their labels [B] (int32) when the split has labels. */
export const batchOf = (
  split: ImageSplit,
  shape: readonly [number, number, number],
  indices: ArrayLike<number>,
): { readonly images: tf.Tensor4D; readonly labels?: tf.Tensor1D } => {
  const images = tf.tensor4d(gatherImages(split, shape, indices), [indices.length, shape[0], shape[1], shape[2]])
  if (split.labels === undefined) return { images }
  const lab = new Int32Array(indices.length)
  for (let b = 0; b < indices.length; b++) lab[b] = split.labels[indices[b]!]!
  return { images, labels: tf.tensor1d(lab, "int32") }
}

/**
 * Shuffled mini-batches by step number, resumable: step t belongs to epoch e = floor(t / batchesPerEpoch),
 * whose permutation of 0..size-1 comes from `rng.fork("epoch-e")`; the batch is its slice. So `at(t)` depends
 * only on (seed, size, batchSize, t): a resumed run sees exactly the batches an uninterrupted one would.
 * The last partial batch of an epoch is dropped (the original code's `drop_last=True`).
 */
export class EpochSampler {
  readonly batchesPerEpoch: number
  private epoch = -1
  private perm: Int32Array = new Int32Array(0)

  constructor(private readonly rng: Rng, readonly size: number, readonly batchSize: number) {
    if (!(Number.isInteger(batchSize) && batchSize > 0 && batchSize <= size)) {
      throw new RangeError(`batchSize must be an integer in 1..${size} (was ${batchSize})`)
    }
    this.batchesPerEpoch = Math.floor(size / batchSize)
  }

  /** Indices of the batch used at (0-based) step `step`: [batchSize]. */
  at(step: number): Int32Array {
    if (!(Number.isInteger(step) && step >= 0)) throw new RangeError(`step must be a non-negative integer (was ${step})`)
    const epoch = Math.floor(step / this.batchesPerEpoch)
    if (epoch !== this.epoch) {
      this.perm = this.rng.fork(`epoch-${epoch}`).permutation(this.size)
      this.epoch = epoch
    }
    const at = (step % this.batchesPerEpoch) * this.batchSize
    return this.perm.slice(at, at + this.batchSize)
  }
}
