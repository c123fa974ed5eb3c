/**
 * The report's figures as Vega-Lite specs (no browser): what each kind of plot turns its data into, the pass
 * and fail regions of the forest plots against the committed ci report's verdicts, and the static SVG of
 * report.md. The browser's view of the same figures is reportHtml.test.ts.
 */
import { describe, expect, test } from "bun:test"
import fc from "fast-check"
import { readFileSync } from "node:fs"
import { join } from "node:path"
import { judge } from "../src/harness/Decision.ts"
import { formatTest } from "../src/harness/formatVerdict.ts"
import { greaterThan } from "../src/harness/Rule.ts"
import { axisTitle, vegaScale } from "../src/report/figures/axes.ts"
import { reportFigures } from "../src/report/figures/figures.ts"
import { forestFigure, intervalBounds, testBounds } from "../src/report/figures/forestFigure.ts"
import { lineFigureSpec } from "../src/report/figures/lineFigure.ts"
import { renderSvg } from "../src/report/figures/renderSvg.ts"
import { heatmapCells } from "../src/report/figures/spectrumFigure.ts"
import { unicodeMath } from "../src/report/figures/unicodeMath.ts"
import { type LinePlot, series, thin } from "../src/report/PlotSpec.ts"
import { parseReproResults } from "../src/report/ReproResults.ts"

const committedPath = join(import.meta.dir, "../../../docs/report-ci/results.json")
const committed = parseReproResults(JSON.parse(readFileSync(committedPath, "utf8")), committedPath)

/** The rows of a spec's layers, by the layer's mark type. */
const layerRows = (spec: unknown, mark: string): Array<Record<string, unknown>> =>
  ((spec as { layer: Array<{ mark: { type: string }; data: { values: Array<Record<string, unknown>> } }> }).layer)
    .filter((l) => l.mark.type === mark).flatMap((l) => l.data.values)

const line = (ys: ReadonlyArray<number | null>, scale?: "log"): LinePlot => ({
  kind: "line", id: "t", title: "t", x: { label: "step" }, y: { label: "λ", ...(scale === undefined ? {} : { scale }) },
  series: [{ name: "a", x: ys.map((_, i) => i), y: ys }],
})

describe("line figures", () => {
  test("a value that is not finite is no point and starts a new segment (the line breaks there)", () => {
    const rows = layerRows(lineFigureSpec(line([1, 2, Number.NaN, 3, null, Number.POSITIVE_INFINITY, 4])), "line")
    expect(rows.map((r) => r["y"])).toEqual([1, 2, 3, 4])
    // Mutation caught: one segment per series (the line would bridge the gap as if the values existed).
    expect(rows.map((r) => r["segment"])).toEqual(["a#0", "a#0", "a#1", "a#3"])
  })

  test("a log axis with a value ≤ 0 becomes symmetric-log: W_p's negative eigenvalues are drawn, with their sign", () => {
    // Mutation caught: keeping "log" (Vega drops values ≤ 0 from a log scale: the negatives vanish).
    expect(vegaScale({ label: "λ", scale: "log" }, [1, 0.5, -0.2, Number.NaN])).toEqual({ type: "symlog", constant: 1e-3 })
    expect(vegaScale({ label: "λ", scale: "log" }, [1, 0.5, 1e-6])).toEqual({ type: "log" })
    expect(vegaScale({ label: "λ" }, [1, -1])).toEqual({ type: "linear", zero: false })
    expect(axisTitle({ label: "λ", scale: "log" }, { type: "symlog" }, "y")).toBe("λ (symmetric log: signs kept)")
    const spec = lineFigureSpec(line([1, 0.1, -0.3], "log")) as unknown as { layer: Array<{ encoding: { y: { scale: { type: string } } } }> }
    expect(spec.layer[0]!.encoding.y.scale.type).toBe("symlog")
    expect(layerRows(spec, "line").map((r) => r["y"])).toEqual([1, 0.1, -0.3])
  })

  test("a series with a band (min–max across seeds) gets a shaded area between its lower and upper values", () => {
    const plot: LinePlot = { ...line([1, 2, 3]), series: [{ name: "a", x: [0, 1, 2], y: [1, 2, 3], lower: [0.5, null, 2.5], upper: [1.5, 2.5, 3.5] }] }
    const band = layerRows(lineFigureSpec(plot), "area")
    expect(band).toEqual([
      { series: "a", segment: "a#0", x: 0, lower: 0.5, upper: 1.5 },
      { series: "a", segment: "a#1", x: 2, lower: 2.5, upper: 3.5 },
    ])
    expect(layerRows(lineFigureSpec(line([1, 2])), "area")).toEqual([])
  })
})

