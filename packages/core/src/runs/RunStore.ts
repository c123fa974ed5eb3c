/**
 * The run store: run folders under a root (default `./runs`, or SSL_RUNS_DIR) plus the SQLite index.
 *
 *   runs/index.sqlite            the index (RunIndex)
 *   runs/<runId>/config.json     the resolved config
 *   runs/<runId>/provenance.json git commit + dirty flag, backend choice, device, versions, seed, host, start
 *   runs/<runId>/metrics.jsonl   append-only records, each with `step`
 *   runs/<runId>/checkpoints/    step-NNNNNNNNN.{json,bin}, written atomically
 *   runs/<runId>/results.json    final results (atomic)
 *
 * Files are written before the index row that points at them, so an indexed run always has its folder.
 * One process writes a run at a time: it holds the run's writer lock (RunLock.ts) from `create` or
 * `openForWriting` until `release` or its end. A `running` run whose lock nobody holds was left by a process
 * that is gone (SIGKILL, a crash): `list` shows it, and records it, as `interrupted` (resumable).
 */
import { existsSync, mkdirSync, readFileSync, statSync } from "node:fs"
import { join, resolve } from "node:path"
import { Effect } from "effect"
import { writeFileAtomic } from "./atomicWrite.ts"
import {
  type StoredCheckpoint, cleanCheckpoints, latestCheckpoint, listCheckpoints, readCheckpoint, type TensorData, writeCheckpoint,
} from "./checkpoint.ts"
import { type CorruptCheckpoint, type NoUsableCheckpoint, RunLocked, RunNotFound, StoreUnavailable } from "./errors.ts"
import { appendMetrics, type MetricsLine, readMetrics, truncateMetrics } from "./metricsLog.ts"
import { codeVersion as currentCodeVersion, collectProvenance, type Provenance } from "./provenance.ts"
import { RunIndex, type RunRow, type RunStatus } from "./RunIndex.ts"
import { RunLock } from "./RunLock.ts"

/** `SSL_RUNS_DIR`, else `./runs`. */
export const defaultRunsRoot = (env: Readonly<Record<string, string | undefined>> = process.env): string =>
  resolve(env["SSL_RUNS_DIR"] ?? "runs")

/** A sortable, unique run id: `20260102-030405-<config hash 8>-<4 random hex>`. */
export const newRunId = (configHash: string, now: Date = new Date()): string => {
  const t = now.toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15)
  return `${t}-${configHash.slice(0, 8)}-${crypto.randomUUID().slice(0, 4)}`
}

export interface CreateRunInput {
  /** The resolved config (stored as config.json). */
  readonly config: unknown
  readonly configHash: string
  /** The backend selection result, stored verbatim in provenance.json. */
  readonly backend: unknown
  readonly seed: number
  /** Default: `codeVersion()` of the current working tree. */
  readonly codeVersion?: string
  /** E.g. the preset path. */
  readonly label?: string
  /** Default: `newRunId(configHash)`. */
  readonly runId?: string
}

/** Why a file-system or SQLite error keeps the store from opening, and what to do: undefined if it is not one of ours. */
const storeFault = (root: string, e: unknown): StoreUnavailable | undefined => {
  const code = (e as { code?: unknown } | null)?.code
  if (typeof code !== "string") return undefined
  const index = join(root, "index.sqlite")
  if (code === "SQLITE_NOTADB" || code.startsWith("SQLITE_CORRUPT")) {
    return new StoreUnavailable({ path: index, reason: `has an index that is not a readable SQLite database (${code})`,
      fix: `Move it aside (\`mv ${index} ${index}.corrupt\`) and a new, empty index is created on the next run (the run folders stay as they are); or point SSL_RUNS_DIR at another store.` })
  }
  if (code.startsWith("SQLITE_READONLY") || code === "SQLITE_CANTOPEN" || code === "SQLITE_PERM" || code === "EACCES" || code === "EROFS" || code === "EPERM") {
    return new StoreUnavailable({ path: root, reason: `cannot be written (${code})`,
      fix: "Point SSL_RUNS_DIR at a folder you can write, or fix its permissions; `bun run ssl runs` still lists a read-only store." })
  }
  if (code === "SQLITE_FULL" || code === "ENOSPC") {
    return new StoreUnavailable({ path: root, reason: `is on a full disk (${code})`, fix: "Free some space (old runs' checkpoints are the bulk), or point SSL_RUNS_DIR elsewhere." })
  }
  if (code === "ENOTDIR" || code === "EEXIST") {
    return new StoreUnavailable({ path: root, reason: "is not a folder (a file is in the way)", fix: "Point SSL_RUNS_DIR at a folder, or move the file away." })
  }
  return undefined
}

