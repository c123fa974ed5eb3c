/**
 * Per-channel standardisation (x - mean) / std (torchvision Normalize), e.g. the CIFAR-10 recipe's
 * mean (0.4914, 0.4822, 0.4465), std (0.2023, 0.1994, 0.2010). Deterministic; the output leaves [0, 1].
 */
import { type Augmentation, dims4, mapOnHost } from "./Augmentation.ts"

export const normalize = (mean: ReadonlyArray<number>, std: ReadonlyArray<number>): Augmentation => {
  if (mean.length !== std.length || mean.length === 0) throw new RangeError(`normalize needs one mean and one std per channel (got ${mean.length} and ${std.length})`)
  if (!std.every((s) => s > 0)) throw new RangeError(`normalize std must be positive (was [${std.join(", ")}])`)
  return (images) => {
    const c = dims4(images, "normalize")[3]
    if (c !== mean.length) throw new RangeError(`normalize has ${mean.length} channel statistics but the images have C = ${c}`)
    return mapOnHost(images, (src, dst) => {
      for (let i = 0; i < src.length; i++) dst[i] = (src[i]! - mean[i % c]!) / std[i % c]!
    })
  }
}
