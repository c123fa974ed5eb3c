/**
 * The in-memory dataset value every loader returns. Plain typed arrays (no tensors), so loading never touches
 * the tfjs engine and a split can be sliced, shuffled and batched cheaply; `batchOf` makes the tensors.
 */

export type DatasetName = "fashion-mnist" | "cifar10" | "stl10"

/** One split of images. `images` is [N, H, W, C] row-major (HWC), float32 in [0, 1]. */
export interface ImageSplit {
  /** Number of images N. */
  readonly size: number
  /** [N, H, W, C], values in [0, 1]. */
  readonly images: Float32Array
  /** [N] class indices in [0, numClasses). Absent for unlabeled splits. */
  readonly labels?: Uint8Array
}

/** A split that carries labels. */
export interface LabeledSplit extends ImageSplit {
  readonly labels: Uint8Array
}

export interface ImageDataset {
  readonly name: DatasetName
  /** [H, W, C] of every image. */
  readonly shape: readonly [number, number, number]
  readonly numClasses: number
  /** Human-readable class names, index = label. */
  readonly classNames: ReadonlyArray<string>
  readonly train: LabeledSplit
  readonly test: LabeledSplit
  /** STL-10's 100k unlabeled images (only loaded when asked for). */
  readonly unlabeled?: ImageSplit
  /** Where the files were read from (for provenance). */
  readonly source: string
}

/** Options every loader understands. */
export interface LimitOptions {
  /** Read at most this many training images (the first ones in file order). */
  readonly trainLimit?: number
  /** Read at most this many test images. */
  readonly testLimit?: number
}

/** Number of values per image. */
export const imageSize = (shape: readonly [number, number, number]): number => shape[0] * shape[1] * shape[2]

/** `min(limit, available)`, validating that a limit is a positive integer. */
export const applyLimit = (available: number, limit: number | undefined): number => {
  if (limit === undefined) return available
  if (!(Number.isInteger(limit) && limit > 0)) throw new RangeError(`limit must be a positive integer (was ${limit})`)
  return Math.min(limit, available)
}
