#!/usr/bin/env bun
/**
 * `bun run report:render <report folder>...`: re-renders report.md, index.html and figures/ of report folders
 * of `bun run repro` from their results.json with this checkout's report code — nothing trains, results.json
 * is left as it is.
 */
import { dirname, relative, resolve } from "node:path"
import { readResultsFile, renderReport, ResultsFileInvalid } from "../packages/claims/src/index.ts"

const main = async (args: ReadonlyArray<string>): Promise<number> => {
  if (args.length === 0 || args.includes("--help") || args.includes("-h")) {
    console.log("usage: bun run report:render <reports/<tier>-<timestamp>>...   (e.g. docs/report-ci)")
    return args.length === 0 ? 2 : 0
  }
  for (const arg of args) {
    const file = arg.endsWith("results.json") ? resolve(arg) : resolve(arg, "results.json")
    try {
      const out = await renderReport(readResultsFile(file), dirname(file))
      console.log(`${relative(process.cwd(), out.dir) || "."}: report.md, index.html and ${out.figures.length} figures rendered from results.json`)
    } catch (e) {
      if (e instanceof ResultsFileInvalid) {
        console.error(`report:render: ${e.message}`)
        return 2
      }
      throw e
    }
  }
  return 0
}

process.exitCode = await main(process.argv.slice(2))
