/**
 * Which backend a run asks for, and who asked. Precedence, highest first: the command line (`--backend`), the
 * environment (`SSL_BACKEND`), the config's `runtime.backend` when it names one, then `auto`. A backend asked for
 * by name that cannot load is an error naming who asked and how to undo it — never a silent fallback to another
 * backend (only `auto` falls back, and says so).
 */
import { BACKEND_NAMES, BackendUnavailable, type BackendChoice, initBackend, InvalidBackendOption, UnknownBackend } from "@ssl/core"
import { Effect } from "effect"

export interface BackendRequest {
  /** A backend name or "auto" (not yet validated: an unknown name fails in `startBackend` with its source). */
  readonly name: string
  /** Who asked, for messages and provenance: "--backend", "SSL_BACKEND", "the config's runtime.backend" or "the default". */
  readonly from: string
  /** How to take the request back. */
  readonly undo: string
}

export const backendRequest = (
  configBackend: string,
  sources: { readonly cli?: string; readonly env?: Readonly<Record<string, string | undefined>> } = {},
): BackendRequest => {
  const env = sources.env ?? process.env
  if (sources.cli !== undefined && sources.cli !== "") return { name: sources.cli, from: "--backend", undo: "drop --backend or pass another name" }
  const fromEnv = env["SSL_BACKEND"]
  if (fromEnv !== undefined && fromEnv !== "") return { name: fromEnv, from: "SSL_BACKEND", undo: "unset SSL_BACKEND or set it to another name" }
  if (configBackend !== "auto") {
    return { name: configBackend, from: "the config's runtime.backend", undo: "change runtime.backend in the config, or override it with SSL_BACKEND or --backend" }
  }
  return { name: "auto", from: "the default", undo: "" }
}

/** The sentence initBackend ends its messages with, which assumes the request came from SSL_BACKEND. */
const ENV_HINT = " Or unset SSL_BACKEND to let auto choose."

/**
 * Activates the requested backend. Failures are typed (UnknownBackend, BackendUnavailable, InvalidBackendOption)
 * and their messages say who asked and how to undo it.
 */
export const startBackend = (request: BackendRequest, threads: number | undefined): Effect.Effect<BackendChoice & { readonly requestedBy: string }, BackendUnavailable | UnknownBackend | InvalidBackendOption> =>
  Effect.tryPromise({
    try: () => initBackend(request.name as Parameters<typeof initBackend>[0], threads === undefined ? {} : { threads }),
    catch: (e) => e,
  }).pipe(
    Effect.map((choice) => ({ ...choice, requestedBy: request.from })),
    Effect.catch((e): Effect.Effect<never, BackendUnavailable | UnknownBackend | InvalidBackendOption> => {
      if (e instanceof UnknownBackend) {
        return Effect.fail(new UnknownBackend({ name: e.name,
          message: `Unknown backend "${e.name}" (asked for by ${request.from}). Valid names: auto, ${BACKEND_NAMES.join(", ")}; ${request.undo}.` }))
      }
      if (e instanceof BackendUnavailable) {
        const base = e.message.endsWith(ENV_HINT) ? e.message.slice(0, -ENV_HINT.length) : e.message
        return Effect.fail(new BackendUnavailable({ backend: e.backend, reason: e.reason,
          message: `${base} It was asked for by ${request.from}, so no other backend is used in its place: ${request.undo}, or use auto.` }))
      }
      return e instanceof InvalidBackendOption ? Effect.fail(e) : Effect.die(e)
    }),
  )
