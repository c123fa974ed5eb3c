import { describe, expect, test } from "bun:test"
import fc from "fast-check"
import type { PlotSpec, SeriesSpec } from "../src/report/PlotSpec.ts"
import { series, thin } from "../src/report/PlotSpec.ts"
import { escapeXml, renderPlot } from "../src/report/renderPlot.ts"
import { formatLogTick, linearTicks, logTicks, makeScale, niceStep } from "../src/report/scale.ts"

/** Every numeric-looking attribute value of an SVG string. */
const attributes = (svg: string): Array<string> => [...svg.matchAll(/\s[\w:-]+="([^"]*)"/g)].map((m) => m[1]!)
const count = (svg: string, re: RegExp): number => [...svg.matchAll(re)].length
/** The data marks: paths and circles inside the clipped plot area. */
const dataGroup = (svg: string): string => /<g clip-path="[^"]*">([\s\S]*?)<\/g>/.exec(svg)?.[1] ?? ""

const line = (seriesList: ReadonlyArray<SeriesSpec>, y: { scale?: "linear" | "log" } = {}): PlotSpec => ({
  kind: "line", id: "t", title: "test", x: { label: "t" }, y: { label: "y", ...y }, series: seriesList,
})

describe("scale: linear ticks", () => {
  test("nice steps are 1, 2 or 5 × 10^k and give at most ~2× the target intervals", () => {
    fc.assert(fc.property(fc.double({ min: 1e-6, max: 1e9, noNaN: true }), (span) => {
      const step = niceStep(span)
      const mantissa = step / 10 ** Math.floor(Math.log10(step) + 1e-12)
      expect([1, 2, 5, 10].some((m) => Math.abs(mantissa - m) < 1e-9)).toBe(true)
      expect(span / step).toBeLessThanOrEqual(5 + 1e-9)
      expect(span / step).toBeGreaterThan(1)
    }))
  })

  test("the domain covers the data, starts and ends on ticks, and the ticks are equally spaced", () => {
    fc.assert(fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 30 }), (values) => {
      const s = makeScale("linear", values, [0, 100])
      const [lo, hi] = s.domain
      expect(lo).toBeLessThan(hi)
      for (const v of values) {
        expect(v).toBeGreaterThanOrEqual(lo)
        expect(v).toBeLessThanOrEqual(hi)
      }
      expect(s.ticks.length).toBeGreaterThanOrEqual(2)
      expect(s.ticks[0]).toBeCloseTo(lo, 6)
      expect(s.ticks.at(-1)).toBeCloseTo(hi, 6)
      const d = s.ticks[1]! - s.ticks[0]!
      for (let i = 1; i < s.ticks.length; i++) expect(Math.abs(s.ticks[i]! - s.ticks[i - 1]! - d)).toBeLessThan(1e-9 * Math.max(1, Math.abs(hi), Math.abs(lo)))
      expect(s.map(lo)).toBeCloseTo(0, 9)
      expect(s.map(hi)).toBeCloseTo(100, 9)
    }))
  })

  test("known values", () => {
    expect(linearTicks(0, 1)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1])
    expect(linearTicks(-3, 7)).toEqual([-2, 0, 2, 4, 6])
    const s = makeScale("linear", [0.13, 0.91], [0, 1])
    expect(s.domain).toEqual([0, 1])
    expect(s.ticks.map(s.format)).toEqual(["0", "0.2", "0.4", "0.6", "0.8", "1.0"])
    // A constant series still gets a non-degenerate axis.
    expect(makeScale("linear", [5, 5], [0, 1]).domain[0]).toBeLessThan(5)
    expect(makeScale("linear", [0], [0, 1]).domain).toEqual([-1, 1])
  })
})

