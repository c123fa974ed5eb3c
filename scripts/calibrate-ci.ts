#!/usr/bin/env bun
/**
 * `nice -n 10 bun run scripts/calibrate-ci.ts [--only a,b] [--seeds 0,1,2] [--runs-dir DIR] [--json FILE] [--tier-seconds S] [--list]`
 * (defaults: seeds 0,1,2 unless a candidate names its own; DIR runs/calibrate-ci; S 629)
 *
 * Is there a `ci` base, within the tier's budget, where BYOL's trained encoder beats the random-encoder floor?
 * Each candidate is configs/tiers/ci.ts plus `--set` overrides, trained one run at a time through the very
 * command users run (`bun run ssl train configs/tiers/ci.ts --set … --json`, one process per run, so the cost
 * includes start-up and the floor's own evaluation). Per candidate it prints the wall seconds of a run, the
 * training steps/s, the probe and kNN against the floor — the 95% Welch interval of the difference over seeds,
 * the same interval as the claims' accuracy gate — and the end-of-training mechanistic quantities (effective
 * rank of F̂, zStd, alignment, asymmetry). Runs are logged to DIR/calibrate-ci.jsonl and reused when the script
 * runs again with the same candidate, overrides and seed, so a calibration can be stopped and resumed (the log
 * does not key on the code version: after a change to training or evaluation, start from an empty DIR).
 *
 * Cost of the whole tier for a candidate: wall seconds under a shared machine's load say little on their own,
 * so each candidate's seconds per run are divided by those of `current` measured in the same session (the
 * "× current" column), and the ci tier's wall time with the current base on a quiet machine (`--tier-seconds`,
 * default 629: `bun run repro --tier ci`, as the README reports it) is scaled by that ratio. A rough figure: the
 * arms that differ from the base (DirectPred's eigendecompositions, the 2-layer predictor) scale alike only
 * roughly, and the CLI evaluates the floor in every run where the tier reuses it per seed.
 */
import { spawnSync } from "node:child_process"
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs"
import { resolve } from "node:path"
import { claims, empirical } from "../packages/claims/src/index.ts"

const root = resolve(import.meta.dir, "..")
const baseConfig = "configs/tiers/ci.ts"

/** A candidate `ci` base: the current one plus `--set` overrides. */
interface Candidate {
  readonly name: string
  /** What it changes and why it might beat the floor. */
  readonly why: string
  readonly sets: ReadonlyArray<string>
  /** The seeds to run (default: the script's --seeds). */
  readonly seeds?: ReadonlyArray<number>
}

// The evaluation every candidate but `current` uses: a 50-epoch probe. With the ci base's 10 epochs of Adam 1e-3
// both the trained and the random encoder's probe are still rising, so the base compares two unconverged probes.
const probe50 = ["eval.probe.epochs=50"]
const strong = ["data.augment.recipe=fashion-mnist-strong"]
const ema09 = ["method.target.gamma=0.9"]
const probeLr = (lr: number): ReadonlyArray<string> => [`eval.probe.lr=${lr}`]
const labels = (n: number): ReadonlyArray<string> => [`eval.probe.labels=${n}`, `eval.knn.labels=${n}`]
const cnn = (channels: string): ReadonlyArray<string> => ["model.encoder.kind=cnn", `model.encoder.channels=${channels}`]
/** Seed 0 only: a candidate measured once to see whether it is worth more seeds. */
const once = [0]

