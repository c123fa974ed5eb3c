// @ssl/claims — the curated public surface (one export group per area).

// The claims harness (harness/): a claim is data; verdicts with numbers, thresholds and sources; Effect services
export { tiers, isTier, parseTier, tierFromEnv, UnknownTier } from "./harness/Tier.ts"
export type { Tier } from "./harness/Tier.ts"
export { findingFor, findings, needsAttention } from "./harness/Finding.ts"
export type { Finding } from "./harness/Finding.ts"
export { greaterThan, isIntervalRule, lessThan, superiority, within } from "./harness/Rule.ts"
export type { Comparator, Criterion, IntervalCriterion, IntervalTest, PaperEffect, Role, Rule } from "./harness/Rule.ts"
export { applyGates, compare, decide, explain, intervalOutcome, judge, notJudgedAspects, powerOf } from "./harness/Decision.ts"
export { formatNumber, formatTest, formatThreshold, verdictText } from "./harness/formatVerdict.ts"
export type { CheckResult, GroupStats, IntervalMeasure, Measured, Outcome, Power, Verdict } from "./harness/Verdict.ts"
export { ClaimRunFailed, defineClaim, measure } from "./harness/Claim.ts"
export type { Claim, ClaimResult, ClaimSpec, Evidence, Info, TierPlan, TierStatus } from "./harness/Claim.ts"
export { Progress, report } from "./harness/Progress.ts"
export type { ProgressEvent } from "./harness/Progress.ts"
export { cached, RunStore } from "./harness/RunStore.ts"
export { claimsReportJson, runClaims } from "./harness/runClaims.ts"
export type { ClaimsReport } from "./harness/runClaims.ts"
export { formatResult, formatVerdictTable } from "./harness/verdictTable.ts"
// The registry of every claim (theory C1–C12 in theory/)
export { claimById, claims, claimsWithUsers, theoryClaims } from "./registry.ts"
// Claims of the user's own claims/ folder (userClaims.ts), and the bun:test adapter for them at "@ssl/claims/testing"
export { loadUserClaims, sameClaimId, userClaimsDir, UserClaimInvalid } from "./userClaims.ts"
// The empirical-claims framework (empirical/): tier bases, arms, trainArm with the run cache, intervals, the accuracy gate
export * as empirical from "./empirical/index.ts"
// The report of `bun run repro` (report/): plots as data (PlotSpec), drawn with Vega-Lite (the HTML helpers shared with `ssl plot`), results.json, report.md, index.html, the README table
export { isPlotId, series, thin } from "./report/PlotSpec.ts"
export type { AxisScale, AxisSpec, FixedPointSpec, HeatmapPlot, IntervalItem, IntervalsPlot, LinePlot, PhasePlot, PlotSpec, ReferenceLine, ScatterPlot, SeriesSpec } from "./report/PlotSpec.ts"
export { embedScript, escapeHtml, vegaScripts } from "./report/vegaPage.ts"
export { type SpectrumCell, spectrumSpec } from "./report/figures/spectrumFigure.ts"
export { parseReproResults, reproClaim, reproExitCode, reproResults, ResultsFileInvalid, verdictCounts } from "./report/ReproResults.ts"
export type { PaperReported, ReproClaim, ReproInput, ReproResults } from "./report/ReproResults.ts"
export { renderMarkdown } from "./report/renderMarkdown.ts"
export { renderHtml } from "./report/renderHtml.ts"
export { renderReport, reportDir, writeReport, type WrittenReport } from "./report/writeReport.ts"
export { activeBackend, ReportWriteFailed, ReproInterrupted, runRepro, type ReproOptions, type ReproOutcome } from "./report/runRepro.ts"
export {
  CLAIMS_BEGIN, CLAIMS_END, newestResultsFile, NoResultsFound, ReadmeMarkersInvalid, readmeClaimsTable, readResultsFile, replaceClaimsSection,
} from "./report/readmeClaims.ts"
export * as execution from "./execution/index.ts"
