/**
 * Claims of the user's own: `ssl new claim <id>` scaffolds a claim and its test in the user's claims folder
 * (SSL_CLAIMS_DIR; here a scratch folder inside the repository, where @ssl/* resolves as in claims/), and
 * `ssl claims` and `bun run test:claims` run it beside ours, with an honest verdict.
 */
import { afterAll, describe, expect, test } from "bun:test"
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { join, resolve } from "node:path"

const ROOT = resolve(import.meta.dir, "../../..")
const MAIN = join(ROOT, "packages/cli/src/main.ts")
const dir = mkdtempSync(join(ROOT, ".scratch-claims-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const env = { ...process.env, SSL_CLAIMS_DIR: dir }
const ssl = (args: ReadonlyArray<string>) => {
  const r = Bun.spawnSync(["bun", MAIN, ...args], { cwd: ROOT, env, stdout: "pipe", stderr: "pipe" })
  return { code: r.exitCode, out: r.stdout.toString(), err: r.stderr.toString() }
}
const verdicts = (out: string): Record<string, string> =>
  Object.fromEntries((JSON.parse(out) as { claims: Array<{ id: string; verdict: string }> }).claims.map((c) => [c.id, c.verdict]))

describe("user claims", () => {
  test("new claim scaffolds a claim and its test; ids of ours, taken or malformed are refused", () => {
    const r = ssl(["new", "claim", "U1", "--title", "my first claim"])
    expect(r.code).toBe(0)
    expect(existsSync(join(dir, "U1.claim.ts"))).toBe(true)
    expect(readFileSync(join(dir, "U1.claim.ts"), "utf8")).toContain('title: "my first claim"')
    expect(existsSync(join(dir, "U1.claim.test.ts"))).toBe(true)
    for (const [args, word] of [[["new", "claim", "U1"], "already exist"], [["new", "claim", "c05"], "is ours"], [["new", "claim", "1x"], "letter"], [["new", "config", "x"], "new claim"]] as const) {
      const bad = ssl(args)
      expect(bad.code).toBe(2)
      expect(bad.err).toContain(word)
    }
  }, 60_000)

  test("ssl claims runs it beside ours, and its verdict follows its numbers", () => {
    const r = ssl(["claims", "--tier", "smoke", "--only", "U1,C2", "--json"])
    expect(r.code).toBe(0)
    expect(verdicts(r.out)).toEqual({ U1: "pass", C2: "pass" })
    // The user claim is in the list `ssl claims` runs without --only (its unknown-id message lists all).
    expect(ssl(["claims", "--only", "U9"]).err).toMatch(/known: C1, .*C34, U1/)
    // The verdict follows the file's own criteria: an impossible threshold fails, exit 1 (catches a user claim
    // whose verdict is not judged, e.g. one left out of the exit code).
    const file = join(dir, "U1.claim.ts")
    const text = readFileSync(file, "utf8")
    writeFileSync(file, text.replace('op: "<", value: 1e-3', 'op: "<", value: 1e-300'))
    const failing = ssl(["claims", "--tier", "smoke", "--only", "U1", "--json"])
    expect(failing.code).toBe(1)
    expect(verdicts(failing.out)).toEqual({ U1: "fail" })
    writeFileSync(file, text)
  }, 120_000)

  test("bun run test:claims U1 runs exactly its test file", () => {
    const r = Bun.spawnSync(["bun", "run", "test:claims", "U1"], { cwd: ROOT, env: { ...env, CLAIMS_TIER: "smoke" }, stdout: "pipe", stderr: "pipe" })
    expect(r.exitCode).toBe(0)
    const err = r.stderr.toString()
    expect(err).toContain("U1.claim.test.ts")
    expect(err).toContain("Ran 1 test across 1 file")
  }, 120_000)

  test("a claim file that exports no claim, or takes one of our ids, is an error naming the file (exit 2)", () => {
    const bad = join(dir, "Bad.claim.ts")
    writeFileSync(bad, "export const x = 1\n")
    const r = ssl(["claims", "--tier", "smoke", "--only", "C2"])
    expect(r.code).toBe(2)
    expect(r.err).toContain("Bad.claim.ts")
    writeFileSync(bad, readFileSync(join(dir, "U1.claim.ts"), "utf8").replace('id: "U1"', 'id: "C5"').replace("export const U1", "export const Clash"))
    const clash = ssl(["claims", "--tier", "smoke", "--only", "C2"])
    expect(clash.code).toBe(2)
    expect(clash.err).toContain("already taken")
    rmSync(bad)
  }, 60_000)
})
