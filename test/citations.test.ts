import { describe, expect, test } from "bun:test"
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { checkCitations, checkText, paperAnchors } from "../scripts/citations.ts"

const repoRoot = join(import.meta.dir, "..")

/** The anchors every citation in the code may rely on: the stable ones docs/paper promises. */
const PROMISED: Readonly<Record<string, ReadonlyArray<string>>> = {
  "model.md": ["setup", "lemma-1", "theorem-1", "theorem-2", "assumptions", "reduced-dynamics", "theorem-3", "decoupled-dynamics", "fixed-points", "observations", "appendix-d", "typos"],
  "claims.md": Array.from({ length: 34 }, (_, i) => `c${i + 1}`),
  "tables.md": Array.from({ length: 9 }, (_, i) => `table-${i + 1}`),
  "reproduction.md": ["re-setting", "re-claims", "re-table-1", "re-table-2", "re-table-3", "re-caveats"],
  "original-code.md": ["command", "directpred-algorithm", "predictor-modes", "config-defaults", "hyperparameters", "directcopy"],
  "evaluation.md": ["original-protocol", "imagenet", "reproduction-protocol"],
  "scale.md": ["harness", "time-compression", "margins", "power", "controls", "ci-regime", "cpu-long"],
}

const anchors = new Map<string, ReadonlySet<string>>([
  ["claims.md", new Set(["c1", "c18"])],
  ["model.md", new Set(["typos"])],
])

describe("citations: the checker", () => {
  // Mutation caught: dropping the anchor lookup (accepting any anchor of an existing file) leaves this green only
  // for the first citation; the second must be reported.
  test("a citation resolves only when its file has the anchor", () => {
    const problems = checkText("x.ts", "see docs/paper/claims.md#c18 and docs/paper/claims.md#c99", anchors)
    expect(problems.map((p) => [p.kind, p.text])).toEqual([["missing-anchor", "docs/paper/claims.md#c99"]])
  })

  // Mutation caught: treating an unknown file as resolvable (e.g. checking anchors only for known files).
  test("a citation of a file docs/paper does not have is reported, with or without an anchor", () => {
    const problems = checkText("x.ts", "docs/paper/claim.md#c1\ndocs/paper/notes.md", anchors)
    expect(problems.map((p) => [p.kind, p.line])).toEqual([["missing-file", 1], ["missing-file", 2]])
  })

  // Mutation caught: an anchor regex that swallows trailing punctuation or possessives ("#c18's", "#c18.").
  test("an anchor ends where the identifier ends", () => {
    expect(checkText("x.ts", "(docs/paper/claims.md#c18's test; docs/paper/model.md#typos.)", anchors)).toEqual([])
  })

  // Mutation caught: removing any one of the forbidden patterns (each line below must be reported).
  test("references outside the repository and issue numbers are reported", () => {
    const text = ["PAPER.md §2.2 C18", "DESIGN.md's calibration", "STACK.md §6.3", "ANCHORS.md", "../shared/docs", "issue 5's sanity gate", "(Issue #12)"].join("\n")
    const problems = checkText("packages/x/src/a.ts", text, anchors)
    expect(problems.map((p) => p.line)).toEqual([1, 2, 3, 4, 5, 6, 7])
    expect(problems.every((p) => p.kind === "outside-reference")).toBe(true)
  })

  // Mutation caught: a word-boundary-free issue pattern ("tissue 3" is not an issue reference).
  test("words that merely end in 'issue' are not issue references", () => {
    expect(checkText("a.md", "tissue 3 and misissue 4", anchors)).toEqual([])
  })

  // Mutation caught: dropping the allow-list (the checker and this test name the patterns and cite missing
  // anchors on purpose), or widening it beyond those two files.
  test("only the checker's own files may name the forbidden references or cite missing anchors", () => {
    expect(checkText("scripts/citations.ts", "PAPER.md docs/paper/claims.md#c99", anchors)).toEqual([])
    expect(checkText("test/citations.test.ts", "issue 5 docs/paper/nope.md", anchors)).toEqual([])
    expect(checkText("scripts/other.ts", "PAPER.md docs/paper/claims.md#c99", anchors)).toHaveLength(2)
  })

  // Mutation caught: not checking the relative links between docs/paper's own files.
  test("inside docs/paper, links to sibling files are checked too", () => {
    const problems = checkText("docs/paper/README.md", "[a](claims.md#c1) [b](claims.md#c2) [c](tables.md)", anchors)
    expect(problems.map((p) => p.text)).toEqual(["](claims.md#c2)", "](tables.md)"])
  })

  // Mutation caught: scanning untracked or binary files, or reading the anchors from somewhere else than
  // docs/paper (a fresh tree without git is walked instead).
  test("a whole tree: its docs/paper anchors and its text files", () => {
    const root = mkdtempSync(join(tmpdir(), "citations-"))
    try {
      mkdirSync(join(root, "docs/paper"), { recursive: true })
      mkdirSync(join(root, "src"))
      writeFileSync(join(root, "docs/paper/claims.md"), '<a id="c1"></a>\n## C1\n')
      writeFileSync(join(root, "src/a.ts"), "// docs/paper/claims.md#c1\n// docs/paper/claims.md#c2\n")
      writeFileSync(join(root, "src/b.png"), "docs/paper/claims.md#c3")
      expect(checkCitations(root).map((p) => `${p.file}:${p.line}:${p.kind}`)).toEqual(["src/a.ts:2:missing-anchor"])
    } finally {
      rmSync(root, { recursive: true, force: true })
    }
  })
})

describe("citations: this repository", () => {
  test("docs/paper has every promised anchor", () => {
    const found = paperAnchors(repoRoot)
    for (const [file, ids] of Object.entries(PROMISED)) {
      expect({ file, missing: ids.filter((id) => !found.get(file)?.has(id)) }).toEqual({ file, missing: [] })
    }
  })

  test("every citation resolves, and nothing cites a file outside the repository or an issue", () => {
    const problems = checkCitations(repoRoot)
    expect(problems.map((p) => `${p.file}:${p.line}: ${p.message}`).slice(0, 20)).toEqual([])
    expect(problems).toHaveLength(0)
  })
})
