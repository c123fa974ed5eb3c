/**
 * Downloads against stalled servers on 127.0.0.1: one that never answers (the connect timeout) and one that sends a
 * few bytes then nothing (the idle timeout, after progress was reported). Both fail within our own timeouts — not
 * the runtime's minutes — with a message saying what happened and which variable sets the timeout, and leave
 * nothing in the cache folder.
 */
import { afterAll, expect, test } from "bun:test"
import { mkdtempSync, readdirSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { defaultDownloadProgress, downloadFile, type DownloadProgress } from "@ssl/core/internal/data/download.ts"
import { Effect } from "effect"

const cache = mkdtempSync(join(tmpdir(), "ssl-faults-download-"))
const pending: Array<() => void> = []
const server = Bun.serve({
  hostname: "127.0.0.1",
  port: 0,
  idleTimeout: 0,
  fetch: (req) => {
    const path = new URL(req.url).pathname
    if (path === "/silent") return new Promise<Response>((resolve) => pending.push(() => resolve(new Response("late"))))
    // headers and 1000 bytes, then silence
    const body = new ReadableStream<Uint8Array>({
      start: (c) => c.enqueue(new Uint8Array(1000)),
      pull: () => new Promise<void>((resolve) => pending.push(resolve)),
    })
    return new Response(body, { headers: { "content-length": "5000" } })
  },
})
afterAll(() => {
  for (const p of pending) p()
  server.stop(true)
  rmSync(cache, { recursive: true, force: true })
})

const recording = (): DownloadProgress & { readonly seen: Array<number> } => {
  const seen: Array<number> = []
  return { seen, start: () => {}, update: (n) => void seen.push(n), done: () => {} }
}

const download = (path: string, progress: DownloadProgress, env?: Record<string, string>) => {
  const saved = { ...process.env }
  Object.assign(process.env, env ?? {})
  const t0 = performance.now()
  return Effect.runPromise(Effect.flip(downloadFile({
    url: `http://127.0.0.1:${server.port}${path}`, dest: join(cache, `${path.slice(1)}.gz`), progress,
    ...(env === undefined ? { connectTimeoutSeconds: 1, idleTimeoutSeconds: 1 } : {}),
  }))).then((error) => {
    process.env = saved
    return { error, seconds: (performance.now() - t0) / 1000 }
  })
}

// Mutation caught (both tests): downloadFile without its watchdog (the request waits for the runtime's own
// timeout, minutes; the test times out).
test("a server that never answers: the connect timeout, a clear message, nothing in the cache", async () => {
  const { error, seconds } = await download("/silent", recording())
  expect(error._tag).toBe("DownloadFailed")
  expect(error.message).toContain(`no response from 127.0.0.1:${server.port} within 1 s`)
  expect(error.message).toContain("SSL_DOWNLOAD_CONNECT_TIMEOUT")
  expect(seconds).toBeLessThan(5)
  expect(readdirSync(cache)).toEqual([])
}, 20_000)

test("a server that stalls mid-body: progress while bytes came, then the idle timeout with how far it got", async () => {
  const progress = recording()
  const { error, seconds } = await download("/stall", progress)
  expect(progress.seen).toEqual([1000])
  expect(error.message).toMatch(/no bytes for 1 s after 1000 (of 5000 )?bytes/) // the length header may be dropped for a stream
  expect(error.message).toContain("SSL_DOWNLOAD_IDLE_TIMEOUT")
  expect(seconds).toBeLessThan(5)
  expect(readdirSync(cache)).toEqual([])
}, 20_000)

test("the timeouts come from the environment when not given; a bad value is a clear error", async () => {
  const fromEnv = await download("/silent", recording(), { SSL_DOWNLOAD_CONNECT_TIMEOUT: "0.5", SSL_DOWNLOAD_IDLE_TIMEOUT: "1" })
  expect(fromEnv.error.message).toContain("within 0.5 s")
  const bad = await download("/silent", recording(), { SSL_DOWNLOAD_CONNECT_TIMEOUT: "soon" })
  expect(bad.error.message).toContain('SSL_DOWNLOAD_CONNECT_TIMEOUT must be a positive number of seconds (was "soon")')
}, 20_000)

test("off a terminal, progress is a JSON line every few seconds while bytes arrive", () => {
  // Mutation caught: the non-TTY reporter logging only start and end (a long download is silent for minutes).
  const lines: Array<string> = []
  const stream = { isTTY: false, write: (s: string) => lines.push(s) } as unknown as NodeJS.WriteStream
  const p = defaultDownloadProgress(stream)
  const realNow = Date.now
  let now = 1_000_000
  Date.now = () => now
  try {
    p.start("http://x/f.gz", 100)
    now += 1000
    p.update(10) // too soon
    now += 5000
    p.update(50)
  } finally {
    Date.now = realNow
  }
  const events = lines.map((l) => JSON.parse(l) as { event: string; bytes?: number })
  expect(events.map((e) => e.event)).toEqual(["download.start", "download.progress"])
  expect(events[1]!.bytes).toBe(50)
})
