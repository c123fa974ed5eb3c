/**
 * The forest plot of a claim: one row per interval check — the quantity the verdict is about (a difference
 * between arms, a ratio, a slope) — with our estimate and its interval, the check's pass region (green) and
 * fail region (red) drawn from its rule, and the paper's value of the same quantity (◆) where it has one.
 * Each row has its own x axis: the checks of one claim measure different things.
 */
import type { IntervalTest } from "../../harness/Rule.ts"
import type { CheckResult } from "../../harness/Verdict.ts"
import { checkOutcome } from "../formatReport.ts"
import type { ReproClaim } from "../ReproResults.ts"
import { CONFIG, finite, type Figure, SCHEMA, type TopLevelSpec, topLevel, WIDTH } from "./vegaLite.ts"

/** Where an interval rule puts its verdict: the pass region and the fail region on the measured axis. */
export type Bounds =
  | { readonly kind: "above"; readonly pass: number; readonly fail: number }
  | { readonly kind: "below"; readonly pass: number; readonly fail: number }
  | { readonly kind: "within"; readonly margin: number }

const NUMBER = String.raw`(-?\d+(?:\.\d+)?(?:e[-+]?\d+)?)`
const ABOVE = new RegExp(String.raw`^pass if lower \d+% bound > ${NUMBER}; fail if upper \d+% bound < ${NUMBER}`)
const BELOW = new RegExp(String.raw`^pass if upper \d+% bound < ${NUMBER}; fail if lower \d+% bound > ${NUMBER}`)
const WITHIN = new RegExp(String.raw`^pass if the \d+% interval lies inside ±${NUMBER}`)

/** The bounds of an interval rule. */
export const testBounds = (test: IntervalTest): Bounds => {
  switch (test.kind) {
    case "greaterThan": return { kind: "above", pass: test.threshold, fail: test.threshold }
    case "lessThan": return { kind: "below", pass: test.threshold, fail: test.threshold }
    case "within": return { kind: "within", margin: test.margin }
  }
}

/**
 * The bounds of an interval rule from its words (harness/formatVerdict.ts' formatTest), or undefined: for the
 * checks of results.json written before a check carried its rule as numbers (`test`).
 */
export const intervalBounds = (threshold: string): Bounds | undefined => {
  const above = ABOVE.exec(threshold)
  if (above !== null) return { kind: "above", pass: Number(above[1]), fail: Number(above[2]) }
  const below = BELOW.exec(threshold)
  if (below !== null) return { kind: "below", pass: Number(below[1]), fail: Number(below[2]) }
  const within = WITHIN.exec(threshold)
  return within === null ? undefined : { kind: "within", margin: Number(within[1]) }
}

const ROW_HEIGHT = 26
const LABEL_WIDTH = 190

interface Region { readonly from: number; readonly to: number; readonly region: "pass" | "fail" }

const regions = (b: Bounds, [lo, hi]: readonly [number, number]): Array<Region> => {
  switch (b.kind) {
    case "above": return [{ from: b.pass, to: hi, region: "pass" }, { from: lo, to: b.fail, region: "fail" }]
    case "below": return [{ from: lo, to: b.pass, region: "pass" }, { from: b.fail, to: hi, region: "fail" }]
    case "within": return [{ from: -b.margin, to: b.margin, region: "pass" }, { from: lo, to: -b.margin, region: "fail" }, { from: b.margin, to: hi, region: "fail" }]
  }
}

const boundValues = (b: Bounds): Array<number> => (b.kind === "within" ? [-b.margin, b.margin] : [b.pass, b.fail])

