/**
 * `ssl plot`: the run page of two runs, opened in headless Chromium (Debian's chromium; the driver is the
 * claims' report test's). Every plot renders as SVG with marks, no console error, nothing loaded from the
 * network, and W_p's negative eigenvalues keep their sign in the heatmap's colours.
 */
import { RunStore } from "@ssl/core"
import { afterAll, beforeAll, describe, expect, test } from "bun:test"
import { mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { type Browser, launchChromium } from "../../claims/test/headlessChromium.ts"
import { plot } from "../src/commands/plot.ts"
import { runSeries } from "../src/plot/runSeries.ts"
import { capture } from "./capture.ts"

const work = mkdtempSync(join(tmpdir(), "ssl-plot-"))
const root = join(work, "runs")
const saved = process.env["SSL_RUNS_DIR"]
process.env["SSL_RUNS_DIR"] = root
let browser: Browser | undefined
let ids: Array<string> = []

beforeAll(async () => {
  using store = RunStore.open(root)
  ids = [0, 1].map((k) => {
    const run = store.create({ config: { method: { target: { kind: "ema", gamma: 0.99 }, predictor: { kind: "linear" } } }, configHash: `${k}`.repeat(64), backend: null, seed: k, codeVersion: "x" })
    for (let step = 0; step <= 200; step += 20) {
      const t = step / 200
      run.appendMetrics({
        step, epoch: t, seconds: t * 10, loss: -1 - t + 0.1 * k, alignment: step === 0 ? "NaN" : 0.1 + 0.8 * t, asymmetry: 1.4 - t, zStd: 0.8 - 0.4 * t, effectiveRank: 16 - 10 * t,
        // 8 eigenvalues, descending; W_p's smallest ones negative (the sign a log axis would lose).
        fEigenvalues: Array.from({ length: 8 }, (_, i) => Math.exp(-i) * (1 + t)),
        wpEigenvalues: Array.from({ length: 8 }, (_, i) => 1 - i / 3 - 0.2 * t),
      })
    }
    run.finish({}, { steps: 200 })
    return run.id
  })
  browser = await launchChromium() // throws ChromiumMissing ("apt-get install -y chromium") when absent
}, 60_000)

afterAll(async () => {
  await browser?.close()
  if (saved === undefined) delete process.env["SSL_RUNS_DIR"]
  else process.env["SSL_RUNS_DIR"] = saved
  rmSync(work, { recursive: true, force: true })
})

describe("runSeries", () => {
  test("reads every scalar and spectrum, skips non-finite values, spans each heatmap cell to the next record", () => {
    const s = runSeries("r", join(root, ids[0]!, "metrics.jsonl"))
    // 11 records × 5 scalars, minus the NaN alignment of step 0 (catches plotting "NaN" strings as values).
    expect(s.scalars).toHaveLength(54)
    expect(s.spectra.wpEigenvalues).toHaveLength(88)
    expect(s.spectra.wpEigenvalues.find((r) => r.step === 20 && r.rank === 8)).toMatchObject({ stepEnd: 40, value: 1 - 7 / 3 - 0.02 })
    expect(s.spectra.fEigenvalues.find((r) => r.step === 200)!.stepEnd).toBe(220)
  })
})

describe("ssl plot", () => {
  test("bad input exits 2", async () => {
    expect((await capture(plot, [])).code).toBe(2)
    const r = await capture(plot, ["nope"])
    expect(r.code).toBe(2)
    expect(r.err).toContain("nope")
    expect((await capture(plot, [ids[0]!, "--out", join(work, "x.png")])).code).toBe(2)
  })

  test("the page renders every plot in headless Chromium, offline, with no console error", async () => {
    const out = join(work, "two.html")
    const r = await capture(plot, [...ids, "--out", out])
    expect(r.code).toBe(0)
    const html = readFileSync(out, "utf8")
    expect(html).not.toMatch(/<script[^>]+src=/) // self-contained: catches a CDN <script src>
    const page = await browser!.open(`file://${out}`)
    const end = Date.now() + 30_000
    let rendered: string | undefined
    while (Date.now() < end && rendered === undefined) {
      rendered = await page.evaluate<string | undefined>("document.body.dataset.rendered")
      if (rendered === undefined) await Bun.sleep(100)
    }
    expect(page.errors).toEqual([])
    // 5 scalar plots + 2 spectra per run.
    expect(rendered).toBe("9")
    const marks = await page.evaluate<Array<[string, number]>>(
      `[...document.querySelectorAll("main figure")].map((f) => [f.id, f.querySelectorAll("svg .mark-line path, svg .mark-rect path, svg .mark-symbol path").length])`)
    expect(marks).toHaveLength(9)
    for (const [id, n] of marks) expect({ id, n: n > 0 }).toEqual({ id, n: true })
    // The W_p heatmap's cells in data order (step-major, rank 1..8): at step 0 rank 1 holds +1 (red), rank 4
    // holds 0 (white: the scale's midpoint), rank 8 holds −4/3 (blue). Catches a colour scale that drops the
    // sign (log, |λ|, a domain starting at 0) or a spectrum that is not plotted.
    const fills = await page.evaluate<Array<string>>(
      `[...document.querySelectorAll("#plot-wpEigenvalues-0 svg .mark-rect.role-mark path")].map((p) => getComputedStyle(p).fill)`)
    expect(fills).toHaveLength(88)
    const [plus, zero, minus] = [0, 3, 7].map((i) => fills[i]!.match(/\d+/g)!.map(Number))
    expect(plus![0]! - plus![2]!).toBeGreaterThan(60)
    expect(Math.min(...zero!)).toBeGreaterThan(225)
    expect(minus![2]! - minus![0]!).toBeGreaterThan(60)
  }, 60_000)
})
