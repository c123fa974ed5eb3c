/**
 * Recorded findings: claims whose verdict at a tier is NOT `pass` and has been examined. A finding pins what
 * was examined — per check, its outcome and a band for its measured value (the estimate, for an interval
 * check) — and the code version it was examined at. A result matches the finding only when every pinned check
 * has that outcome with its value inside the band and the verdict is the recorded one; anything else (a new
 * route to the same verdict, a number drifting out of its band, the claim starting to hold) needs attention
 * and fails the claim's test, so a finding is reproducible and any change gets a look.
 */
import type { Tier } from "./Tier.ts"
import type { CheckResult, Outcome, Verdict } from "./Verdict.ts"

export interface PinnedCheck {
  readonly outcome: Outcome
  /** The measured value (an interval check's estimate) must lie in [lo, hi]. */
  readonly band: readonly [number, number]
}

export interface Finding {
  readonly claim: string
  readonly tier: Tier
  readonly verdict: Verdict
  /** The code version the finding was examined at (git commit). */
  readonly codeVersion: string
  readonly checks: Readonly<Record<string, PinnedCheck>>
  /** What was measured and why it is taken as a finding rather than a bug (numbers, argument). */
  readonly why: string
}

/** C28 is arithmetic on published numbers: the same at every tier. */
const c28 = (tier: Tier): Finding => ({
  claim: "C28", tier, verdict: "fail", codeVersion: "documentary (published numbers)",
  checks: {
    directPred: { outcome: "pass", band: [0.51, 0.51] },
    directPredFreq5: { outcome: "pass", band: [0.83, 0.83] },
    sgdBaseline: { outcome: "fail", band: [1.19, 1.19] },
  },
  why: "Arithmetic on the published numbers: the reproduction's SGD baseline (83.3) differs from Table 8's (84.49) by 1.19 points, "
    + "more than the 'at most 1%' the reproduction states; DirectPred (0.51) and DirectPred freq 5 (0.83) are within it.",
})

/**
 * C14 at ci: the symmetric linear predictor without EMA does not collapse within 240 steps. Its controls work (the
 * no-stop-gradient control collapses, the healthy BYOL reference does not, the symmetric arms are symmetric), so the
 * collapse fraction is measured on a working scale, and it sits at or below the healthy end on every seed.
 */
const c14Ci: Finding = {
  claim: "C14", tier: "ci", verdict: "fail", codeVersion: "0ea44fee74ce728dbf0f50fbb77f5999d6a0abc0",
  checks: {
    accuracyGate: { outcome: "fail", band: [-9, -4] },
    controlCollapses: { outcome: "pass", band: [0, 0.05] },
    healthyHealthy: { outcome: "pass", band: [0.4, 0.55] },
    symmetricArmsSymmetric: { outcome: "pass", band: [0, 0.001] },
    noEmaSymCollapses: { outcome: "fail", band: [-0.6, -0.2] },
    noEmaSymAccuracyDrop: { outcome: "not judged", band: [-4, 1] },
    emaSymHealthy: { outcome: "pass", band: [-0.2, 0] },
    noEmaRegularHealthy: { outcome: "pass", band: [-0.15, 0.1] },
  },
  why: "At ci (Fashion-MNIST MLP, 240 steps) the symmetric W_p without EMA does not collapse: collapse fraction −0.38 [−1.19, 0.44] "
    + "(0 = the healthy BYOL run, 1 = the no-stop-gradient control, which does collapse: end/initial zStd 0.015), so its interval lies "
    + "below the ½ that 'collapsed' needs. The paper's collapse (Table 3: 36.62 vs 72.85 on STL-10) is measured after 100 epochs; by "
    + "its Sec. 4 argument the small eigenvalues of a symmetric W_p are pulled into the collapse basin over training, which 1.5 epochs "
    + "do not show. The EMA half of the claim holds (symmetric with EMA: −0.09, healthy). A finding of this scale, not of the paper.",
}

/**
 * C29 at cpu-long: without EMA, DirectPred trails the SGD-trained linear predictor, and it leads the 2-layer predictor.
 * The accuracy gate is open and the EMA half holds (DirectPred beats SGD with EMA), so the comparisons are made where
 * the encoders have learned.
 */
