/**
 * The tier plans of an arm-comparison claim: the same arms at every tier (each arm is a patch on the tier's
 * base, bases.ts), the tier's seeds, and a bun:test timeout from the number of runs the claim may have to train
 * itself (when no other claim trained its shared arms before it).
 *
 * Seeds are one list per tier for EVERY claim: a run is keyed by its resolved config, seed included, so the
 * shared arms (the SGD-linear baseline above all) are shared only if every claim asks for the same seeds.
 * ≥ 3 seeds where criteria are judged; 5 at full scale, as the paper's tables (docs/paper/tables.md: mean ± std over 5
 * seeds), and 5 at cpu-long, whose accuracy effects (0.4–3.4 points) a 3-seed interval (±2.5 points) cannot resolve
 * and whose 9 arms × 5 seeds fit its 2 hours on two workers (configs/tiers/cpu-long.ts); 2 at smoke, which judges
 * none (SMOKE_PLUMBING) but still computes every interval a claim reports.
 */
import type { TierPlan } from "../harness/Claim.ts"
import type { Tier } from "../harness/Tier.ts"
import type { Arm } from "./arms.ts"

export const tierSeeds = {
  smoke: [0, 1],
  ci: [0, 1, 2],
  "cpu-long": [0, 1, 2, 3, 4],
  nightly: [0, 1, 2],
  full: [0, 1, 2, 3, 4],
} as const satisfies Partial<Record<Tier, ReadonlyArray<number>>>

export type ArmTier = keyof typeof tierSeeds

/**
 * Worst-case wall time of ONE run (training + evaluation) per tier, for the timeout: smoke ≈ 1 s (configs/tiers/
 * smoke.ts) — 20 s; ci ≈ 9 s measured
 * (configs/tiers/ci.ts) — 60 s allows a machine shared with other jobs; cpu-long ≈ 5 min (configs/tiers/
 * cpu-long.ts) — 20 min; nightly (CIFAR-10 ResNet-18, 100 epochs) ≈ 1–2 GPU hours — 4 h; full (STL-10, 105k
 * images, 100 epochs) — 12 h.
 */
export const runBudgetMs: Record<ArmTier, number> = {
  smoke: 20_000,
  ci: 60_000,
  "cpu-long": 20 * 60_000,
  nightly: 4 * 3_600_000,
  full: 12 * 3_600_000,
}

/**
 * The plan config of an arm-comparison claim: the arms its criteria compare (claim-local names → shared arms of
 * arms.ts), and arms trained for information only (reported, never checked), which a tier may leave out.
 */
export interface ArmsConfig<N extends string> {
  readonly arms: Readonly<Record<N, Arm>>
  readonly infoArms: Readonly<Record<string, Arm>>
}

/** Why an arm-comparison claim judges no criterion at the smoke tier (its engine checks still apply). */
export const SMOKE_PLUMBING = "the smoke tier is a plumbing check, not evidence: 16 steps of a tiny run (2 seeds) exercise training, " +
  "evaluation and the claim's measurements end to end; the criteria are judged from the ci tier up (the engine checks apply here too)"

/** One plan: these arms, the tier's seeds, a timeout for training them all; at smoke, a plumbing check. */
export const armsPlan = <N extends string>(tier: ArmTier, arms: Readonly<Record<N, Arm>>, infoArms: Readonly<Record<string, Arm>> = {}): TierPlan<ArmsConfig<N>> => {
  const seeds = tierSeeds[tier]
  const runs = (Object.keys(arms).length + Object.keys(infoArms).length) * seeds.length
  return { config: { arms, infoArms }, seeds, timeoutMs: runs * runBudgetMs[tier], ...(tier === "smoke" ? { plumbing: SMOKE_PLUMBING } : {}) }
}

/**
 * Plans at smoke, ci, cpu-long, nightly and full with the same arms; the info arms only at the tiers `infoTiers`
 * names (default: ci, where runs cost seconds, and full; not cpu-long and nightly, whose runs a
 * claim spends on its criteria, nor smoke, which must take seconds).
 */
export const armsPlans = <N extends string>(
  arms: Readonly<Record<N, Arm>>,
  infoArms: Readonly<Record<string, Arm>> = {},
  infoTiers: ReadonlyArray<ArmTier> = ["ci", "full"],
): Partial<Record<Tier, TierPlan<ArmsConfig<N>>>> => {
  const plan = (tier: ArmTier) => armsPlan(tier, arms, infoTiers.includes(tier) ? infoArms : {})
  return { smoke: plan("smoke"), ci: plan("ci"), "cpu-long": plan("cpu-long"), nightly: plan("nightly"), full: plan("full") }
}

/**
 * Why a claim is `not run` at nightly: the tier must fit one night, ≤ 8 h on 4 GPUs through Slurm
 * (configs/tiers/nightly.ts has the arithmetic), so it runs cpu-long's 8 accuracy arms × 3 seeds at 30 epochs
 * of CIFAR-10; the other claims are judged at ci (mechanisms) and full (paper scale).
 */
const NIGHTLY_BUDGET = "not in the nightly tier's one night (8 arms × 3 seeds of 30-epoch ResNet-18 runs ≈ 8 h on 4 GPUs, the accuracy " +
  "claims cpu-long also runs); judged at ci and at full (to run it at nightly anyway, drop its `notRun` line: its arms × 3 seeds × ≈ 1 GPU-hour)"

/**
 * Why a claim is `not run` at cpu-long (the tier must finish within 2 hours here). Its runs of the
 * small CNN cost ≈ 5 minutes each (configs/tiers/cpu-long.ts); `bun run repro --tier cpu-long --jobs 2` trains
 * two at once, so 2 hours hold 9 arms × 5 seeds. Those arms serve the accuracy claims this tier exists for
 * (C17, C18, C20, C28, C29, and C13/C27 on the same runs); the others state one of these reasons, and a claim's
 * `notRun: notAtCpuLong.<reason>` line is the one switch to put it back at this tier.
 */
export const notAtCpuLong = {
  /** Mechanisms are measurable in CPU minutes: the ci tier judges them, with its stated time compression. */
  mechanistic: {
    "cpu-long": "a mechanistic claim, judged at the ci tier; cpu-long's 2-hour budget (9 arms × 5 seeds of the small CNN) goes to the " +
      "accuracy claims (to run it at cpu-long anyway, drop its `notRun` line: its arms × 5 seeds × ≈ 5 min)",
    nightly: NIGHTLY_BUDGET,
  },
  /** Accuracy ablations of DirectPred's construction, each needing arms of its own. */
  ablation: {
    "cpu-long": "an accuracy ablation whose arms do not fit cpu-long's 2-hour budget (9 arms × 5 seeds of the small CNN, spent on " +
      "DirectPred vs SGD, freq 5, ε, the plug-in predictor, EMA, the 2-layer predictor and the collapse control); judged at full (to run it at " +
      "cpu-long anyway, drop its `notRun` line: its arms × 5 seeds × ≈ 5 min)",
    nightly: NIGHTLY_BUDGET,
  },
} as const satisfies Record<string, Partial<Record<Tier, string>>>
