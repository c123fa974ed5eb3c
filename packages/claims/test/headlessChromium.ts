/**
 * A minimal headless-Chromium driver over the DevTools protocol (CDP) for the report tests: launch Debian's
 * `chromium` with its own throw-away profile, open a page, collect console errors and exceptions, evaluate
 * expressions, take screenshots. No dependency beyond Bun (its fetch and WebSocket).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"

export const CHROMIUM_PATH = process.env["CHROMIUM_PATH"] ?? "/usr/bin/chromium"

export class ChromiumMissing extends Error {
  readonly _tag = "ChromiumMissing"
  constructor(readonly path: string) {
    super(`Chromium is not installed at ${path}: the report test opens index.html in headless Chromium. ` +
      "Install it with `apt-get install -y chromium` (Debian/Ubuntu), or set CHROMIUM_PATH to a Chromium/Chrome binary.")
  }
}

interface Pending {
  readonly resolve: (v: unknown) => void
  readonly reject: (e: Error) => void
}

/** One CDP WebSocket session (a page target). */
class CdpSession {
  private nextId = 1
  private readonly pending = new Map<number, Pending>()
  private readonly listeners = new Map<string, Array<(params: Record<string, unknown>) => void>>()

  constructor(private readonly ws: WebSocket) {
    ws.addEventListener("message", (ev) => {
      const msg = JSON.parse(String(ev.data)) as { id?: number; result?: unknown; error?: { message: string }; method?: string; params?: Record<string, unknown> }
      if (msg.id !== undefined) {
        const p = this.pending.get(msg.id)
        this.pending.delete(msg.id)
        if (msg.error !== undefined) p?.reject(new Error(`CDP: ${msg.error.message}`))
        else p?.resolve(msg.result)
      } else if (msg.method !== undefined) {
        for (const f of this.listeners.get(msg.method) ?? []) f(msg.params ?? {})
      }
    })
  }

  static connect = (url: string): Promise<CdpSession> =>
    new Promise((resolve, reject) => {
      const ws = new WebSocket(url)
      ws.addEventListener("open", () => resolve(new CdpSession(ws)), { once: true })
      ws.addEventListener("error", () => reject(new Error(`CDP: could not connect to ${url}`)), { once: true })
    })

  send = <T = Record<string, unknown>>(method: string, params: Record<string, unknown> = {}): Promise<T> =>
    new Promise((resolve, reject) => {
      const id = this.nextId++
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject })
      this.ws.send(JSON.stringify({ id, method, params }))
    })

  on = (method: string, f: (params: Record<string, unknown>) => void): void => {
    this.listeners.set(method, [...(this.listeners.get(method) ?? []), f])
  }

  once = (method: string, timeoutMs: number): Promise<Record<string, unknown>> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`CDP: no ${method} within ${timeoutMs} ms`)), timeoutMs)
      this.on(method, (p) => { clearTimeout(timer); resolve(p) })
    })

  close = (): void => this.ws.close()
}

export interface Page {
  /** Console errors, uncaught exceptions and failed loads seen since the page was opened. */
  readonly errors: Array<string>
  readonly evaluate: <T>(expression: string) => Promise<T>
  /** A PNG of the whole page, or of a region (CSS pixels, page coordinates). */
  readonly screenshot: (clip?: { x: number; y: number; width: number; height: number }) => Promise<Uint8Array>
}

export interface Browser {
  /** Opens `url` in the browser's page and waits for its load event. */
  readonly open: (url: string) => Promise<Page>
  readonly close: () => Promise<void>
}

const waitFor = async <T>(f: () => T | undefined, timeoutMs: number, what: string): Promise<T> => {
  const end = Date.now() + timeoutMs
  for (;;) {
    const v = f()
    if (v !== undefined) return v
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await Bun.sleep(50)
  }
}