const c29CpuLong: Finding = {
  claim: "C29", tier: "cpu-long", verdict: "fail", codeVersion: "7e0d467f6a06b21eb2429b5b7cd96da42b259c15",
  checks: {
    accuracyGate: { outcome: "pass", band: [1.5, 5.5] },
    dpVsSgdEma: { outcome: "pass", band: [0.5, 4.5] },
    dpVsSgdNoEma: { outcome: "fail", band: [-12, -5] },
    emaVsNoEmaSgd: { outcome: "inconclusive", band: [-1, 5] },
    emaVsNoEmaDp: { outcome: "pass", band: [10, 17] },
    dpVsTwoLayer: { outcome: "fail", band: [6, 13] },
    freq5VsFreq1: { outcome: "inconclusive", band: [-2.5, 0.5] },
  },
  why: "At cpu-long (Fashion-MNIST, the small CNN, 1600 steps ≈ 7 epochs, 5 seeds) DirectPred without EMA trails the SGD-trained "
    + "linear predictor without EMA by 8.6 points [5.6, 11.6] (probe 58.2 vs 66.7), while with EMA DirectPred leads by 2.56 [0.19, 4.94] "
    + "(70.7 vs 68.1): removing EMA costs DirectPred 12.6 points [10.2, 14.9] and SGD 1.4 [−1.6, 4.4]. The reproduction reports the "
    + "opposite order without EMA (DirectPred 78.6 vs SGD 77.8, one run each, CIFAR-10, 100 epochs). And DirectPred leads the 2-layer "
    + "predictor by 10.1 [5.6, 14.5] (60.7: the 2-layer predictor has not caught up at 7 epochs), where [Re] finds it not better. Not "
    + "examined further here: whether DirectPred without EMA and the 2-layer predictor catch up over longer training is a question for "
    + "the nightly and full tiers. A finding at this scale, examined with working controls.",
}

export const findings: ReadonlyArray<Finding> = [...(["smoke", "ci", "cpu-long", "nightly", "full"] as const).map(c28), c14Ci, c29CpuLong]

export const findingFor = (claim: string, tier: Tier): Finding | undefined =>
  findings.find((f) => f.claim === claim && f.tier === tier)

/** Why a result does not match a finding (empty when it matches). */
export const findingMismatches = (
  f: Finding,
  result: { readonly verdict: Verdict; readonly checks: ReadonlyArray<CheckResult> },
): ReadonlyArray<string> => {
  const out: Array<string> = []
  if (result.verdict !== f.verdict) out.push(`verdict ${result.verdict}, recorded ${f.verdict}`)
  for (const [name, pin] of Object.entries(f.checks)) {
    const c = result.checks.find((k) => k.name === name)
    if (c === undefined) { out.push(`check ${name} missing`); continue }
    if (c.outcome !== pin.outcome) out.push(`${name}: outcome ${c.outcome}, recorded ${pin.outcome}`)
    if (!(c.measured >= pin.band[0] && c.measured <= pin.band[1])) out.push(`${name}: ${c.measured} outside the recorded band [${pin.band[0]}, ${pin.band[1]}]`)
  }
  for (const c of result.checks) if (!(c.name in f.checks)) out.push(`check ${c.name} is not pinned by the finding`)
  return out
}

export const findingMatches = (f: Finding, result: { readonly verdict: Verdict; readonly checks: ReadonlyArray<CheckResult> }): boolean =>
  findingMismatches(f, result).length === 0

/**
 * Whether a verdict needs attention: a `fail` with no recorded finding, or a result that does not match the
 * recorded finding of its claim and tier. What `bun test`, `ssl claims` and `ssl repro` turn into exit code 1.
 */
export const needsAttention = (result: { readonly id: string; readonly tier: Tier; readonly verdict: Verdict; readonly checks: ReadonlyArray<CheckResult> }): boolean => {
  const finding = findingFor(result.id, result.tier)
  return finding === undefined ? result.verdict === "fail" : !findingMatches(finding, result)
}
