// Backend selection: auto order, SSL_BACKEND, typed errors, the fallback when BLAS is missing, idempotence.
import { afterEach, beforeEach, describe, expect, test } from "bun:test"
import { MathBackendCPU } from "@tensorflow/tfjs-backend-cpu"
import { BackendUnavailable, InvalidBackendOption, UnknownBackend, initBackend, tf } from "../../src/index.ts"

const ENV_KEYS = ["SSL_BACKEND", "SSL_BLAS_LIB", "SSL_BLAS_THREADS", "SSL_NATIVE"] as const
let savedEnv: Record<string, string | undefined> = {}
let savedBackend: string | undefined
const quiet = { log: () => {} }
const missingLib = "/nonexistent/dir/libopenblas.so.0"

beforeEach(() => {
  savedEnv = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]))
  for (const k of ENV_KEYS) delete process.env[k]
  savedBackend = tf.getBackend()
})
afterEach(async () => {
  for (const k of ENV_KEYS) {
    if (savedEnv[k] === undefined) delete process.env[k]
    else process.env[k] = savedEnv[k]
  }
  if (savedBackend !== undefined) await tf.setBackend(savedBackend)
})

const rejection = async (p: Promise<unknown>): Promise<unknown> => {
  try {
    await p
  } catch (e) {
    return e
  }
  throw new Error("expected a rejection")
}

describe("initBackend", () => {
  test("auto skips the absent tfjs-node packages, picks blas here, and logs one line saying why", async () => {
    // Another test file may already have chosen blas (one engine per process, and a repeated request is
    // answered from the cache without a log line): switch away so this call selects afresh.
    await tf.setBackend("cpu")
    const lines: string[] = []
    const choice = await initBackend("auto", { log: (l) => lines.push(l), threads: 1 })
    expect(choice.name).toBe("blas")
    expect(choice.requested).toBe("auto")
    expect(tf.getBackend()).toBe("blas")
    expect(choice.skipped.map((s) => s.name)).toEqual(["tensorflow-gpu", "tensorflow"])
    expect(choice.skipped[0]!.why).toContain("@tensorflow/tfjs-node-gpu")
    expect(choice.blasLibrary).toBeString()
    expect(choice.threads).toBe(1)
    expect(choice.device.length).toBeGreaterThan(0)
    expect(lines).toHaveLength(1)
    expect(lines[0]).toContain("blas")
    expect(lines[0]).toContain("skipped tensorflow-gpu")
    // plain data: survives JSON (run provenance)
    expect(JSON.parse(JSON.stringify(choice))).toEqual(choice)
  })

  // Catches: the element-wise kernel choice missing from the provenance or the log line, or SSL_NATIVE ignored.
  test("blas records and logs which element-wise kernels run: native by default, JavaScript with SSL_NATIVE=0", async () => {
    await tf.setBackend("cpu")
    const lines: string[] = []
    const native = await initBackend("auto", { log: (l) => lines.push(l), threads: 1 })
    expect(native.elementwiseKernels).toMatchObject({ native: true })
    expect(lines[0]).toContain("native element-wise kernels at ")
    process.env.SSL_NATIVE = "0"
    await tf.setBackend("cpu")
    const js = await initBackend("auto", { log: (l) => lines.push(l), threads: 1 })
    expect(js.elementwiseKernels).toEqual({ native: false, why: "disabled by SSL_NATIVE=0" })
    expect(lines[1]).toContain("JavaScript element-wise kernels: disabled by SSL_NATIVE=0")
    delete process.env.SSL_NATIVE
    await initBackend("blas", { ...quiet, threads: 1 }) // leave the native kernels active for the other tests
  })

  test("auto takes tensorflow first when @tensorflow/tfjs-node loads (injected loader)", async () => {
    tf.registerBackend("tensorflow", () => new MathBackendCPU(), 0)
    try {
      const choice = await initBackend("auto", {
        ...quiet,
        importModule: async (name) => {
          if (name === "@tensorflow/tfjs-node") return {}
          throw new Error(`Cannot find package '${name}'`)
        },
      })
      expect(choice.name).toBe("tensorflow")
      expect(choice.skipped.map((s) => s.name)).toEqual(["tensorflow-gpu"])
    } finally {
      await tf.setBackend("cpu")
      tf.removeBackend("tensorflow")
    }
  })

  test("SSL_BACKEND overrides auto; the same request twice returns the same choice", async () => {
    process.env.SSL_BACKEND = "cpu"
    const a = await initBackend(undefined, quiet)
    expect(a.name).toBe("cpu")
    expect(a.requested).toBe("cpu")
    expect(tf.getBackend()).toBe("cpu")
    expect(await initBackend(undefined, quiet)).toBe(a)
  })

  test("an unknown name in SSL_BACKEND is a typed error listing the valid names", async () => {
    process.env.SSL_BACKEND = "gpu"
    const e = await rejection(initBackend(undefined, quiet))
    expect(e).toBeInstanceOf(UnknownBackend)
    expect((e as UnknownBackend)._tag).toBe("UnknownBackend")
    for (const name of ["auto", "tensorflow-gpu", "tensorflow", "blas", "wasm", "cpu"]) expect((e as Error).message).toContain(name)
  })

  test("blas asked for by name without a BLAS library: BackendUnavailable that says how to install one", async () => {
    const e = await rejection(initBackend("blas", { ...quiet, blasLibrary: missingLib }))
    expect(e).toBeInstanceOf(BackendUnavailable)
    const err = e as BackendUnavailable
    expect(err.backend).toBe("blas")
    expect(err.message).toContain(missingLib)
    expect(err.message).toContain("apt-get install libopenblas0")
    expect(err.message).toContain("SSL_BLAS_LIB")
    // the same through the environment variable
    process.env.SSL_BLAS_LIB = missingLib
    expect(await rejection(initBackend("blas", quiet))).toBeInstanceOf(BackendUnavailable)
  })

  test("tfjs-node asked for by name but absent: the message says how to install it", async () => {
    const e = await rejection(initBackend("tensorflow-gpu", quiet))
    expect(e).toBeInstanceOf(BackendUnavailable)
    expect((e as Error).message).toContain("bun add @tensorflow/tfjs-node-gpu")
    expect((e as Error).message).toContain("CUDA")
  })

  test("auto without a BLAS library falls back to wasm and says why", async () => {
    const lines: string[] = []
    const choice = await initBackend("auto", { log: (l) => lines.push(l), blasLibrary: missingLib })
    expect(choice.name).toBe("wasm")
    expect(tf.getBackend()).toBe("wasm")
    const blas = choice.skipped.find((s) => s.name === "blas")
    expect(blas?.why).toContain(missingLib)
    expect(lines[0]).toContain("skipped")
    expect(lines[0]).toContain("blas: no BLAS library found")
  }, 20_000)

  test("threads: option and SSL_BLAS_THREADS; a bad value is a typed error", async () => {
    const two = await initBackend("blas", { ...quiet, threads: 2 })
    expect(two.threads).toBe(2)
    process.env.SSL_BLAS_THREADS = "1"
    expect((await initBackend("blas", quiet)).threads).toBe(1)
    process.env.SSL_BLAS_THREADS = "many"
    const e = await rejection(initBackend("blas", quiet))
    expect(e).toBeInstanceOf(InvalidBackendOption)
    expect((e as Error).message).toContain("SSL_BLAS_THREADS")
  })
})
