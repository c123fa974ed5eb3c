import { createHash } from "node:crypto"
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from "node:fs"
import { cpus } from "node:os"
import { join } from "node:path"

/** The C source of the native kernels, and where its builds go (git-ignored, one file per source × flags × CPU). */
export const NATIVE_SOURCE = join(import.meta.dir, "../../../../native/sslkernels.c")
const BUILD_DIR = join(import.meta.dir, "../../../../native/build")
const FLAGS = ["-O3", "-march=native", "-shared", "-fPIC", "-std=c11"]

export type NativeBuild = { readonly ok: true; readonly path: string; readonly built: boolean } | { readonly ok: false; readonly why: string }

const compilerOf = (named: string | undefined): string | undefined => {
  if (named !== undefined && named !== "") return Bun.which(named) ?? undefined
  return Bun.which("cc") ?? Bun.which("gcc") ?? Bun.which("clang") ?? undefined
}

/**
 * The path of the compiled native kernels for this source, these flags and this CPU (-march=native code may not
 * run on another), compiling them first with the system C compiler when missing. A changed source gets a new
 * file name, so a stale build is never loaded. Concurrent processes may both compile: each writes its own
 * temporary file and renames it into place (atomic), so a reader never sees half a library.
 */
export interface BuildOptions {
  /** The C compiler (default: env CC, else cc, gcc or clang on PATH). */
  readonly cc?: string
  /** Where builds go (default: packages/core/native/build). */
  readonly buildDir?: string
}

export const buildNativeKernels = (options: BuildOptions = {}): NativeBuild => {
  if (!existsSync(NATIVE_SOURCE)) return { ok: false, why: `no C source at ${NATIVE_SOURCE}` }
  const source = readFileSync(NATIVE_SOURCE)
  const key = createHash("sha256").update(source).update(FLAGS.join(" ")).update(cpus()[0]?.model ?? "").update(process.arch)
    .digest("hex").slice(0, 16)
  const ext = process.platform === "darwin" ? "dylib" : "so"
  const dir = options.buildDir ?? BUILD_DIR
  const path = join(dir, `sslkernels-${key}.${ext}`)
  if (existsSync(path)) return { ok: true, path, built: false }
  const cc = compilerOf(options.cc ?? process.env.CC)
  if (cc === undefined) {
    return { ok: false, why: `no C compiler (${options.cc ?? process.env.CC ?? "cc, gcc or clang"}) on PATH; \`apt-get install gcc\` (or run scripts/setup.sh)` }
  }
  mkdirSync(dir, { recursive: true })
  const tmp = `${path}.${process.pid}.tmp`
  const r = Bun.spawnSync([cc, ...FLAGS, "-o", tmp, NATIVE_SOURCE, "-lm"], { stdout: "pipe", stderr: "pipe" })
  if (r.exitCode !== 0) {
    rmSync(tmp, { force: true })
    const err = r.stderr.toString().trim().split("\n").slice(0, 3).join(" | ")
    return { ok: false, why: `${cc} failed to compile ${NATIVE_SOURCE} (${err})` }
  }
  renameSync(tmp, path)
  return { ok: true, path, built: true }
}
