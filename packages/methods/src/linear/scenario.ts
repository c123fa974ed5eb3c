/**
 * A linear-model scenario: which system of the paper's linear model to integrate, with what parameters and
 * initial condition. Its shape is the resolved type of @ssl/configs' scenario schema (which validates it at the
 * boundary: σ², η ≥ 0, dt > 0, X PSD, ...), so the simulator trusts its input; the variants by `model`:
 */
import type { LinearScenarioConfig } from "@ssl/configs"

export type LinearScenario = LinearScenarioConfig
export type FullScenario = Extract<LinearScenario, { model: "full" }>
export type ReducedScenario = Extract<LinearScenario, { model: "reduced" }>
export type DecoupledScenario = Extract<LinearScenario, { model: "decoupled" }>
export type ParabolaScenario = Extract<LinearScenario, { model: "parabola" }>
export type AppendixDScenario = Extract<LinearScenario, { model: "appendix-d-scalar" }>
export type IntegratorSpec = LinearScenario["integrator"]
export type DataSpec = FullScenario["data"]
export type FullInitSpec = FullScenario["init"]
export type TauSpec = DecoupledScenario["tau"]

/** What a scenario run logs: the times and one series per quantity (NaN where a quantity is undefined). */
export interface Trace {
  readonly model: LinearScenario["model"]
  readonly t: ReadonlyArray<number>
  /** Scalar quantities, each aligned with `t`. */
  readonly series: Readonly<Record<string, ReadonlyArray<number>>>
  /** Eigenvalue lists (ascending) per logged time, e.g. F and sym(W_p). */
  readonly spectra: Readonly<Record<string, ReadonlyArray<ReadonlyArray<number>>>>
}
