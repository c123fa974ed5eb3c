/**
 * Frozen features for evaluation: a labelled matrix [N, D] in plain memory, plus the two ways to make one —
 * an encoder in eval mode (the backbone output, before the projector, as the original evaluator) and the raw
 * pixels (the raw-pixel baseline).
 */
import { tf } from "@ssl/core"
import type { Encoder } from "../models/Encoder.ts"

/** A labelled split in memory: images [N, H, W, C] in [0, 1]. (Structurally @ssl/core's LabeledSplit.) */
export interface LabeledImages {
  readonly size: number
  readonly images: Float32Array
  readonly labels: Uint8Array
}

export interface Features {
  /** [n, d] row-major. */
  readonly x: Float32Array
  /** [n] class indices. */
  readonly y: Uint8Array
  readonly n: number
  readonly d: number
}

/** Backbone features of every image, encoder in eval mode, in chunks of `batchSize`. */
export const encoderFeatures = (encoder: Encoder, split: LabeledImages, shape: readonly [number, number, number],
  options: { batchSize?: number; preprocess?: (x: tf.Tensor4D) => tf.Tensor4D } = {}): Features => {
  const batch = options.batchSize ?? 512
  const per = shape[0] * shape[1] * shape[2]
  const d = encoder.outDim
  const x = new Float32Array(split.size * d)
  for (let start = 0; start < split.size; start += batch) {
    const end = Math.min(split.size, start + batch)
    const out = tf.tidy(() => {
      let images = tf.tensor4d(split.images.subarray(start * per, end * per), [end - start, ...shape])
      if (options.preprocess !== undefined) images = options.preprocess(images)
      return encoder.apply(images, "eval") // [b, d]
    })
    x.set(out.dataSync(), start * d)
    out.dispose()
  }
  return { x, y: split.labels.slice(0, split.size), n: split.size, d }
}

/** The images themselves, flattened: [N, H·W·C]. */
export const pixelFeatures = (split: LabeledImages, shape: readonly [number, number, number]): Features => {
  const d = shape[0] * shape[1] * shape[2]
  return { x: split.images.slice(0, split.size * d), y: split.labels.slice(0, split.size), n: split.size, d }
}

/**
 * sklearn's StandardScaler: the mean and the population std (ddof 0) of each feature on `fit`, applied to every
 * split; a constant feature gets scale 1. Returns new arrays.
 */
export const standardize = (fit: Features, ...others: ReadonlyArray<Features>): Array<Features> => {
  const { n, d } = fit
  const mean = new Float64Array(d)
  const sq = new Float64Array(d)
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j]! += fit.x[i * d + j]!
  for (let j = 0; j < d; j++) mean[j]! /= n
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) sq[j]! += (fit.x[i * d + j]! - mean[j]!) ** 2
  const scale = new Float64Array(d)
  for (let j = 0; j < d; j++) {
    const std = Math.sqrt(sq[j]! / n)
    scale[j] = std > 0 ? 1 / std : 1
  }
  return [fit, ...others].map((f) => {
    if (f.d !== d) throw new Error(`standardize: feature dimension ${f.d} differs from ${d}`)
    const x = new Float32Array(f.x.length)
    for (let i = 0; i < f.n; i++) for (let j = 0; j < d; j++) x[i * d + j] = (f.x[i * d + j]! - mean[j]!) * scale[j]!
    return { ...f, x }
  })
}
