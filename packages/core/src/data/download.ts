/**
 * Downloads one file into a cache, atomically: the bytes go to a temp file beside the destination, are
 * verified (the caller's check, e.g. a checksum), fsync'd, then renamed into place. On any failure the temp
 * file is removed, so nothing half-written ever carries the final name.
 *
 * Timeouts of our own, in seconds (the runtime's default would wait minutes and then say "The operation timed
 * out"): `connect` bounds the wait for the server's response, `idle` the wait for the next bytes once it has
 * started sending; both are options, else SSL_DOWNLOAD_CONNECT_TIMEOUT / SSL_DOWNLOAD_IDLE_TIMEOUT, else 30 s and
 * 60 s. Progress is reported while bytes arrive (a bar on a terminal, a JSON line every few seconds elsewhere).
 */
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from "node:fs"
import { basename, dirname, join } from "node:path"
import { Effect } from "effect"
import { DownloadFailed } from "./errors.ts"
import { fsyncDirectory } from "../runs/atomicWrite.ts"

/** Receives download progress. The default draws a bar on a terminal and logs JSON lines otherwise. */
export interface DownloadProgress {
  readonly start: (url: string, totalBytes: number | undefined) => void
  readonly update: (receivedBytes: number) => void
  readonly done: (receivedBytes: number, millis: number) => void
}

/** A progress reporter that prints nothing (tests, or when the caller reports itself). */
export const silentDownloadProgress: DownloadProgress = { start: () => {}, update: () => {}, done: () => {} }

/** How often a non-TTY stream gets a progress line while bytes arrive (ms). */
const LOG_EVERY_MS = 5000

/**
 * A bar redrawn in place on a TTY stream; on a non-TTY stream, structured JSON lines: at start, every few seconds
 * while bytes arrive, and at the end.
 */
export const defaultDownloadProgress = (stream: NodeJS.WriteStream = process.stderr): DownloadProgress => {
  let url = ""
  let total: number | undefined
  let lastDraw = 0
  let lastLog = 0
  const tty = stream.isTTY === true
  const log = (event: string, extra: Record<string, unknown>) =>
    stream.write(`${JSON.stringify({ level: "info", event, url, ...extra })}\n`)
  return {
    start: (u, t) => {
      url = u
      total = t
      lastLog = Date.now()
      if (!tty) log("download.start", { totalBytes: t ?? null })
    },
    update: (received) => {
      const now = Date.now()
      if (!tty) {
        if (now - lastLog < LOG_EVERY_MS) return
        lastLog = now
        log("download.progress", { bytes: received, totalBytes: total ?? null })
        return
      }
      if (now - lastDraw < 100) return
      lastDraw = now
      const name = basename(url)
      if (total === undefined || total === 0) {
        stream.write(`\r${name} ${(received / 1e6).toFixed(1)} MB`)
      } else {
        const frac = Math.min(1, received / total)
        const width = 30
        const filled = Math.round(frac * width)
        stream.write(`\r${name} [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${(100 * frac).toFixed(0).padStart(3)}% ` +
          `${(received / 1e6).toFixed(1)}/${(total / 1e6).toFixed(1)} MB`)
      }
    },
    done: (received, millis) => {
      if (tty) stream.write(`\r${basename(url)} ${(received / 1e6).toFixed(1)} MB in ${(millis / 1000).toFixed(1)} s\x1b[K\n`)
      else log("download.done", { bytes: received, seconds: millis / 1000 })
    },
  }
}

export interface DownloadOptions {
  readonly url: string
  /** Final path of the file. Its directory is created if needed. */
  readonly dest: string
  /** Checks the complete bytes before they are committed; returns a problem description or undefined. */
  readonly verify?: (bytes: Uint8Array) => string | undefined
  readonly progress?: DownloadProgress
  /** Seconds to wait for the server's response (default: SSL_DOWNLOAD_CONNECT_TIMEOUT, else 30). */
  readonly connectTimeoutSeconds?: number
  /** Seconds to wait for more bytes once they flow (default: SSL_DOWNLOAD_IDLE_TIMEOUT, else 60). */
  readonly idleTimeoutSeconds?: number
}