const candidates: ReadonlyArray<Candidate> = [
  { name: "current", why: "configs/tiers/ci.ts as it is (the reference)", sets: [] },
  { name: "probe50", why: "same training, a 50-epoch probe", sets: probe50 },
  { name: "strong", why: "the strong augmentation (crops 0.25–1, ±4 px, jitter, blur, noise) on the MLP", sets: [...strong, ...probe50] },
  { name: "strong-ema0.9", why: "strong augmentation, EMA 0.9 (a faster target)", sets: [...strong, ...probe50, ...ema09] },
  { name: "strong-plr0.01", why: "strong augmentation, probe Adam lr 0.01 (a probe that converges for the trained encoder)", sets: [...strong, ...probe50, ...probeLr(0.01)] },
  { name: "strong-ema0.9-plr0.01", why: "the two above together", sets: [...strong, ...probe50, ...ema09, ...probeLr(0.01)] },
  {
    name: "strong-plr0.01-pwd0.01", why: "strong-plr0.01 with the probe's weight decay 1e-3 → 1e-2 (does the floor's probe overfit?)",
    sets: [...strong, ...probe50, ...probeLr(0.01), "eval.probe.weightDecay=0.01"],
  },
  { name: "strong-1k", why: "strong augmentation, probe and kNN on 1k labels", sets: [...strong, ...probe50, ...labels(1000)] },
  { name: "strong-10k", why: "strong augmentation, probe and kNN on 10k labels", sets: [...strong, ...probe50, ...labels(10000)] },
  { name: "strong-lr0.2", why: "strong augmentation, lr 0.2", sets: [...strong, ...probe50, "optimizer.lr=0.2"], seeds: once },
  { name: "strong-lr0.02", why: "strong augmentation, lr 0.02", sets: [...strong, ...probe50, "optimizer.lr=0.02"] },
  { name: "strong-lr0.02-480", why: "strong augmentation, lr 0.02, twice the steps (480)", sets: [...strong, ...probe50, "optimizer.lr=0.02", "train.steps=480"] },
  { name: "strong-lr0.01", why: "strong augmentation, lr 0.01", sets: [...strong, ...probe50, "optimizer.lr=0.01"], seeds: once },
  { name: "strong-b256", why: "strong augmentation, batch 256 (twice the images per step)", sets: [...strong, ...probe50, "train.batchSize=256"], seeds: once },
  { name: "strong-alphap10", why: "strong augmentation, predictor lr ×10 (α_p = 10)", sets: [...strong, ...probe50, "optimizer.predictor.lrMultiplier=10"], seeds: once },
  { name: "strong-ema0.9-960", why: "strong augmentation, EMA 0.9, 4× the steps (960)", sets: [...strong, ...probe50, ...ema09, "train.steps=960"], seeds: once },
  // Far outside the budget: does the MLP cross the floor at all within ~15 epochs?
  { name: "strong-2400", why: "strong augmentation, 10× the steps (2400, ≈ 15 epochs of the 20k images)", sets: [...strong, ...probe50, "train.steps=2400"], seeds: once },
  { name: "strong-lr0.02-2400", why: "strong augmentation, lr 0.02, 10× the steps", sets: [...strong, ...probe50, "optimizer.lr=0.02", "train.steps=2400"], seeds: once },
  { name: "mlp512-strong", why: "a wider MLP (512, 512), strong augmentation", sets: [...strong, ...probe50, "model.encoder.hidden=[512,512]"], seeds: once },
  { name: "mlp256x64-strong", why: "a 64-wide last layer (a weaker random floor), strong augmentation", sets: [...strong, ...probe50, "model.encoder.hidden=[256,64]"], seeds: once },
  { name: "cnn-240", why: "the cpu-long small CNN (32/64/128, stride 2), strong augmentation, 240 steps", sets: [...cnn("[32,64,128]"), ...strong, ...probe50] },
  { name: "cnn16-240", why: "a narrower CNN (16/32/64), strong augmentation, 240 steps", sets: [...cnn("[16,32,64]"), ...strong, ...probe50], seeds: once },
]

// ------------------------------------------------------------------------------------------------ runs

/** One training run of a candidate: what `ssl train --json` printed plus details from the run's results.json. */
interface RunRecord {
  readonly candidate: string
  readonly sets: ReadonlyArray<string>
  readonly seed: number
  readonly runId: string
  /** Wall-clock seconds of the whole `ssl train` process (start-up, data, training, evaluation). */
  readonly wallSeconds: number
  readonly trainSeconds: number
  readonly stepsPerSecond: number
  readonly steps: number
  readonly evalSeconds: number
  /** Accuracies in [0, 1]. */
  readonly probe: number
  /** Best over probe epochs (selected on the test set, as the original evaluator reports). */
  readonly probeBest: number
  readonly floorProbe: number
  readonly floorProbeBest: number
  readonly rawProbe: number
  readonly knn: number
  readonly floorKnn: number
  readonly rawKnn: number
  /** The last metrics record of training. */
  readonly effectiveRank: number
  readonly zStd: number
  readonly alignment: number
  readonly asymmetry: number
}

const sameRun = (r: RunRecord, c: Candidate, seed: number): boolean =>
  r.candidate === c.name && r.seed === seed && JSON.stringify(r.sets) === JSON.stringify(c.sets)

class RunFailed extends Error {
  readonly _tag = "RunFailed"
}

