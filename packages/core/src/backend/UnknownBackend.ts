import { Data } from "effect"
import { BACKEND_NAMES } from "./BackendName.ts"

/** `SSL_BACKEND` (or a config) named a backend that does not exist. */
export class UnknownBackend extends Data.TaggedError("UnknownBackend")<{
  readonly name: string
  readonly message: string
}> {
  static of(name: string): UnknownBackend {
    return new UnknownBackend({
      name,
      message: `Unknown backend "${name}". Valid names: auto, ${BACKEND_NAMES.join(", ")} (set SSL_BACKEND to one of them).`,
    })
  }
}