const checkRow = (k: CheckResult): Record<string, unknown> | undefined => {
  const iv = k.interval
  if (iv === undefined || !finite(iv.estimate)) return undefined
  const bounds = k.test !== undefined ? testBounds(k.test) : intervalBounds(k.threshold)
  const lower = finite(iv.lower) ? iv.lower : iv.estimate, upper = finite(iv.upper) ? iv.upper : iv.estimate
  const paper = k.paper !== undefined && finite(k.paper.value) ? k.paper.value : undefined
  const values = [lower, upper, iv.estimate, ...(bounds === undefined ? [] : boundValues(bounds)), ...(paper === undefined ? [] : [paper])]
  const min = Math.min(...values), max = Math.max(...values)
  const pad = (max - min) * 0.08 || Math.abs(max) * 0.1 || 1
  const domain = [min - pad, max + pad] as const
  const label = `${k.name}${k.role === "criterion" ? "" : ` (${k.role})`}: ${checkOutcome(k)}`
  const x = { type: "quantitative" as const, scale: { domain: [...domain], nice: false, zero: false }, title: null, axis: { tickCount: 5, labelFlush: true } }
  const y = { field: "label", type: "nominal" as const, title: null, axis: { labelLimit: 0, minExtent: LABEL_WIDTH, maxExtent: LABEL_WIDTH } }
  const ours = { label, estimate: iv.estimate, lower, upper, level: `${Math.round(iv.level * 100)}%`, n: iv.n, description: k.description }
  const layers: Array<Record<string, unknown>> = []
  if (bounds !== undefined) {
    layers.push({
      data: { values: regions(bounds, domain).filter((r) => r.to > r.from).map((r) => ({ ...r, label })) },
      mark: { type: "rect", opacity: 0.16, tooltip: true },
      encoding: {
        x: { ...x, field: "from" }, x2: { field: "to" }, y,
        color: { field: "region", type: "nominal", scale: { domain: ["pass", "fail"], range: ["#1a7f37", "#cf222e"] }, legend: null },
        tooltip: [{ field: "region", type: "nominal", title: "the interval must lie here to" }],
      },
    })
  }
  layers.push(
    {
      data: { values: [ours] }, params: [{ name: `zoom_${k.name}`, select: { type: "interval", encodings: ["x"] }, bind: "scales" }],
      mark: { type: "rule", strokeWidth: 2.5, color: "#1f2328" }, encoding: { y, x: { ...x, field: "lower" }, x2: { field: "upper" } },
    },
    {
      data: { values: [ours] }, mark: { type: "point", filled: true, size: 70, color: "#1f2328", tooltip: true },
      encoding: {
        y, x: { ...x, field: "estimate" },
        tooltip: [
          { field: "description", type: "nominal", title: "what" }, { field: "estimate", type: "quantitative", format: ".4~g", title: "ours" },
          { field: "lower", type: "quantitative", format: ".4~g" }, { field: "upper", type: "quantitative", format: ".4~g" },
          { field: "level", type: "nominal" }, { field: "n", type: "quantitative", title: "seeds" },
        ],
      },
    },
  )
  if (paper !== undefined) {
    layers.push({
      data: { values: [{ label, paper, where: k.paper!.where }] }, mark: { type: "point", shape: "diamond", filled: true, size: 110, color: "#bf8700", tooltip: true },
      encoding: { y, x: { ...x, field: "paper" }, tooltip: [{ field: "paper", type: "quantitative", format: ".4~g", title: "paper" }, { field: "where", type: "nominal" }] },
    })
  }
  return { width: WIDTH - LABEL_WIDTH + 60, height: ROW_HEIGHT, layer: layers }
}

/** The claim's forest plot, or undefined when none of its checks has an interval. */
export const forestFigure = (c: Pick<ReproClaim, "id" | "checks">): Figure | undefined => {
  const rows = c.checks.map(checkRow).filter((r) => r !== undefined)
  if (rows.length === 0) return undefined
  const spec = topLevel({
    $schema: SCHEMA, config: { ...CONFIG, concat: { spacing: 6 } },
    title: { text: `${c.id}: the checks' intervals against their pass and fail regions`, anchor: "start", fontSize: 12 },
    vconcat: rows,
  })
  return {
    id: `${c.id}-forest`, title: `${c.id}: the checks' intervals`, spec,
    caption: "Each row: our estimate (●) with its 95% interval; the interval must lie in the green region to pass, in the red one to fail, otherwise the check is inconclusive; ◆ the paper's or the reproduction's value of the same quantity. Each row has its own axis.",
  }
}
