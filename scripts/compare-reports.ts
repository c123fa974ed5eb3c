#!/usr/bin/env bun
/**
 * `bun run report:compare <a> <b> [--tolerance x]`: two reports of `bun run repro` at the same tier (folders or
 * results.json files), claim by claim: verdicts and measured values. Exit 0 when every verdict is the same and
 * every measured value equal within the relative tolerance (default 0: identical), 1 when they differ (each
 * difference printed), 2 on bad input.
 */
import { resolve } from "node:path"
import { compareReports, readResultsFile, ResultsFileInvalid } from "../packages/claims/src/index.ts"

const usage = "usage: bun run report:compare <report a> <report b> [--tolerance 1e-6]   (folders of bun run repro, or their results.json)"

const main = (args: ReadonlyArray<string>): number => {
  if (args.includes("--help") || args.includes("-h")) {
    console.log(usage)
    return 0
  }
  const t = args.indexOf("--tolerance")
  const tolerance = t === -1 ? 0 : Number(args[t + 1])
  const paths = args.filter((_, i) => t === -1 || (i !== t && i !== t + 1))
  if (paths.length !== 2 || !(tolerance >= 0)) {
    console.error(`report:compare: ${paths.length !== 2 ? "give two reports" : `--tolerance needs a number ≥ 0, got ${args[t + 1]}`}\n${usage}`)
    return 2
  }
  const file = (p: string) => (p.endsWith(".json") ? resolve(p) : resolve(p, "results.json"))
  try {
    const [a, b] = paths.map((p) => readResultsFile(file(p))) as [ReturnType<typeof readResultsFile>, ReturnType<typeof readResultsFile>]
    if (a.tier !== b.tier) {
      console.error(`report:compare: the reports are of different tiers (${a.tier}, ${b.tier}): compare reports of one tier`)
      return 2
    }
    const c = compareReports(a, b, tolerance)
    console.log(`a: ${paths[0]} (tier ${a.tier}, code ${a.codeVersion}, ${a.claims.length} claims, ${Math.round(a.seconds)} s)`)
    console.log(`b: ${paths[1]} (tier ${b.tier}, code ${b.codeVersion}, ${b.claims.length} claims, ${Math.round(b.seconds)} s)`)
    for (const d of c.differences) {
      console.log(`${d.id}: verdict ${d.verdicts[0] ?? "(absent)"} | ${d.verdicts[1] ?? "(absent)"}`)
      for (const m of d.measured) console.log(`  ${m.key}: ${JSON.stringify(m.a)} | ${JSON.stringify(m.b)}`)
    }
    const measurements = c.sameMeasurements
      ? tolerance === 0 ? "every measured value identical" : `every measured value within relative ${tolerance}`
      : "measured values differ"
    console.log(`${c.claims} claims: ${c.sameVerdicts ? "same verdicts" : "verdicts differ"}; ${measurements} (largest absolute difference ${c.largestDifference})`)
    return c.sameVerdicts && c.sameMeasurements ? 0 : 1
  } catch (e) {
    if (e instanceof ResultsFileInvalid) {
      console.error(`report:compare: ${e.message}`)
      return 2
    }
    throw e
  }
}

process.exitCode = main(process.argv.slice(2))
