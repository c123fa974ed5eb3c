/**
 * @ssl/claims' public surface, listed: adding or removing a name is a deliberate change made here too.
 * Mutation caught: a name exported from src/index.ts (or dropped from it) without updating this list.
 */
import { expect, test } from "bun:test"
import { publicNames } from "../../../test/publicNames.ts"

const INDEX = new URL("../src/index.ts", import.meta.url).pathname

test("@ssl/claims exports exactly these names", async () => {
  const { values, types } = await publicNames(INDEX)
  expect(values).toEqual([
    "ArmRuns", "CLAIMS_BEGIN", "CLAIMS_END", "ClaimRunFailed", "EvidenceCache", "NoResultsFound", "Progress", "ReadmeMarkersInvalid",
    "ReportWriteFailed", "ReproInterrupted", "ResultsFileInvalid", "UnknownTier", "UserClaimInvalid", "activeBackend", "applyGates",
    "armAccuracies", "cached", "claimById", "claims", "claimsReportJson", "claimsWithUsers", "compare", "compareReports", "decide", "defineClaim", "embedScript",
    "empirical", "escapeHtml", "execution", "explain", "findingFor", "findings", "formatNumber", "formatResult", "formatTest",
    "formatThreshold", "formatVerdictTable", "greaterThan", "intervalOutcome", "isIntervalRule", "isPlotId", "isTier", "judge", "lessThan",
    "loadUserClaims", "measure", "needsAttention", "newestResultsFile", "notJudgedAspects", "paperTables", "parseReproResults", "parseTier",
    "powerOf", "readResultsFile", "readmeClaimsTable", "renderHtml", "renderMarkdown", "renderReport", "replaceClaimsSection", "report",
    "reportDir", "reproClaim", "reproExitCode", "reproResults", "runClaims", "runRepro", "sameClaimId", "series", "sideBySide",
    "sideBySideHtml", "sideBySideMarkdown", "spectrumSpec", "superiority", "tablesDocument", "theoryClaims", "thin", "tierFromEnv", "tiers",
    "userClaimsDir", "vegaScripts", "verdictCounts", "verdictText", "within", "writeReport",
  ])
  expect(types).toEqual([
    "ArmAccuracy", "ArmSummary", "AxisScale", "AxisSpec", "CheckResult", "Claim", "ClaimDifference", "ClaimResult", "ClaimServices", "ClaimSpec", "ClaimsReport",
    "Comparator", "Criterion", "Evidence", "Finding", "FixedPointSpec", "GroupStats", "HeatmapPlot", "Info", "IntervalCriterion",
    "IntervalItem", "IntervalMeasure", "IntervalTest", "IntervalsPlot", "LinePlot", "Measured", "MeasuredDifference", "Outcome", "PaperEffect", "PaperReported",
    "PhasePlot", "PlotSpec", "Power", "ProgressEvent", "Published", "ReferenceLine", "ReportComparison", "ReproClaim", "ReproInput", "ReproOptions", "ReproOutcome",
    "ReproResults", "ResultTable", "Role", "Rule", "ScatterPlot", "SeriesSpec", "SideBySide", "SideBySideTable", "SpectrumCell", "TableRow",
    "Tier", "TierPlan", "TierSource", "TierStatus", "TimeCompression", "Verdict", "WrittenReport",
  ])
  // the runtime module agrees with the declarations read above
  expect(Object.keys(await import("@ssl/claims")).sort()).toEqual([...values])
})
