/** From the config's `data.augment` (recipe + overrides) to @ssl/core's resolved AugmentParams. */
import { type AugmentOverrides, type AugmentParams, resolveAugment } from "@ssl/core"
import type { AugmentConfig } from "./schema.ts"

export const augmentParams = (augment: AugmentConfig): AugmentParams => {
  const { recipe, ...overrides } = augment
  return resolveAugment(recipe, overrides as AugmentOverrides)
}
