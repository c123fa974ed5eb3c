/**
 * One training arm of a claim as the tables need it: its name, the seeds it ran, and per seed the linear-probe
 * accuracy both ways the literature reports it — after the last probe epoch (ours, what the verdicts use) and
 * the best over probe epochs (the original code's, selected on the test set: docs/paper/evaluation.md#original-protocol).
 * Carried in a claim's evidence into results.json, so the side-by-side tables (report/resultTables.ts) put
 * like with like without re-reading the runs. Optional: results.json files made before it still read.
 */
export interface ArmSummary {
  /** The arm's name (empirical/arms.ts), e.g. "directpred-freq5". */
  readonly arm: string
  readonly seeds: ReadonlyArray<number>
  /** Probe accuracy after the last probe epoch, points, one per seed (same order as `seeds`). */
  readonly probeFinal: ReadonlyArray<number>
  /** Probe accuracy at the best probe epoch, points, one per seed. */
  readonly probeBest: ReadonlyArray<number>
}
