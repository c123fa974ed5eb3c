/**
 * The front door: `./ssl <command>` installs only the Debian packages that command needs (Chromium for the
 * tests only), and `bun run test:claims [ids]` runs exactly the named claims' test files.
 */
import { afterAll, describe, expect, test } from "bun:test"
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs"
import { tmpdir } from "node:os"
import { join, resolve } from "node:path"

const ROOT = resolve(import.meta.dir, "../../..")
const work = mkdtempSync(join(tmpdir(), "ssl-door-"))
afterAll(() => rmSync(work, { recursive: true, force: true }))

describe("./ssl installs what the command needs", () => {
  // Fakes on PATH: dpkg-query says nothing is installed, apt-get records what it was asked to install, sudo (used
  // when not root) just runs its command, so nothing is installed for real.
  const bin = join(work, "bin")
  const log = join(work, "apt.log")
  Bun.spawnSync(["mkdir", "-p", bin])
  writeFileSync(join(bin, "dpkg-query"), "#!/bin/sh\nexit 1\n")
  writeFileSync(join(bin, "apt-get"), `#!/bin/sh\necho "$@" >> ${log}\n`)
  writeFileSync(join(bin, "sudo"), '#!/bin/sh\nexec "$@"\n')
  for (const f of ["dpkg-query", "apt-get", "sudo"]) chmodSync(join(bin, f), 0o755)

  const installs = (args: ReadonlyArray<string>): string => {
    rmSync(log, { force: true })
    const r = Bun.spawnSync([join(ROOT, "ssl"), ...args], { cwd: ROOT, env: { ...process.env, PATH: `${bin}:${process.env["PATH"]}` }, stdout: "pipe", stderr: "pipe" })
    expect(r.exitCode).toBe(0)
    return existsSync(log) ? readFileSync(log, "utf8").split("\n").filter((l) => l.includes("install")).join("\n") : ""
  }

  test("claims, train, plot: the BLAS library and the data, no Chromium; test: Chromium too", () => {
    // Catches a set-up that installs Chromium for every command (or never, then the browser tests cannot run).
    for (const command of ["claims", "plot", "train"]) {
      const line = installs([command, "--help"])
      expect(line).toContain("libopenblas0 gcc dataset-fashion-mnist")
      expect(line).not.toContain("chromium")
    }
    expect(installs(["test", "--help"])).toContain("chromium")
  }, 120_000)
})

describe("bun run test:claims", () => {
  const run = (args: ReadonlyArray<string>, env: Record<string, string> = {}) => {
    const r = Bun.spawnSync(["bun", "run", "test:claims", ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdout: "pipe", stderr: "pipe" })
    return { code: r.exitCode, out: r.stdout.toString(), err: r.stderr.toString() }
  }

  test("names exactly the files of the claims given (C5 = C05); an unknown id runs nothing, exit 2", () => {
    const listed = run(["C5", "C13", "--list"]).out.trim().split("\n").map((f) => f.split("/").at(-1))
    // Catches substring matching (C1 would also pick C10–C19) and a dropped or extra file.
    expect(listed).toEqual(["C05-alignment.claim.test.ts", "C13-alignment-in-training.claim.test.ts"])
    expect(run(["C1", "--list"]).out.trim().split("\n")).toHaveLength(1)
    expect(run(["--list"]).out.trim().split("\n").length).toBeGreaterThanOrEqual(30)
    const bad = run(["C99"])
    expect(bad.code).toBe(2)
    expect(bad.err).toContain("C99")
  }, 60_000)

  test("runs one claim's test file and only it", () => {
    const r = run(["C2"], { CLAIMS_TIER: "smoke" })
    expect(r.code).toBe(0)
    expect(r.err).toContain("Ran 1 test across 1 file")
  }, 120_000)
})