describe("heatmaps", () => {
  test("one cell per finite eigenvalue, spanning to the next record (the last one step further), rank 1 the largest", () => {
    const cells = heatmapCells({ kind: "heatmap", id: "h", title: "t", xLabel: "step", valueLabel: "λ", x: [0, 20, 40], values: [[1, -1], [2, null], [3, -3]] })
    // Mutation caught: a null/NaN drawn as a cell (at 0, the scale's white) or cells spanning a fixed width.
    expect(cells).toEqual([
      { step: 0, stepEnd: 20, rank: 1, value: 1 }, { step: 0, stepEnd: 20, rank: 2, value: -1 },
      { step: 20, stepEnd: 40, rank: 1, value: 2 },
      { step: 40, stepEnd: 60, rank: 1, value: 3 }, { step: 40, stepEnd: 60, rank: 2, value: -3 },
    ])
  })
})

describe("forest plots", () => {
  test("the bounds of every interval rule are read back from its words, for any threshold", () => {
    fc.assert(fc.property(fc.double({ min: -1e4, max: 1e4, noNaN: true }), fc.double({ min: 1e-3, max: 1e4, noNaN: true }), (t, m) => {
      const round = (x: number) => Number(formatTest({ kind: "greaterThan", threshold: x }).match(/> (\S+);/)![1])
      expect(intervalBounds(formatTest({ kind: "greaterThan", threshold: t }))).toEqual({ kind: "above", pass: round(t), fail: round(t) })
      expect(intervalBounds(formatTest({ kind: "lessThan", threshold: t }))).toEqual({ kind: "below", pass: round(t), fail: round(t) })
      expect(intervalBounds(formatTest({ kind: "within", margin: m }))).toEqual({ kind: "within", margin: round(m) })
    }))
    expect(intervalBounds("< 0.001")).toBeUndefined()
  })

  test("a check carries its rule as numbers, and the plot draws those (not a rounding of its words)", () => {
    // Mutation caught: the forest plot reading the words when the numbers are there (1/3 would be drawn at
    // the 4-significant-digit 0.3333), or a check that loses its rule on the way to results.json.
    const rule = greaterThan(1 / 3, { description: "d", source: "docs/paper/scale.md#margins" })
    const check = judge("x", rule, { kind: "interval", estimate: 0.5, lower: 0.4, upper: 0.6, se: 0.05, level: 0.95, n: 3, df: 2 })
    expect(check.test).toEqual({ kind: "greaterThan", threshold: 1 / 3 })
    expect(testBounds(check.test!)).toEqual({ kind: "above", pass: 1 / 3, fail: 1 / 3 })
    expect(testBounds({ kind: "within", margin: 2 })).toEqual({ kind: "within", margin: 2 })
    expect(testBounds({ kind: "lessThan", threshold: -1 })).toEqual({ kind: "below", pass: -1, fail: -1 })
  })

  test("every interval check of the committed report has its bounds drawn", () => {
    const checks = committed.claims.flatMap((c) => c.checks.filter((k) => k.interval !== undefined))
    expect(checks.length).toBeGreaterThan(60)
    // Mutation caught: a change to the rules' wording that the forest plot no longer understands.
    expect(checks.filter((k) => intervalBounds(k.threshold) === undefined).map((k) => k.name)).toEqual([])
  })

  test("a check that passed has its interval inside the drawn pass region, one that failed inside the fail region", () => {
    let compared = 0
    for (const c of committed.claims) {
      const forest = forestFigure(c)
      if (forest === undefined) continue
      const rows = (forest.spec as unknown as { vconcat: Array<{ layer: Array<{ mark: { type: string }; data: { values: Array<Record<string, unknown>> } }> }> }).vconcat
      const judged = c.checks.filter((k) => k.interval !== undefined)
      rows.forEach((row, i) => {
        const k = judged[i]!
        if (k.outcome !== "pass" && k.outcome !== "fail") return
        const region = row.layer.find((l) => l.mark.type === "rect")!.data.values.filter((r) => r["region"] === k.outcome)
        const inside = region.some((r) => (r["from"] as number) <= k.interval!.lower && k.interval!.upper <= (r["to"] as number))
        // Mutation caught: pass and fail regions swapped, or drawn on the wrong side of the bound.
        expect({ claim: c.id, check: k.name, outcome: k.outcome, inside }).toEqual({ claim: c.id, check: k.name, outcome: k.outcome, inside: true })
        compared++
      })
    }
    expect(compared).toBeGreaterThan(40)
  })

  test("the paper's value is marked on the check that has one; a claim without interval checks has no forest plot", () => {
    const c13 = committed.claims.find((c) => c.id === "C13")!
    const rows = (forestFigure(c13)!.spec as unknown as { vconcat: Array<{ layer: Array<{ mark: { shape?: string }; data: { values: Array<Record<string, unknown>> } }> }> }).vconcat
    const diamonds = rows.flatMap((r) => r.layer.filter((l) => l.mark.shape === "diamond").flatMap((l) => l.data.values))
    expect(diamonds.map((d) => d["paper"])).toEqual([c13.checks.find((k) => k.name === "asymmetryRatio")!.paper!.value])
    expect(forestFigure(committed.claims.find((c) => c.id === "C1")!)).toBeUndefined()
  })
})

