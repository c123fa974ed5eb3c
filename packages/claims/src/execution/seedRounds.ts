/**
 * Seeds where they decide something (`ssl repro --budget <time> / --max-seeds N`). After the planned seeds, every
 * claim is judged at its first look (sequentialVerdicts.ts); the claims still inconclusive for lack of seeds —
 * an undecided comparison that, at its measured spread, the cap could decide — get `roundSeeds` more seeds per
 * round, the ones needing the fewest seeds first, until each is decided, the cap is reached, or the next round's
 * estimated cost no longer fits the budget. Each round: the extra runs are trained by the executor (`train`), the
 * claim runs again on all its seeds, and is judged at its next look. Every look is recorded.
 */
import { Effect } from "effect"
import type { Claim, ClaimResult, ClaimServices } from "../harness/Claim.ts"
import { type Progress, report } from "../harness/Progress.ts"
import { runClaims } from "../harness/runClaims.ts"
import type { Tier } from "../harness/Tier.ts"
import type { Outcome, Verdict } from "../harness/Verdict.ts"
import { looksAt, type SpendingDesign } from "./sequential.ts"
import { judgeAtLook, seedsNeeded } from "./sequentialVerdicts.ts"

export interface LookRecord {
  readonly look: number
  readonly seeds: number
  readonly level: number
  /** Error spent up to this look (≤ the design's α). */
  readonly spent: number
  readonly verdict: Verdict
  readonly checks: ReadonlyArray<{ readonly name: string; readonly outcome: Outcome; readonly estimate: number; readonly lower?: number; readonly upper?: number }>
  /** Seeds per arm the undecided comparisons would need at the measured spread (null: not within the cap). */
  readonly seedsNeeded: number | null
}

export type StopReason = "decided" | "seed cap reached" | "budget spent" | "more seeds would not decide it within the cap" | "no interval to extend"

export interface ClaimLooks {
  readonly id: string
  readonly looks: ReadonlyArray<LookRecord>
  readonly verdict: Verdict
  readonly stopped: StopReason
  readonly seeds: ReadonlyArray<number>
}

export interface SeedRoundsOptions<E> {
  readonly design: SpendingDesign
  /** Seeds added to a claim per round (≥ 1). */
  readonly roundSeeds: number
  /** Wall seconds the extra rounds may take (estimated before each round); undefined: only the seed cap. */
  readonly budgetSeconds?: number
  /** Estimated seconds to train the runs these claims need that are not stored yet. */
  readonly estimate: (claims: ReadonlyArray<Claim>) => number
  /** Trains the runs these claims need (the executor). */
  readonly train: (claims: ReadonlyArray<Claim>) => Effect.Effect<void, E, Progress>
  readonly now?: () => number
}

export interface SeedRoundsOutcome {
  /** Each claim as it stands after the rounds (reseeded when it got seeds), for the report. */
  readonly claims: ReadonlyArray<Claim>
  readonly looks: ReadonlyArray<ClaimLooks>
}

const extendSeeds = (seeds: ReadonlyArray<number>, n: number): ReadonlyArray<number> => {
  const out = [...seeds]
  let next = Math.max(-1, ...seeds) + 1
  while (out.length < n) out.push(next++)
  return out
}

interface State {
  claim: Claim
  seeds: ReadonlyArray<number>
  counts: Array<number>
  looks: Array<LookRecord>
  stopped?: StopReason
  need: number
}

const record = (state: State, result: ClaimResult, design: SpendingDesign): void => {
  const looks = looksAt(design, state.counts)
  const look = looks[looks.length - 1]!
  const judged = judgeAtLook(state.claim, result, look)
  state.need = seedsNeeded(state.claim, judged, design)
  state.looks.push({
    look: look.index, seeds: look.seeds, level: look.level, spent: look.spent, verdict: judged.verdict,
    checks: judged.checks.map((c) => ({ name: c.name, outcome: c.outcome, estimate: c.measured,
      ...(c.interval === undefined ? {} : { lower: c.interval.lower, upper: c.interval.upper }) })),
    seedsNeeded: Number.isFinite(state.need) ? state.need : null,
  })
}

export const runSeedRounds = <E>(claims: ReadonlyArray<Claim>, tier: Tier, options: SeedRoundsOptions<E>): Effect.Effect<SeedRoundsOutcome, E, ClaimServices> =>
  Effect.gen(function*() {
    const now = options.now ?? (() => performance.now() / 1000)
    const start = now()
    const { design } = options
    const states: Array<State> = []
    const first = yield* runClaims(claims, tier)
    first.results.forEach((result, i) => {
      const claim = claims[i]!
      const hasInterval = result.checks.some((c) => c.interval !== undefined)
      const state: State = { claim, seeds: result.seeds, counts: [result.seeds.length], looks: [], need: Infinity }
      if (!hasInterval || result.seeds.length < 2 || result.seeds.length > design.maxSeeds) state.stopped = "no interval to extend"
      else record(state, result, design)
      states.push(state)
    })
    while (true) {
      const open = states.filter((s) => s.stopped === undefined)
      for (const s of open) {
        const last = s.looks[s.looks.length - 1]!
        if (last.verdict !== "inconclusive") s.stopped = "decided"
        else if (s.seeds.length >= design.maxSeeds) s.stopped = "seed cap reached"
        else if (!Number.isFinite(s.need)) s.stopped = "more seeds would not decide it within the cap"
      }
      const candidates = states.filter((s) => s.stopped === undefined).sort((a, b) => a.need - b.need)
      if (candidates.length === 0) break
      // Most decision-relevant first, as many as the budget's remainder holds.
      const round: Array<State> = []
      for (const s of candidates) {
        const next = s.claim.reseed(extendSeeds(s.seeds, Math.min(design.maxSeeds, s.seeds.length + options.roundSeeds)))
        const cost = options.estimate([...round.map((r) => r.claim), next])
        if (options.budgetSeconds !== undefined && now() - start + cost > options.budgetSeconds) {
          s.stopped = "budget spent"
          continue
        }
        s.claim = next
        s.seeds = extendSeeds(s.seeds, Math.min(design.maxSeeds, s.seeds.length + options.roundSeeds))
        s.counts.push(s.seeds.length)
        round.push(s)
      }
      if (round.length === 0) break
      yield* report("execute", "seed round", { claims: round.map((s) => `${s.claim.id}→${s.seeds.length}`).join(" ") })
      yield* options.train(round.map((s) => s.claim))
      const again = yield* runClaims(round.map((s) => s.claim), tier)
      again.results.forEach((result, i) => record(round[i]!, result, design))
    }
    return {
      claims: states.map((s) => s.claim),
      looks: states.filter((s) => s.looks.length > 0).map((s) => ({
        id: s.claim.id, looks: s.looks, verdict: s.looks[s.looks.length - 1]!.verdict, stopped: s.stopped ?? "decided", seeds: s.seeds,
      })),
    }
  })
