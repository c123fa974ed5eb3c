/**
 * The run index: one SQLite table (bun:sqlite) listing every run, at `<root>/index.sqlite`. WAL mode lets
 * readers proceed while one process writes; busy_timeout makes a writer wait for the lock instead of failing,
 * and read-modify-write updates run in BEGIN IMMEDIATE transactions, so concurrent processes lose nothing.
 * It is also the claims' cache: `findCached(configHash, codeVersion)` returns the newest finished run.
 */
import { constants, Database } from "bun:sqlite"

export const RUN_STATUSES = ["running", "done", "diverged", "failed", "interrupted"] as const
export type RunStatus = (typeof RUN_STATUSES)[number]

export interface RunRow {
  readonly id: string
  readonly configHash: string
  readonly codeVersion: string
  readonly status: RunStatus
  /** ISO-8601 times. */
  readonly createdAt: string
  readonly updatedAt: string
  /** Free-form JSON summary (probe accuracies, final metrics, error, ...). */
  readonly summary: Readonly<Record<string, unknown>>
  /** An optional human label (e.g. the preset path). */
  readonly label: string | null
}

interface RawRow {
  id: string
  config_hash: string
  code_version: string
  status: RunStatus
  created_at: string
  updated_at: string
  summary: string
  label: string | null
}

const fromRaw = (r: RawRow): RunRow => ({
  id: r.id,
  configHash: r.config_hash,
  codeVersion: r.code_version,
  status: r.status,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  summary: JSON.parse(r.summary) as Record<string, unknown>,
  label: r.label,
})

const SCHEMA = `
CREATE TABLE IF NOT EXISTS runs (
  id           TEXT PRIMARY KEY,
  config_hash  TEXT NOT NULL,
  code_version TEXT NOT NULL,
  status       TEXT NOT NULL CHECK (status IN ('running', 'done', 'diverged', 'failed', 'interrupted')),
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL,
  summary      TEXT NOT NULL DEFAULT '{}',
  label        TEXT
);
CREATE INDEX IF NOT EXISTS runs_by_key ON runs (config_hash, code_version, status);
`

export class RunIndex implements Disposable {
  private constructor(readonly db: Database, readonly path: string) {}

  /**
   * Opens the index at `path` for reading only, without taking SQLite's locks (`immutable`): for a store on a
   * read-only file system or folder, where SQLite cannot create the WAL's shared-memory file. Writes fail.
   */
  static openImmutable(path: string): RunIndex {
    const uri = `file:${path.split("/").map(encodeURIComponent).join("/")}?immutable=1`
    const db = new Database(uri, constants.SQLITE_OPEN_READONLY | constants.SQLITE_OPEN_URI)
    db.query("SELECT count(*) FROM runs").get() // fails now, not later, on a file that is not a run index
    return new RunIndex(db, path)
  }

  /** Opens (creating if needed) the index at `path`. `busyTimeoutMs` bounds how long a writer waits for the lock. */
  static open(path: string, options: { readonly busyTimeoutMs?: number } = {}): RunIndex {
    const db = new Database(path, { create: true, strict: true })
    // busy_timeout first: switching to WAL and creating the table need the lock too.
    db.run(`PRAGMA busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 30_000))}`)
    db.run("PRAGMA journal_mode = WAL")
    db.run("PRAGMA synchronous = NORMAL")
    db.transaction(() => db.run(SCHEMA)).immediate()
    return new RunIndex(db, path)
  }

  /** Adds a run (status `running` unless given). Fails if the id exists. */
  insert(row: { readonly id: string; readonly configHash: string; readonly codeVersion: string; readonly status?: RunStatus; readonly summary?: Record<string, unknown>; readonly label?: string | null }): RunRow {
    const now = new Date().toISOString()
    this.db.query(`INSERT INTO runs (id, config_hash, code_version, status, created_at, updated_at, summary, label)
                   VALUES ($id, $hash, $code, $status, $now, $now, $summary, $label)`).run({
      id: row.id,
      hash: row.configHash,
      code: row.codeVersion,
      status: row.status ?? "running",
      now,
      summary: JSON.stringify(row.summary ?? {}),
      label: row.label ?? null,
    })
    return this.get(row.id)!
  }