describe("scale: log ticks", () => {
  test("powers of ten, whole decades, ≤ ~9 labelled ticks; 2× and 5× over at most two decades", () => {
    expect(logTicks(1e-3, 1)).toEqual([0.001, 0.01, 0.1, 1])
    expect(logTicks(0.1, 10)).toEqual([0.1, 0.2, 0.5, 1, 2, 5, 10])
    const s = makeScale("log", [3e-9, 2.5], [0, 100])
    expect(s.domain).toEqual([1e-9, 10])
    expect(s.ticks).toEqual([1e-9, 1e-7, 1e-5, 1e-3, 0.1, 10]) // ten decades: every other one
    expect(s.map(1e-9)).toBeCloseTo(0, 9)
    expect(s.map(10)).toBeCloseTo(100, 9)
    expect(s.map(1e-4)).toBeCloseTo(50, 9)
    const wide = makeScale("log", [1e-30, 1e10], [0, 1])
    expect(wide.ticks.length).toBeLessThanOrEqual(9)
    expect(formatLogTick(1e-7)).toBe("10⁻⁷")
    expect(formatLogTick(5e-6)).toBe("5×10⁻⁶")
    expect(formatLogTick(0.5)).toBe("0.5")
  })

  test("non-positive and non-finite values are ignored by a log scale", () => {
    const s = makeScale("log", [0, -1, Number.NaN, Infinity, null, 1e-2, 1e2], [0, 1])
    expect(s.domain).toEqual([1e-2, 1e2])
    // Wide (hundreds of decades) and narrow (within two decades, where 2× and 5× ticks appear) sets of values.
    const wide = fc.array(fc.double({ min: 1e-200, max: 1e200, noNaN: true }), { minLength: 1, maxLength: 20 })
    const narrow = fc.tuple(fc.integer({ min: -8, max: 8 }), fc.array(fc.double({ min: 1, max: 90, noNaN: true }), { minLength: 1, maxLength: 20 }))
      .map(([k, us]) => us.map((u) => u * 10 ** k))
    fc.assert(fc.property(fc.oneof(wide, narrow), (values) => {
      const sc = makeScale("log", values, [0, 1])
      for (const v of values) {
        expect(v).toBeGreaterThanOrEqual(sc.domain[0] * (1 - 1e-12))
        expect(v).toBeLessThanOrEqual(sc.domain[1] * (1 + 1e-12))
      }
      // Each tick is m × 10^k inside the domain, strictly increasing, with m = 1, or m ∈ {2, 5} over at most two decades.
      // Mutation caught: other mantissas (e.g. [2, 3, 5]), 2×/5× ticks over wide domains, ticks outside the domain.
      const decades = Math.ceil(Math.log10(sc.domain[1]) - 1e-9) - Math.floor(Math.log10(sc.domain[0]) + 1e-9)
      sc.ticks.forEach((t, i) => {
        const k = Math.floor(Math.log10(t) + 1e-9)
        const m = Number((t / 10 ** k).toPrecision(6))
        expect(m === 1 || (decades <= 2 && (m === 2 || m === 5))).toBe(true)
        expect(t).toBeGreaterThanOrEqual(sc.domain[0] * (1 - 1e-9))
        expect(t).toBeLessThanOrEqual(sc.domain[1] * (1 + 1e-9))
        if (i > 0) expect(t).toBeGreaterThan(sc.ticks[i - 1]!)
      })
    }))
  })
})