/** The runs logged so far; a line that does not parse (a run killed while it was being logged) is an error naming it. */
const readLog = (file: string): Array<RunRecord> => {
  if (!existsSync(file)) return []
  return readFileSync(file, "utf8").split("\n").flatMap((line, i) => {
    if (line.trim() === "") return []
    try {
      return [JSON.parse(line) as RunRecord]
    } catch {
      throw new RunFailed(`${file}:${i + 1} is not a logged run (cut short?); delete that line and run again to re-measure it`)
    }
  })
}

const train = (c: Candidate, seed: number, runsDir: string): RunRecord => {
  const args = ["run", "packages/cli/src/main.ts", "train", baseConfig, ...[...c.sets, `train.seed=${seed}`].flatMap((s) => ["--set", s]), "--json"]
  const t0 = performance.now()
  const out = spawnSync("bun", args, { cwd: root, env: { ...process.env, SSL_RUNS_DIR: runsDir }, encoding: "utf8", maxBuffer: 1 << 26 })
  const wallSeconds = (performance.now() - t0) / 1000
  if (out.status !== 0) {
    const tail = out.error?.message ?? (out.stderr ?? "").trim().split("\n").slice(-3).join("\n")
    throw new RunFailed(`candidate ${c.name} seed ${seed}: \`bun ${args.join(" ")}\` exited ${out.status}:\n${tail}`)
  }
  const summary = JSON.parse(out.stdout.trim().split("\n").at(-1)!) as { runId: string }
  const results = JSON.parse(readFileSync(resolve(runsDir, summary.runId, "results.json"), "utf8")) as {
    steps: number
    training: { seconds: number; stepsPerSecond: number }
    evaluation: {
      seconds: number; probe: { final: number; best: number }; knn: number
      randomEncoder: { probe: { final: number; best: number }; knn: number }; rawPixels: { probe: { final: number }; knn: number }
    }
    metrics: { final: { effectiveRank: number; zStd: number; alignment: number; asymmetry: number } }
  }
  const e = results.evaluation
  const m = results.metrics.final
  return {
    candidate: c.name, sets: c.sets, seed, runId: summary.runId, wallSeconds,
    trainSeconds: results.training.seconds, stepsPerSecond: results.training.stepsPerSecond, steps: results.steps,
    evalSeconds: e.seconds, probe: e.probe.final, probeBest: e.probe.best,
    floorProbe: e.randomEncoder.probe.final, floorProbeBest: e.randomEncoder.probe.best, rawProbe: e.rawPixels.probe.final, knn: e.knn, floorKnn: e.randomEncoder.knn, rawKnn: e.rawPixels.knn,
    effectiveRank: m.effectiveRank, zStd: m.zStd, alignment: m.alignment, asymmetry: m.asymmetry,
  }
}

// ------------------------------------------------------------------------------------------- summary

const mean = (xs: ReadonlyArray<number>): number => xs.reduce((s, x) => s + x, 0) / xs.length
const pts = (x: number): number => 100 * x

/** "+1.2 [−0.3, 2.7]" in points: mean(a) − mean(b) with the gate's 95% Welch interval (a point value for one seed). */
const versus = (a: ReadonlyArray<number>, b: ReadonlyArray<number>): { text: string; lower: number } => {
  if (a.length < 2) {
    const d = pts(mean(a) - mean(b))
    return { text: `${d >= 0 ? "+" : ""}${d.toFixed(1)} (1 seed)`, lower: Number.NaN }
  }
  const m = empirical.differenceMeasure({ name: "a", values: a.map(pts) }, { name: "b", values: b.map(pts) })
  const f = (x: number) => x.toFixed(1)
  return { text: `${m.estimate >= 0 ? "+" : ""}${f(m.estimate)} [${f(m.lower)}, ${f(m.upper)}]`, lower: m.lower }
}

interface CandidateSummary {
  readonly name: string
  readonly why: string
  readonly sets: ReadonlyArray<string>
  readonly seeds: ReadonlyArray<number>
  readonly wallSeconds: number
  readonly trainSeconds: number
  readonly evalSeconds: number
  readonly stepsPerSecond: number
  readonly steps: number
  readonly probe: number
  readonly floorProbe: number
  readonly probeVsFloor: string
  /** Lower bound of the probe − floor interval (points): the accuracy gate opens when it is above 0. */
  readonly probeVsFloorLower: number
  /** The same with the best probe epoch on both sides (test-selected: optimistic for both). */
  readonly bestVsFloor: string
  readonly knn: number
  readonly floorKnn: number
  readonly knnVsFloor: string
  readonly rawProbe: number
  readonly effectiveRank: number
  readonly zStd: number
  readonly alignment: number
  readonly asymmetry: number
  /** Seconds per run ÷ those of `current` in the same session (undefined without `current` runs). */
  readonly costRatio: number | undefined
  /** The quiet ci tier's wall time × costRatio, in minutes. */
  readonly tierMinutes: number | undefined
}