export class RunStore implements Disposable {
  private constructor(readonly root: string, readonly index: RunIndex, readonly readOnly: boolean) {}

  /**
   * Opens (creating) the store at `root`. With `readOnly`, a store that cannot be written (read-only file system
   * or folder) is opened for reading (`list`, `open`); nothing is created. Throws StoreUnavailable (the path, why,
   * and what to do) when the root is not a folder, cannot be created or written, or its index is corrupt.
   */
  static open(root: string = defaultRunsRoot(), options: { readonly busyTimeoutMs?: number; readonly readOnly?: boolean } = {}): RunStore {
    if (existsSync(root) && !statSync(root).isDirectory()) throw storeFault(root, { code: "ENOTDIR" })!
    const index = join(root, "index.sqlite")
    try {
      mkdirSync(root, { recursive: true })
      return new RunStore(root, RunIndex.open(index, options), false)
    } catch (e) {
      const fault = storeFault(root, e)
      if (fault === undefined) throw e
      if (options.readOnly !== true || !fault.reason.startsWith("cannot be written") || !existsSync(index)) throw fault
    }
    try {
      return new RunStore(root, RunIndex.openImmutable(index), true)
    } catch (e) {
      throw storeFault(root, e) ?? e
    }
  }

  /** Creates a run folder with config.json and provenance.json, and indexes it as `running`; the caller holds its lock. */
  create(input: CreateRunInput): Run {
    const id = input.runId ?? newRunId(input.configHash)
    const code = input.codeVersion ?? currentCodeVersion()
    const dir = join(this.root, id)
    if (existsSync(dir)) throw new RangeError(`run folder ${dir} already exists`)
    mkdirSync(join(dir, "checkpoints"), { recursive: true })
    const taken = RunLock.acquire(dir)
    if (!taken.ok) throw new RangeError(`run folder ${dir} was locked by another process as it was created`)
    const run = new Run(this, id, dir, taken.lock)
    writeFileAtomic(run.paths.config, `${JSON.stringify(input.config, null, 2)}\n`)
    const provenance = collectProvenance({ runId: id, configHash: input.configHash, backend: input.backend, seed: input.seed, codeVersion: code })
    writeFileAtomic(run.paths.provenance, `${JSON.stringify(provenance, null, 2)}\n`)
    this.index.insert({ id, configHash: input.configHash, codeVersion: code, label: input.label ?? null })
    return run
  }

  /** An existing run by id, for reading. */
  open(runId: string): Effect.Effect<Run, RunNotFound> {
    const dir = join(this.root, runId)
    return this.index.get(runId) !== undefined && existsSync(dir)
      ? Effect.succeed(new Run(this, runId, dir))
      : Effect.fail(new RunNotFound({ runId, root: this.root }))
  }

  /** An existing run with its writer lock taken (release it with `run.release()`), or RunLocked naming the holder. */
  openForWriting(runId: string): Effect.Effect<Run, RunNotFound | RunLocked> {
    return Effect.flatMap(this.open(runId), (run) => {
      const taken = RunLock.acquire(run.dir)
      return taken.ok ? Effect.succeed(new Run(this, runId, run.dir, taken.lock)) : Effect.fail(new RunLocked({ runId, holder: taken.holder }))
    })
  }

  /**
   * Records as `interrupted` every `running` run whose writer is gone (nobody holds its lock); on a read-only store
   * it only returns their ids. Rows are re-checked inside the write transaction (RunIndex.markStale).
   */
  private reconcile(): ReadonlySet<string> {
    const stale = new Set<string>()
    for (const row of this.index.list({ status: "running" })) {
      const gone = () => !RunLock.holder(join(this.root, row.id)).held
      if (this.readOnly ? gone() : this.index.markStale(row.id, gone, { stale: "its process ended without marking it (killed, or crashed); resume it" })) {
        stale.add(row.id)
      }
    }
    return stale
  }

  /** The claims' cache: the newest finished run of this config at this code version. */
  findCached(configHash: string, codeVersion: string): RunRow | undefined {
    return this.index.findCached(configHash, codeVersion)
  }

  /** The newest run of this config and code version that was stopped on request (resumable), if any. */
  findInterrupted(configHash: string, codeVersion: string): RunRow | undefined {
    return this.list({ configHash, codeVersion, status: "interrupted", limit: 1 })[0]
  }

  /** Runs, newest first, optionally filtered; a run whose writer is gone is `interrupted`, never `running`. */
  list(filter: Parameters<RunIndex["list"]>[0] = {}): RunRow[] {
    const stale = this.reconcile()
    if (!this.readOnly || stale.size === 0) return this.index.list(filter)
    // read-only: the same answer as after recording them, computed in memory
    const { status, limit, ...rest } = filter
    const rows = this.index.list(rest).map((r) => (stale.has(r.id) ? { ...r, status: "interrupted" as const } : r))
    const kept = status === undefined ? rows : rows.filter((r) => r.status === status)
    return limit === undefined || limit < 0 ? kept : kept.slice(0, limit)
  }