/** Launches headless Chromium (throws ChromiumMissing if absent). Always `close()` it. */
export const launchChromium = async (timeoutMs = 30_000): Promise<Browser> => {
  if (!existsSync(CHROMIUM_PATH)) throw new ChromiumMissing(CHROMIUM_PATH)
  const profile = mkdtempSync(join(tmpdir(), "ssl-chromium-"))
  const proc = Bun.spawn([
    CHROMIUM_PATH, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--no-default-browser-check", "--allow-file-access-from-files", `--user-data-dir=${profile}`,
    "--window-size=1280,1000", "--remote-debugging-port=0", "about:blank",
  ], { stdout: "ignore", stderr: "pipe" })
  let stderr = ""
  void new Response(proc.stderr).text().then((t) => { stderr = t })
  const cleanup = async () => {
    proc.kill()
    await proc.exited
    rmSync(profile, { recursive: true, force: true })
  }
  try {
    // Chromium writes the port it picked to <profile>/DevToolsActivePort.
    const port = await waitFor(() => {
      if (proc.exitCode !== null) throw new Error(`chromium exited with code ${proc.exitCode}: ${stderr.slice(-2000)}`)
      const f = join(profile, "DevToolsActivePort")
      if (!existsSync(f)) return undefined
      const first = readFileSync(f, "utf8").split("\n")[0]
      return first !== undefined && /^\d+$/.test(first) ? Number(first) : undefined
    }, timeoutMs, "chromium's DevTools port")
    // The page target of about:blank, opened at launch.
    let pageUrl: string | undefined
    for (const end = Date.now() + timeoutMs; pageUrl === undefined; await Bun.sleep(50)) {
      const list = await (await fetch(`http://127.0.0.1:${port}/json/list`)).json() as Array<{ type: string; webSocketDebuggerUrl?: string }>
      pageUrl = list.find((t) => t.type === "page" && t.webSocketDebuggerUrl !== undefined)?.webSocketDebuggerUrl
      if (pageUrl === undefined && Date.now() > end) throw new Error("chromium opened no page target")
    }
    const session = await CdpSession.connect(pageUrl)
    const errors: Array<string> = []
    session.on("Runtime.consoleAPICalled", (p) => {
      if (p["type"] === "error" || p["type"] === "assert") errors.push(`console.${String(p["type"])}: ${JSON.stringify(p["args"])}`)
    })
    session.on("Runtime.exceptionThrown", (p) => errors.push(`exception: ${JSON.stringify(p["exceptionDetails"])}`))
    session.on("Log.entryAdded", (p) => {
      const e = p["entry"] as { level?: string; text?: string; url?: string } | undefined
      if (e?.level === "error") errors.push(`log: ${e.text ?? ""} ${e.url ?? ""}`)
    })
    await session.send("Page.enable")
    await session.send("Runtime.enable")
    await session.send("Log.enable")
    return {
      open: async (url) => {
        errors.length = 0
        const loaded = session.once("Page.loadEventFired", timeoutMs)
        const nav = await session.send<{ errorText?: string }>("Page.navigate", { url })
        if (nav.errorText !== undefined) throw new Error(`chromium could not open ${url}: ${nav.errorText}`)
        await loaded
        return {
          errors,
          evaluate: async <T>(expression: string): Promise<T> => {
            const r = await session.send<{ result: { value?: unknown }; exceptionDetails?: unknown }>("Runtime.evaluate", { expression, returnByValue: true, awaitPromise: true })
            if (r.exceptionDetails !== undefined) throw new Error(`evaluate threw: ${JSON.stringify(r.exceptionDetails)}`)
            return r.result.value as T
          },
          screenshot: async (clip) => {
            const r = await session.send<{ data: string }>("Page.captureScreenshot", {
              format: "png", captureBeyondViewport: true, ...(clip === undefined ? {} : { clip: { ...clip, scale: 1 } }),
            })
            return Uint8Array.from(atob(r.data), (c) => c.charCodeAt(0))
          },
        }
      },
      close: async () => {
        session.close()
        await cleanup()
      },
    }
  } catch (e) {
    await cleanup()
    throw e
  }
}