describe("renderPlot", () => {
  test("NaN, Infinity and null points are skipped, breaking the line; no attribute holds NaN", () => {
    const svg = renderPlot(line([{ name: "a", x: [0, 1, 2, 3, 4, 5], y: [1, 2, Number.NaN, 3, Infinity, null] }]))
    expect(attributes(svg).some((a) => /NaN|Infinity|undefined|null/.test(a))).toBe(false)
    const data = dataGroup(svg)
    // [0,1] is a 2-point run → one path; [3] is isolated → one dot; nothing for the non-finite points.
    expect(count(data, /<path /g)).toBe(1)
    expect(count(data, /<circle /g)).toBe(1)
    expect(/<path d="M[\d.]+ [\d.]+L[\d.]+ [\d.]+"/.test(data)).toBe(true)
  })

  test("log axes skip values ≤ 0", () => {
    const svg = renderPlot(line([{ name: "a", x: [0, 1, 2, 3], y: [1e-3, 0, -1, 1e-1] }], { scale: "log" }))
    expect(count(dataGroup(svg), /<circle /g)).toBe(2)
    expect(svg).toContain("y (log)")
  })

  test("arbitrary series (with non-finite values) never produce NaN in the SVG", () => {
    const value = fc.oneof(fc.double(), fc.constant(null), fc.constant(Number.NaN), fc.constant(Infinity), fc.constant(-Infinity))
    const seriesArb = fc.array(fc.tuple(value, value), { maxLength: 12 }).map((pts): SeriesSpec => ({ name: "s", x: pts.map((p) => p[0]), y: pts.map((p) => p[1]) }))
    fc.assert(fc.property(fc.array(seriesArb, { maxLength: 3 }), fc.constantFrom("linear", "log"), fc.constantFrom("line", "scatter"), (ss, scale, kind) => {
      const svg = renderPlot({ kind, id: "p", title: "t", x: { label: "x", scale }, y: { label: "y", scale }, series: ss })
      expect(attributes(svg).some((a) => /NaN|Infinity|undefined/.test(a))).toBe(false)
    }))
  })

  test("an empty plot says so and draws no marks", () => {
    for (const spec of [
      line([]),
      line([{ name: "empty", x: [], y: [] }]),
      { kind: "intervals", id: "i", title: "none", y: { label: "acc" }, items: [] } as PlotSpec,
      { kind: "phase", id: "ph", title: "none", alphaP: 1, trajectories: [], fixedPoints: [] } as PlotSpec,
    ]) {
      const svg = renderPlot(spec)
      expect(svg).toContain("no data")
      expect(count(dataGroup(svg), /<(path|circle) /g)).toBe(0)
      expect(attributes(svg).some((a) => /NaN|Infinity/.test(a))).toBe(false)
    }
  })

  test("every plot carries data-plot, a <title>, escaped text and a legend for several series", () => {
    const svg = renderPlot({
      kind: "line", id: "C9-eig", title: "λ of F & W_p <over time>", x: { label: "t" }, y: { label: "λ" },
      series: [series("F", [0, 1, 2], [0, 0.5, 0.6]), series("W_p", [0, 1, 2], [0.1, 0.4, 0.55], { dashed: true })],
      references: [{ label: "p*₊", y: 0.61 }],
    })
    expect(svg.startsWith("<svg ")).toBe(true)
    expect(svg).toContain('data-plot="C9-eig"')
    expect(svg).toContain("<title>λ of F &amp; W_p &lt;over time&gt;</title>")
    expect(svg).toContain('class="legend"')
    expect(svg).toContain('stroke-dasharray="6 4"')
    expect(svg).not.toContain("<script")
    expect(escapeXml(`a"b'<`)).toBe("a&quot;b&#39;&lt;")
  })

  test("phase portraits draw the parabola and the fixed points (filled = stable, open = unstable)", () => {
    const svg = renderPlot({
      kind: "phase", id: "ph", title: "phase", alphaP: 1,
      trajectories: [series("p0 = 0.1", [0.1, 0.3, 0.6], [0.3, 0.2, 0.36])],
      fixedPoints: [{ label: "p*₋", p: 0.054, s: 0.003, stable: false }, { label: "p*₊", p: 0.612, s: 0.375, stable: true }],
    })
    const data = dataGroup(svg)
    expect(count(data, /stroke-dasharray="6 4"/g)).toBe(1) // the parabola
    expect(count(data, /<circle [^>]*fill="#fff"/g)).toBe(1)
    expect(count(data, /<circle [^>]*fill="#222"/g)).toBe(1)
    expect(svg).toContain("s = p²/α_p (α_p = 1)")
  })

  test("intervals: one dot and one error bar per finite item", () => {
    const svg = renderPlot({
      kind: "intervals", id: "acc", title: "probe", y: { label: "accuracy (%)" }, level: 0.95,
      items: [
        { label: "BYOL", estimate: 80, lower: 78, upper: 82 },
        { label: "DirectPred", estimate: 81, lower: 79.5, upper: 82.5 },
        { label: "broken", estimate: Number.NaN, lower: Number.NaN, upper: Number.NaN },
      ],
      references: [{ label: "random-encoder floor", y: 76 }],
    })
    const data = dataGroup(svg)
    expect(count(data, /<circle /g)).toBe(2)
    expect(count(data, /<path d="M[\d.]+ [\d.]+L[\d.]+ [\d.]+M/g)).toBe(2)
    expect(svg).toContain("accuracy (%) (95% interval)")
    expect(svg).toContain(">broken<")
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
  })
})
