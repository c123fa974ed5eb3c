import { cpus } from "node:os"
import { tf } from "../tf.ts"
import type { BackendChoice } from "./BackendChoice.ts"
import { BACKEND_NAMES, isBackendName, type BackendName } from "./BackendName.ts"
import { BackendUnavailable } from "./BackendUnavailable.ts"
import { blasInstallHint, findBlasLibrary } from "./blas/findBlasLibrary.ts"
import { findNativeKernels } from "./blas/native/findNativeKernels.ts"
import { BLAS_BACKEND, registerBlasBackend } from "./blas/registerBlasBackend.ts"
import { describeCpu } from "./describeDevice.ts"
import { InvalidBackendOption } from "./InvalidBackendOption.ts"
import { UnknownBackend } from "./UnknownBackend.ts"
import { registerWasmFixes } from "./wasm/registerWasmFixes.ts"

export interface InitBackendOptions {
  /** BLAS threads for `blas` (default: env SSL_BLAS_THREADS, else 1). */
  readonly threads?: number
  /** Path of the BLAS library (default: env SSL_BLAS_LIB, else the usual system locations). */
  readonly blasLibrary?: string
  /** Where `auto` writes its one-line report (default: stderr). */
  readonly log?: (line: string) => void
  /** Loads an optional package by name (default: dynamic `import`); tests inject a fake. */
  readonly importModule?: (name: string) => Promise<unknown>
}

/** How each backend is made available, for the messages of `BackendUnavailable`. */
const INSTALL: Record<BackendName, string> = {
  "tensorflow-gpu": "Install it with `bun add @tensorflow/tfjs-node-gpu@4.22.0` (needs CUDA 11.2 + cuDNN 8.1 and network access " +
    "to download libtensorflow at install time; trust its install script with `bun pm trust @tensorflow/tfjs-node-gpu`).",
  tensorflow: "Install it with `bun add @tensorflow/tfjs-node@4.22.0` (its install script downloads libtensorflow 2.9.1; " +
    "offline, see TFJS_NODE_BASE_URI in @tensorflow/tfjs-node's install script).",
  blas: blasInstallHint(),
  wasm: "Reinstall the dependencies (`bun install`): @tensorflow/tfjs-backend-wasm is a regular dependency of @ssl/core.",
  cpu: "The cpu backend is built in; this should not happen.",
}

interface Attempt { readonly ok: true; readonly choice: Omit<BackendChoice, "requested" | "skipped" | "reason"> & { detail: string } }
interface Failure { readonly ok: false; readonly why: string }

const errorText = (e: unknown): string => (e instanceof Error ? e.message.split("\n")[0]! : String(e))

// The module name is a variable, so tsc and Bun's bundler never try to resolve the optional packages.
const defaultImport = (name: string): Promise<unknown> => import(name)

const parseThreads = (options: InitBackendOptions): number => {
  if (options.threads !== undefined) {
    if (!(Number.isInteger(options.threads) && options.threads >= 1)) {
      throw new InvalidBackendOption({ option: "threads", value: String(options.threads),
        message: `threads must be a positive integer (was ${options.threads})` })
    }
    return options.threads
  }
  const env = process.env.SSL_BLAS_THREADS
  if (env === undefined || env === "") return 1
  const n = Number(env)
  if (!(Number.isInteger(n) && n >= 1)) {
    throw new InvalidBackendOption({ option: "SSL_BLAS_THREADS", value: env,
      message: `SSL_BLAS_THREADS must be a positive integer such as 1 or 2 (was "${env}")` })
  }
  return n
}

