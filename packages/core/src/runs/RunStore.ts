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
 */
import { existsSync, mkdirSync, readFileSync } from "node:fs"
import { join, resolve } from "node:path"
import { Effect } from "effect"
import { writeFileAtomic } from "./atomicWrite.ts"
import {
  type StoredCheckpoint, cleanCheckpoints, latestCheckpoint, listCheckpoints, readCheckpoint, type TensorData, writeCheckpoint,
} from "./checkpoint.ts"
import { type CorruptCheckpoint, RunNotFound } from "./errors.ts"
import { appendMetrics, type MetricsLine, readMetrics, truncateMetrics } from "./metricsLog.ts"
import { codeVersion as currentCodeVersion, collectProvenance, type Provenance } from "./provenance.ts"
import { RunIndex, type RunRow, type RunStatus } from "./RunIndex.ts"

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

export class RunStore implements Disposable {
  private constructor(readonly root: string, readonly index: RunIndex) {}

  /** Opens (creating) the store at `root`. */
  static open(root: string = defaultRunsRoot(), options: { readonly busyTimeoutMs?: number } = {}): RunStore {
    mkdirSync(root, { recursive: true })
    return new RunStore(root, RunIndex.open(join(root, "index.sqlite"), options))
  }

  /** Creates a run folder with config.json and provenance.json, and indexes it as `running`. */
  create(input: CreateRunInput): Run {
    const id = input.runId ?? newRunId(input.configHash)
    const code = input.codeVersion ?? currentCodeVersion()
    const dir = join(this.root, id)
    if (existsSync(dir)) throw new RangeError(`run folder ${dir} already exists`)
    mkdirSync(join(dir, "checkpoints"), { recursive: true })
    const run = new Run(this, id, dir)
    writeFileAtomic(run.paths.config, `${JSON.stringify(input.config, null, 2)}\n`)
    const provenance = collectProvenance({ runId: id, configHash: input.configHash, backend: input.backend, seed: input.seed, codeVersion: code })
    writeFileAtomic(run.paths.provenance, `${JSON.stringify(provenance, null, 2)}\n`)
    this.index.insert({ id, configHash: input.configHash, codeVersion: code, label: input.label ?? null })
    return run
  }

  /** An existing run by id. */
  open(runId: string): Effect.Effect<Run, RunNotFound> {
    const dir = join(this.root, runId)
    return this.index.get(runId) !== undefined && existsSync(dir)
      ? Effect.succeed(new Run(this, runId, dir))
      : Effect.fail(new RunNotFound({ runId, root: this.root }))
  }

  /** The claims' cache: the newest finished run of this config at this code version. */
  findCached(configHash: string, codeVersion: string): RunRow | undefined {
    return this.index.findCached(configHash, codeVersion)
  }

  /** The newest run of this config and code version that was stopped on request (resumable), if any. */
  findInterrupted(configHash: string, codeVersion: string): RunRow | undefined {
    return this.index.list({ configHash, codeVersion, status: "interrupted", limit: 1 })[0]
  }

  list(filter?: Parameters<RunIndex["list"]>[0]): RunRow[] {
    return this.index.list(filter)
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

  constructor(readonly store: RunStore, readonly id: string, readonly dir: string) {
    this.paths = {
      config: join(dir, "config.json"),
      provenance: join(dir, "provenance.json"),
      metrics: join(dir, "metrics.jsonl"),
      checkpoints: join(dir, "checkpoints"),
      results: join(dir, "results.json"),
    }
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

  latestCheckpoint(options?: { readonly fallback?: boolean }): Effect.Effect<StoredCheckpoint | undefined, CorruptCheckpoint> {
    return latestCheckpoint(this.paths.checkpoints, options)
  }

  /**
   * Prepares a resume: removes what a crash left (temp files, blobs without manifest), loads the newest
   * checkpoint (CorruptCheckpoint if it is corrupt, unless `fallback`), truncates metrics.jsonl to its step
   * (to nothing when there is no checkpoint: the run restarts from step 0), and marks the run `running`.
   */
  resume(options?: { readonly fallback?: boolean }): Effect.Effect<StoredCheckpoint | undefined, CorruptCheckpoint> {
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
