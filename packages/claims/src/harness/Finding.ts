/**
 * Recorded findings: claims whose verdict at a tier is NOT `pass` and has been examined. A claim that does not
 * hold at a scale is a result, reported as such (its verdict stays `fail` in every table, results.json and the
 * report); the claim test then asserts that the verdict is still the recorded one, so the finding is
 * reproducible and any change — a regression, or the claim starting to hold — fails the test and gets a look.
 * A claim without a recorded finding fails its test on `fail`, as always.
 */
import type { Tier } from "./Tier.ts"
import type { Verdict } from "./Verdict.ts"

export interface Finding {
  readonly claim: string
  readonly tier: Tier
  readonly verdict: Verdict
  /** What was measured and why it is taken as a finding rather than a bug (numbers, argument). */
  readonly why: string
}

export const findings: ReadonlyArray<Finding> = [
  {
    claim: "C16",
    tier: "ci",
    verdict: "fail",
    why: "Without EMA, with a symmetric linear predictor, a larger predictor lr did not rescue the collapse metric at "
      + "CPU-minute scale: end z-std 0.51, 0.48, 0.31 for α_p = 1, 3, 10 (3 seeds each; the opposite of the paper's "
      + "trend). At this scale symmetric-without-EMA does not collapse by z-std in the first place (C14), so there is "
      + "nothing for α_p to rescue; the paper's effect (Fig. 6) is on accuracy after 100 epochs.",
  },
  {
    claim: "C28",
    tier: "ci",
    verdict: "fail",
    why: "Arithmetic on the published numbers: the reproduction's SGD baseline (83.3) differs from Table 8's "
      + "(84.49) by 1.19 points, more than the 'at most 1%' the reproduction states; DirectPred (0.51) and "
      + "DirectPred freq 5 (0.83) are within it. PAPER.md §2.2b C28 reaches the same conclusion.",
  },
  {
    claim: "C30",
    tier: "ci",
    verdict: "fail",
    why: "Symmetric SimSiam without any weight decay did not collapse in 240 steps (end z-std 0.39 [0.36, 0.42]), "
      + "so the 'omitting all weight decay fails' half of the claim is not reproduced at CPU-minute scale; the "
      + "stabilised arm (α_pred/α = 10, η_pred > η) is not collapsed (0.52), as claimed. The reproduction's "
      + "collapse (20.27%) appears after 100 CIFAR-10 epochs.",
  },
]

export const findingFor = (claim: string, tier: Tier): Finding | undefined =>
  findings.find((f) => f.claim === claim && f.tier === tier)

/**
 * Whether a verdict needs attention: a `fail` with no recorded finding, or a claim whose recorded finding at this
 * tier did not reproduce. What `bun test`, `ssl claims` and `ssl repro` turn into a failure (exit code 1).
 */
export const needsAttention = (result: { readonly id: string; readonly tier: Tier; readonly verdict: Verdict }): boolean => {
  const finding = findingFor(result.id, result.tier)
  return finding === undefined ? result.verdict === "fail" : result.verdict !== finding.verdict
}