const summarizeCandidate = (c: Candidate, runs: ReadonlyArray<RunRecord>, currentSeconds: number | undefined, tierSeconds: number): CandidateSummary => {
  const of = (f: (r: RunRecord) => number) => runs.map(f)
  const probeVsFloor = versus(of((r) => r.probe), of((r) => r.floorProbe))
  const wall = mean(of((r) => r.wallSeconds))
  return {
    name: c.name, why: c.why, sets: c.sets, seeds: of((r) => r.seed),
    wallSeconds: wall, trainSeconds: mean(of((r) => r.trainSeconds)), evalSeconds: mean(of((r) => r.evalSeconds)),
    stepsPerSecond: mean(of((r) => r.stepsPerSecond)), steps: runs[0]!.steps,
    probe: mean(of((r) => r.probe)), floorProbe: mean(of((r) => r.floorProbe)),
    probeVsFloor: probeVsFloor.text, probeVsFloorLower: probeVsFloor.lower,
    bestVsFloor: versus(of((r) => r.probeBest), of((r) => r.floorProbeBest)).text,
    knn: mean(of((r) => r.knn)), floorKnn: mean(of((r) => r.floorKnn)), knnVsFloor: versus(of((r) => r.knn), of((r) => r.floorKnn)).text,
    rawProbe: mean(of((r) => r.rawProbe)),
    effectiveRank: mean(of((r) => r.effectiveRank)), zStd: mean(of((r) => r.zStd)),
    alignment: mean(of((r) => r.alignment)), asymmetry: mean(of((r) => r.asymmetry)),
    costRatio: currentSeconds === undefined ? undefined : wall / currentSeconds,
    tierMinutes: currentSeconds === undefined ? undefined : (tierSeconds * wall) / currentSeconds / 60,
  }
}

const table = (rows: ReadonlyArray<CandidateSummary>): string => {
  const head = ["candidate", "seeds", "s/run (train+eval)", "steps/s", "probe vs floor", "probe − floor (pts)", "best epoch: probe − floor", "kNN vs floor", "kNN − floor (pts)",
    "eff. rank F̂", "zStd", "alignment", "asymmetry", "× current", "ci tier ≈ min (quiet)"]
  const line = (cells: ReadonlyArray<string>) => `| ${cells.join(" | ")} |`
  return [
    line(head),
    line(head.map(() => "---")),
    ...rows.map((r) => line([
      r.name, String(r.seeds.length), `${r.wallSeconds.toFixed(1)} (${r.trainSeconds.toFixed(1)}+${r.evalSeconds.toFixed(1)})`, r.stepsPerSecond.toFixed(1),
      `${r.probe.toFixed(3)} vs ${r.floorProbe.toFixed(3)}`, r.probeVsFloor, r.bestVsFloor, `${r.knn.toFixed(3)} vs ${r.floorKnn.toFixed(3)}`, r.knnVsFloor,
      r.effectiveRank.toFixed(2), r.zStd.toFixed(3), r.alignment.toFixed(3), r.asymmetry.toFixed(3),
      r.costRatio?.toFixed(2) ?? "—", r.tierMinutes?.toFixed(1) ?? "—",
    ])),
  ].join("\n")
}

// ---------------------------------------------------------------------------------------------- main

class UsageError extends Error {
  readonly _tag = "UsageError"
}

const usage = "usage: nice -n 10 bun run scripts/calibrate-ci.ts [--only a,b] [--seeds 0,1,2] [--runs-dir DIR] [--json FILE] [--tier-seconds S] [--list]"

