/**
 * Claims of the user's, outside our packages: every `*.claim.ts` file of the user's claims folder (default
 * `claims/` at the repository root, or SSL_CLAIMS_DIR) that exports a claim made with `defineClaim`. They run
 * beside ours in `ssl claims` and `bun run test:claims`. `ssl new claim <id>` scaffolds one.
 */
import { existsSync, readdirSync } from "node:fs"
import { join, resolve } from "node:path"
import type { Claim } from "./harness/Claim.ts"

/** The user's claims folder: SSL_CLAIMS_DIR, else `claims/` at the repository root. */
export const userClaimsDir = (env: Readonly<Record<string, string | undefined>> = process.env): string =>
  resolve(env["SSL_CLAIMS_DIR"] ?? join(import.meta.dir, "../../..", "claims"))

/** A user claim file that cannot be used: the message names the file and what to do. */
export class UserClaimInvalid extends Error {
  readonly _tag = "UserClaimInvalid"
  constructor(readonly file: string, what: string) {
    super(`${file}: ${what}`)
  }
}

const isClaim = (x: unknown): x is Claim =>
  x !== null && typeof x === "object" && typeof (x as Claim).id === "string" && typeof (x as Claim).run === "function" && typeof (x as Claim).status === "function"

/** Claim ids compare upper-case with the number padded ("c5" = "C05" = "C5"). */
export const sameClaimId = (a: string, b: string): boolean => {
  const norm = (id: string) => id.trim().toUpperCase().replace(/^([A-Z]+)0*(\d+)$/, "$1$2")
  return norm(a) === norm(b)
}

/**
 * Imports the claims of `dir` (files in name order; every exported claim of a file). A file that exports no
 * claim, fails to import, or reuses an id of `existing` or of another user claim is a UserClaimInvalid.
 */
export const loadUserClaims = async (existing: ReadonlyArray<Claim>, dir: string = userClaimsDir()): Promise<ReadonlyArray<Claim>> => {
  if (!existsSync(dir)) return []
  const found: Array<Claim> = []
  for (const name of readdirSync(dir).filter((f) => f.endsWith(".claim.ts")).sort()) {
    const file = join(dir, name)
    let mod: Record<string, unknown>
    try {
      mod = (await import(file)) as Record<string, unknown>
    } catch (e) {
      throw new UserClaimInvalid(file, `could not be imported: ${e instanceof Error ? e.message : String(e)}`)
    }
    const claims = Object.values(mod).filter(isClaim)
    if (claims.length === 0) throw new UserClaimInvalid(file, "exports no claim (export one made with defineClaim from @ssl/claims; `bun run ssl new claim <id>` writes a template)")
    for (const c of claims) {
      const clash = [...existing, ...found].find((k) => sameClaimId(k.id, c.id))
      if (clash !== undefined) throw new UserClaimInvalid(file, `claim id ${c.id} is already taken (by ${existing.includes(clash) ? "one of ours" : "another user claim"}); rename it`)
      found.push(c)
    }
  }
  return found
}
