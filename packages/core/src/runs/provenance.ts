/**
 * Provenance of a run: which code (git commit, dirty flag and a hash of the uncommitted changes), which
 * backend (the caller's BackendChoice, as data), on which machine, with which versions and seed, when.
 */
import { readFileSync } from "node:fs"
import { arch, cpus, hostname, platform, totalmem } from "node:os"
import { join } from "node:path"
import effectPackage from "effect/package.json" with { type: "json" }
import { tf } from "../tf.ts"

export interface GitState {
  /** `git rev-parse HEAD`, or null outside a git checkout / without git. */
  readonly commit: string | null
  /** Uncommitted changes to source files (see `codeVersion`), or null if unknown. */
  readonly dirty: boolean | null
  /** SHA-256 prefix of the uncommitted changes, when dirty. */
  readonly diffHash: string | null
}

export interface Provenance {
  readonly runId: string
  readonly configHash: string
  readonly codeVersion: string
  readonly git: GitState
  /** The backend selection result, exactly as the caller passed it (e.g. @ssl/core's BackendChoice). */
  readonly backend: unknown
  readonly device: {
    readonly platform: string
    readonly arch: string
    readonly cpuModel: string
    readonly cpuCount: number
    readonly memoryGiB: number
  }
  readonly versions: { readonly bun: string; readonly tfjs: string; readonly effect: string }
  readonly seed: number
  readonly hostname: string
  readonly startedAt: string
  readonly argv: ReadonlyArray<string>
}

const git = (args: ReadonlyArray<string>, cwd: string): { ok: boolean; out: Uint8Array } => {
  try {
    const r = Bun.spawnSync(["git", ...args], { cwd, stdout: "pipe", stderr: "ignore" })
    return { ok: r.exitCode === 0, out: r.stdout }
  } catch {
    return { ok: false, out: new Uint8Array() }
  }
}

/** Source paths whose changes count as a code change (tests and scratch folders do not). */
const PATHSPEC = ["--", "packages", "configs", "package.json", "bun.lock", ":(exclude,glob)**/test/**", ":(exclude,glob)**/.scratch/**"]

/** The git state of the working tree at `cwd`. */
export const gitState = (cwd: string = process.cwd()): GitState => {
  const head = git(["rev-parse", "HEAD"], cwd)
  if (!head.ok) return { commit: null, dirty: null, diffHash: null }
  const commit = new TextDecoder().decode(head.out).trim()
  const diff = git(["diff", "HEAD", "--binary", ...PATHSPEC], cwd)
  const untracked = git(["ls-files", "--others", "--exclude-standard", "-z", ...PATHSPEC], cwd)
  if (!diff.ok || !untracked.ok) return { commit, dirty: null, diffHash: null }
  const names = new TextDecoder().decode(untracked.out).split("\0").filter((n) => n !== "").sort()
  if (diff.out.length === 0 && names.length === 0) return { commit, dirty: false, diffHash: null }
  const hasher = new Bun.CryptoHasher("sha256").update(diff.out)
  for (const name of names) {
    hasher.update(name)
    try {
      hasher.update(new Uint8Array(readFileSync(join(cwd, name))))
    } catch {
      // vanished between listing and reading: its name still counts
    }
  }
  return { commit, dirty: true, diffHash: hasher.digest("hex").slice(0, 12) }
}

/**
 * The code version that keys the run cache (with the config hash): `SSL_CODE_VERSION` if set, else the git
 * commit, suffixed `+dirty.<hash of the uncommitted source changes>` when the tree differs from it, else
 * "unknown". Changes outside packages/, configs/ and the manifests, and changes to tests, do not count.
 */
export const codeVersion = (cwd: string = process.cwd(), env: Readonly<Record<string, string | undefined>> = process.env): string => {
  const fixed = env["SSL_CODE_VERSION"]
  if (fixed !== undefined && fixed !== "") return fixed
  const g = gitState(cwd)
  if (g.commit === null) return "unknown"
  return g.dirty === true ? `${g.commit}+dirty.${g.diffHash}` : g.commit
}

export interface ProvenanceInput {
  readonly runId: string
  readonly configHash: string
  readonly backend: unknown
  readonly seed: number
  readonly codeVersion?: string
  readonly cwd?: string
}

/** Collects the provenance of a run that starts now. */
export const collectProvenance = (input: ProvenanceInput): Provenance => {
  const cwd = input.cwd ?? process.cwd()
  const g = gitState(cwd)
  const cpu = cpus()
  return {
    runId: input.runId,
    configHash: input.configHash,
    codeVersion: input.codeVersion ?? codeVersion(cwd),
    git: g,
    backend: input.backend,
    device: {
      platform: platform(),
      arch: arch(),
      cpuModel: cpu[0]?.model ?? "unknown",
      cpuCount: cpu.length,
      memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    },
    versions: { bun: Bun.version, tfjs: tf.version_core, effect: effectPackage.version },
    seed: input.seed,
    hostname: hostname(),
    startedAt: new Date().toISOString(),
    argv: process.argv.slice(1),
  }
}
