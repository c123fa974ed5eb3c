/** The `--tier` and `--only` flags shared by `ssl claims` and `ssl repro`. */
import { claims, parseTier, sameClaimId, type Claim, type Tier } from "@ssl/claims"
import { UsageError } from "./args.ts"

export interface ClaimSelection {
  readonly tier: Tier
  readonly selected: ReadonlyArray<Claim>
}

/**
 * The tier (`--tier`, else env CLAIMS_TIER, else `ci`) and the claims (`--only C5,C8`, else all of `available`). Throws UsageError
 * on an empty or unknown id, and UnknownTier on a bad tier, each naming what is allowed.
 */
export const claimSelection = (flags: ReadonlyMap<string, string | true>, available: ReadonlyArray<Claim> = claims): ClaimSelection => {
  const tierFlag = flags.get("tier")
  const tier = parseTier(typeof tierFlag === "string" ? tierFlag : process.env["CLAIMS_TIER"] || "ci", typeof tierFlag === "string" ? "--tier" : "CLAIMS_TIER")
  const only = flags.get("only")
  if (typeof only !== "string") return { tier, selected: available }
  const ids = only.split(",").map((s) => s.trim()).filter((s) => s !== "")
  if (ids.length === 0) throw new UsageError("--only needs at least one claim id, e.g. --only C5,C8")
  const selected = ids.map((id) => {
    const c = available.find((k) => sameClaimId(k.id, id))
    if (c === undefined) throw new UsageError(`--only: unknown claim id "${id}" (known: ${available.map((k) => k.id).join(", ")})`)
    return c
  })
  return { tier, selected }
}
