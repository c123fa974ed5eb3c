/**
 * The download path against a local HTTP server on 127.0.0.1 (never the public mirror): generated IDX gzip
 * files, checksum verification, atomic commit, and nothing half-written left in the cache on failure.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test"
import { existsSync, readdirSync } from "node:fs"
import { join } from "node:path"
import { Effect } from "effect"
import { defaultDownloadProgress, type DownloadProgress } from "../../src/data/download.ts"
import { DatasetMissing, DownloadFailed } from "../../src/data/errors.ts"
import { FASHION_MNIST_FILES, loadFashionMnist } from "../../src/data/fashionMnist.ts"
import { failureOf, fakeFashionMnist, tempDir } from "./fixtures.ts"

const fake = fakeFashionMnist(12, 5)
const requests: string[] = []
/** Per-path behaviour overrides: a status code, or replacement body bytes. */
const overrides = new Map<string, number | Uint8Array<ArrayBuffer>>()
let server: ReturnType<typeof Bun.serve>

beforeAll(() => {
  server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    fetch: (req) => {
      const name = new URL(req.url).pathname.split("/").pop() ?? ""
      requests.push(name)
      const o = overrides.get(name)
      if (typeof o === "number") return new Response("nope", { status: o })
      const body = o ?? (fake.gz as Record<string, Uint8Array<ArrayBuffer>>)[name]
      return body === undefined ? new Response("not found", { status: 404 }) : new Response(body)
    },
  })
})
afterAll(() => server.stop(true))

const baseUrl = () => `http://127.0.0.1:${server.port}/files/`

const collecting = (): DownloadProgress & { events: string[] } => {
  const events: string[] = []
  return { events, start: (u) => events.push(`start ${u.split("/").pop()}`), update: () => {}, done: (n) => events.push(`done ${n}`) }
}

/** Everything in the cache folder (including dot-files: temp files must not survive). */
const cacheListing = (cache: string): string[] => {
  const dir = join(cache, "fashion-mnist")
  return existsSync(dir) ? readdirSync(dir).sort() : []
}