const tryBackend = async (name: BackendName, threads: number, options: InitBackendOptions): Promise<Attempt | Failure> => {
  const load = options.importModule ?? defaultImport
  switch (name) {
    case "tensorflow-gpu":
    case "tensorflow": {
      const pkg = name === "tensorflow-gpu" ? "@tensorflow/tfjs-node-gpu" : "@tensorflow/tfjs-node"
      try {
        await load(pkg)
      } catch (e) {
        return { ok: false, why: `${pkg} is not installed or does not load (${errorText(e)})` }
      }
      // Both packages register the tfjs backend named "tensorflow".
      if (!(await tf.setBackend("tensorflow"))) return { ok: false, why: `${pkg} loaded but its backend failed to initialise` }
      return { ok: true, choice: { name, threads: cpus().length,
        device: name === "tensorflow-gpu" ? "CUDA GPU (libtensorflow)" : describeCpu(), detail: `${pkg} loaded` } }
    }
    case "blas": {
      const found = findBlasLibrary({ path: options.blasLibrary })
      if (!found.ok) {
        const tried = found.tried.map((t) => `${t.path}: ${t.why}`).join("; ")
        return { ok: false, why: `no BLAS library found (${tried})` }
      }
      const native = findNativeKernels()
      registerBlasBackend(found.library, native.ok ? native.kernels : undefined)
      found.library.setThreads(threads)
      if (!(await tf.setBackend(BLAS_BACKEND))) return { ok: false, why: "the blas backend failed to initialise" }
      const elementwise = native.ok ? `native element-wise kernels at ${native.kernels.path}` : `JavaScript element-wise kernels: ${native.why}`
      return { ok: true, choice: { name, threads: found.library.threads(), device: describeCpu(), blasLibrary: found.library.path,
        elementwiseKernels: native.ok ? { native: true, path: native.kernels.path } : { native: false, why: native.why },
        detail: `BLAS at ${found.library.path}; ${elementwise}` } }
    }
    case "wasm": {
      try {
        await load("@tensorflow/tfjs-backend-wasm")
      } catch (e) {
        return { ok: false, why: `@tensorflow/tfjs-backend-wasm does not load (${errorText(e)})` }
      }
      registerWasmFixes()
      if (!(await tf.setBackend("wasm"))) return { ok: false, why: "the wasm backend failed to initialise" }
      return { ok: true, choice: { name, threads: 1, device: describeCpu(), detail: "WebAssembly with SIMD, one thread under Bun" } }
    }
    case "cpu":
      await tf.setBackend("cpu")
      return { ok: true, choice: { name, threads: 1, device: describeCpu(), detail: "pure JavaScript" } }
  }
}

let current: { readonly key: string; readonly choice: BackendChoice } | undefined

/**
 * Picks and activates the tfjs backend, once, at start. `requested` defaults to env SSL_BACKEND, else "auto",
 * which tries tensorflow-gpu, tensorflow, blas, wasm, cpu in that order and logs one line saying which it chose and
 * why it skipped the others. A backend asked for by name that cannot load rejects with `BackendUnavailable` (its
 * message says how to install it); an unknown name rejects with `UnknownBackend`. Calling it again with the same
 * request returns the current choice. The result is plain data for run provenance.
 */
export const initBackend = async (requested?: BackendName | "auto", options: InitBackendOptions = {}): Promise<BackendChoice> => {
  const raw = requested ?? (process.env.SSL_BACKEND || "auto")
  if (raw !== "auto" && !isBackendName(raw)) throw UnknownBackend.of(raw)
  const threads = parseThreads(options)
  const key = JSON.stringify([raw, threads, options.blasLibrary ?? process.env.SSL_BLAS_LIB ?? null, process.env.SSL_NATIVE ?? null])
  // An injected loader (tests) always re-selects.
  const cached = current !== undefined && current.key === key && options.importModule === undefined
  if (cached && tf.getBackend() === engineName(current!.choice.name)) return current!.choice

  if (raw !== "auto") {
    const attempt = await tryBackend(raw, threads, options)
    if (!attempt.ok) {
      throw new BackendUnavailable({ backend: raw, reason: attempt.why,
        message: `Backend "${raw}" is unavailable: ${attempt.why}. ${INSTALL[raw]} Or unset SSL_BACKEND to let auto choose.` })
    }
    const { detail, ...rest } = attempt.choice
    const choice: BackendChoice = { ...rest, requested: raw, reason: `requested by name (${detail})`, skipped: [] }
    current = { key, choice }
    return choice
  }

  const skipped: Array<{ name: BackendName; why: string }> = []
  for (const name of BACKEND_NAMES) {
    const attempt = await tryBackend(name, threads, options)
    if (!attempt.ok) {
      skipped.push({ name, why: attempt.why })
      continue
    }
    const { detail, ...rest } = attempt.choice
    const choice: BackendChoice = { ...rest, requested: "auto", reason: `auto: first available in ${BACKEND_NAMES.join(" > ")} (${detail})`, skipped }
    const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`))
    log(`[ssl] backend ${name} (${detail}, ${choice.threads} thread${choice.threads === 1 ? "" : "s"}, ${choice.device})` +
      (skipped.length > 0 ? `; skipped ${skipped.map((s) => `${s.name}: ${s.why}`).join("; ")}` : ""))
    current = { key, choice }
    return choice
  }
  throw new BackendUnavailable({ backend: "cpu", reason: "no backend could be initialised", message: "No tfjs backend could be initialised." })
}

/** The tfjs engine's name for one of our backends. */
const engineName = (name: BackendName): string => (name === "tensorflow-gpu" ? "tensorflow" : name)
