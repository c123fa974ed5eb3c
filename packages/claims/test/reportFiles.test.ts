import { afterAll, describe, expect, test } from "bun:test"
import { Effect, Layer } from "effect"
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Progress, type ProgressEvent } from "../src/harness/Progress.ts"
import { EvidenceCache } from "../src/harness/EvidenceCache.ts"
import { ArmRuns } from "../src/empirical/ArmRuns.ts"
import { renderMarkdown, sideBySideTable } from "../src/report/renderMarkdown.ts"
import { parseReproResults, reproClaim, reproExitCode, ResultsFileInvalid, type ReproResults } from "../src/report/ReproResults.ts"
import { runRepro } from "../src/report/runRepro.ts"
import { formatJson, renderReport, reportTimestamp } from "../src/report/writeReport.ts"
import { fixtureClaims, fixtureVerdicts } from "./reportFixture.ts"

const root = mkdtempSync(join(tmpdir(), "ssl-report-"))
afterAll(() => rmSync(root, { recursive: true, force: true }))

const startedAt = new Date("2026-01-02T03:04:05.678Z")
const repro = (events: Array<ProgressEvent> = []) =>
  Effect.runPromise(runRepro(fixtureClaims, "smoke", { outRoot: root, codeVersion: "abc123+dirty.x", backend: () => "test-backend", now: () => startedAt })
    .pipe(Effect.provide(Layer.mergeAll(Progress.layerCollect(events), EvidenceCache.layerMemory, ArmRuns.layerTest()))))