const seconds = (given: number | undefined, variable: string, fallback: number): number => {
  if (given !== undefined) return given
  const raw = process.env[variable]
  if (raw === undefined || raw === "") return fallback
  const n = Number(raw)
  if (!(Number.isFinite(n) && n > 0)) throw new RangeError(`${variable} must be a positive number of seconds (was "${raw}")`)
  return n
}

/** Why a download gave up waiting: the message of its DownloadFailed. */
class Stalled extends Error {}

/** Downloads `url` to `dest` atomically (temp file + verify + fsync + rename). Returns the byte count. */
export const downloadFile = (options: DownloadOptions): Effect.Effect<number, DownloadFailed> => {
  const { url, dest } = options
  const progress = options.progress ?? defaultDownloadProgress()
  const tmp = join(dirname(dest), `.${basename(dest)}.part-${process.pid}-${crypto.randomUUID().slice(0, 8)}`)
  const fail = (reason: string) => new DownloadFailed({ url, reason })
  const body = Effect.gen(function*() {
    yield* Effect.try({ try: () => mkdirSync(dirname(dest), { recursive: true }), catch: (e) => fail(`cannot create ${dirname(dest)}: ${String(e)}`) })
    const started = Date.now()
    const limits = yield* Effect.try({
      try: () => ({
        connect: seconds(options.connectTimeoutSeconds, "SSL_DOWNLOAD_CONNECT_TIMEOUT", 30),
        idle: seconds(options.idleTimeoutSeconds, "SSL_DOWNLOAD_IDLE_TIMEOUT", 60),
      }),
      catch: (e) => fail(e instanceof Error ? e.message : String(e)),
    })
    const bytes = yield* Effect.tryPromise({
      try: async () => {
        // One watchdog: armed for the response, re-armed at every chunk; when it fires, the request is aborted.
        const abort = new AbortController()
        let timer: ReturnType<typeof setTimeout> | undefined
        let why = ""
        const arm = (s: number, reason: string) => {
          clearTimeout(timer)
          why = reason
          timer = setTimeout(() => abort.abort(new Stalled(why)), s * 1000)
        }
        const stalled = (e: unknown): never => {
          throw abort.signal.aborted ? new Stalled(why) : e
        }
        let received = 0
        try {
          arm(limits.connect, `no response from ${new URL(url).host} within ${limits.connect} s (SSL_DOWNLOAD_CONNECT_TIMEOUT sets this timeout, in seconds)`)
          const res = await fetch(url, { signal: abort.signal }).catch(stalled)
          if (!res.ok || res.body === null) throw new Error(`HTTP ${res.status} ${res.statusText}`)
          const len = res.headers.get("content-length")
          const total = len === null ? undefined : Number(len)
          progress.start(url, total)
          const chunks: Uint8Array[] = []
          const reader = res.body.getReader()
          const idle = () => `no bytes for ${limits.idle} s after ${received}${total === undefined ? "" : ` of ${total}`} bytes (SSL_DOWNLOAD_IDLE_TIMEOUT sets this timeout, in seconds)`
          for (;;) {
            arm(limits.idle, idle())
            const { done, value } = await reader.read().catch(stalled)
            if (done) break
            chunks.push(value)
            received += value.length
            progress.update(received)
          }
          if (total !== undefined && received !== total) throw new Error(`connection closed after ${received} of ${total} bytes`)
          const out = new Uint8Array(received)
          let at = 0
          for (const c of chunks) {
            out.set(c, at)
            at += c.length
          }
          return out
        } finally {
          clearTimeout(timer)
        }
      },
      catch: (e) => fail(e instanceof Error ? e.message : String(e)),
    })
    const problem = options.verify?.(bytes)
    if (problem !== undefined) return yield* Effect.fail(fail(problem))
    yield* Effect.try({
      try: () => {
        const fd = openSync(tmp, "w")
        try {
          writeSync(fd, bytes)
          fsyncSync(fd)
        } finally {
          closeSync(fd)
        }
        renameSync(tmp, dest)
        fsyncDirectory(dirname(dest))
      },
      catch: (e) => fail(`cannot write ${dest}: ${String(e)}`),
    })
    progress.done(bytes.length, Date.now() - started)
    return bytes.length
  })
  // Whatever happened, the temp file must not survive (after a successful rename it no longer exists).
  return body.pipe(Effect.ensuring(Effect.sync(() => rmSync(tmp, { force: true }))))
}

