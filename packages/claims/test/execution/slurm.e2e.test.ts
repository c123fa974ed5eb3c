/**
 * End to end against a real one-node Slurm (scripts/slurm-local.sh), when Debian's slurmctld, slurmd,
 * slurm-client and munge are installed and we are root (else skipped, saying why): `ssl repro --tier ci
 * --only C19 --executor slurm` (6 ci runs, one job array), one array task cancelled mid-run (`scancel`) and
 * requeued, then the same plan with `--executor local` on a separate store: the verdicts must be identical.
 *
 * Catches: a task that ignores SIGTERM or a requeue that restarts from step 0 (resumedFrom must be > 0); a
 * coordinator that stops waiting when a cancelled task is requeued (the repro would exit 1 with a failed task);
 * staging that is not merged (the claims would train here and no run would be labelled `slurm`); any
 * difference between the executors' verdicts.
 */
import { afterAll, beforeAll, expect, test } from "bun:test"
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join, resolve } from "node:path"

const repo = resolve(import.meta.dir, "../../../..")
const script = join(repo, "scripts/slurm-local.sh")
const has = (cmd: string) => Bun.spawnSync(["sh", "-c", `command -v ${cmd}`]).exitCode === 0
const missing = ["slurmctld", "slurmd", "sbatch", "munged"].filter((c) => !has(c))
const isRoot = process.getuid?.() === 0
const skipReason = missing.length > 0 ? `Slurm packages missing (${missing.join(", ")}): apt-get install -y slurmctld slurmd slurm-client munge`
  : !isRoot ? "the one-node Slurm runs as root" : undefined
if (skipReason !== undefined) console.warn(`slurm e2e skipped: ${skipReason}`)

const dir = mkdtempSync(join(tmpdir(), "ssl-slurm-e2e-"))
const slurmConf = process.env["SLURM_LOCAL_DIR"] === undefined ? "/tmp/ssl-slurm-local/slurm.conf" : join(process.env["SLURM_LOCAL_DIR"], "slurm.conf")
let startedHere = false
let passed = false
// One code version for the coordinator and its tasks (sbatch passes the environment on), so that a commit or an
// edit elsewhere in the checkout during the minutes this test takes does not make the tasks' runs another version.
const codeVersion = `slurm-e2e-${Date.now()}`

const sh = (args: ReadonlyArray<string>, env: Record<string, string> = {}) => {
  const p = Bun.spawnSync([...args], { env: { ...process.env, SLURM_CONF: slurmConf, ...env }, stdout: "pipe", stderr: "pipe" })
  return { code: p.exitCode, out: p.stdout.toString(), err: p.stderr.toString() }
}

beforeAll(() => {
  if (skipReason !== undefined) return
  startedHere = !sh([script, "status"]).out.includes("slurmctld running")
  const s = sh([script, "start"])
  if (s.code !== 0) throw new Error(`slurm-local.sh start failed: ${s.err}`)
}, 60_000) // the node may take up to 30 s to come up

afterAll(() => {
  if (startedHere) sh([script, "stop"])
  if (passed) rmSync(dir, { recursive: true, force: true })
  else console.warn(`slurm e2e: stores, logs and reports kept in ${dir}`)
}, 120_000) // stopping cancels the jobs and waits for each daemon (up to 10 s each)

const repro = (executor: "slurm" | "local", store: string) =>
  Bun.spawn(["nice", process.execPath, "run", join(repo, "packages/cli/src/main.ts"), "repro", "--tier", "ci", "--only", "C19", "--executor", executor, "--out", join(dir, `report-${executor}`)], {
    cwd: repo, env: { ...process.env, SLURM_CONF: slurmConf, SSL_RUNS_DIR: store, SSL_CODE_VERSION: codeVersion }, stdout: "pipe", stderr: "pipe",
  })

const verdicts = (executor: string) => {
  const root = join(dir, `report-${executor}`)
  const [report] = readdirSync(root)
  const results = JSON.parse(readFileSync(join(root, report!, "results.json"), "utf8")) as { claims: Array<{ id: string; verdict: string }> }
  return results.claims.map((c) => `${c.id}:${c.verdict}`)
}

/** A staging folder whose run is past its first metrics record and not finished: [configHash, run folder]. */
const runInProgress = (store: string): [string, string] | undefined => {
  const staging = join(store, "staging")
  if (!existsSync(staging)) return undefined
  for (const hash of readdirSync(staging)) {
    for (const id of readdirSync(join(staging, hash))) {
      const run = join(staging, hash, id)
      const metrics = join(run, "metrics.jsonl")
      if (!existsSync(metrics) || existsSync(join(run, "results.json"))) continue
      if (readFileSync(metrics, "utf8").trim().split("\n").length >= 2) return [hash, run]
    }
  }
  return undefined
}

test.skipIf(skipReason !== undefined)("repro --executor slurm survives a cancelled and requeued task and matches --executor local", async () => {
  const store = join(dir, "store-slurm")
  const coordinator = repro("slurm", store)
  const stderr = new Response(coordinator.stderr).text()

  // Wait for a task mid-run, then cancel it and requeue it.
  let target: [string, string] | undefined
  for (let i = 0; i < 600 && target === undefined; i++) {
    await Bun.sleep(500)
    target = runInProgress(store)
  }
  expect(target).toBeDefined()
  const [hash] = target!
  const [jobDir] = readdirSync(join(store, "slurm"))
  const manifest = JSON.parse(readFileSync(join(store, "slurm", jobDir!, "manifest.json"), "utf8")) as { runs: Array<{ configHash: string }> }
  const task = manifest.runs.findIndex((r) => r.configHash === hash)
  const jobId = sh(["squeue", "-h", "-o", "%F"]).out.trim().split("\n")[0]!
  const taskId = `${jobId}_${task}`
  expect(sh(["scancel", taskId]).code).toBe(0)
  for (let i = 0; i < 120 && !/JobState=CANCELLED/.test(sh(["scontrol", "show", "job", "-o", taskId]).out); i++) await Bun.sleep(250)
  expect(sh(["scontrol", "requeue", taskId]).code).toBe(0)
  sh(["scontrol", "update", `jobid=${taskId}`, "StartTime=now"]) // a requeued job waits for a begin time otherwise

  const code = await coordinator.exited
  const log = await stderr
  expect({ code, log: code === 0 ? "" : log }).toEqual({ code: 0, log: "" })

  // The requeued task resumed its run from the checkpoint written when it was cancelled.
  const taskLog = readFileSync(join(store, "slurm", jobDir!, "logs", `${taskId}.out`), "utf8")
  expect(taskLog).toContain("attempt 1")
  expect(taskLog).toContain("run resume")
  const merged = readdirSync(store).filter((d) => existsSync(join(store, d, "results.json")))
  expect(merged).toHaveLength(6)
  const resumed = merged.map((d) => JSON.parse(readFileSync(join(store, d, "results.json"), "utf8")) as { configHash: string; training: { resumedFrom: number } })
    .find((r) => r.configHash === hash)
  expect(resumed?.training.resumedFrom).toBeGreaterThan(0)

  const local = repro("local", join(dir, "store-local"))
  const localCode = await local.exited
  expect(localCode).toBe(0)
  expect(verdicts("slurm")).toEqual(verdicts("local"))
  passed = true
}, 30 * 60_000)
