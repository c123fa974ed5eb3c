#!/usr/bin/env bun
/**
 * `bun run readme:claims [results.json ...]`: rewrites the README's claims table (between `<!-- claims:begin -->`
 * and `<!-- claims:end -->`) from results.json files of `bun run repro` — by default the newest
 * reports/ci-*\/results.json; several files (e.g. the ci and the cpu-long report) give one verdict column each.
 * It also rewrites docs/tables.md next to that README: the paper's and the reproduction's tables with ours from
 * the same files beside them. Both are generated, never typed by hand; nothing else of the README changes.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs"
import { dirname, join, relative, resolve } from "node:path"
import {
  newestResultsFile, NoResultsFound, ReadmeMarkersInvalid, readmeClaimsTable, readResultsFile, replaceClaimsSection, ResultsFileInvalid, tablesDocument,
} from "../packages/claims/src/index.ts"

const root = resolve(import.meta.dir, "..")
const readmePath = resolve(root, process.env["README_PATH"] ?? "README.md")
/** docs/tables.md beside the README (a test pointing README_PATH elsewhere never touches the repository's). */
const tablesPath = join(dirname(readmePath), "docs", "tables.md")

/** Writes `text` to `path` unless it is already there; whether it changed. */
const update = (path: string, text: string): boolean => {
  if (existsSync(path) && readFileSync(path, "utf8") === text) return false
  mkdirSync(dirname(path), { recursive: true })
  writeFileSync(path, text)
  return true
}

const main = (args: ReadonlyArray<string>): number => {
  if (args.includes("--help") || args.includes("-h")) {
    console.log("usage: bun run readme:claims [reports/<tier>-<timestamp>/results.json ...]   (default: the newest reports/ci-*/results.json)")
    console.log("rewrites the README's claims table and docs/tables.md (the paper's tables beside ours) from those files")
    return 0
  }
  try {
    const files = args.length > 0 ? args.map((a) => resolve(a)) : [newestResultsFile(resolve(root, "reports"), "ci") ?? (() => { throw new NoResultsFound("reports", "ci") })()]
    const sources = files.map((f) => ({ results: readResultsFile(f), path: relative(root, f) }))
    const table = readmeClaimsTable(sources)
    const before = readFileSync(readmePath, "utf8")
    const after = replaceClaimsSection(before, table)
    if (after !== before) writeFileSync(readmePath, after)
    const n = new Set(sources.flatMap((s) => s.results.claims.map((c) => c.id))).size
    console.log(`${relative(root, readmePath)}: claims table ${after === before ? "already up to date" : "rewritten"} (${n} claims from ${sources.map((s) => s.path).join(", ")})`)
    const tables = update(tablesPath, tablesDocument(sources))
    console.log(`${relative(root, tablesPath)}: side-by-side tables ${tables ? "rewritten" : "already up to date"}`)
    return 0
  } catch (e) {
    if (e instanceof NoResultsFound || e instanceof ResultsFileInvalid || e instanceof ReadmeMarkersInvalid) {
      console.error(`readme:claims: ${e.message}`)
      return 2
    }
    throw e
  }
}

process.exitCode = main(process.argv.slice(2))
