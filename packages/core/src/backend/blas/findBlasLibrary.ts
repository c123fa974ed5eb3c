import { existsSync } from "node:fs"
import { openBlasLibrary, type BlasLibrary } from "./BlasLibrary.ts"

/** Where a BLAS usually lives: Debian/Ubuntu OpenBLAS first, then the generic alternatives, then macOS Accelerate. */
export const defaultBlasPaths = (platform: NodeJS.Platform = process.platform, arch: string = process.arch): string[] => {
  if (platform === "darwin") {
    return [
      "/opt/homebrew/opt/openblas/lib/libopenblas.dylib",
      "/usr/local/opt/openblas/lib/libopenblas.dylib",
      "/System/Library/Frameworks/Accelerate.framework/Accelerate",
    ]
  }
  const triplet = arch === "arm64" ? "aarch64-linux-gnu" : "x86_64-linux-gnu"
  const dirs = [`/usr/lib/${triplet}`, "/usr/lib64", "/usr/lib", "/usr/local/lib"]
  return [
    ...dirs.flatMap((d) => [`${d}/libopenblas.so.0`, `${d}/libopenblas.so`]),
    `/usr/lib/${triplet}/openblas-pthread/libopenblas.so.0`,
    `/usr/lib/${triplet}/openblas-pthread/libblas.so.3`,
    ...dirs.map((d) => `${d}/libblas.so.3`),
  ]
}

export type BlasLookup =
  | { readonly ok: true; readonly library: BlasLibrary }
  | { readonly ok: false; readonly tried: ReadonlyArray<{ readonly path: string; readonly why: string }> }

/**
 * Finds and opens a BLAS. An explicit path (the `path` option, else env SSL_BLAS_LIB) is the only one tried, so a
 * wrong setting is reported rather than silently replaced; otherwise the default locations are tried in order.
 */
export const findBlasLibrary = (options: { readonly path?: string | undefined; readonly candidates?: ReadonlyArray<string> } = {}): BlasLookup => {
  const explicit = options.path ?? (process.env.SSL_BLAS_LIB || undefined)
  const candidates = explicit !== undefined ? [explicit] : (options.candidates ?? defaultBlasPaths())
  const tried: Array<{ path: string; why: string }> = []
  for (const path of candidates) {
    // Accelerate has no file on disk since macOS 11 (it lives in the dyld cache), so only skip non-macOS paths.
    if (!existsSync(path) && !path.includes(".framework/")) {
      tried.push({ path, why: "no such file" })
      continue
    }
    try {
      return { ok: true, library: openBlasLibrary(path) }
    } catch (e) {
      tried.push({ path, why: e instanceof Error ? e.message.split("\n")[0]! : String(e) })
    }
  }
  return { ok: false, tried }
}

/** How to get a BLAS, for error messages. */
export const blasInstallHint = (platform: NodeJS.Platform = process.platform): string =>
  platform === "darwin"
    ? "macOS ships Accelerate (/System/Library/Frameworks/Accelerate.framework); or `brew install openblas`. " +
      "Point SSL_BLAS_LIB=/path/to/libopenblas.dylib at another library."
    : "Install OpenBLAS: `apt-get install libopenblas0` (Debian/Ubuntu) or `dnf install openblas` (Fedora), " +
      "or point SSL_BLAS_LIB=/path/to/libopenblas.so at a BLAS that exports cblas_sgemm."
