import { Data } from "effect"
import type { BackendName } from "./BackendName.ts"

/** A backend that was asked for by name cannot be used here; `message` says how to install it. */
export class BackendUnavailable extends Data.TaggedError("BackendUnavailable")<{
  readonly backend: BackendName
  /** Why it failed, e.g. the dlopen or import error. */
  readonly reason: string
  readonly message: string
}> {}
