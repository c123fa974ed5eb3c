/**
 * The mutation test: a broken engine must turn the claim suite red at ci. For each mutation of
 * test/mutation/mutations.ts, the tracked files are copied to a temporary directory (third-party modules
 * linked, the workspace packages copied), the mutation is applied (failing loudly if its pattern is not found),
 * and the claim that must catch it runs there with an empty run store: its named check must not pass and the
 * result must need attention (what makes `bun test`/`ssl repro` red).
 *
 * Each mutation trains its claim's arms at ci (2–3 minutes a mutation on one core), so the test runs only when
 * asked: SSL_MUTATION_TEST=1 bun test packages/claims/test/mutation.test.ts
 */
import { describe, expect, test } from "bun:test"
import { execFileSync, spawnSync } from "node:child_process"
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join, resolve } from "node:path"
import { applyMutation, mutations } from "./mutation/mutations.ts"

const root = resolve(import.meta.dir, "../../..")
const enabled = process.env["SSL_MUTATION_TEST"] === "1"

/** A copy of the tracked tree, with the workspace packages' node_modules (relative links into the copy) and the root node_modules linked. */
const copyRepo = (): string => {
  const dir = mkdtempSync(join(tmpdir(), "ssl-mutation-"))
  const files = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: root }).toString().split("\0").filter((f) => f !== "")
  const nodeModules = ["packages/core", "packages/methods", "packages/claims", "packages/cli", "configs"].map((p) => `${p}/node_modules`)
  execFileSync("cp", ["-a", "--parents", ...files.filter((f) => !f.startsWith("docs/report")), ...nodeModules, dir], { cwd: root })
  symlinkSync(join(root, "node_modules"), join(dir, "node_modules"))
  return dir
}

describe("mutation test: the claim suite catches a broken engine", () => {
  test("every mutation's pattern is found exactly once in today's code", () => {
    for (const m of mutations) expect(() => applyMutation(readFileSync(join(root, m.file), "utf8"), m)).not.toThrow()
  })

  for (const m of mutations) {
    test.skipIf(!enabled)(`${m.name} turns ${m.claim} red (${m.check} does not pass)`, () => {
      const dir = copyRepo()
      try {
        const file = join(dir, m.file)
        writeFileSync(file, applyMutation(readFileSync(file, "utf8"), m))
        const runs = join(dir, "runs-mutation")
        const out = spawnSync("bun", ["run", "packages/claims/test/mutation/claimVerdict.ts", m.claim, "ci"], {
          cwd: dir, env: { ...process.env, SSL_RUNS_DIR: runs, CLAIMS_TIER: "ci" }, encoding: "utf8", maxBuffer: 64 * 1024 * 1024,
        })
        if (out.status !== 0) throw new Error(`${m.claim} could not run in the mutated copy:\n${out.stderr}`)
        const line = out.stdout.trim().split("\n").at(-1)!
        const r = JSON.parse(line) as { verdict: string; needsAttention: boolean; checks: Array<{ name: string; outcome: string; measured: number }> }
        console.log(`${m.name}: ${m.claim} ${r.verdict}; ${r.checks.map((c) => `${c.name} ${c.outcome} (${c.measured})`).join(", ")}`)
        expect(r.checks.find((c) => c.name === m.check)?.outcome).not.toBe("pass")
        expect(r.needsAttention).toBe(true)
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    }, 20 * 60_000)
  }
})
