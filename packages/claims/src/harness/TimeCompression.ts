/**
 * What a claim's runs did to the clock (docs/paper/scale.md#time-compression): a claim whose mechanism is
 * weight decay needs the run to integrate enough of it, lr·α_p/(1 − momentum)·η̄_p·steps ≥ `needed`; at a
 * short tier the predictor's weight decay is raised above the paper's to get there. Each claim that depends on
 * it says so at every tier (compressed or not), so a reader of results.json and of the README sees which
 * verdicts were taken on a faster clock. Absent for claims that do not depend on it.
 */
export interface TimeCompression {
  /** Whether the predictor weight decay differs from the paper's at this tier. */
  readonly compressed: boolean
  /** η̄_p of the claim's decisive arm at this tier. */
  readonly predictorWeightDecay: number
  /** The paper's η̄_p (docs/paper/original-code.md#hyperparameters). */
  readonly paperWeightDecay: number
  /** lr·α_p/(1 − momentum)·η̄_p·steps of that arm: the decay the run integrates. */
  readonly integratedDecay: number
  /** The integrated decay the claim needs (ln 2: the antisymmetric part halves by decay alone). */
  readonly needed: number
  /** One sentence for the report and the README: what was changed and why, or why nothing was. */
  readonly statement: string
}