describe("bun run repro: the report folder", async () => {
  const events: Array<ProgressEvent> = []
  const out = await repro(events)
  const json = JSON.parse(readFileSync(out.written.resultsJson, "utf8")) as ReproResults

  test("is <root>/<tier>-<timestamp>/ with the three files; a second report of the same second gets its own folder", async () => {
    expect(out.written.dir).toBe(join(root, `smoke-${reportTimestamp(startedAt)}`))
    expect(reportTimestamp(startedAt)).toBe("2026-01-02T03-04-05Z")
    for (const f of ["results.json", "report.md", "index.html"]) expect(existsSync(join(out.written.dir, f))).toBe(true)
    const again = await repro()
    expect(again.written.dir).toBe(`${out.written.dir}-2`)
    expect(readdirSync(root).sort()).toEqual([`smoke-${reportTimestamp(startedAt)}`, `smoke-${reportTimestamp(startedAt)}-2`])
  })

  test("results.json has the documented shape, per claim", () => {
    expect(Object.keys(json)).toEqual(["tier", "startedAt", "seconds", "codeVersion", "backend", "training", "claims"])
    // The fixture's run ids name no run in the store: counted, none read back (no invented seconds).
    expect(json.training).toMatchObject({ runs: 2, read: 0, trainingSeconds: 0, runSeconds: 0 })
    expect(json.tier).toBe("smoke")
    expect(json.startedAt).toBe(startedAt.toISOString())
    expect(json.codeVersion).toBe("abc123+dirty.x")
    expect(json.backend).toBe("test-backend")
    expect(json.claims.map((c) => c.id)).toEqual(["C91", "C92", "C93", "C94", "C95"])
    for (const c of json.claims) {
      for (const k of ["id", "title", "tier", "verdict", "measured", "threshold", "seeds", "runIds", "source", "paper", "checks", "plots"]) expect(c).toHaveProperty(k)
      expect(c.verdict).toBe(fixtureVerdicts[c.id as keyof typeof fixtureVerdicts])
      expect(typeof c.paper.where).toBe("string")
    }
    expect(parseReproResults(json, "results.json")).toBe(json)
  })

  test("the paper's numbers, seeds, run ids (evidence + progress events), reasons and plots are carried", () => {
    const byId = Object.fromEntries(json.claims.map((c) => [c.id, c]))
    expect(byId["C91"]!.paper).toEqual({ where: "Fixture §1", reported: "exact; [V-sim] 4.1 → 2e-7" })
    expect(byId["C92"]!.paper.reported).toEqual({ DirectPred: 77.86, "SGD linear": 75.25 })
    expect(byId["C93"]!.paper.reported).toBeNull()
    expect(byId["C92"]!.seeds).toEqual([1, 2, 3])
    // Mutation caught: run ids collected from progress events (a run a claim only logged is not evidence).
    expect(byId["C92"]!.runIds).toEqual(["run-a", "run-b"])
    expect(byId["C91"]!.runIds).toEqual([])
    expect(byId["C94"]!.reason).toBe("ImageNet is beyond every tier")
    expect(byId["C92"]!.plots.map((p) => p.kind)).toEqual(["intervals", "scatter"])
    expect(byId["C92"]!.threshold["gain"]).toContain("upper 95% bound < -0.5")
    expect(byId["C92"]!.measured["gain 95% interval"]).toEqual([-4, -2])
    expect(events.some((e) => e.message === "run done" && e.fields?.["runId"] === "run-from-progress")).toBe(true)
  })

  test("NaN and Infinity become null in results.json, never the strings NaN/Infinity", () => {
    const text = readFileSync(out.written.resultsJson, "utf8")
    expect(text).not.toMatch(/[:,[]\s*-?(NaN|Infinity)/) // as values (the fixture's caption mentions NaN in words)
    const c91 = json.claims.find((c) => c.id === "C91")!
    expect(c91.measured["broken"] as unknown).toBeNull()
    expect(c91.measured["perSeed"] as unknown).toEqual([1, null])
    // formatJson is JSON.stringify's value, only laid out differently.
    const sample = { a: [1, Number.NaN, null, "x"], b: { c: [], d: [{ e: Infinity }], f: undefined }, g: "h" }
    expect(JSON.parse(formatJson(sample))).toEqual(JSON.parse(JSON.stringify(sample)))
  })

  test("exit code: 1 when a claim fails; inconclusive and not run are not failures", () => {
    expect(reproExitCode(json)).toBe(1)
    expect(reproExitCode({ claims: json.claims.filter((c) => c.verdict !== "fail") })).toBe(0)
  })

  test("report.md: the verdict table, then per claim statement, verdict, checks with thresholds and sources, the paper's numbers", () => {
    const md = readFileSync(out.written.reportMd, "utf8")
    expect(md).toContain("# Claims report — tier `smoke`")
    expect(md).toContain("| id | claim | verdict | measured (threshold) | paper |")
    expect(md).toMatch(/\| C92 \| Fixture: DirectPred vs SGD[^\n]*\| ❌ fail \| ✗ gain = -3 \[-4, -2\][^\n]*\| DirectPred: 77\.86; SGD linear: 75\.25 \|/)
    expect(md).toMatch(/\| C94 \|[^\n]*⏸ not run \| ImageNet is beyond every tier \|/)
    for (const id of ["C91", "C92", "C93", "C94", "C95"]) expect(md).toContain(`## ${id} — `)
    expect(md).toContain("**Verdict: INCONCLUSIVE** at the `smoke` tier")
    expect(md).toContain("**Statement.** DirectPred is within 0.5 points of SGD.")
    expect(md).toContain("| gate | 2 | > 0 (precondition) | pass | reference beats the floor — sanity gate |")
    expect(md).toContain("**Paper.** Fixture §1. Reported: exact; [V-sim] 4.1 → 2e-7")
    expect(md).toContain("- broken: NaN")
    expect(md).toContain("<details><summary>Runs (2)</summary>\n\n`run-a`, `run-b`\n\n</details>")
    // Each figure is linked as a static SVG written next to report.md: the forest plot of the claim's
    // interval checks first, then its plots. Mutation caught: a link to a figure that was not written.
    expect(md).toContain("![C92: the checks' intervals](figures/C92-forest.svg)")
    expect(md).toContain("![probe accuracy per method](figures/fx-accuracy.svg)")
    const linked = [...md.matchAll(/!\[[^\]]*\]\((figures\/[^)]+\.svg)\)/g)].map((m) => join(out.written.dir, m[1]!))
    expect(linked).toEqual([...out.written.figures])
    for (const f of linked) expect(readFileSync(f, "utf8")).toStartWith("<svg")
    expect(md).toContain("**Contents.** [C91](#c91) · [C92](#c92)")
    expect(md).toContain('<a id="c92"></a>\n\n## C92 — ')
  })

  test("index.html is self-contained: inline scripts only, no external references, one figure element per figure", () => {
    const html = readFileSync(out.written.indexHtml, "utf8")
    // Mutation caught: a CDN <script src> or stylesheet link (the page must work offline). The inlined
    // libraries' own code is left out of the search: it mentions URLs it never loads here.
    const page = html.replace(/<script>[\s\S]*?<\/script>/g, "<script></script>")
    expect(page.match(/<script[^>]+src=|<link |<img |href="http|@import|url\(http/)?.[0]).toBeUndefined()
    expect(page.match(/<script>/g)?.length).toBe(4)
    const figures = [...html.matchAll(/<figure data-figure="([^"]+)"/g)].map((m) => m[1])
    expect(figures).toEqual(out.written.figures.map((f) => f.replace(/^.*\/figures\/(.*)\.svg$/, "$1")))
    expect(figures).toContain("fx-phase")
    expect(html).toContain('<a href="#C92">C92</a>')
  })

  test("a recorded finding (same claim, tier, verdict and pinned checks) is carried with the claim and shown in report.md", () => {
    const c92 = out.report.results.find((r) => r.id === "C92")!
    const claim = fixtureClaims.find((c) => c.id === "C92")
    const checks = Object.fromEntries(c92.checks.map((c) => [c.name, { outcome: c.outcome, band: [c.measured, c.measured] as const }]))
    const finding = { claim: "C92", tier: "smoke", verdict: "fail", codeVersion: "fixture", checks, why: "examined: the fixture fails on purpose" } as const
    expect(reproClaim(c92, claim, [finding]).finding).toBe("examined: the fixture fails on purpose")
    expect(reproClaim(c92, claim, [{ ...finding, tier: "ci" }]).finding).toBeUndefined()
    expect(reproClaim(c92, claim, [{ ...finding, verdict: "inconclusive" }]).finding).toBeUndefined()
    const md = renderMarkdown({ ...json, claims: [reproClaim(c92, claim, [finding])] })
    expect(md).toContain("**Recorded finding** (this verdict was examined; it is a result, not a bug): examined: the fixture fails on purpose")
  })

  test("report.md puts the paper's effects beside ours: value, our interval, containment, outcome, power", () => {
    // Mutation caught: a side-by-side row that drops the interval, or says "inside" for a value outside it.
    const c92 = json.claims.find((c) => c.id === "C92")!
    const gain = c92.checks.find((k) => k.interval !== undefined)!
    const withPaper = { ...c92, checks: [{ ...gain, paper: { value: 3.35, where: "Table 6 − Table 3", inInterval: false } }] }
    const table = sideBySideTable([withPaper])
    expect(table).toContain(`| C92 | ${gain.name} | 3.35 (Table 6 − Table 3) | -3 [-4, -2], 3 seeds | no | fail |`)
    expect(sideBySideTable([c92])).toBe("")
  })

  test("a report folder re-rendered from its results.json: same files, results.json untouched, stale figures removed", async () => {
    const copy = join(root, "rerendered")
    cpSync(out.written.dir, copy, { recursive: true })
    writeFileSync(join(copy, "figures", "gone.svg"), "<svg/>")
    writeFileSync(join(copy, "report.md"), "old")
    const before = readFileSync(join(copy, "results.json"), "utf8")
    const again = await renderReport(parseReproResults(JSON.parse(before), "results.json"), copy)
    expect(readFileSync(join(copy, "results.json"), "utf8")).toBe(before)
    // What results.json keeps (±Infinity read back as null: "NaN"), rendered by the same code.
    expect(readFileSync(again.reportMd, "utf8")).toBe(renderMarkdown(json))
    // Mutation caught: figures of an earlier rendering left behind (report.md would not link them, the folder would).
    expect(readdirSync(join(copy, "figures")).sort()).toEqual(readdirSync(join(out.written.dir, "figures")).sort())
  })

  test("a malformed results.json is rejected with the path and what to do", () => {
    expect(() => parseReproResults({ tier: "ci" }, "x/results.json")).toThrow(ResultsFileInvalid)
    expect(() => parseReproResults({ ...json, claims: [{ id: "C1" }] }, "x/results.json")).toThrow(/claims\[0\]\.title must be a string.*bun run repro --tier ci/)
  })
})
