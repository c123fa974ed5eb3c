/** A benchmark workload: built once, then `step()` is timed repeatedly; `dispose()` frees its tensors. */
export interface Workload {
  readonly step: () => void
  readonly dispose: () => void
}

export interface WorkloadSpec {
  readonly name: string
  readonly describe: string
  readonly make: () => Workload
}
