/**
 * Every claim of the project, in paper order. The CLI (`bun run ssl claims`), the claim tests and the future
 * `bun run repro` read this list; a new claim is one import and one entry here.
 */
import type { Claim } from "./harness/Claim.ts"
import { C01 } from "./theory/C01-lemma1.ts"
import { C02 } from "./theory/C02-conservation.ts"
import { C03 } from "./theory/C03-collapse.ts"
import { C04 } from "./theory/C04-symmetry.ts"
import { C05 } from "./theory/C05-alignment.ts"
import { C06 } from "./theory/C06-decoupling.ts"
import { C07 } from "./theory/C07-no-weight-decay.ts"
import { C08 } from "./theory/C08-fixed-points.ts"
import { C09 } from "./theory/C09-parabola.ts"
import { C10 } from "./theory/C10-ema-curriculum.ts"
import { C11 } from "./theory/C11-assumption1.ts"
import { C12 } from "./theory/C12-appendix-d.ts"

/** The theory claims C1–C12 (PAPER.md §2.1): exact simulations of the linear model. */
export const theoryClaims: ReadonlyArray<Claim> = [C01, C02, C03, C04, C05, C06, C07, C08, C09, C10, C11, C12]

/** All registered claims (the empirical claims C13–C30 append here). */
export const claims: ReadonlyArray<Claim> = [...theoryClaims]

/** A claim by id ("C5" or "C05"), or undefined. */
export const claimById = (id: string): Claim | undefined => {
  const m = /^C0*(\d+)$/i.exec(id.trim())
  return m === null ? undefined : claims.find((c) => c.id === `C${Number(m[1])}`)
}
