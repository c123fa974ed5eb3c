/**
 * What `ssl runs` knows about one run: its index row plus what its folder says (config.json, the last
 * metrics record), in the flat, printable form that the list, `show`, the filters and `export` share.
 */
import { loadConfigFile } from "@ssl/configs"
import type { RunRow, RunStatus } from "@ssl/core"
import { existsSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { changes, type Change, showLeaf } from "./flatten.ts"

export interface RunEntry {
  readonly id: string
  readonly status: RunStatus
  readonly createdAt: string
  /** The config reference it was trained from (a preset path), or the claim arm that trained it. */
  readonly label: string | null
  /** "<target>/<predictor>", e.g. "ema0.99/linear", "simsiam/directpred" (undefined without config.json). */
  readonly method: string | undefined
  readonly dataset: string | undefined
  /** Steps done (done runs: all; others: the last recorded step) and asked for. */
  readonly steps: number | undefined
  readonly totalSteps: number | undefined
  /** Seconds of training + evaluation (done runs), else the time between creation and the last index update. */
  readonly seconds: number
  /**
   * The config values that differ from the preset named by `label`, as it reads now ("optimizer.lr=0.03");
   * undefined when the label names no loadable preset (a claim's arm, a deleted file).
   */
  readonly overrides: ReadonlyArray<string> | undefined
  readonly probe: { readonly final: number; readonly best: number } | undefined
  readonly randomEncoderProbe: number | undefined
  readonly knn: number | undefined
  readonly final: Readonly<Record<string, number>> | undefined
  readonly configHash: string
  readonly codeVersion: string
  /** Why a run whose writer is gone is listed as `interrupted` rather than `running` (undefined otherwise). */
  readonly stale: string | undefined
}

const num = (x: unknown): number | undefined => (typeof x === "number" && Number.isFinite(x) ? x : undefined)

const readJson = (file: string): unknown => (existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : undefined)

/** "ema0.99/linear": the target (with its EMA rate) and the predictor kind, the two choices that name a method. */
export const methodName = (config: unknown): string | undefined => {
  const m = (config as { method?: { target?: { kind?: string; gamma?: number }; predictor?: { kind?: string } } } | undefined)?.method
  if (m?.target?.kind === undefined || m.predictor?.kind === undefined) return undefined
  const target = m.target.kind === "ema" ? `ema${m.target.gamma ?? ""}` : m.target.kind
  return `${target}/${m.predictor.kind}`
}

/** The last complete metrics record's step (a torn last line is ignored), or undefined. */
const lastStep = (file: string): number | undefined => {
  if (!existsSync(file)) return undefined
  const lines = readFileSync(file, "utf8").split("\n").slice(0, -1).filter((l) => l !== "")
  for (let i = lines.length - 1; i >= 0; i--) {
    try {
      const step = (JSON.parse(lines[i]!) as { step?: unknown }).step
      if (typeof step === "number") return step
    } catch { /* a corrupt line: look further back */ }
  }
  return undefined
}

/** Resolves each label's preset once per command (importing a preset runs its module). */
export class PresetCache {
  private readonly cache = new Map<string, Promise<unknown>>()
  get(label: string): Promise<unknown> {
    let p = this.cache.get(label)
    if (p === undefined) {
      p = loadConfigFile(label).catch(() => undefined)
      this.cache.set(label, p)
    }
    return p
  }
}

/**
 * The changes as `path=value`. A changed `kind` stands for its whole object: the other values under it follow
 * from that kind's defaults (`--set method.predictor.kind=directpred`), so they are not listed.
 */
export const overridesOf = (cs: ReadonlyArray<Change>): Array<string> => {
  const kinds = cs.filter((c) => c.path.endsWith(".kind")).map((c) => c.path.slice(0, -"kind".length))
  return cs
    .filter((c) => c.path.endsWith(".kind") || !kinds.some((k) => c.path.startsWith(k)))
    .map((c) => `${c.path}=${c.b === undefined ? "(unset)" : showLeaf(c.b)}`)
}

export const describeRun = async (root: string, row: RunRow, presets: PresetCache): Promise<RunEntry> => {
  const dir = join(root, row.id)
  const config = readJson(join(dir, "config.json")) as { data?: { dataset?: string }; train?: { steps?: number } } | undefined
  const s = row.summary as Record<string, unknown>
  const preset = row.label === null || config === undefined ? undefined : await presets.get(row.label)
  const seconds = num(s["seconds"]) ?? (Date.parse(row.updatedAt) - Date.parse(row.createdAt)) / 1000
  const probe = s["probe"] as { final?: unknown; best?: unknown } | undefined
  return {
    id: row.id,
    status: row.status,
    createdAt: row.createdAt,
    label: row.label,
    method: methodName(config),
    dataset: config?.data?.dataset,
    steps: row.status === "done" ? num(s["steps"]) : lastStep(join(dir, "metrics.jsonl")),
    totalSteps: num(config?.train?.steps),
    seconds,
    overrides: preset === undefined ? undefined : overridesOf(changes(preset, config)),
    probe: num(probe?.final) === undefined ? undefined : { final: num(probe!.final)!, best: num(probe!.best) ?? Number.NaN },
    randomEncoderProbe: num(s["randomEncoderProbe"]),
    knn: num(s["knn"]),
    final: (s["metrics"] as { final?: Record<string, number> } | undefined)?.final,
    configHash: row.configHash,
    codeVersion: row.codeVersion,
    stale: typeof s["stale"] === "string" ? s["stale"] : undefined,
  }
}

/** Seconds as "42 s", "3 min 05 s", "2 h 10 min". */
export const formatDuration = (seconds: number): string => {
  if (!Number.isFinite(seconds) || seconds < 0) return "-"
  if (seconds < 60) return `${seconds.toFixed(0)} s`
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${String(Math.floor(seconds % 60)).padStart(2, "0")} s`
  return `${Math.floor(seconds / 3600)} h ${String(Math.floor((seconds % 3600) / 60)).padStart(2, "0")} min`
}
