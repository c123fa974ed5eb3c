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
// The DirectPred and accuracy claims (empirical/): C17–C24, C26, C28, C29
import { C17 } from "./empirical/C17-plug-in-optimal.ts"
import { C18 } from "./empirical/C18-directpred-vs-sgd.ts"
import { C19 } from "./empirical/C19-cj-constant.ts"
import { C20 } from "./empirical/C20-freq5-longer-training.ts"
import { C21 } from "./empirical/C21-random-partitions.ts"
import { C22 } from "./empirical/C22-imagenet.ts"
import { C23 } from "./empirical/C23-uncentred-correlation.ts"
import { C24 } from "./empirical/C24-f-estimate.ts"
import { C26 } from "./empirical/C26-headline.ts"
import { C28 } from "./empirical/C28-table8-comparison.ts"
import { C29 } from "./empirical/C29-directpred-ema.ts"
import { C31 } from "./empirical/C31-rank-agreement.ts"
import { C32 } from "./empirical/C32-learning-rate.ts"
import { C33 } from "./empirical/C33-directcopy.ts"
import { C34 } from "./empirical/C34-cj-freq2.ts"
// The mechanistic claims (empirical/): C13–C16, C25, C27, C30
import { C13 } from "./empirical/C13-alignment-in-training.ts"
import { C14 } from "./empirical/C14-symmetric-ema.ts"
import { C15 } from "./empirical/C15-weight-decay.ts"
import { C16 } from "./empirical/C16-predictor-lr.ts"
import { C25 } from "./empirical/C25-predictor-stopgrad-essential.ts"
import { C27 } from "./empirical/C27-assumptions-hold.ts"
import { C30 } from "./empirical/C30-symmetric-simsiam-stabilised.ts"
import { loadUserClaims } from "./userClaims.ts"

/** The theory claims C1–C12 (docs/paper/claims.md): exact simulations of the linear model. */
export const theoryClaims: ReadonlyArray<Claim> = [C01, C02, C03, C04, C05, C06, C07, C08, C09, C10, C11, C12]

/** DirectPred (Tables 1, 6–9), the F̂ estimate, DirectCopy, and [Re]'s accuracy comparisons (docs/paper/claims.md). */
export const directPredClaims: ReadonlyArray<Claim> = [C17, C18, C19, C20, C21, C22, C23, C24, C26, C28, C29, C31, C32, C33, C34]

/** Alignment, symmetry, collapse, weight decay, EMA and predictor lr in real training (docs/paper/claims.md). */
export const mechanisticClaims: ReadonlyArray<Claim> = [C13, C14, C15, C16, C25, C27, C30]

/** Paper order: C1, C2, …, C34. */
const paperOrder = (a: Claim, b: Claim): number => Number(a.id.slice(1)) - Number(b.id.slice(1))

/** All registered claims. */
export const claims: ReadonlyArray<Claim> = [...theoryClaims, ...directPredClaims, ...mechanisticClaims].sort(paperOrder)

/** A claim by id ("C5" or "C05"), or undefined. */
export const claimById = (id: string): Claim | undefined => {
  const m = /^C0*(\d+)$/i.exec(id.trim())
  return m === null ? undefined : claims.find((c) => c.id === `C${Number(m[1])}`)
}

/** Ours, then the user's claims folder's (userClaims.ts). */
export const claimsWithUsers = async (): Promise<ReadonlyArray<Claim>> => [...claims, ...(await loadUserClaims(claims))]