  close(): void {
    this.index.close()
  }

  [Symbol.dispose](): void {
    this.close()
  }
}

/** One run's folder and index row. */
export class Run {
  readonly paths: {
    readonly config: string
    readonly provenance: string
    readonly metrics: string
    readonly checkpoints: string
    readonly results: string
  }

  constructor(readonly store: RunStore, readonly id: string, readonly dir: string, private readonly lock?: RunLock) {
    this.paths = {
      config: join(dir, "config.json"),
      provenance: join(dir, "provenance.json"),
      metrics: join(dir, "metrics.jsonl"),
      checkpoints: join(dir, "checkpoints"),
      results: join(dir, "results.json"),
    }
  }

  /** Whether this handle holds the run's writer lock. */
  get writing(): boolean {
    return this.lock?.held === true
  }

  /** Lets go of the writer lock (after the last write: status, results); idempotent. */
  release(): void {
    this.lock?.release()
  }

  /** The index row. */
  get row(): RunRow {
    const r = this.store.index.get(this.id)
    if (r === undefined) throw new RangeError(`run '${this.id}' vanished from the index`)
    return r
  }

  config(): unknown {
    return JSON.parse(readFileSync(this.paths.config, "utf8"))
  }

  provenance(): Provenance {
    return JSON.parse(readFileSync(this.paths.provenance, "utf8")) as Provenance
  }

  /** Appends one metrics record (a line of metrics.jsonl). */
  appendMetrics(record: MetricsLine): void {
    appendMetrics(this.paths.metrics, record)
  }

  /** The complete metrics records, in file order. */
  metrics(): MetricsLine[] {
    return readMetrics(this.paths.metrics).records
  }

  /**
   * Writes a checkpoint of `step` atomically (write the step's metrics first: see metricsLog.ts), keeping the
   * newest `keep` (default 2). Returns the manifest path.
   */
  writeCheckpoint(step: number, tensors: Readonly<Record<string, TensorData>>, state: unknown = null, keep = 2): string {
    return writeCheckpoint(this.paths.checkpoints, step, tensors, state, { keep })
  }

  checkpoints(): Array<{ readonly step: number; readonly file: string }> {
    return listCheckpoints(this.paths.checkpoints)
  }

  readCheckpoint(file: string): Effect.Effect<StoredCheckpoint, CorruptCheckpoint> {
    return readCheckpoint(file)
  }

  latestCheckpoint(options?: Parameters<typeof latestCheckpoint>[1]): Effect.Effect<StoredCheckpoint | undefined, CorruptCheckpoint | NoUsableCheckpoint> {
    return latestCheckpoint(this.paths.checkpoints, options)
  }

  /**
   * Prepares a resume: removes what a crash left (temp files, blobs without manifest), loads the newest
   * checkpoint (CorruptCheckpoint if it is corrupt, unless `fallback`: then `onSkip` hears of each one skipped),
   * truncates metrics.jsonl to its step (to nothing when there is no checkpoint: the run restarts from step 0), and
   * marks the run `running`.
   */
  resume(options?: Parameters<typeof latestCheckpoint>[1]): Effect.Effect<StoredCheckpoint | undefined, CorruptCheckpoint | NoUsableCheckpoint> {
    return Effect.gen({ self: this }, function*() {
      cleanCheckpoints(this.paths.checkpoints)
      const ckpt = yield* latestCheckpoint(this.paths.checkpoints, options)
      truncateMetrics(this.paths.metrics, ckpt === undefined ? -1 : ckpt.step)
      this.setStatus("running")
      return ckpt
    })
  }

  /** Sets the status in the index, merging `summary` into the row's summary. */
  setStatus(status: RunStatus, summary?: Record<string, unknown>): RunRow {
    return this.store.index.update(this.id, summary === undefined ? { status } : { status, summary })
  }

  /** Writes results.json atomically. */
  writeResults(results: unknown): void {
    writeFileAtomic(this.paths.results, `${JSON.stringify(results, null, 2)}\n`)
  }

  results(): unknown {
    return existsSync(this.paths.results) ? JSON.parse(readFileSync(this.paths.results, "utf8")) : undefined
  }

  /** Writes results.json, then marks the run `done` with `summary` (the order makes `done` imply results). */
  finish(results: unknown, summary: Record<string, unknown> = {}): RunRow {
    this.writeResults(results)
    return this.setStatus("done", summary)
  }
}
