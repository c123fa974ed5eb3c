/**
 * Opens the report's index.html in headless Chromium (Debian's `chromium`, driven over the DevTools protocol):
 * the committed ci report (docs/report-ci/results.json, re-rendered by this checkout's code; nothing trains)
 * and the fixture claims' report (every plot kind and verdict, NaN gaps, 18 series in one legend). Checks
 * that every figure renders (an SVG with data marks), that no text label overlaps another or is cut by its
 * figure's bounds (bounding boxes as laid out by the browser), that the summary fits one 1280×800 screen — a
 * screenshot of it is written (docs/report-summary.png with SSL_UPDATE_SCREENSHOTS=1) —, the contents, and the
 * interactions (legend toggle, tooltip).
 * Without Chromium the test FAILS with the install command — a report nobody checked must not pass silently.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test"
import { Effect, Layer } from "effect"
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Progress } from "../src/harness/Progress.ts"
import { EvidenceCache } from "../src/harness/EvidenceCache.ts"
import { ArmRuns } from "../src/empirical/ArmRuns.ts"
import { reportFigures } from "../src/report/figures/figures.ts"
import { renderHtml } from "../src/report/renderHtml.ts"
import { parseReproResults, type ReproResults } from "../src/report/ReproResults.ts"
import { runRepro } from "../src/report/runRepro.ts"
import { type Browser, launchChromium, type Page } from "./headlessChromium.ts"
import { fixtureClaims } from "./reportFixture.ts"

interface FigureCheck {
  readonly id: string
  readonly width: number
  readonly height: number
  /** Data marks (paths, lines, symbols of role "mark") with a non-empty box. */
  readonly marks: number
  /** "text" of every visible label that sticks out of its figure's SVG. */
  readonly cut: ReadonlyArray<string>
  /** Pairs of visible labels whose boxes overlap. */
  readonly overlaps: ReadonlyArray<readonly [string, string]>
  readonly legend: ReadonlyArray<string>
}

// Runs in the page: every figure's SVG as laid out by the browser. A label hidden by Vega (opacity 0, e.g. a
// tick label dropped to avoid overlap) is not visible and not compared.
const CHECK_FIGURES = `(() => {
  const visible = (el) => {
    for (let e = el; e && e.tagName !== "svg"; e = e.parentElement) {
      const s = getComputedStyle(e)
      if (s.display === "none" || s.visibility === "hidden" || Number(s.opacity) === 0 || e.getAttribute("opacity") === "0") return false
    }
    return el.textContent.trim() !== ""
  }
  return [...document.querySelectorAll("figure[data-figure]")].map((fig) => {
    const svg = fig.querySelector("svg")
    if (svg === null) return { id: fig.dataset.figure, width: 0, height: 0, marks: 0, cut: [], overlaps: [], legend: [] }
    // A label must lie inside the SVG and inside the figure that shows it (a figure narrower than its SVG cuts it).
    const s = svg.getBoundingClientRect(), f = fig.getBoundingClientRect()
    const box = { left: Math.max(s.left, f.left), right: Math.min(s.right, f.right), top: Math.max(s.top, f.top), bottom: Math.min(s.bottom, f.bottom) }
    const marks = [...svg.querySelectorAll(".role-mark > path, .role-mark > line, .role-mark > g > path")].filter((m) => {
      const b = m.getBoundingClientRect()
      return b.width > 0 || b.height > 0
    }).length
    const texts = [...svg.querySelectorAll("text")].filter(visible).map((t) => ({ text: t.textContent.trim(), r: t.getBoundingClientRect() }))
    const cut = texts.filter(({ r }) => r.left < box.left - 0.5 || r.right > box.right + 0.5 || r.top < box.top - 0.5 || r.bottom > box.bottom + 0.5).map((t) => t.text)
    const overlaps = []
    for (let i = 0; i < texts.length; i++) for (let j = i + 1; j < texts.length; j++) {
      const a = texts[i].r, b = texts[j].r
      const w = Math.min(a.right, b.right) - Math.max(a.left, b.left), h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top)
      if (w > 1 && h > 1) overlaps.push([texts[i].text, texts[j].text])
    }
    const legend = [...svg.querySelectorAll(".role-legend-label text")].map((t) => t.textContent)
    return { id: fig.dataset.figure, width: s.width, height: s.height, marks, cut, overlaps, legend }
  })
})()`

