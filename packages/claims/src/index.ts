// @ssl/claims — the curated public surface (one export group per area; append, never rewrite).

// The claims harness (harness/): a claim is data; verdicts with numbers, thresholds and sources; Effect services
export { tiers, isTier, parseTier, tierFromEnv, UnknownTier } from "./harness/Tier.ts"
export type { Tier } from "./harness/Tier.ts"
export { check, compare, decide, formatNumber, formatThreshold } from "./harness/Verdict.ts"
export type { CheckResult, Comparator, Criterion, Verdict } from "./harness/Verdict.ts"
export { ClaimRunFailed, defineClaim, measure } from "./harness/Claim.ts"
export type { Claim, ClaimResult, ClaimSpec, Evidence, Info, TierPlan, TierStatus } from "./harness/Claim.ts"
export { Progress, report } from "./harness/Progress.ts"
export type { ProgressEvent } from "./harness/Progress.ts"
export { cached, RunStore } from "./harness/RunStore.ts"
export { claimsReportJson, runClaims } from "./harness/runClaims.ts"
export type { ClaimsReport } from "./harness/runClaims.ts"
export { formatResult, formatVerdictTable } from "./harness/verdictTable.ts"
// The registry of every claim (theory C1–C12 in theory/)
export { claimById, claims, theoryClaims } from "./registry.ts"
