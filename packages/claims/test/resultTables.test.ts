/** The side-by-side tables (report/resultTables.ts) and their data (report/paperTables.ts). */
import { describe, expect, test } from "bun:test"
import fc from "fast-check"
import { readFileSync } from "node:fs"
import { join, resolve } from "node:path"
import { paperTables, type ResultTable } from "../src/report/paperTables.ts"
import { readResultsFile } from "../src/report/readmeClaims.ts"
import { renderHtml } from "../src/report/renderHtml.ts"
import { renderMarkdown } from "../src/report/renderMarkdown.ts"
import type { ReproClaim, ReproResults } from "../src/report/ReproResults.ts"
import { accuracyCell, armAccuracies, sideBySide, sideBySideMarkdown, tablesDocument } from "../src/report/resultTables.ts"
import { studentTQuantile } from "../src/statistics/studentT.ts"

const repo = resolve(import.meta.dir, "../../..")

const claim = (id: string, extra: Partial<ReproClaim>): ReproClaim => ({
  id, title: `${id} title`, statement: "", quantity: "", tier: "ci", verdict: "pass", notJudged: [], measured: {}, threshold: {},
  seeds: [0, 1, 2], runIds: [], source: "s", paper: { where: "", reported: null }, checks: [], seconds: 1, plots: [], ...extra,
})

const results = (tier: ReproResults["tier"], claims: ReadonlyArray<ReproClaim>): ReproResults => ({
  tier, startedAt: "2026-01-01T00:00:00.000Z", seconds: 1, codeVersion: "abc", backend: "blas", claims,
})

/** A results.json of today: per-arm summaries with the best epoch. */
const withSummaries = results("ci", [
  claim("C18", { arms: [
    { arm: "sgd-linear", seeds: [0, 1, 2], probeFinal: [68, 69, 70], probeBest: [70, 71, 72] },
    { arm: "directpred", seeds: [0, 1, 2], probeFinal: [71, 71, 71], probeBest: [72, 72, 72] },
  ] }),
  claim("C15", {
    arms: [{ arm: "sgd-linear-sym-no-ema-wd0-wdp0.04", seeds: [0, 1], probeFinal: [60, 62], probeBest: [61, 63] }],
    timeCompression: { compressed: true, predictorWeightDecay: 0.04, paperWeightDecay: 4e-4, integratedDecay: 4.8, needed: Math.LN2, statement: "time compressed: η̄_p = 0.04" },
  }),
])

/** A results.json made before the summaries: per-seed final-epoch values only, under their informational keys. */
const older = results("cpu-long", [
  claim("C18", { measured: { "sgd-linear: kNN (points) per seed": [1, 2, 3], "sgd-linear: probe (points, final epoch) per seed": [66, 67, 68] } }),
  // JSON turns a NaN into null.
  claim("C20", { measured: { "directpred: probe (points, final epoch) per seed": [69, null, 70] as unknown as ReadonlyArray<number> } }),
])