const waitRendered = async (page: Page): Promise<string> => {
  for (const end = Date.now() + 90_000; Date.now() < end; await Bun.sleep(100)) {
    const v = await page.evaluate<string | undefined>("document.body.dataset.rendered")
    if (v !== undefined) return v
  }
  throw new Error("the report's figures did not render within 90 s")
}

/** Width and height of a PNG, from its IHDR chunk. */
const pngSize = (png: Uint8Array): readonly [number, number] => {
  const v = new DataView(png.buffer, png.byteOffset)
  return [v.getUint32(16), v.getUint32(20)]
}

const committedPath = join(import.meta.dir, "../../../docs/report-ci/results.json")
const screenshotPath = join(import.meta.dir, "../../../docs/report-summary.png")

describe("index.html in headless Chromium", () => {
  let browser: Browser | undefined
  const root = mkdtempSync(join(tmpdir(), "ssl-report-html-"))
  const committed = parseReproResults(JSON.parse(readFileSync(committedPath, "utf8")), committedPath)
  const extra = { id: "plugged-in", title: "A plugged-in section", html: "<p>plugged in</p>" }
  let fixture: ReproResults
  let ci: { page: Page; rendered: string; figures: ReadonlyArray<FigureCheck> }
  let fx: { page: Page; rendered: string; figures: ReadonlyArray<FigureCheck> }

  beforeAll(async () => {
    const out = await Effect.runPromise(runRepro(fixtureClaims, "smoke", { outRoot: root, codeVersion: "test", backend: () => "none" })
      .pipe(Effect.provide(Layer.mergeAll(Progress.layerSilent, EvidenceCache.layerMemory, ArmRuns.layerTest()))))
    fixture = out.results
    browser = await launchChromium() // throws ChromiumMissing ("apt-get install -y chromium") when absent
    const open = async (file: string) => {
      const page = await browser!.open(`file://${file}`)
      const rendered = await waitRendered(page)
      return { page, rendered, figures: await page.evaluate<Array<FigureCheck>>(CHECK_FIGURES) }
    }
    fx = await open(out.written.indexHtml)
    const ciHtml = join(root, "ci.html")
    writeFileSync(ciHtml, renderHtml(committed))
    ci = await open(ciHtml) // last: the page the summary tests look at
  }, 240_000)

  afterAll(async () => {
    await browser?.close()
    rmSync(root, { recursive: true, force: true })
  })

  test("every figure is on the page, in order, and rendered as an SVG with data marks; no console error", () => {
    for (const [results, page] of [[committed, ci], [fixture, fx]] as const) {
      const expected = [...reportFigures(results.claims).values()].flat().map((f) => f.id)
      expect(page.rendered).toBe(String(expected.length))
      expect(page.figures.map((f) => f.id)).toEqual(expected)
      for (const f of page.figures) {
        // Mutation caught: a figure whose data never reaches a mark (an empty layer, a filtered-out field).
        expect({ id: f.id, rendered: f.width > 200 && f.height > 60 && f.marks > 0 }).toEqual({ id: f.id, rendered: true })
      }
    }
    expect(ci.figures.length).toBeGreaterThanOrEqual(80)
    expect(ci.page.errors).toEqual([])
  })

  test("no text label overlaps another or is cut by its figure's bounds", () => {
    // Mutations caught: axis labels drawn without Vega's overlap removal (labelOverlap: false with dense
    // ticks); a fixed layout that lets titles and legends fall outside the SVG (autosize "none").
    const all = [...ci.figures, ...fx.figures]
    expect(all.filter((f) => f.overlaps.length > 0).map((f) => ({ id: f.id, overlaps: f.overlaps }))).toEqual([])
    expect(all.filter((f) => f.cut.length > 0).map((f) => ({ id: f.id, cut: f.cut }))).toEqual([])
  })

  test("legends name every series in full (C16's three arms; the fixture's 18 eigenvalues)", () => {
    const c16 = ci.figures.find((f) => f.id === "C16-zstd")!
    expect(c16.legend).toEqual(["sgd-linear-sym-no-ema", "sgd-linear-sym-no-ema-alpha3", "sgd-linear-sym-no-ema-alpha10"])
    const many = fx.figures.find((f) => f.id === "fx-eigenvalues")!
    expect(many.legend).toEqual(Array.from({ length: 18 }, (_, j) => `λ${j + 1}`))
  })

  test("the summary lists every claim with its verdict and fits one 1280×800 screen (screenshot)", async () => {
    const rows = await ci.page.evaluate<Array<[string, string]>>(
      `[...document.querySelectorAll("table.summary tbody tr")].map((tr) => [tr.cells[0].textContent, tr.cells[2].textContent])`)
    expect(rows).toEqual(committed.claims.map((c) => [c.id, c.verdict]))
    const box = await ci.page.evaluate<{ right: number; bottom: number; section: number; viewport: number }>(
      `(() => { scrollTo(0, 0); const r = document.querySelector("table.summary").getBoundingClientRect(); return { right: r.right, bottom: r.bottom, section: document.getElementById("summary").getBoundingClientRect().bottom, viewport: innerWidth } })()`)
    expect(box.viewport).toBe(1280)
    // Mutation caught: a row that wraps onto two lines or a looser row height (34 rows no longer fit).
    expect(box.bottom).toBeLessThanOrEqual(800)
    expect(box.right).toBeLessThanOrEqual(1280)
    // The screenshot: the page's top, down to the end of the summary (at most one 1280×800 screen).
    const height = Math.min(800, Math.ceil(box.section) + 6)
    const png = await ci.page.screenshot({ x: 0, y: 0, width: 1280, height })
    expect(pngSize(png)).toEqual([1280, height])
    const shot = join(root, "report-summary.png")
    writeFileSync(shot, png)
    if (process.env["SSL_UPDATE_SCREENSHOTS"] === "1") copyFileSync(shot, screenshotPath)
  })

  test("interactive: a click on a legend entry shows that series alone; hovering a point shows its values", async () => {
    const r = await ci.page.evaluate<{ before: Array<string>; after: Array<string>; tooltip: string }>(`(async () => {
      const fig = document.getElementById("fig-C16-zstd")
      const opacities = () => [...fig.querySelectorAll(".mark-line.role-mark path")].map((p) => p.getAttribute("opacity") ?? "1")
      const fire = (el, types) => {
        const b = el.getBoundingClientRect()
        for (const type of types) el.dispatchEvent(new MouseEvent(type, { bubbles: true, clientX: b.x + b.width / 2, clientY: b.y + b.height / 2, view: window }))
      }
      const before = opacities()
      fire([...fig.querySelectorAll(".role-legend-label text")].find((t) => t.textContent === "sgd-linear-sym-no-ema-alpha10"), ["pointerdown", "mousedown", "pointerup", "mouseup", "click"])
      await new Promise((done) => setTimeout(done, 300))
      const after = opacities()
      fire(document.querySelector("#fig-C14-accuracy .mark-symbol.role-mark path"), ["pointerover", "mouseover", "pointermove", "mousemove"])
      await new Promise((done) => setTimeout(done, 300))
      const tip = document.getElementById("vg-tooltip-element")
      return { before, after, tooltip: tip && tip.classList.contains("visible") ? tip.textContent : "" }
    })()`)
    // Mutation caught: the legend not bound to a selection (a click changes nothing).
    expect(r.before).toEqual(["1", "1", "1"])
    expect(r.after).toEqual(["0.1", "0.1", "1"])
    expect(r.tooltip).toContain("estimate")
  })

  test("the contents link the summary, the report's sections and every claim; sections sit between summary and claims", async () => {
    const links = await ci.page.evaluate<Array<string>>(`[...document.querySelectorAll("nav.toc a")].map((a) => a.getAttribute("href"))`)
    // The side-by-side tables are the report's own section; a caller's extra section follows it.
    expect(links).toEqual(["#summary", "#paper-tables", ...committed.claims.map((c) => `#${c.id}`)])
    const order = await ci.page.evaluate<Array<string>>(`[...document.querySelectorAll("main > section")].map((s) => s.id)`)
    expect(order.slice(0, 3)).toEqual(["summary", "paper-tables", committed.claims[0]!.id])
    const html = renderHtml(committed, [extra])
    const at = (needle: string) => html.indexOf(needle)
    expect(at('<a href="#plugged-in">A plugged-in section</a>')).toBeGreaterThan(at('<a href="#paper-tables">'))
    expect(at('id="plugged-in"')).toBeGreaterThan(at('id="paper-tables"'))
    expect(at('id="plugged-in"')).toBeLessThan(at(`id="${committed.claims[0]!.id}"`))
    // The long sources are folded.
    const folded = await ci.page.evaluate<number>(`[...document.querySelectorAll("section.claim details > summary")].filter((s) => s.textContent === "Source").length`)
    expect(folded).toBe(committed.claims.length)
  })
})
