/**
 * `bun run test:claims [C05 C13 ...] [--list] [bun test options]`: runs exactly the named claims' tests — ours
 * (packages/claims/test/<ID>-*.claim.test.ts) and a user's (<ID>*.claim.test.ts in claims/ at the repository root,
 * or SSL_CLAIMS_DIR)
 * — at the tier CLAIMS_TIER names (default ci). Without ids: every claim test. `C5` means `C05`. An unknown id
 * exits 2 naming the known ones; nothing runs. --list prints the files instead of running them.
 */
import { existsSync, readdirSync } from "node:fs"
import { join, resolve } from "node:path"

const ROOT = resolve(import.meta.dir, "..")
/** Where claim tests live: ours, then the user's own claims folder (SSL_CLAIMS_DIR, as `ssl claims` reads it). */
const CLAIM_TEST_DIRS = [join(ROOT, "packages/claims/test"), resolve(process.env["SSL_CLAIMS_DIR"] ?? join(ROOT, "claims"))]

const claimTests = (): Array<{ readonly id: string; readonly file: string }> =>
  CLAIM_TEST_DIRS.filter(existsSync).flatMap((dir) =>
    readdirSync(dir).filter((f) => f.endsWith(".claim.test.ts")).sort().map((f) => ({ id: f.replace(/\.claim\.test\.ts$/, "").split("-")[0]!, file: join(dir, f) })))

/** "c5" → "C05": claim ids are compared upper-case, with the number padded to two digits. */
const normalise = (id: string): string => id.toUpperCase().replace(/^([A-Z]+)(\d)$/, "$10$2")

const args = process.argv.slice(2)
const ids = args.filter((a) => !a.startsWith("-"))
const list = args.includes("--list")
const passThrough = args.filter((a) => a.startsWith("-") && a !== "--list")

const known = claimTests()
const unknown = ids.filter((id) => !known.some((k) => normalise(k.id) === normalise(id)))
if (unknown.length > 0) {
  console.error(`test:claims: no claim test for ${unknown.join(", ")} (known: ${known.map((k) => k.id).join(", ")})`)
  process.exit(2)
}
const files = ids.length === 0 ? known.map((k) => k.file) : known.filter((k) => ids.some((id) => normalise(id) === normalise(k.id))).map((k) => k.file)
if (list) {
  console.log(files.join("\n"))
  process.exit(0)
}
// Absolute paths: bun test takes them as files, not as substrings to match.
const child = Bun.spawn(["bun", "test", ...passThrough, ...files], { stdio: ["inherit", "inherit", "inherit"], cwd: ROOT })
process.exitCode = await child.exited