  /** Sets a run's status and merges `summary` into its summary (atomically: read-modify-write in one transaction). */
  update(id: string, change: { readonly status?: RunStatus; readonly summary?: Record<string, unknown> }): RunRow {
    return this.db.transaction(() => {
      const current = this.get(id)
      if (current === undefined) throw new RangeError(`run index has no run '${id}'`)
      const summary = { ...current.summary, ...(change.summary ?? {}) }
      this.db.query("UPDATE runs SET status = $status, summary = $summary, updated_at = $now WHERE id = $id").run({
        id,
        status: change.status ?? current.status,
        summary: JSON.stringify(summary),
        now: new Date().toISOString(),
      })
      return this.get(id)!
    }).immediate()
  }

  /**
   * Runs `f` on a run's summary inside one write transaction and stores its result: for updates that
   * depend on the current value (counters, appending to a list) from several processes.
   */
  updateSummary(id: string, f: (summary: Readonly<Record<string, unknown>>) => Record<string, unknown>): RunRow {
    return this.db.transaction(() => {
      const current = this.get(id)
      if (current === undefined) throw new RangeError(`run index has no run '${id}'`)
      this.db.query("UPDATE runs SET summary = $summary, updated_at = $now WHERE id = $id").run({
        id,
        summary: JSON.stringify(f(current.summary)),
        now: new Date().toISOString(),
      })
      return this.get(id)!
    }).immediate()
  }

  /** Removes a run's row (its folder is the caller's); returns whether there was one. */
  remove(id: string): boolean {
    return this.db.query("DELETE FROM runs WHERE id = $id").run({ id }).changes > 0
  }

  get(id: string): RunRow | undefined {
    const r = this.db.query("SELECT * FROM runs WHERE id = $id").get({ id }) as RawRow | null
    return r === null ? undefined : fromRaw(r)
  }

  /** Runs, newest first, optionally filtered. */
  list(filter: { readonly status?: RunStatus; readonly configHash?: string; readonly codeVersion?: string; readonly limit?: number } = {}): RunRow[] {
    const where: string[] = []
    const params: Record<string, string | number> = {}
    if (filter.status !== undefined) { where.push("status = $status"); params["status"] = filter.status }
    if (filter.configHash !== undefined) { where.push("config_hash = $hash"); params["hash"] = filter.configHash }
    if (filter.codeVersion !== undefined) { where.push("code_version = $code"); params["code"] = filter.codeVersion }
    params["limit"] = filter.limit ?? -1
    const sql = `SELECT * FROM runs ${where.length === 0 ? "" : `WHERE ${where.join(" AND ")}`} ORDER BY created_at DESC, id DESC LIMIT $limit`
    return (this.db.query(sql).all(params) as RawRow[]).map(fromRaw)
  }

  /** The claims' cache: the newest `done` run with this config hash and code version. */
  findCached(configHash: string, codeVersion: string): RunRow | undefined {
    return this.list({ configHash, codeVersion, status: "done", limit: 1 })[0]
  }

  /**
   * Marks a `running` run `interrupted` when `holderGone()` says the process writing it is gone, merging `summary`.
   * The check runs inside the write transaction, so a holder finishing at that moment (it sets `done`, then lets go
   * of its lock) is never overwritten. Returns whether the row changed.
   */
  markStale(id: string, holderGone: () => boolean, summary: Record<string, unknown>): boolean {
    return this.db.transaction(() => {
      const current = this.get(id)
      if (current?.status !== "running" || !holderGone()) return false
      this.db.query("UPDATE runs SET status = 'interrupted', summary = $summary, updated_at = $now WHERE id = $id").run({
        id, summary: JSON.stringify({ ...current.summary, ...summary }), now: new Date().toISOString(),
      })
      return true
    }).immediate()
  }

  close(): void {
    this.db.close()
  }

  [Symbol.dispose](): void {
    this.close()
  }
}
