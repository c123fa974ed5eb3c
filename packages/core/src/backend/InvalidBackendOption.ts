import { Data } from "effect"

/** A backend setting (e.g. SSL_BLAS_THREADS) has a value that cannot be used. */
export class InvalidBackendOption extends Data.TaggedError("InvalidBackendOption")<{
  readonly option: string
  readonly value: string
  readonly message: string
}> {}
