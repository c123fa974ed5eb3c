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

export const findings: ReadonlyArray<Finding> = (["smoke", "ci", "cpu-long", "nightly", "full"] as const).map(c28)

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
