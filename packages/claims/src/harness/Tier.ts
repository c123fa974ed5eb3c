/**
 * Claim tiers: `smoke` (seconds), `ci` (CPU minutes; what `bun test` runs), `cpu-long`
 * (a small CNN on Fashion-MNIST, ≤ 2 h on a 2-core CPU, run by hand: where accuracy claims start to be
 * judgeable on a CPU), `nightly` (GPU, hours), `full` (paper scale). `CLAIMS_TIER` picks one; the
 * default is `ci`.
 */
export const tiers = ["smoke", "ci", "cpu-long", "nightly", "full"] as const
export type Tier = (typeof tiers)[number]

export const isTier = (s: string): s is Tier => (tiers as ReadonlyArray<string>).includes(s)

/** An unknown tier name (from CLAIMS_TIER or `--tier`). */
export class UnknownTier extends Error {
  readonly _tag = "UnknownTier"
  constructor(readonly value: string, readonly origin: string) {
    super(`${origin} must be one of ${tiers.join(", ")} (was "${value}")`)
  }
}

export const parseTier = (value: string, origin: string): Tier => {
  if (!isTier(value)) throw new UnknownTier(value, origin)
  return value
}

/** The tier named by CLAIMS_TIER, or `ci`. Throws UnknownTier on a bad value (a typo must not silently run `ci`). */
export const tierFromEnv = (env: Record<string, string | undefined> = process.env): Tier => {
  const v = env["CLAIMS_TIER"]
  return v === undefined || v === "" ? "ci" : parseTier(v, "CLAIMS_TIER")
}