describe("the report's figures", () => {
  test("ids are unique across the report; each claim's forest plot comes first, then its plots in order", () => {
    const figures = reportFigures(committed.claims)
    const ids = [...figures.values()].flat().map((f) => f.id)
    expect(new Set(ids).size).toBe(ids.length)
    expect(figures.get("C14")!.map((f) => f.id)).toEqual(["C14-forest", "C14-zstd", "C14-accuracy"])
    const twice = reportFigures([committed.claims[3]!, { ...committed.claims[3]!, id: "C4b" }])
    expect(twice.get("C4b")!.map((f) => f.id)).toEqual(["C4-reduced-asymmetry-2", "C4-full-asymmetry-2"])
  })

  test("report.md's static SVG is rendered headless, with its data marks and no NaN in any attribute", async () => {
    const svg = await renderSvg(lineFigureSpec({ ...line([1, Number.NaN, 3, 0.5]), series: [series("a", [0, 1, 2, 3], [1, Number.NaN, 3, 0.5]), series("b", [0, 1, 2, 3], [2, 2, 2, 2], { dashed: true })] }))
    expect(svg).toStartWith("<svg")
    expect(svg).toContain('class="mark-line role-mark')
    expect(svg).not.toMatch(/="[^"]*(NaN|Infinity|undefined)[^"]*"/)
    // Both series and their names are drawn: the legend is not cut.
    expect(svg).toContain(">a</text>")
    expect(svg).toContain(">b</text>")
  })
})

describe("PlotSpec helpers", () => {
  test("thin keeps the ends and at most maxPoints", () => {
    fc.assert(fc.property(fc.array(fc.integer(), { minLength: 1, maxLength: 2000 }), fc.integer({ min: 2, max: 300 }), (xs, m) => {
      const t = thin(xs, m)
      expect(t.length).toBe(Math.min(xs.length, m))
      expect(t[0]).toBe(xs[0]!)
      expect(t.at(-1)).toBe(xs.at(-1)!)
    }))
  })

  test("series rejects mismatched lengths", () => {
    expect(() => series("bad", [1, 2], [1])).toThrow(/x has 2 points, y has 1/)
    expect(() => series("bad", [1, 2], [1, 2], { band: { lower: [0], upper: [2, 3] } })).toThrow(/band has 1 lower and 2 upper values for 2 points/)
  })

  test("a band is thinned at the same samples as its series", () => {
    const x = Array.from({ length: 1000 }, (_, i) => i)
    const s = series("b", x, x, { maxPoints: 50, band: { lower: x.map((v) => v - 1), upper: x.map((v) => v + 1) } })
    // Mutation caught: the band thinned on its own (its points would not sit at the series' x).
    expect(s.lower).toEqual(s.y.map((v) => (v as number) - 1))
    expect(s.upper).toEqual(s.y.map((v) => (v as number) + 1))
  })
})

describe("readable text", () => {
  test("TeX exponents become Unicode in every figure's title, caption and legend (no raw e^{…})", () => {
    expect(unicodeMath("decays like e^{−2ηt}, and e^{ −λ0 t}")).toBe("decays like exp(−2ηt), and exp(−λ0 t)")
    // A report written with e^{…} in a caption (older reports were: C9's). Mutation caught: figures built from the
    // raw plot text.
    const withTex = committed.claims.map((c) => (c.id === "C9" && c.plots !== undefined
      ? { ...c, plots: c.plots.map((p, i) => (i === 0 ? { ...p, caption: "c_j decays like e^{−2ηt}" } : p)) }
      : c))
    expect(withTex.some((c) => JSON.stringify(c.plots).includes("e^{"))).toBe(true)
    const text = JSON.stringify([...reportFigures(withTex).values()].flat().map((f) => [f.title, f.caption, f.spec]))
    expect(text).not.toContain("e^{")
    expect(text).toContain("exp(−2ηt)")
  })
})
