import { existsSync } from "node:fs"
import { join } from "node:path"

/** The PyTorch reference (bench/pytorch_reference.py) as a child process, driven line by line. */
export interface PytorchServer {
  readonly version: string
  readonly setup: (name: string) => Promise<void>
  readonly run: (name: string) => Promise<number>
  readonly close: () => void
}

export type PytorchStart = { readonly ok: true; readonly server: PytorchServer } | { readonly ok: false; readonly why: string }

export const INSTALL_TORCH = "Install PyTorch with `apt-get install python3-torch` (Debian/Ubuntu; used through /usr/bin/python3), " +
  "or point SSL_PYTHON at a python3 that can `import torch`."

/** Starts the reference with `threads` intra-op threads (every thread pool pinned to that count). */
export const startPytorch = async (threads = 1): Promise<PytorchStart> => {
  const python = process.env.SSL_PYTHON ?? (existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3")
  let proc: ReturnType<typeof Bun.spawn<"pipe", "pipe", "inherit">>
  try {
    proc = Bun.spawn([python, join(import.meta.dir, "pytorch_reference.py")], {
      stdin: "pipe", stdout: "pipe", stderr: "inherit",
      // torch.set_num_threads does not bound the OpenBLAS pthreads of Debian's build: pin every pool.
      env: { ...process.env, OPENBLAS_NUM_THREADS: String(threads), OMP_NUM_THREADS: String(threads), MKL_NUM_THREADS: String(threads),
        SSL_BENCH_THREADS: String(threads) },
    })
  } catch (e) {
    return { ok: false, why: `cannot start ${python} (${e instanceof Error ? e.message : String(e)})` }
  }
  const reader = proc.stdout.getReader()
  const decoder = new TextDecoder()
  let buffered = ""
  const readLine = async (): Promise<string | undefined> => {
    for (;;) {
      const nl = buffered.indexOf("\n")
      if (nl >= 0) {
        const line = buffered.slice(0, nl)
        buffered = buffered.slice(nl + 1)
        return line
      }
      const { value, done } = await reader.read()
      if (done) return undefined
      buffered += decoder.decode(value, { stream: true })
    }
  }
  const send = (line: string) => {
    proc.stdin.write(`${line}\n`)
    proc.stdin.flush()
  }
  const hello = await readLine()
  let info: { torch?: string; error?: string } = {}
  try {
    info = JSON.parse(hello ?? "{}")
  } catch {
    info = { error: `unexpected output: ${hello}` }
  }
  if (info.torch === undefined) {
    proc.kill()
    return { ok: false, why: info.error ?? `${python} exited without reporting a torch version` }
  }
  const expect = async (what: string) => {
    const line = await readLine()
    if (line === undefined || line.startsWith("error")) throw new Error(`PyTorch reference: ${what} failed (${line ?? "process exited"})`)
    return line
  }
  return {
    ok: true,
    server: {
      version: info.torch,
      setup: async (name) => { send(`setup ${name}`); await expect(`setup ${name}`) },
      run: async (name) => { send(`run ${name}`); return Number(await expect(`run ${name}`)) },
      close: () => { send("quit"); proc.stdin.end() },
    },
  }
}