const parse = (argv: ReadonlyArray<string>) => {
  const opts = { only: undefined as ReadonlyArray<string> | undefined, seeds: [0, 1, 2] as ReadonlyArray<number>, runsDir: resolve(root, "runs", "calibrate-ci"), json: undefined as string | undefined, tierSeconds: 629, list: false }
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!
    const value = () => {
      const v = argv[++i]
      if (v === undefined) throw new UsageError(`${flag} needs a value\n${usage}`)
      return v
    }
    if (flag === "--only") opts.only = value().split(",")
    else if (flag === "--seeds") opts.seeds = value().split(",").map((s) => {
      const n = s.trim() === "" ? Number.NaN : Number(s)
      if (!Number.isInteger(n) || n < 0) throw new UsageError(`--seeds takes non-negative integers separated by commas (was ${s})`)
      return n
    })
    else if (flag === "--runs-dir") opts.runsDir = resolve(value())
    else if (flag === "--json") opts.json = resolve(value())
    else if (flag === "--tier-seconds") {
      opts.tierSeconds = Number(value())
      if (!(opts.tierSeconds > 0)) throw new UsageError(`--tier-seconds takes a positive number of seconds\n${usage}`)
    } else if (flag === "--list") opts.list = true
    else throw new UsageError(`unknown option ${flag}\n${usage}`)
  }
  const unknown = (opts.only ?? []).filter((n) => !candidates.some((c) => c.name === n))
  if (unknown.length > 0) throw new UsageError(`unknown candidate ${unknown.join(", ")} (known: ${candidates.map((c) => c.name).join(", ")})`)
  return opts
}

const main = (argv: ReadonlyArray<string>): number => {
  let opts: ReturnType<typeof parse>
  try {
    opts = parse(argv)
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`calibrate-ci: ${e.message}`)
      return 2
    }
    throw e
  }
  if (opts.list) {
    for (const c of candidates) console.log(`${c.name.padEnd(16)} ${c.why}\n${"".padEnd(16)} --set ${c.sets.join(" --set ") || "(none)"}`)
    return 0
  }
  mkdirSync(opts.runsDir, { recursive: true })
  const logFile = resolve(opts.runsDir, "calibrate-ci.jsonl")
  let log: Array<RunRecord>
  try {
    log = readLog(logFile)
  } catch (e) {
    if (e instanceof RunFailed) {
      console.error(`calibrate-ci: ${e.message}`)
      return 2
    }
    throw e
  }
  const tierRuns = empirical.plannedArmRuns(claims, "ci").length
  const chosen = candidates.filter((c) => opts.only === undefined || opts.only.includes(c.name))
  const rows: Array<CandidateSummary> = []
  const currentSeconds = () => {
    const now = log.filter((r) => r.candidate === "current" && r.sets.length === 0)
    return now.length === 0 ? undefined : mean(now.map((r) => r.wallSeconds))
  }
  for (const c of chosen) {
    const runs: Array<RunRecord> = []
    for (const seed of c.seeds ?? opts.seeds) {
      const hit = log.find((r) => sameRun(r, c, seed))
      if (hit !== undefined) {
        runs.push(hit)
        continue
      }
      let run: RunRecord
      try {
        run = train(c, seed, opts.runsDir)
      } catch (e) {
        if (e instanceof RunFailed) {
          console.error(`calibrate-ci: ${e.message}`)
          return 1
        }
        throw e
      }
      appendFileSync(logFile, `${JSON.stringify(run)}\n`)
      log.push(run)
      runs.push(run)
      console.error(`calibrate-ci: ${c.name} seed ${seed}: ${run.wallSeconds.toFixed(1)} s, ${run.stepsPerSecond.toFixed(1)} steps/s, probe ${run.probe.toFixed(4)} vs floor ${run.floorProbe.toFixed(4)}, kNN ${run.knn.toFixed(4)} vs ${run.floorKnn.toFixed(4)}`)
    }
    rows.push(summarizeCandidate(c, runs, currentSeconds(), opts.tierSeconds))
  }
  console.log(table(rows))
  console.log(`\nTimes are wall seconds of \`bun run ssl train\` (one process per run: start-up, training, evaluation with the floor) under`)
  console.log("`nice -n 10` on a 2-core machine shared with other jobs; steps/s is the training loop's own rate under the same load.")
  console.log(`ci tier ≈ min (quiet): ${opts.tierSeconds} s (the ci tier on a quiet machine with the current base; ${tierRuns} distinct (arm, seed) runs) × the "× current" ratio.`)
  if (opts.json !== undefined) writeFileSync(opts.json, `${JSON.stringify({ tierRuns, candidates: rows }, null, 2)}\n`)
  return 0
}

process.exit(main(process.argv.slice(2)))