describe("Fashion-MNIST download into the cache", () => {
  test("downloads the four files, verifies them, loads them; a second load reads the cache only", async () => {
    using dir = tempDir()
    overrides.clear()
    requests.length = 0
    const progress = collecting()
    const opts = { searchDirs: [], cacheDir: dir.path, baseUrl: baseUrl(), sha256: fake.sha256, progress }
    const ds = await Effect.runPromise(loadFashionMnist(opts))
    expect(ds.source).toBe(join(dir.path, "fashion-mnist"))
    expect(ds.train.size).toBe(12)
    expect(Array.from(ds.train.labels)).toEqual(Array.from(fake.trainLabels))
    expect(Array.from(ds.train.images.slice(784, 1568), (v) => Math.round(v * 255))).toEqual(Array.from(fake.trainPixels.slice(784, 1568)))
    expect(cacheListing(dir.path)).toEqual(Object.values(FASHION_MNIST_FILES).sort())
    expect(requests.sort()).toEqual(Object.values(FASHION_MNIST_FILES).sort())
    expect(progress.events.filter((e) => e.startsWith("start"))).toHaveLength(4)

    requests.length = 0
    await Effect.runPromise(loadFashionMnist(opts))
    expect(requests).toEqual([])
  })

  test("checksum mismatch: DownloadFailed names the URL and both checksums; nothing of that file in the cache", async () => {
    using dir = tempDir()
    overrides.clear()
    const wrong = { ...fake.sha256, [FASHION_MNIST_FILES.testImages]: "0".repeat(64) }
    const err = await failureOf(loadFashionMnist({ searchDirs: [], cacheDir: dir.path, baseUrl: baseUrl(), sha256: wrong, progress: collecting() }))
    expect(err).toBeInstanceOf(DownloadFailed)
    const d = err as DownloadFailed
    expect(d.url).toBe(`${baseUrl()}${FASHION_MNIST_FILES.testImages}`)
    expect(d.reason).toContain("checksum mismatch")
    expect(d.reason).toContain(fake.sha256[FASHION_MNIST_FILES.testImages])
    expect(d.message).toContain("Nothing was written")
    expect(cacheListing(dir.path)).not.toContain(FASHION_MNIST_FILES.testImages)
    expect(cacheListing(dir.path).filter((f) => f.startsWith("."))).toEqual([])
  })

  test("a truncated response is rejected and leaves no file behind", async () => {
    using dir = tempDir()
    overrides.clear()
    const gz = fake.gz[FASHION_MNIST_FILES.trainImages]
    overrides.set(FASHION_MNIST_FILES.trainImages, gz.slice(0, Math.floor(gz.length / 2)))
    const err = await failureOf(loadFashionMnist({ searchDirs: [], cacheDir: dir.path, baseUrl: baseUrl(), sha256: fake.sha256, progress: collecting() }))
    expect(err).toBeInstanceOf(DownloadFailed)
    expect((err as DownloadFailed).reason).toContain("gzip")
    expect(cacheListing(dir.path)).toEqual([])
  })

  test("HTTP 404: DownloadFailed with the status", async () => {
    using dir = tempDir()
    overrides.clear()
    overrides.set(FASHION_MNIST_FILES.trainLabels, 404)
    const err = await failureOf(loadFashionMnist({ searchDirs: [], cacheDir: dir.path, baseUrl: baseUrl(), sha256: fake.sha256, progress: collecting() }))
    expect(err).toBeInstanceOf(DownloadFailed)
    expect((err as DownloadFailed).reason).toContain("HTTP 404")
    expect(cacheListing(dir.path).filter((f) => f === FASHION_MNIST_FILES.trainLabels || f.startsWith("."))).toEqual([])
  })

  test("an unreachable server: DownloadFailed", async () => {
    using dir = tempDir()
    const dead = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response("") })
    const port = dead.port
    dead.stop(true)
    const err = await failureOf(loadFashionMnist({ searchDirs: [], cacheDir: dir.path, baseUrl: `http://127.0.0.1:${port}/`, sha256: fake.sha256, progress: collecting() }))
    expect(err).toBeInstanceOf(DownloadFailed)
    expect(cacheListing(dir.path)).toEqual([])
  })

  test("SSL_NO_DOWNLOAD=1 turns downloading off: DatasetMissing", async () => {
    using dir = tempDir()
    const err = await failureOf(loadFashionMnist({ searchDirs: [], cacheDir: dir.path, baseUrl: baseUrl(), env: { SSL_NO_DOWNLOAD: "1" } }))
    expect(err).toBeInstanceOf(DatasetMissing)
  })
})

describe("download progress", () => {
  const fakeStream = (isTTY: boolean) => {
    const out: string[] = []
    return { out, stream: { isTTY, write: (s: string) => { out.push(s); return true } } as unknown as NodeJS.WriteStream }
  }

  test("off a terminal: one structured JSON line at start and one at the end", () => {
    const { out, stream } = fakeStream(false)
    const p = defaultDownloadProgress(stream)
    p.start("http://x/a.gz", 100)
    p.update(50)
    p.done(100, 2000)
    expect(out.map((l) => JSON.parse(l))).toEqual([
      { level: "info", event: "download.start", url: "http://x/a.gz", totalBytes: 100 },
      { level: "info", event: "download.done", url: "http://x/a.gz", bytes: 100, seconds: 2 },
    ])
  })

  test("on a terminal: a bar redrawn in place", () => {
    const { out, stream } = fakeStream(true)
    const p = defaultDownloadProgress(stream)
    p.start("http://x/a.gz", 1000)
    p.update(500)
    p.done(1000, 10)
    expect(out[0]).toMatch(/^\ra\.gz \[#{15}-{15}\]  50%/)
    expect(out.at(-1)).toContain("a.gz 0.0 MB in 0.0 s")
  })
})
