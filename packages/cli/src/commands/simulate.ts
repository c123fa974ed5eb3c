/**
 * `bun run ssl simulate <scenario> [--set path=value ...] [--json]`: integrates a linear-model scenario (a
 * preset of configs/scenarios, or a scenario file: .ts, .json or .yaml; docs/paper/model.md#setup) and prints its logged quantities — a table, or with --json the series.
 * Out-of-domain input (σ² or η < 0, dt ≤ 0, a non-PSD X, unknown scenario or key) exits 2 naming the path and rule.
 */
import { ConfigError, hasConfigExtension, loadScenarioFile, resolveScenario, ScenarioError, scenarios, type LinearScenarioConfig } from "@ssl/configs"
import { runScenario, SimulationDiverged, type Trace } from "@ssl/methods"
import { type Command, ExitCode } from "../command.ts"
import { parseArgs, UsageError } from "../args.ts"

const usage = `usage: bun run ssl simulate <scenario | scenario-file> [--set path=value ...] [--json]

Integrates a scenario of the paper's linear model (float64 RK4 or Euler) and prints what it logs:
‖W‖_F, ‖[F, W_p]‖_F, the asymmetry ‖W_p − W_pᵀ‖_F/‖W_p‖_F, the residual of the conservation law (Eqn. 5),
τ̂ = ⟨W_a, W⟩/‖W‖², λ_min(K) (Eqn. 9), eigenvalues of F and sym(W_p); p_j, s_j, τ_j for the eigen-dynamics.

scenarios: ${Object.keys(scenarios).join(", ")}
A scenario file (.ts default export, .json or .yaml) holds the same keys as a preset of configs/scenarios.

  --set path=value   override one value through the scenario schema (e.g. --set eta=0.1, --set integrator.dt=0.005)
  --json             print {"scenario","config","trace":{"model","t","series","spectra"}}`

const fmt = (x: number): string => {
  if (Number.isNaN(x)) return "—"
  if (x === 0) return "0"
  const a = Math.abs(x)
  return a >= 1e-3 && a < 1e4 ? x.toPrecision(4) : x.toExponential(2)
}

/** The columns shown in the table: every series, then the top three eigenvalues of each spectrum. */
const formatTrace = (trace: Trace): string => {
  const series = Object.entries(trace.series).filter(([, v]) => v.some((x) => !Number.isNaN(x)))
  const spectra = Object.entries(trace.spectra)
  const header = ["t", ...series.map(([k]) => k), ...spectra.map(([k]) => `eig ${k} (top 3)`)]
  const rows = trace.t.map((t, i) => [
    fmt(t),
    ...series.map(([, v]) => fmt(v[i]!)),
    ...spectra.map(([, v]) => v[i]!.slice(-3).reverse().map(fmt).join(" ")),
  ])
  const widths = header.map((h, j) => Math.max(h.length, ...rows.map((r) => r[j]!.length)))
  const line = (cells: ReadonlyArray<string>) => cells.map((c, j) => c.padStart(widths[j]!)).join("  ")
  return [line(header), ...rows.map(line)].join("\n")
}

export const simulate: Command = {
  name: "simulate",
  summary: "integrate a linear-model scenario (docs/paper/model.md) and print its quantities",
  usage,
  run: async (argv) => {
    let scenario: LinearScenarioConfig
    let name: string
    let json: boolean
    try {
      const args = parseArgs(argv, { values: [], booleans: ["json"] })
      if (args.positional.length !== 1) throw new UsageError(`simulate takes one scenario name or file (got ${args.positional.length}).\n\n${usage}`)
      name = args.positional[0]!
      json = args.flags.get("json") === true
      scenario = hasConfigExtension(name) ? await loadScenarioFile(name, args.sets) : resolveScenario(name, args.sets)
    } catch (e) {
      if (e instanceof UsageError || e instanceof ScenarioError || e instanceof ConfigError) {
        console.error(`ssl simulate: ${e.message}`)
        return ExitCode.badInput
      }
      throw e
    }
    let trace: Trace
    try {
      trace = runScenario(scenario)
    } catch (e) {
      if (e instanceof SimulationDiverged) {
        console.error(`ssl simulate: ${e.message}`)
        return ExitCode.failed
      }
      throw e
    }
    if (json) console.log(JSON.stringify({ scenario: name, config: scenario, trace }))
    else console.log(`scenario ${name} (${scenario.model}, ${scenario.integrator.method} dt = ${scenario.integrator.dt}, t ∈ [0, ${scenario.integrator.tEnd}])\n${formatTrace(trace)}`)
    return ExitCode.ok
  },
}