describe("our per-arm accuracies", () => {
  test("from the arms summaries, else from an older file's per-seed final-epoch values (best then unknown)", () => {
    const now = armAccuracies(withSummaries)
    expect(now.get("directpred")).toEqual({ arm: "directpred", claim: "C18", final: [71, 71, 71], best: [72, 72, 72] })
    const old = armAccuracies(older)
    // Mutation caught: the fallback reading the kNN (or any "per seed") key instead of the final-epoch probe.
    expect(old.get("sgd-linear")).toEqual({ arm: "sgd-linear", claim: "C18", final: [66, 67, 68] })
    expect([...old.keys()]).toEqual(["sgd-linear", "directpred"])
  })

  test("an arm several claims ran: the first claim that recorded the best epoch wins", () => {
    const mixed = results("ci", [
      claim("C14", { measured: { "sgd-linear: probe (points, final epoch) per seed": [1, 2, 3] } }),
      claim("C18", { arms: [{ arm: "sgd-linear", seeds: [0, 1, 2], probeFinal: [68, 69, 70], probeBest: [70, 71, 72] }] }),
    ])
    // Mutation caught: first-claim-wins without the preference, which would drop the best epoch.
    expect(armAccuracies(mixed).get("sgd-linear")?.claim).toBe("C18")
  })

  test("accuracyCell is the mean with its 95% t interval clipped to [0, 100] and the seed count (naive float64 reference)", () => {
    fc.assert(fc.property(fc.array(fc.double({ min: 0, max: 100, noNaN: true }), { minLength: 2, maxLength: 6 }), (xs) => {
      const n = xs.length
      let mean = 0
      for (const x of xs) mean += x / n
      let ss = 0
      for (const x of xs) ss += (x - mean) ** 2
      const half = studentTQuantile(0.975, n - 1) * Math.sqrt(ss / (n - 1)) / Math.sqrt(n)
      const lo = Math.max(0, mean - half), hi = Math.min(100, mean + half)
      expect(accuracyCell(xs)).toBe(`${mean.toFixed(2)} [${lo.toFixed(2)}, ${hi.toFixed(2)}] (${n})`)
    }))
    // t(0.975, 2) = 4.3027: mean 69, std 1 → half-width 2.484
    expect(accuracyCell([68, 69, 70])).toBe("69.00 [66.52, 71.48] (3)")
    expect(accuracyCell([70])).toBe("70.00 (1)")
    expect(accuracyCell([69, null, 70])).toBe("NaN (3)")
    expect(accuracyCell(undefined)).toBe("—")
  })
})

describe("the side-by-side tables", () => {
  const table6 = (s: ReturnType<typeof sideBySide>) => s.tables.find((t) => t.id === "table-6")!
  const row = (s: ReturnType<typeof sideBySide>, id: string, setting: string) => {
    const t = s.tables.find((x) => x.id === id)!
    return Object.fromEntries(t.header.map((h, i) => [h, t.rows.find((r) => r[0] === setting)![i]]))
  }

  test("paper | reproduction | ours per tier, final and best; a tier without best epochs gets a note, not a column", () => {
    const s = sideBySide([{ results: withSummaries, path: "a/results.json" }, { results: older, path: "b/results.json" }])
    expect(table6(s).header).toEqual(["setting", "paper", "ours `ci` final", "ours `ci` best", "ours `cpu-long` final"])
    expect(row(s, "table-6", "ρ = 0.3, ε = 0.1")).toEqual({
      setting: "ρ = 0.3, ε = 0.1", paper: "77.86 ± 0.16", "ours `ci` final": "71.00 [71.00, 71.00] (3)", "ours `ci` best": "72.00 [72.00, 72.00] (3)",
      "ours `cpu-long` final": "NaN (3)",
    })
    // A number from another table names it; [Re] gets its own column where the table has one.
    expect(row(s, "table-6", "SGD-trained linear predictor (Table 3, EMA, regular, no bias)").paper).toBe("74.51 ± 0.47 (Table 3)")
    expect(row(s, "table-8", "CIFAR-10, SGD baseline")).toMatchObject({ paper: "84.49 ± 0.20", reproduction: "83.3", "ours `ci` best": "71.00 [68.52, 73.48] (3)" })
    expect(row(s, "re-table-2", "EMA, DirectCopy").reproduction).toBe("≈ 84.6")
    expect(s.notes).toEqual(["`cpu-long` (b/results.json): the best-epoch probe is not recorded there (made before results.json carried per-arm summaries); only the final epoch is shown."])
  })

  test("a row takes the first of its arm names a tier has (ci's compressed weight decay, the paper's elsewhere)", () => {
    const s = sideBySide([{ results: withSummaries, path: "a" }])
    expect(row(s, "table-2-5", "predictor-only decay, no EMA, sym")["ours `ci` final"]).toBe("61.00 [48.29, 73.71] (2)")
    expect(row(s, "table-2-5", "no decay, no EMA, sym")["ours `ci` final"]).toBe("—")
  })

  test("report.md and index.html carry this tier's tables with at least two of our rows, and report.md the time compression", () => {
    const md = renderMarkdown(withSummaries)
    // Mutation caught: the call site in renderMarkdown removed, or tables without our numbers shown in a report.
    expect(md).toContain("## The paper's tables beside ours")
    expect(md).toContain("### Table 6 — DirectPred: ε and ρ")
    // Table 3 has only the SGD baseline of this tier: one row compares with nothing.
    expect(md).not.toContain("Table 3 and [Re] Table 1")
    // Mutation caught: the claim's time compression left out of its section.
    expect(md).toContain("**Time compression.** time compressed: η̄_p = 0.04")
    const html = renderHtml(withSummaries)
    expect(html).toContain('id="paper-tables"><h2>The paper\'s tables beside ours</h2>')
    expect(html).toContain('<h3 id="table-6">')
    expect(html).toContain("<td class=\"num\">72.00 [72.00, 72.00] (3)</td>")
    // A tier that trained none of the arms (the theory claims only): no section at all.
    expect(renderMarkdown(results("ci", [claim("C1", {})]))).not.toContain("The paper's tables beside ours")
  })

  test("Markdown: one anchor and heading per table, pipes in cells escaped", () => {
    const odd: ReadonlyArray<ResultTable> = [{ id: "t-x", title: "X", sources: ["docs/paper/tables.md#table-1"], claims: ["C1"], setting: "s", rows: [{ setting: "a | b", arms: [] }] }]
    const md = sideBySideMarkdown(sideBySide([{ results: withSummaries, path: "a" }], odd))
    expect(md).toContain('<a id="t-x"></a>\n\n## X\n')
    expect(md).toContain("| a \\| b | — |")
  })
})

