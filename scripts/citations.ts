/**
 * The citation checker. Every place the repository cites its account of the paper does so as
 * `docs/paper/<file>.md#<anchor>` (docs/paper/README.md); this checker scans the tracked text files for such
 * citations (and for the relative links between the files of docs/paper itself) and reports each one whose file
 * or anchor does not exist. It also reports every reference to a document that is not in the repository (the
 * project's private notes) or to an issue tracker entry, since a reader who clones the repository can follow
 * neither.
 *
 * Anchors are the explicit `<a id="..."></a>` (or any `id="..."`) of the cited file, so they stay stable whatever
 * the heading text.
 *
 * `bun run scripts/citations.ts [root]` prints the problems (one per line, `file:line: message`) and exits 1 when
 * there are any; the test (test/citations.test.ts) runs the same check on the repository.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs"
import { join, relative } from "node:path"

export interface CitationProblem {
  readonly file: string
  readonly line: number
  readonly kind: "missing-file" | "missing-anchor" | "outside-reference"
  readonly text: string
  readonly message: string
}

/** Where the account of the paper lives, relative to the repository root. */
export const PAPER_DIR = "docs/paper"

/** References a reader of the repository cannot follow: private notes outside it, and issue numbers. */
export const OUTSIDE_REFERENCES: ReadonlyArray<{ readonly pattern: RegExp; readonly what: string }> = [
  { pattern: /PAPER\.md/g, what: "a notes file outside the repository" },
  { pattern: /DESIGN\.md/g, what: "a notes file outside the repository" },
  { pattern: /STACK\.md/g, what: "a notes file outside the repository" },
  { pattern: /ANCHORS\.md/g, what: "a notes file outside the repository" },
  { pattern: /\.\.\/shared\b/g, what: "a folder outside the repository" },
  { pattern: /\bissue #?\d+/gi, what: "an issue number" },
]

/** The checker's own files: they name the forbidden references, and cite missing anchors, in order to test the check. */
export const ALLOWED_FILES: ReadonlySet<string> = new Set(["scripts/citations.ts", "test/citations.test.ts"])

/** File types scanned: code, configs, scripts, docs and committed reports. Binary files are never read. */
const TEXT_FILE = /\.(ts|tsx|js|mjs|cjs|json|md|html|sh|toml|ya?ml|txt|py|csv|tsv)$|(^|\/)(\.ci\/run|ssl)$/

/** `docs/paper/<file>.md` with an optional `#anchor`. */
const CITATION = /docs\/paper\/([\w.-]+\.md)(?:#([\w-]+))?/g
/** Inside docs/paper: a markdown link to a sibling file, `](file.md#anchor)`. */
const SIBLING_LINK = /\]\(([\w.-]+\.md)(?:#([\w-]+))?\)/g
const ANCHOR_ID = /\bid="([^"]+)"/g

/** The tracked files of a git work tree, or every file under root (minus .git and node_modules) without git. */
export const listFiles = (root: string): ReadonlyArray<string> => {
  const git = Bun.spawnSync(["git", "ls-files", "-z"], { cwd: root, stdout: "pipe", stderr: "ignore" })
  if (git.exitCode === 0) return git.stdout.toString().split("\0").filter((f) => f !== "" && existsSync(join(root, f)))
  const out: Array<string> = []
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      if (name === ".git" || name === "node_modules") continue
      const path = join(dir, name)
      if (statSync(path).isDirectory()) walk(path)
      else out.push(relative(root, path))
    }
  }
  walk(root)
  return out.sort()
}

/** The anchors (explicit ids) of every markdown file in docs/paper, by file name; absent folder → empty map. */
export const paperAnchors = (root: string): ReadonlyMap<string, ReadonlySet<string>> => {
  const dir = join(root, PAPER_DIR)
  const anchors = new Map<string, ReadonlySet<string>>()
  if (!existsSync(dir)) return anchors
  for (const name of readdirSync(dir)) {
    if (!name.endsWith(".md")) continue
    const text = readFileSync(join(dir, name), "utf8")
    anchors.set(name, new Set([...text.matchAll(ANCHOR_ID)].map((m) => m[1] ?? "")))
  }
  return anchors
}

const lineOf = (text: string, index: number): number => text.slice(0, index).split("\n").length

/** The problems of one file's text, given docs/paper's anchors. Pure: the test drives it directly too. */
export const checkText = (file: string, text: string, anchors: ReadonlyMap<string, ReadonlySet<string>>): ReadonlyArray<CitationProblem> => {
  if (ALLOWED_FILES.has(file)) return []
  const problems: Array<CitationProblem> = []
  const resolve = (target: string, anchor: string | undefined, index: number, shown: string): void => {
    const ids = anchors.get(target)
    const line = lineOf(text, index)
    if (ids === undefined) {
      problems.push({ file, line, kind: "missing-file", text: shown, message: `${shown}: ${PAPER_DIR}/${target} does not exist; cite one of ${[...anchors.keys()].sort().join(", ")}` })
    } else if (anchor !== undefined && !ids.has(anchor)) {
      problems.push({ file, line, kind: "missing-anchor", text: shown, message: `${shown}: ${PAPER_DIR}/${target} has no anchor "${anchor}"; add <a id="${anchor}"></a> there or cite an existing anchor` })
    }
  }
  for (const m of text.matchAll(CITATION)) resolve(m[1] ?? "", m[2], m.index, m[0])
  if (file.startsWith(`${PAPER_DIR}/`)) {
    for (const m of text.matchAll(SIBLING_LINK)) resolve(m[1] ?? "", m[2], m.index, m[0])
  }
  for (const { pattern, what } of OUTSIDE_REFERENCES) {
    for (const m of text.matchAll(pattern)) {
      problems.push({ file, line: lineOf(text, m.index), kind: "outside-reference", text: m[0], message: `"${m[0]}" is ${what}: cite ${PAPER_DIR}/<file>.md#<anchor>, the README, or the paper by section/table/figure instead` })
    }
  }
  return problems.sort((a, b) => a.line - b.line)
}

/** Every problem of the repository at root: its tracked text files against its docs/paper anchors. */
export const checkCitations = (root: string): ReadonlyArray<CitationProblem> => {
  const anchors = paperAnchors(root)
  return listFiles(root)
    .filter((f) => TEXT_FILE.test(f))
    .flatMap((f) => checkText(f, readFileSync(join(root, f), "utf8"), anchors))
}

if (import.meta.main) {
  const root = process.argv[2] ?? process.cwd()
  const problems = checkCitations(root)
  for (const p of problems) console.log(`${p.file}:${p.line}: ${p.message}`)
  const files = new Set(problems.map((p) => p.file)).size
  console.log(problems.length === 0 ? "citations: every citation resolves" : `citations: ${problems.length} problems in ${files} files`)
  process.exit(problems.length === 0 ? 0 : 1)
}
