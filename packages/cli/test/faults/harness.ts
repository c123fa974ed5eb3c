/**
 * The fault-injection suite's tools: the real CLI in child processes (through each entry point: `bun main.ts`,
 * `bun run ssl`, `./ssl`), started in a process group of its own (`setsid`) so that a signal can go to the whole
 * group as a terminal's Ctrl-C does; tiny configs on Fashion-MNIST; and readers for a run's files.
 */
import { expect } from "bun:test"
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join, resolve } from "node:path"

export const REPO = resolve(import.meta.dir, "../../../..")
export const MAIN = join(REPO, "packages/cli/src/main.ts")

/** A fresh folder under the system temp folder. */
export const scratch = (name: string): string => mkdtempSync(join(tmpdir(), `ssl-faults-${name}-`))

/**
 * A tiny config file: an MLP on the first 512 Fashion-MNIST images, metrics every 5 steps, a fast probe.
 * `train` and `extra` patch it (as TypeScript object literal text).
 */
export const tinyConfig = (dir: string, options: { readonly steps?: number; readonly checkpointEvery?: number; readonly hidden?: number; readonly batchSize?: number; readonly trainLimit?: number; readonly probeEpochs?: number; readonly name?: string } = {}): string => {
  const file = join(dir, options.name ?? "tiny.ts")
  writeFileSync(file, `export default {
  data: { dataset: "fashion-mnist", trainLimit: ${options.trainLimit ?? 512}, augment: { recipe: "fashion-mnist" } },
  model: { encoder: { kind: "mlp", hidden: [${options.hidden ?? 128}] }, projector: { hidden: 32, out: 8 } },
  method: { target: { kind: "ema", gamma: 0.9 }, predictor: { kind: "linear" } },
  optimizer: { lr: 0.05 },
  train: { steps: ${options.steps ?? 60}, batchSize: ${options.batchSize ?? 64}, seed: 1, logEvery: 5, checkpointEvery: ${options.checkpointEvery ?? 0} },
  eval: { probe: { epochs: ${options.probeEpochs ?? 1}, labels: 300 }, knn: { k: 20, labels: 300 } },
}
`)
  return file
}

/** The environment of a CLI child: its own run store, the backend left to the config (SSL_BACKEND unset). */
export const envFor = (runs: string, extra: Readonly<Record<string, string>> = {}): Record<string, string> => {
  const env: Record<string, string> = {}
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && k !== "SSL_BACKEND") env[k] = v
  return { ...env, SSL_RUNS_DIR: runs, ...extra }
}

export interface Finished {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
}

/** `bun main.ts <args>` to completion. */
export const ssl = (args: ReadonlyArray<string>, runs: string, extraEnv: Readonly<Record<string, string>> = {}): Finished => {
  const r = Bun.spawnSync(["bun", MAIN, ...args], { env: envFor(runs, extraEnv), cwd: REPO, stdout: "pipe", stderr: "pipe" })
  return { code: r.exitCode, stdout: r.stdout.toString(), stderr: r.stderr.toString() }
}

/** How a command is started: the entry points a user has. */
export const ENTRY_POINTS = {
  main: ["bun", MAIN],
  "bun run ssl": ["bun", "run", "ssl"],
  "./ssl": [join(REPO, "ssl")],
} as const

/**
 * A CLI child in a new session and process group (`setsid`: its pid is the group's id), as a terminal runs a
 * foreground job. `signalGroup` signals every process of the group, as Ctrl-C does; `signalLeader` only the first.
 */
export const startInGroup = (entry: keyof typeof ENTRY_POINTS, args: ReadonlyArray<string>, runs: string, extraEnv: Readonly<Record<string, string>> = {}) => {
  const child = Bun.spawn(["setsid", ...ENTRY_POINTS[entry], ...args], { env: envFor(runs, extraEnv), cwd: REPO, stdout: "pipe", stderr: "pipe" })
  const stdout = new Response(child.stdout).text()
  const stderr = new Response(child.stderr).text()
  return {
    child,
    signalGroup: (signal: "SIGINT" | "SIGTERM" | "SIGKILL") => process.kill(-child.pid, signal),
    finished: async (): Promise<Finished> => ({ code: await child.exited, stdout: await stdout, stderr: await stderr }),
  }
}

/** The id of the (only) run folder under `runs`, once it exists. */
export const runIdIn = (runs: string): string | undefined =>
  existsSync(runs) ? readdirSync(runs).find((n) => /^\d{8}-\d{6}-/.test(n)) : undefined

export type MetricsRow = Record<string, unknown> & { readonly step: number }

/** The complete lines of a run's metrics.jsonl. */
export const metricsOf = (runs: string, id: string): Array<MetricsRow> => {
  const file = join(runs, id, "metrics.jsonl")
  if (!existsSync(file)) return []
  return readFileSync(file, "utf8").split("\n").slice(0, -1).map((l) => JSON.parse(l) as MetricsRow)
}

/** Every record once, in order: steps 0, logEvery, 2·logEvery, ..., steps. */
export const expectEveryRecordOnce = (rows: ReadonlyArray<MetricsRow>, steps: number, logEvery = 5): void => {
  const expected = [0, ...Array.from({ length: Math.floor(steps / logEvery) }, (_, i) => (i + 1) * logEvery)]
  if (steps % logEvery !== 0) expected.push(steps)
  expect(rows.map((r) => r.step)).toEqual(expected)
}

/** The run's status as `ssl runs --json` shows it. */
export const statusOf = (runs: string, id: string): string | undefined => {
  const r = ssl(["runs", "--json"], runs)
  expect(r.code).toBe(0)
  return (JSON.parse(r.stdout) as Array<{ id: string; status: string }>).find((row) => row.id === id)?.status
}

/** Polls `ready` every 100 ms for up to `ms`; the last value of `ready`. */
export const waitFor = async <T>(ready: () => T | undefined | false, ms = 120_000): Promise<T | undefined> => {
  const deadline = Date.now() + ms
  while (Date.now() < deadline) {
    const v = ready()
    if (v !== undefined && v !== false) return v
    await Bun.sleep(100)
  }
  return undefined
}

/** Stack frames (`    at f (file:1:2)`) in a message: a user error must have none. */
export const expectNoFrames = (text: string): void => {
  expect(text).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m)
}