describe("the data of the tables", () => {
  const section = (file: string, anchor: string): string => {
    const text = readFileSync(join(repo, "docs/paper", file), "utf8")
    const start = text.indexOf(`<a id="${anchor}"></a>`)
    expect(start).toBeGreaterThanOrEqual(0)
    const next = text.indexOf('<a id="', start + 1)
    return text.slice(start, next < 0 ? undefined : next)
  }
  const cited = (where: string): string => {
    const m = /^docs\/paper\/([\w.-]+\.md)#([\w-]+)$/.exec(where)
    expect(m).not.toBeNull()
    return section(m![1]!, m![2]!)
  }

  test("every number is the one its docs/paper anchor states (a typo in the data module fails here)", () => {
    // Mutation caught: any changed mean, std or [Re] value in paperTables.ts (e.g. 77.86 → 77.68).
    for (const t of paperTables) {
      for (const r of t.rows) {
        if (r.paper !== undefined) expect(cited(r.paper.where)).toContain(`${r.paper.mean.toFixed(2)} ± ${r.paper.std!.toFixed(2)}`)
        if (r.reproduction !== undefined) expect(cited(r.reproduction.where)).toMatch(new RegExp(`(^|[^\\d.])${r.reproduction.mean.toString().replace(".", "\\.")}([^\\d]|$)`))
      }
    }
  })

  test("ids are unique; every table cites its sources and names its claims", () => {
    expect(new Set(paperTables.map((t) => t.id)).size).toBe(paperTables.length)
    for (const t of paperTables) {
      expect(t.sources.length).toBeGreaterThan(0)
      for (const s of t.sources) cited(s)
      expect(t.claims.every((c) => /^C\d+$/.test(c))).toBe(true)
    }
  })
})

test("the committed docs/tables.md is exactly what `readme:claims` generates from the committed reports the README names", () => {
  const readme = readFileSync(join(repo, "README.md"), "utf8")
  const paths = [...new Set([...readme.matchAll(/`(docs\/report-[^`]+\/results\.json)`/g)].map((m) => m[1]!))]
  expect(paths.length).toBeGreaterThanOrEqual(1)
  const expected = tablesDocument(paths.map((path) => ({ results: readResultsFile(join(repo, path)), path })))
  expect(readFileSync(join(repo, "docs/tables.md"), "utf8")).toBe(expected)
})
