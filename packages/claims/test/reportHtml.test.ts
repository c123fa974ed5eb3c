/**
 * Opens the report's index.html in headless Chromium (Debian's `chromium`, driven over the DevTools protocol)
 * and checks that every plot rendered. The report is built from the fixture claims (every plot kind and
 * verdict) plus the theory claims that draw plots (C4, C5, C8, C9) at the smoke tier: seconds in all.
 * Without Chromium the test FAILS with the install command — a report nobody checked must not pass silently.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test"
import { Effect, Layer } from "effect"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Progress } from "../src/harness/Progress.ts"
import { EvidenceCache } from "../src/harness/EvidenceCache.ts"
import { ArmRuns } from "../src/empirical/ArmRuns.ts"
import { claimById } from "../src/registry.ts"
import { type ReproOutcome, runRepro } from "../src/report/runRepro.ts"
import { type Browser, launchChromium, type Page } from "./headlessChromium.ts"
import { fixtureClaims } from "./reportFixture.ts"

interface PlotCheck {
  readonly id: string
  readonly kind: string
  readonly title: string
  readonly width: number
  readonly height: number
  /** Paths with a positive length and circles with a positive radius and box, inside the plot area. */
  readonly marks: number
  readonly emptyMarks: number
}

interface PageCheck {
  readonly plots: ReadonlyArray<PlotCheck>
  /** "tag.attribute=value" of every attribute holding NaN, Infinity or undefined. */
  readonly badAttributes: ReadonlyArray<string>
  readonly externalResources: number
  readonly scripts: number
}

// Runs in the page: measures each svg[data-plot] as laid out by the browser.
const CHECK_PAGE = `(() => {
  const plots = [...document.querySelectorAll("svg[data-plot]")].map((svg) => {
    const box = svg.getBoundingClientRect()
    let marks = 0, emptyMarks = 0
    for (const el of svg.querySelectorAll("g[clip-path] path, g[clip-path] circle")) {
      const b = el.getBBox()
      const ok = el.tagName === "circle"
        ? el.r.baseVal.value > 0 && b.width > 0 && b.height > 0 && Number.isFinite(b.x) && Number.isFinite(b.y)
        : el.getTotalLength() > 0 && Number.isFinite(b.x) && Number.isFinite(b.y) && (b.width > 0 || b.height > 0)
      if (ok) marks++
      else emptyMarks++
    }
    const title = svg.querySelector(":scope > title")
    return { id: svg.dataset.plot, kind: svg.dataset.kind, title: title ? title.textContent : "", width: box.width, height: box.height, marks, emptyMarks }
  })
  const badAttributes = []
  for (const el of document.querySelectorAll("*")) for (const a of el.attributes)
    if (/NaN|Infinity|undefined/.test(a.value)) badAttributes.push(el.tagName + "." + a.name + "=" + a.value.slice(0, 80))
  return { plots, badAttributes, externalResources: performance.getEntriesByType("resource").length, scripts: document.scripts.length }
})()`

describe("index.html in headless Chromium", () => {
  let browser: Browser | undefined
  let page: Page
  let out: ReproOutcome
  let checked: PageCheck
  const root = mkdtempSync(join(tmpdir(), "ssl-report-html-"))

  beforeAll(async () => {
    const theory = ["C4", "C5", "C8", "C9"].map((id) => claimById(id)!)
    out = await Effect.runPromise(runRepro([...fixtureClaims, ...theory], "smoke", { outRoot: root, codeVersion: "test", backend: () => "none" })
      .pipe(Effect.provide(Layer.mergeAll(Progress.layerSilent, EvidenceCache.layerMemory, ArmRuns.layerTest()))))
    browser = await launchChromium() // throws ChromiumMissing ("apt-get install -y chromium") when absent
    page = await browser.open(`file://${out.written.indexHtml}`)
    checked = await page.evaluate<PageCheck>(CHECK_PAGE)
  }, 120_000)

  afterAll(async () => {
    await browser?.close()
    rmSync(root, { recursive: true, force: true })
  })

  test("every plot of results.json is on the page, in order, with its title", () => {
    const expected = out.results.claims.flatMap((c) => c.plots)
    expect(expected.length).toBeGreaterThanOrEqual(14)
    expect(checked.plots.map((p) => p.id)).toEqual(expected.map((p) => p.id))
    expect(checked.plots.map((p) => p.title)).toEqual(expected.map((p) => p.title))
    // Each kind appears, from the fixture and from the theory claims.
    expect(new Set(checked.plots.map((p) => p.kind))).toEqual(new Set(["line", "scatter", "phase", "intervals"]))
    for (const id of ["C4-reduced-asymmetry", "C4-full-asymmetry", "C5-commutator-bound", "C8-phase", "C9-phase", "C9-eigenvalues-F"]) {
      expect(checked.plots.map((p) => p.id)).toContain(id)
    }
  })

  test("every plot rendered: a non-zero box and at least one mark with non-empty geometry, no empty marks", () => {
    for (const p of checked.plots) {
      expect({ id: p.id, width: p.width > 100, height: p.height > 50 }).toEqual({ id: p.id, width: true, height: true })
      expect({ id: p.id, marks: p.marks > 0, emptyMarks: p.emptyMarks }).toEqual({ id: p.id, marks: true, emptyMarks: 0 })
    }
  })

  test("no NaN/Infinity in any attribute, no console errors, nothing loaded from outside, no scripts", () => {
    expect(checked.badAttributes).toEqual([])
    expect(page.errors).toEqual([])
    expect(checked.externalResources).toBe(0)
    expect(checked.scripts).toBe(0)
  })

  test("the verdict table lists every claim with its verdict", async () => {
    const rows = await page.evaluate<Array<[string, string]>>(
      `[...document.querySelectorAll("table.verdicts tbody tr")].map((tr) => [tr.cells[0].textContent, tr.cells[2].textContent])`)
    expect(rows).toEqual(out.results.claims.map((c) => [c.id, c.verdict]))
  })
})
